#pragma once
// An agency's HTTP API: each poll reads page after page (Link rel="next", a next URL or a
// cursor in the JSON), up to api.max_pages, and hands each page on as one document. Where the
// next poll starts (the last page's next link, or the `since` token it gave) is saved in the
// state store only once every page of the poll has settled with Kafka: a crash or an outage
// makes the pages come again, never skips them. Requests keep api.min_gap apart and wait out
// 429/503 Retry-After.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <curl/curl.h>

#include "daemon/config/config.h"
#include "daemon/fetch/document_source.h"
#include "daemon/fetch/fetcher.h"
#include "daemon/fetch/transfer.h"
#include "pipeline/core/state_store.h"

namespace newswired {

class ApiSource : public DocumentSource {
 public:
  struct Callbacks {
    Sink sink;
    std::function<void(const FetchReport&)> on_report;  // every request
    // After a resume point is saved: fleet mode shares it (docs/fleet.md). Optional.
    std::function<void(const StateStore::Write&)> on_resume_saved;
  };

  // `table` in `state` keeps the resume point under "api/<source name>".
  ApiSource(FetchConfig fetch, SourceConfig source, std::shared_ptr<StateStore> state,
            std::string table, Callbacks callbacks);
  ~ApiSource() override;

  void run(bool once) override;
  void stop() override;

  // Where the next poll starts: a saved resume point, or the configured URL.
  std::string start_url() const;

 private:
  using Clock = std::chrono::steady_clock;

  void poll();
  Transfer::Outcome request(const std::string& url);
  Transfer::Outcome perform(Transfer& t);
  bool pause(Clock::duration d);  // false if stopped meanwhile
  void save_resume(const std::string& resume);

  FetchConfig fetch_;
  SourceConfig source_;
  std::shared_ptr<StateStore> state_;
  std::string table_;
  Callbacks callbacks_;
  CURLM* multi_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  Clock::time_point last_request_{};
  Clock::time_point not_before_{};  // a Retry-After too long to wait out inside a poll
};

}  // namespace newswired
