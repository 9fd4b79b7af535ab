#pragma once
// Polls every source on its own schedule from one thread, with libcurl's multi interface:
// conditional GET (ETag / Last-Modified), timeouts, a body size limit, compressed transfer.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/config/config.h"
#include "pipeline/core/document.h"

namespace newswired {

// What happened to one poll of one source; every poll produces exactly one report.
struct FetchReport {
  enum class Result { kOk, kNotModified, kHttpError, kTransportError, kTooLarge };
  std::string source;
  Result result = Result::kOk;
  long http_status = 0;  // 0 when no HTTP response (transport error, file://)
  std::string error;     // human-readable reason when not ok, e.g. "HTTP 500", "timeout after 30s"
  double seconds = 0;    // wall time of the transfer
  std::size_t bytes = 0;
};

std::string_view to_string(FetchReport::Result r);  // "ok", "not_modified", ...

// Conditional-GET validators for one source.
struct Validators {
  std::string etag;
  std::string last_modified;
};

class Fetcher {
 public:
  struct Callbacks {
    // Gets each successfully fetched document; may block (backpressure from the pipeline).
    std::function<void(Document&&)> on_document;
    std::function<void(const FetchReport&)> on_report;
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswired
