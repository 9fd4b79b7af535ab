#pragma once
// A source that delivers files rather than a feed to poll: a drop directory, an FTP or SFTP
// folder. Each file becomes one Document whose on_settled tells the source when the file may
// be moved, deleted or remembered as done.

#include <functional>
#include <string>

#include "pipeline/core/document.h"

namespace newswired {

// A file of a file source came to its end, or could not: for a log line and a metric.
struct FileEvent {
  std::string source;
  std::string file;
  std::string outcome;  // "delivered", "rejected", "undelivered", "error"
  std::string detail;   // the reason, or where the file went
};

class DocumentSource {
 public:
  using Sink = std::function<void(Document&&)>;  // may block: backpressure from the pipeline

  virtual ~DocumentSource() = default;
  // Hands each new complete file to the sink. With `once`, one pass and return; otherwise
  // until stop(). Files settled after run() returned are still moved or recorded, so the
  // source must outlive the pipeline's drain.
  virtual void run(bool once) = 0;
  virtual void stop() = 0;  // thread-safe; run() returns promptly
};

}  // namespace newswired
