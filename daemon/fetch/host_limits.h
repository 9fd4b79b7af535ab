#pragma once
// Politeness shared by all sources on one host: at most N transfers in flight to it, and a
// least delay between the starts of two of its requests. Sources that cannot start wait in
// the host's own FIFO, so that one busy host neither blocks others nor gets starved.

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace newswired {

// "scheme://host:port" of a URL, lower-cased; empty for file:// (no politeness needed).
std::string host_key(const std::string& url);

class HostLimits {
 public:
  using Clock = std::chrono::steady_clock;
  HostLimits(int max_per_host, Clock::duration delay);

  // Whether a request to `host` may start now (and nobody is queued before it).
  bool can_start(const std::string& host, Clock::time_point now) const;
  void queue(const std::string& host, std::size_t source);
  void started(const std::string& host, Clock::time_point now);
  void finished(const std::string& host);
  // A queued source whose host can take it now, in FIFO order per host.
  std::optional<std::size_t> pop_ready(Clock::time_point now);
  // When a queued source could start next for delay reasons alone; nullopt if none waits
  // on a delay (those waiting on a slot wake with finished()).
  std::optional<Clock::time_point> next_ready() const;
  std::size_t queued() const { return queued_; }

 private:
  struct Host {
    int in_flight = 0;
    Clock::time_point next_start{};
    std::deque<std::size_t> waiting;
  };
  bool free(const Host& h, Clock::time_point now) const;

  int max_per_host_;
  Clock::duration delay_;
  std::unordered_map<std::string, Host> hosts_;
  std::size_t queued_ = 0;
};

}  // namespace newswired
