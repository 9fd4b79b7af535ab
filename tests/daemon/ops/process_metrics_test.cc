// The process_* families describe this very process: they follow what it does.

#include "daemon/ops/process_metrics.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "daemon/ops/metrics.h"

namespace newswired {
namespace {

std::map<std::string, double> values() {
  std::map<std::string, double> out;
  for (const auto& f : process_metrics()) {
    EXPECT_EQ(f.metric.size(), 1u) << f.name;
    const auto& m = f.metric.front();
    out[f.name] = f.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
  }
  return out;
}

TEST(ProcessMetrics, FollowOpenFilesCpuAndMemory) {
  const auto before = values();
  ASSERT_EQ(before.size(), 6u);
  std::vector<int> fds;
  for (int i = 0; i < 5; ++i) fds.push_back(open("/dev/null", O_RDONLY | O_CLOEXEC));
  // Burn some CPU: at least a few clock ticks.
  volatile double x = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
  while (std::chrono::steady_clock::now() < until) x = x + 1.0;
  std::vector<char> touched(64 << 20, 1);
  const auto after = values();
  for (int fd : fds) close(fd);

  EXPECT_EQ(after.at("process_open_fds"), before.at("process_open_fds") + 5);
  EXPECT_GT(after.at("process_cpu_seconds_total"), before.at("process_cpu_seconds_total"));
  EXPECT_GE(after.at("process_resident_memory_bytes"),
            before.at("process_resident_memory_bytes") + (60 << 20))
      << "64 MiB written are resident";
  EXPECT_GE(after.at("process_virtual_memory_bytes"), after.at("process_resident_memory_bytes"));
  EXPECT_GT(after.at("process_max_fds"), after.at("process_open_fds"));
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(after.at("process_start_time_seconds"), now + 1);
  EXPECT_GT(after.at("process_start_time_seconds"), now - 3600) << "this test began recently";
  EXPECT_EQ(touched.back(), 1);
}

TEST(ProcessMetrics, AreOnTheScrapedPage) {
  const std::string page = Metrics().scrape();
  for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
                           "process_open_fds ", "process_start_time_seconds "})
    EXPECT_NE(page.find(std::string("\n") + name), std::string::npos) << name;
  EXPECT_NE(page.find("# TYPE process_cpu_seconds_total counter"), std::string::npos);
}

}  // namespace
}  // namespace newswired
