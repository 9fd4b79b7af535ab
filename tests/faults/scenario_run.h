#pragma once
// One fault scenario's daemon: started on a configuration, left running until the scenario
// has played out (as its metrics show) or a time limit passes, then stopped with SIGTERM. What
// it leaves behind: exit status, wall time, peak memory, its log and its last metrics.

#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace newswired::testing {

struct ScenarioRun {
  int exit_code = -1;     // -1: still running at the limit, killed
  bool settled = false;   // `done` said so before the limit
  double seconds = 0;     // from start to exit
  long peak_rss_kib = 0;  // VmHWM while it ran; the kernel's ru_maxrss at exit
  std::string log;        // its stderr
  std::string metrics;    // the last scrape before SIGTERM
};

// Scrapes http://127.0.0.1:`metrics_port`/metrics every 200 ms until done(scrape) or `limit`,
// then sends SIGTERM and waits (within `limit` plus a minute) for the drain to finish.
ScenarioRun run_scenario(const std::string& daemon, const std::string& config,
                         const std::string& log_prefix, int metrics_port,
                         const std::function<bool(const std::string& scrape)>& done,
                         std::chrono::seconds limit);

// The sum of the samples of `name` (Prometheus text format) whose labels include `labels`;
// -1 when there is none.
double metric(const std::string& scrape, const std::string& name,
              const std::map<std::string, std::string>& labels = {});

// The lines of `log` that contain `needle` (the first 20), for failure messages. The daemon's
// text log says "<time>Z <level> [<source>] ...": "Z error " picks its errors.
std::string log_lines(const std::string& log, const std::string& needle);

// "123 MiB" and "12.3 s", for the fault-suite line.
std::string peak_and_wall(const ScenarioRun& run);

}  // namespace newswired::testing
