#pragma once
// Polls every source on its own schedule from one thread, with libcurl's multi interface:
// conditional GET (ETag / Last-Modified), timeouts, size limits, compressed transfer, HTTP/2,
// per-host politeness, hints and adaptive intervals, backoff and a circuit breaker per source
// (rules in poll_policy.h).

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/fetch/poll_policy.h"
#include "pipeline/core/document.h"
#include "pipeline/core/raw_item.h"

namespace newswired {

// What happened to one poll of one source; every poll produces exactly one report.
struct FetchReport {
  enum class Result { kOk, kNotModified, kHttpError, kTransportError, kTooLarge };
  std::string source;
  Result result = Result::kOk;
  long http_status = 0;   // 0 when no HTTP response (transport error, file://)
  std::string error;      // human-readable reason when not ok, e.g. "HTTP 500", "timeout after 30s"
  double seconds = 0;     // wall time of the transfer
  std::size_t bytes = 0;  // of the body as handed on (decoded)
  std::size_t wire_bytes = 0;  // as transferred, before Content-Encoding was decoded
};

std::string_view to_string(FetchReport::Result r);  // "ok", "not_modified", ...

// Something about a source that deserves a log line and a metric, not just a report.
struct FetchEvent {
  enum class Kind {
    kMoved,          // permanent redirect: polled at `detail` from now on
    kGone,           // 410: retired, never polled again
    kCircuitOpened,  // too many failures in a row: paused for the cool-down
    kCircuitProbe,   // the cool-down passed: one poll to see whether it is back
    kCircuitClosed,  // a poll succeeded again
    kQuiet,          // a feed that usually publishes has been silent for a while
    kActive,         // a quiet feed published again
  };
  std::string source;
  Kind kind;
  std::string detail;
};
std::string_view to_string(FetchEvent::Kind k);  // "moved", "gone", ...

// Conditional-GET validators for one source.
struct Validators {
  std::string etag;
  std::string last_modified;

  bool empty() const { return etag.empty() && last_modified.empty(); }
  // As kept in the state store and shared with a fleet: {"etag": ..., "last_modified": ...}.
  std::string to_json() const;
  static std::optional<Validators> from_json(std::string_view text);  // none when unreadable
};

class Fetcher {
 public:
  struct Callbacks {
    // Gets each successfully fetched document; may block (backpressure from the pipeline).
    std::function<void(Document&&)> on_document;
    std::function<void(const FetchReport&)> on_report;
    std::function<void(const FetchEvent&)> on_event = {};
    // A source's SourceState changed and may be persisted. From the fetcher's thread, or from
    // the thread that called observe().
    std::function<void(const std::string& source, const SourceState&)> on_state = {};
  };

  Fetcher(FetchConfig config, std::vector<SourceConfig> sources, Callbacks callbacks);
  ~Fetcher();

  // Polls every source once, concurrently, and returns when all polls have finished.
  void run_once();
  // Polls on schedule (interval + jitter) until stop() is called.
  void run();
  // Thread-safe; makes run() (or run_once()) return promptly: polls not yet started are
  // skipped, transfers in flight are aborted and reported as transport errors. No callback
  // runs after run() has returned. A stopped fetcher stays stopped.
  void stop();

  // Validators survive restarts through the state store (the caller persists them).
  void set_validators(const std::string& source, Validators v);
  Validators validators(const std::string& source) const;
  // Forget a source's validators, so that its next poll refetches the whole feed (used when
  // items of it could not be delivered and must be read again).
  void forget_validators(const std::string& source);

  // Per-source state (moved URL, backoff, circuit, learned interval, ...) from a previous
  // run; call before run(). run() honours its pauses; run_once() polls regardless, except
  // retired sources. State whose source_url is not the source's URL is ignored.
  void set_state(const std::string& source, SourceState s);
  SourceState state(const std::string& source) const;
  // Feedback from the pipeline: a fetched document of `source` brought `new_items` items
  // that dedupe had not seen. Drives the adaptive interval and the quiet-feed signal.
  // Thread-safe; takes effect from the poll after the next.
  void observe(const std::string& source, std::size_t new_items);
  // The feed's own polling hints (FeedMeta's ttl, update period, skip hours and days), as
  // found in its latest document. Thread-safe.
  void hint(const std::string& source, const FeedMeta& feed);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswired
