// Fault suite, scenario 3: kill -9 of the daemon at random points, 20 times, restarted each
// time, while its feeds keep moving. What was fetched before a kill and has scrolled off its
// feed since can only come from the spool; the consumer counts lost and duplicated articles.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include "tests/faults/fault_report.h"
#include "tests/faults/rolling_feeds.h"
#include "tests/faults/scenario_run.h"
#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class CrashFaultTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashFaultTest, KillNineTwentyTimesAtRandomPointsLosesNothing) {
  const std::string delivery = GetParam();
  const IntegrationEnv env = integration_env("CrashFaultTest-" + delivery);
  constexpr int kFeeds = 8;
  RollingFeeds feeds(env.docroot, kFeeds, 5, 250ms);
  const int metrics_port = free_port();
  const std::string articles = env.prefix + ".articles";
  const std::string config = (env.work / "newswired.yaml").string();
  {
    std::ofstream out(config);
    out << "delivery: " << delivery << "\nsources:\n";
    for (int f = 0; f < kFeeds; ++f)
      out << "  - { name: rolling-" << f << ", url: " << env.base_url << "/" << env.prefix << "/"
          << feeds.file(f) << ", interval: 1s, min_interval: 1s }\n";
    out << "fetch: { host_delay: 10ms, max_per_host: 8, timeout: 5s }\n"
        << "kafka:\n  brokers: " << env.bootstrap << "\n  topics: { articles: " << articles
        << ", duplicates: " << env.prefix << ".duplicates, dead_letter: " << env.prefix
        << ".deadletter, kills: " << env.prefix << ".kills, changelog: " << env.prefix
        << ".changelog }\n"
        << "  flush_timeout: 30s\n"
        << "metrics: { listen: 127.0.0.1:" << metrics_port << " }\n"
        << "state_dir: " << (env.work / "state").string() << "\n";
  }

  feeds.start();
  // Random points: from before the first poll to well into the steady state.
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> lifetime_ms(50, 3000);
  std::string lifetimes;
  for (int i = 0; i < 20; ++i) {
    const Child c = spawn({NW_DAEMON, "run", "--config", config},
                          (env.work / ("killed-" + std::to_string(i))).string());
    const int ms = lifetime_ms(rng);
    lifetimes += std::to_string(ms) + (i < 19 ? "," : "");
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    ASSERT_EQ(kill(c.pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(c.pid, &status, 0), c.pid);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "run " << i << " ended before it was killed: " << read_file(c.stderr_path);
  }
  feeds.stop();

  // The last run finishes the job: it must deliver everything the feeds ever showed.
  const auto expected = feeds.published();
  std::atomic<bool> all_there{false};
  FaultTally t;
  std::thread watcher([&] {
    for (auto end = std::chrono::steady_clock::now() + 120s; std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(1s)) {
      t = tally_delivery("kill -9 x20, " + delivery, expected, read_topic(env.bootstrap, articles),
                         "/title");
      if (t.lost == 0) break;
    }
    all_there = true;
  });
  const ScenarioRun run = run_scenario(
      NW_DAEMON, config, (env.work / "final").string(), metrics_port,
      [&](const std::string&) { return all_there.load(); }, 200s);
  watcher.join();
  report_fault(t, "killed after " + lifetimes + " ms; final run " + peak_and_wall(run));
  EXPECT_EQ(t.lost, 0u) << describe_faults(t);
  EXPECT_EQ(t.unexpected, 0u) << describe_faults(t);
  EXPECT_EQ(run.exit_code, 0) << run.log.substr(run.log.size() > 4000 ? run.log.size() - 4000 : 0);
  if (delivery == "exactly_once") {
    EXPECT_EQ(t.duplicated, 0u) << describe_faults(t);
  }
}

INSTANTIATE_TEST_SUITE_P(Delivery, CrashFaultTest,
                         ::testing::Values("at_least_once", "exactly_once"));

}  // namespace
}  // namespace newswired::testing
