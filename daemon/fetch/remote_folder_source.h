#pragma once
// An FTP, FTPS or SFTP folder that an agency delivers files to, polled every interval: each
// new complete file becomes one Document.
//
// A file is complete once two listings at least `settle` apart show it with the same size and
// time; an upload in progress changes one of them, so it is never taken half-written. (The
// server's clock is not compared with ours: with a skewed clock, "older than settle" would
// take uploads in progress.) While a file waits to settle, the folder is listed again after
// `settle` rather than a whole interval later.
//
// Once a file is settled delivered or rejected, its name, size and time are recorded in the
// state store (key "<source>/<name>"), so it is not downloaded again, after a restart either;
// a file that changes on the server (new size or time) is downloaded again. Undelivered files
// are not recorded and come again. With delete_after_ack, a delivered file is then deleted
// from the server by the source's own thread, and only if it is still the file that was
// delivered; a deletion that fails or was cut short by a stop or crash is retried on the next
// poll from the record. Rejected files stay on the server. Records of files no longer listed
// are dropped.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/fetch/document_source.h"
#include "daemon/fetch/fetcher.h"
#include "daemon/fetch/remote_folder.h"
#include "pipeline/core/state_store.h"

namespace newswired {

class RemoteFolderSource : public DocumentSource {
 public:
  // `table` is a table of `state` for this kind of record (shared by sources: keys start
  // with the source's name). on_report gets one report per listing and per download;
  // on_file, if set, each settled file, and each deletion that failed (outcome "error").
  RemoteFolderSource(SourceConfig source, FetchConfig fetch, std::shared_ptr<StateStore> state,
                     std::string table, Sink sink,
                     std::function<void(const FetchReport&)> on_report,
                     std::function<void(const FileEvent&)> on_file = {});
  ~RemoteFolderSource() override;

  // With `once`: one poll, and while files found in it are still settling, listings every
  // tick until they are complete (at most `settle` and a tick longer).
  void run(bool once) override;
  void stop() override;

  // Deletes the delivered files whose deletion is queued. run() does this as they settle;
  // after run(true) returned and the pipeline drained, call it for the files settled since
  // (from one thread, not while run() runs). Returns how many were deleted.
  std::size_t delete_settled();

 private:
  using Clock = std::chrono::steady_clock;
  struct Observed {  // the last size and time listed, and since when they have not changed
    std::int64_t size = -1;
    std::int64_t mtime = -1;
    Clock::time_point since;
  };
  struct Record {  // what the state store says of a file
    std::int64_t size = -1;
    std::int64_t mtime = -1;
    std::string outcome;  // "delivered" or "rejected"
  };

  bool poll();  // true when some file is still settling
  void take(const RemoteFile& file);
  void settle(const RemoteFile& file, const Settlement& s);
  void record(const RemoteFile& file, std::string_view outcome);
  // `check`: stat it first, and leave it if it is no longer the version that was delivered.
  bool delete_file(const RemoteFile& file, bool check);
  void prune(const std::vector<std::string>& names_on_server);
  std::optional<Record> recorded(const std::string& name) const;
  std::string key(const std::string& name) const { return source_.name + "/" + name; }
  void report(FetchReport::Result result, std::string error, Clock::time_point started,
              std::size_t bytes);
  void file_event(const std::string& name, std::string outcome, std::string detail);
  // Sleeps until `deadline`, doing queued deletions as they come; false once stopped.
  bool wait_until(Clock::time_point deadline);

  const SourceConfig source_;
  const FetchConfig fetch_;
  const std::shared_ptr<StateStore> state_;
  const std::string table_;
  const Sink sink_;
  const std::function<void(const FetchReport&)> on_report_;
  const std::function<void(const FileEvent&)> on_file_;
  RemoteFolder folder_;
  std::atomic<bool> stopping_{false};
  std::map<std::string, Observed> observed_;  // run()'s thread only

  std::mutex mu_;  // guards what settlements touch from other threads
  std::condition_variable wake_;
  std::set<std::string> in_flight_;    // handed on, not settled yet
  std::vector<RemoteFile> to_delete_;  // delivered, to be deleted by run()'s thread
};

}  // namespace newswired
