#pragma once
// Collects what the fetcher and the file sources hand out, for the tests to look at.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/fetch/document_source.h"
#include "daemon/fetch/fetcher.h"

namespace newswired::testing {

class Recorder {
 public:
  Fetcher::Callbacks callbacks() {
    return {[this](Document&& d) {
              std::lock_guard lock(mu_);
              documents_.push_back(std::move(d));
            },
            [this](const FetchReport& r) {
              {
                std::lock_guard lock(mu_);
                reports_.push_back(r);
              }
              changed_.notify_all();
            },
            [this](const FetchEvent& e) {
              {
                std::lock_guard lock(mu_);
                events_.push_back(e);
              }
              changed_.notify_all();
            },
            [this](const std::string& source, const SourceState& s) {
              std::lock_guard lock(mu_);
              states_[source] = s;
            }};
  }
  std::vector<FetchReport> reports() const {
    std::lock_guard lock(mu_);
    return reports_;
  }
  std::vector<Document> documents() const {
    std::lock_guard lock(mu_);
    return documents_;
  }
  std::vector<FetchEvent> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }
  std::vector<FetchEvent::Kind> event_kinds() const {
    std::vector<FetchEvent::Kind> out;
    for (const auto& e : events()) out.push_back(e.kind);
    return out;
  }
  // The last state handed to on_state, for persisting.
  std::map<std::string, SourceState> states() const {
    std::lock_guard lock(mu_);
    return states_;
  }
  std::map<std::string, FetchReport> last_report_by_source() const {
    std::map<std::string, FetchReport> out;
    for (const auto& r : reports()) out[r.source] = r;
    return out;
  }
  bool wait_for_reports(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return reports_.size() >= n; });
  }
  bool wait_for_event(FetchEvent::Kind kind, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] {
      for (const auto& e : events_)
        if (e.kind == kind) return true;
      return false;
    });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<FetchReport> reports_;
  std::vector<Document> documents_;
  std::vector<FetchEvent> events_;
  std::map<std::string, SourceState> states_;
};

// Collects what a file source (drop directory, FTP/SFTP folder) hands out. The fields are
// guarded by `mu`; the callbacks may be called from any thread.
struct FileSourceRecorder {
  std::mutex mu;
  std::vector<Document> docs;
  std::vector<FetchReport> reports;
  std::vector<FileEvent> events;

  DocumentSource::Sink sink() {
    return [this](Document&& d) {
      std::lock_guard lock(mu);
      docs.push_back(std::move(d));
    };
  }
  std::function<void(const FetchReport&)> on_report() {
    return [this](const FetchReport& r) {
      std::lock_guard lock(mu);
      reports.push_back(r);
    };
  }
  std::function<void(const FileEvent&)> on_file() {
    return [this](const FileEvent& e) {
      std::lock_guard lock(mu);
      events.push_back(e);
    };
  }
};

}  // namespace newswired::testing
