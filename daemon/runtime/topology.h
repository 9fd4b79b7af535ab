#pragma once
// The running daemon: fetcher → parse → normalize → dedupe → tag → publish, each stage on its
// own thread, joined by bounded queues; plus state, metrics endpoint and Kafka. The flow is
// drawn in pipeline/README.md.

#include <atomic>
#include <memory>
#include <string>

#include "daemon/config/config.h"
#include "pipeline/core/outcome.h"

namespace newswired {

// Exit codes of `newswired run`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitStartFailed = 1;
inline constexpr int kExitConfig = 2;
inline constexpr int kExitUndelivered = 3;

class Topology {
 public:
  // Opens state, starts the metrics endpoint and Kafka (embedded or real). Fails with a
  // reason naming what could not start; nothing is left running then.
  static Outcome<std::unique_ptr<Topology>> build(const Config& config);
  ~Topology();

  // once=true: poll every source once, drain, flush, return. Otherwise poll on schedule until
  // SIGINT/SIGTERM (which the caller must have blocked in every thread: see block_signals).
  // Returns an exit code.
  int run(bool once);

 private:
  struct Impl;
  explicit Topology(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and every thread it starts later,
// so that Topology::run() receives them synchronously. Call before anything starts threads.
void block_signals();

}  // namespace newswired
