#pragma once
// A drop directory: agencies (or rsync, or a mail gateway) put files in it, each file is one
// document. inotify says when a file was closed after writing or renamed into place; a scan at
// start and on a short tick finds what arrived while the daemon was down and files whose
// writer never closes them, taken once unchanged for `settle`. A file leaves the directory
// only once it is settled: to done/ when Kafka acknowledged everything made from it, to
// failed/ (beside NAME.reason) when it could not be read. Undelivered files stay and are read
// again, so neither a crash nor a Kafka outage loses or half-processes one.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "daemon/config/config.h"
#include "daemon/fetch/document_source.h"
#include "daemon/fetch/fetcher.h"

namespace newswired {

class DirectoryDrop : public DocumentSource {
 public:
  struct Callbacks {
    Sink sink;
    std::function<void(const FetchReport&)> on_report;  // each file read, or failing to be
    std::function<void(const FileEvent&)> on_file;      // each file settled or stuck
  };

  // `max_bytes`: larger files are rejected unread. An undelivered file is retried after
  // `retry_after`.
  DirectoryDrop(SourceConfig source, std::size_t max_bytes, Callbacks callbacks,
                std::chrono::milliseconds retry_after = std::chrono::seconds(30));
  ~DirectoryDrop() override;

  void run(bool once) override;
  void stop() override;

  // Whether `name` is one this source takes (its `files` patterns, or the defaults).
  static bool wanted(const SourceConfig& source, const std::string& name);

 private:
  using Clock = std::chrono::steady_clock;

  std::size_t scan();  // takes what is complete; returns how many files are still settling
  void take(const std::string& name);
  void settle(const std::string& name, const Settlement& s);
  bool prepare_directories();

  SourceConfig source_;
  std::size_t max_bytes_;
  Callbacks callbacks_;
  std::chrono::milliseconds retry_after_;
  int wake_fd_ = -1;  // eventfd: stop() interrupts the wait
  std::atomic<bool> stopping_{false};

  std::mutex mu_;
  std::set<std::string> in_flight_;                 // handed on, not settled yet
  std::map<std::string, Clock::time_point> retry_;  // undelivered: not before then
  std::set<std::string> closed_;                    // inotify saw it complete
};

}  // namespace newswired
