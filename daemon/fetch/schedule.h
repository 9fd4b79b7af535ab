#pragma once
// When each source polls next: a min-heap of due times, plus the randomness that keeps sources
// with equal intervals from polling in lockstep.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <random>
#include <utility>
#include <vector>

namespace newswired {

class Schedule {
 public:
  using Clock = std::chrono::steady_clock;

  // jitter: fraction of the interval by which each poll may come early or late.
  explicit Schedule(double jitter, std::uint64_t seed = std::random_device{}());

  void add(std::size_t source, Clock::time_point due);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Earliest due time; only when !empty().
  Clock::time_point next_due() const { return heap_.top().first; }
  // The source that is due earliest, if it is due at `now`.
  std::optional<std::size_t> pop_due(Clock::time_point now);

  // `interval` shortened or stretched by a random fraction in [-jitter, +jitter].
  Clock::duration jittered(std::chrono::milliseconds interval);

 private:
  using Entry = std::pair<Clock::time_point, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  double jitter_;
  std::mt19937_64 rng_;
};

// Delay of a source's first poll after start: the first polls are spread evenly over a few
// seconds (never more than the source's interval) so that a restart is not a thundering herd.
Schedule::Clock::duration first_poll_offset(std::size_t index, std::size_t count,
                                            std::chrono::milliseconds interval);

}  // namespace newswired
