#pragma once
// What each source did lately, for /status and `newswired status`: the fetch and pipeline
// threads write to one table as polls end and items pass dedupe; the page reads a copy of it.
// Memory stays bounded: a fixed ring of recent polls per source, and only configured sources.

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newswired {

// One poll, as a sparkline bar.
struct PollSample {
  std::int64_t at = 0;  // unix seconds when it ended
  std::uint32_t new_items = 0;
  bool ok = false;
};

// The last kCapacity polls of one source; older ones are overwritten.
class PollHistory {
 public:
  static constexpr std::size_t kCapacity = 30;

  void push(const PollSample& sample);
  // Dedupe judges a document's items after its poll ended: they count for the latest poll.
  void add_new_items(std::uint32_t n);
  std::vector<PollSample> oldest_first() const;
  std::size_t size() const { return size_; }

 private:
  std::array<PollSample, kCapacity> ring_{};
  std::size_t next_ = 0;
  std::size_t size_ = 0;
};

// How a source is doing, worst first: the order of the status page.
enum class SourceHealth { kCircuitOpen, kBackingOff, kFailing, kRetired, kQuiet, kPending, kOk };
std::string_view to_string(SourceHealth h);  // "circuit_open", "backing_off", ...

// The fetcher's view of a source (its persisted SourceState), as far as the page shows it.
struct FetchStateView {
  int consecutive_failures = 0;
  std::int64_t not_before = 0;  // unix seconds; backoff, Retry-After or an open circuit
  bool circuit_open = false;
  bool retired = false;
  bool quiet = false;
  std::int64_t last_new_at = 0;  // unix seconds
  std::string effective_url;     // after a permanent redirect
};

struct SourceStatus {
  std::string name;
  std::string kind;  // "feed", "directory", "remote_folder", "api"
  std::string url;   // or the directory; without user:password
  std::string moved_to;
  std::int64_t last_fetch_at = 0;  // unix seconds; 0: not polled since start
  long last_http_status = 0;       // 0: no HTTP answer (file://, transport error)
  std::string last_result;         // "ok", "not_modified", "http_error", ...
  std::string last_error;          // of the latest failed poll, kept after a recovery
  std::int64_t last_error_at = 0;
  int consecutive_failures = 0;
  std::int64_t backoff_until = 0;  // unix seconds; 0: none
  bool circuit_open = false;
  bool retired = false;
  bool quiet = false;
  std::int64_t last_new_at = 0;  // unix seconds of the latest poll that brought a new item
  std::uint64_t items_new = 0;   // new articles and new versions, since start
  std::uint64_t items_seen = 0;  // already delivered or duplicates of delivered ones
  PollHistory history;
};

// `now` in unix seconds. A failure's first retry comes within the usual interval; from the
// second failure in a row the wait grows, and the source counts as backing off.
SourceHealth health_of(const SourceStatus& s, std::int64_t now);

// How one poll ended.
struct PollEnd {
  std::int64_t at = 0;  // unix seconds
  bool ok = false;
  long http_status = 0;
  std::string result;
  std::string error;
};

class SourceStatusTable {
 public:
  struct Identity {
    std::string name, kind, url;
  };
  // The sources configured now (at start, after a reload). A source that keeps its name, kind
  // and URL keeps what the table knew of it; the others start empty; removed ones are gone.
  void set_sources(const std::vector<Identity>& sources);

  // Thread-safe updates; a source not in the table (a reload removed it) is ignored.
  void poll_ended(const std::string& source, const PollEnd& poll);
  void fetch_state(const std::string& source, const FetchStateView& state);
  void new_items(const std::string& source, std::size_t n, std::int64_t at);
  void item_checked(const std::string& source, bool fresh);

  std::vector<SourceStatus> snapshot() const;

 private:
  // Runs `change` on the source's entry under the lock; nothing for a source not in the table.
  template <typename Change>
  void update(const std::string& source, Change&& change) {
    std::lock_guard lock(mu_);
    if (auto it = sources_.find(source); it != sources_.end()) change(it->second);
  }

  mutable std::mutex mu_;
  std::unordered_map<std::string, SourceStatus> sources_;
};

// `url` without the user:password@ part a URL may carry.
std::string without_userinfo(std::string_view url);

}  // namespace newswired
