// Fetch-only benchmark: N feeds served by nginx on loopback (tests/harness/nginx.sh), one
// cold poll cycle (every feed 200) and one mixed cycle (half 200, half 304); wall time, CPU
// seconds of this process and its peak RSS. Printed, never asserted.
//
//   fetch_bench [FEEDS=20000] [ITEMS=20] [CONCURRENCY=64]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include "bench/feed_generator.h"
#include "daemon/fetch/fetcher.h"

namespace fs = std::filesystem;
using namespace newswired;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string s;
  std::getline(in, s);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int feeds = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int items = argc > 2 ? std::atoi(argv[2]) : 20;
  const int concurrency = argc > 3 ? std::atoi(argv[3]) : 64;
  const fs::path dir = fs::temp_directory_path() / ("nw-fetch-bench-" + std::to_string(getpid()));
  const fs::path www = dir / "www";
  fs::create_directories(www);
  std::size_t bytes = 0;
  for (int i = 0; i < feeds; ++i) {
    const std::string body = bench::generate_rss(items, i);
    bytes += body.size();
    std::ofstream(www / ("f" + std::to_string(i) + ".xml")) << body;
  }
  const std::string harness = NW_HARNESS_DIR "/nginx.sh";
  if (std::system(
          (harness + " start " + (dir / "nginx").string() + " " + www.string() + " > /dev/null")
              .c_str()) != 0) {
    std::fprintf(stderr, "nginx did not start\n");
    return 1;
  }
  const std::string base = first_line(dir / "nginx" / "base_url");

  std::vector<SourceConfig> sources;
  for (int i = 0; i < feeds; ++i) {
    SourceConfig s;
    s.name = "s" + std::to_string(i);
    s.url = base + "/f" + std::to_string(i) + ".xml";
    s.interval = std::chrono::hours(1);
    sources.push_back(std::move(s));
  }
  FetchConfig config;
  config.user_agent = "newswired-bench";
  config.max_concurrent = concurrency;
  config.max_per_host = concurrency;
  config.host_delay = std::chrono::milliseconds(0);
  std::map<std::string, int> results;
  std::atomic<std::size_t> body_bytes{0};
  Fetcher fetcher(config, sources,
                  {[&](Document&& d) { body_bytes += d.body.size(); },
                   [&](const FetchReport& r) { ++results[std::string(to_string(r.result))]; }});

  std::printf(
      "fetch_bench: %d feeds of %d items (%.1f MiB on disk), nginx on loopback, "
      "%d transfers in flight\n",
      feeds, items, static_cast<double>(bytes) / (1 << 20), concurrency);
  for (const char* cycle : {"cold (all 200)", "mixed (half 200, half 304)"}) {
    if (std::string(cycle).starts_with("mixed"))
      for (int i = 0; i < feeds; i += 2) fetcher.forget_validators(sources[i].name);
    results.clear();
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    fetcher.run_once();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpu_seconds() - cpu0;
    std::printf("  %-28s wall %6.2f s  CPU %6.2f s (%.2f cores)  %7.0f polls/s  peak RSS %ld MiB  ",
                cycle, wall, cpu, cpu / wall, feeds / wall, peak_rss_kib() / 1024);
    for (const auto& [result, n] : results) std::printf(" %s=%d", result.c_str(), n);
    std::printf("\n");
  }
  std::system((harness + " stop " + (dir / "nginx").string()).c_str());
  fs::remove_all(dir);
  return 0;
}
