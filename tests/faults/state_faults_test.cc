// Fault suite, scenario 6: the state directory cannot be used at start, and the disk under it
// fills up while the daemon runs (a file size limit set on the running process: the state
// store's writes then fail with EFBIG, as on a full disk, for root too). The daemon says so,
// is not ready, loses nothing once there is room again, and its state is sound afterwards.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/daemon/ops/http_get.h"
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

class StateFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    feeds_ = std::make_unique<RollingFeeds>(env_.docroot, kFeeds, 5, 250ms);
    metrics_port_ = free_port();
    state_ = env_.work / "state";
  }
  void write_config(const fs::path& state_dir) {
    config_ = (env_.work / "newswired.yaml").string();
    std::ofstream out(config_, std::ios::trunc);
    out << "sources:\n";
    for (int f = 0; f < kFeeds; ++f)
      out << "  - { name: rolling-" << f << ", url: " << env_.base_url << "/" << env_.prefix << "/"
          << feeds_->file(f) << ", interval: 1s, min_interval: 1s }\n";
    out << "fetch: { host_delay: 10ms, max_per_host: 8, timeout: 5s }\n"
        << "kafka:\n  brokers: " << env_.bootstrap << "\n  topics: { articles: " << articles()
        << ", duplicates: " << env_.prefix << ".duplicates, dead_letter: " << env_.prefix
        << ".deadletter, kills: " << env_.prefix << ".kills }\n"
        << "  flush_timeout: 10s\n"
        << "metrics: { listen: 127.0.0.1:" << metrics_port_ << " }\n"
        << "state_dir: " << state_dir.string() << "\n";
  }
  std::string articles() const { return env_.prefix + ".articles"; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(metrics_port_) + path;
  }
  FaultTally tally(const std::string& scenario) {
    return tally_delivery(scenario, feeds_->published(), read_topic(env_.bootstrap, articles()),
                          "/title");
  }
  template <typename F>
  static bool eventually(F done, std::chrono::seconds limit = 60s) {
    for (auto end = std::chrono::steady_clock::now() + limit;
         std::chrono::steady_clock::now() < end; std::this_thread::sleep_for(200ms))
      if (done()) return true;
    return false;
  }
  static bool set_file_size_limit(pid_t pid, const std::string& limit) {
    return run({"prlimit", "--pid", std::to_string(pid), "--fsize=" + limit},
               "/tmp/nw-prlimit-" + std::to_string(getpid()), 20s) == 0;
  }

  static constexpr int kFeeds = 8;
  IntegrationEnv env_;
  std::unique_ptr<RollingFeeds> feeds_;
  std::string config_;
  fs::path state_;
  int metrics_port_ = 0;
};

TEST_F(StateFaultTest, AStateDirectoryThatCannotBeUsedStopsTheStartWithItsPath) {
  const fs::path not_a_dir = env_.work / "state-is-a-file";
  std::ofstream(not_a_dir) << "not a directory\n";
  write_config(not_a_dir);
  const std::string log = (env_.work / "start").string();
  const int code = run({NW_DAEMON, "run", "--once", "--config", config_}, log, 60s);
  const std::string err = read_file(log + ".err");
  EXPECT_EQ(code, 1) << err;
  EXPECT_NE(err.find(not_a_dir.string()), std::string::npos) << err;
  EXPECT_TRUE(read_topic(env_.bootstrap, articles()).empty());
}

TEST_F(StateFaultTest, AFullDiskMakesTheDaemonUnreadyAndLosesNothingOnceThereIsRoom) {
  write_config(state_);
  feeds_->advance(kFeeds * 5);
  Child daemon = spawn({NW_DAEMON, "run", "--config", config_}, (env_.work / "daemon").string());
  auto err = [&] { return read_file(daemon.stderr_path); };
  ASSERT_TRUE(eventually([&] { return tally("first batch").lost == 0; })) << err();
  ASSERT_TRUE(eventually([&] { return http_get(url("/readyz")).status == 200; })) << err();

  // No room to grow the store beyond what it has now.
  const auto size = fs::file_size(state_ / "data.mdb");
  ASSERT_TRUE(set_file_size_limit(daemon.pid, std::to_string(size) + ":unlimited"));
  // New items all the time: the state grows until the store needs pages it cannot have. The
  // spool's writes or the records of deliveries fail then, whichever needs a page first.
  feeds_->start();
  bool unready = false;
  for (auto end = std::chrono::steady_clock::now() + 90s;
       !unready && std::chrono::steady_clock::now() < end; std::this_thread::sleep_for(50ms))
    unready = http_get(url("/readyz")).status == 503;
  EXPECT_TRUE(unready) << "not ready while the state cannot be written";
  EXPECT_TRUE(err().find("File too large") != std::string::npos ||
              err().find("Input/output error") != std::string::npos)
      << err();
  EXPECT_EQ(http_get(url("/healthz")).status, 200) << "alive all the same";
  std::this_thread::sleep_for(3s);

  ASSERT_TRUE(set_file_size_limit(daemon.pid, "unlimited:unlimited"));
  std::this_thread::sleep_for(3s);
  feeds_->stop();
  FaultTally t;
  EXPECT_TRUE(eventually([&] { return (t = tally("disk full, then room again")).lost == 0; }))
      << describe_faults(t);
  EXPECT_TRUE(eventually([&] { return http_get(url("/readyz")).status == 200; }));
  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_EQ(wait_for(daemon, 60s), 0) << err();

  // Sound state afterwards: it opens, and remembers every delivered article.
  const std::string log = (env_.work / "after").string();
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, log, 120s), 0)
      << read_file(log + ".err");
  t = tally("disk full, then room again");
  report_fault(t, "limit at " + std::to_string(size / 1024) + " KiB of state");
  EXPECT_EQ(t.lost, 0u) << describe_faults(t);
  EXPECT_EQ(t.duplicated, 0u) << describe_faults(t);
}

}  // namespace
}  // namespace newswired::testing
