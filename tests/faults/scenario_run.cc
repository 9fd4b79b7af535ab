#include "tests/faults/scenario_run.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "tests/daemon/ops/http_get.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The kernel's high-water mark of the process's resident set; 0 once it is gone.
long vm_hwm_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  return 0;
}

// Reaps the child within `timeout` (SIGKILL after it); ru_maxrss covers its whole life,
// including the drain after the last VmHWM sample.
int reap(pid_t pid, Clock::time_point deadline, long& peak_rss_kib) {
  int status = 0;
  rusage usage{};
  pid_t got = 0;
  while ((got = wait4(pid, &status, WNOHANG, &usage)) == 0) {
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      peak_rss_kib = std::max(peak_rss_kib, usage.ru_maxrss);
      return -1;
    }
    peak_rss_kib = std::max(peak_rss_kib, vm_hwm_kib(pid));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (got < 0) return -1;
  peak_rss_kib = std::max(peak_rss_kib, usage.ru_maxrss);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

// Parses `name{a="x",b="y"} value` (labels optional); false for comments and other lines.
bool parse_sample(const std::string& line, std::string& name,
                  std::map<std::string, std::string>& labels, double& value) {
  if (line.empty() || line[0] == '#') return false;
  std::size_t i = line.find_first_of("{ ");
  if (i == std::string::npos) return false;
  name = line.substr(0, i);
  labels.clear();
  if (line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      const std::size_t eq = line.find("=\"", i);
      if (eq == std::string::npos) return false;
      const std::string key = line.substr(i, eq - i);
      std::string v;
      for (i = eq + 2; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          ++i;
          v += line[i] == 'n' ? '\n' : line[i];
        } else {
          v += line[i];
        }
      }
      labels[key] = v;
      ++i;  // the closing quote
      if (i < line.size() && line[i] == ',') ++i;
    }
    ++i;  // the closing brace
  }
  try {
    value = std::stod(line.substr(i));
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace

ScenarioRun run_scenario(const std::string& daemon, const std::string& config,
                         const std::string& log_prefix, int metrics_port,
                         const std::function<bool(const std::string& scrape)>& done,
                         std::chrono::seconds limit) {
  ScenarioRun r;
  const auto start = Clock::now();
  const Child child = spawn({daemon, "run", "--config", config}, log_prefix);
  const std::string url = "http://127.0.0.1:" + std::to_string(metrics_port) + "/metrics";
  int status = 0;
  bool exited = false;
  while (Clock::now() - start < limit) {
    rusage usage{};
    if (wait4(child.pid, &status, WNOHANG, &usage) == child.pid) {
      exited = true;  // crashed or gave up by itself: nothing to stop
      r.peak_rss_kib = std::max(r.peak_rss_kib, usage.ru_maxrss);
      r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    r.peak_rss_kib = std::max(r.peak_rss_kib, vm_hwm_kib(child.pid));
    const HttpResponse scrape = http_get(url);
    if (scrape.status == 200) {
      r.metrics = scrape.body;
      if (done(r.metrics)) {
        r.settled = true;
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (!exited) {
    kill(child.pid, SIGTERM);
    r.exit_code = reap(child.pid, Clock::now() + std::chrono::seconds(60), r.peak_rss_kib);
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.log = read_file(child.stderr_path);
  return r;
}

double metric(const std::string& scrape, const std::string& name,
              const std::map<std::string, std::string>& labels) {
  double sum = 0;
  bool found = false;
  std::istringstream lines(scrape);
  std::string sample_name;
  std::map<std::string, std::string> sample_labels;
  double value = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!parse_sample(line, sample_name, sample_labels, value) || sample_name != name) continue;
    bool match = true;
    for (const auto& [k, v] : labels) {
      const auto it = sample_labels.find(k);
      match = match && it != sample_labels.end() && it->second == v;
    }
    if (!match) continue;
    sum += value;
    found = true;
  }
  return found ? sum : -1;
}

std::string log_lines(const std::string& log, const std::string& needle) {
  std::istringstream lines(log);
  std::string out;
  int kept = 0;
  for (std::string line; std::getline(lines, line) && kept < 20;) {
    if (line.find(needle) == std::string::npos) continue;
    out += line + "\n";
    ++kept;
  }
  return out;
}

std::string peak_and_wall(const ScenarioRun& run) {
  char text[96];
  std::snprintf(text, sizeof text, "peak RSS %ld MiB | wall %.1f s", run.peak_rss_kib / 1024,
                run.seconds);
  return text;
}

}  // namespace newswired::testing
