// Fault suite, scenarios 1 and 2: the Kafka broker goes away while the daemon ingests moving
// feeds, and is away when the daemon starts. Items scroll off their feeds during the outage,
// so only the spool can save them; the consumer then counts lost and duplicated articles.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/daemon/ops/http_get.h"
#include "tests/faults/fault_broker.h"
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

class BrokerFaultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    broker_ = new FaultBroker(fs::path(std::getenv("NW_IT_DIR")) / "kafka-faults" / "broker");
    fs::create_directories(fs::path(std::getenv("NW_IT_DIR")) / "kafka-faults");
    if (!broker_->start()) GTEST_SKIP() << "the fault suite's own broker did not start";
  }
  static void TearDownTestSuite() {
    delete broker_;
    broker_ = nullptr;
  }

  void SetUp() override {
    if (broker_->bootstrap().empty()) GTEST_SKIP() << "no broker";
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    feeds_ = std::make_unique<RollingFeeds>(env_.docroot, kFeeds, kWindow, kPeriod);
    metrics_port_ = free_port();
    config_ = (env_.work / "newswired.yaml").string();
    write_config("at_least_once");
  }

  void write_config(const std::string& delivery, const std::string& extra = "") {
    std::ofstream out(config_, std::ios::trunc);
    out << "delivery: " << delivery << "\n" << extra;
    out << "sources:\n";
    for (int f = 0; f < kFeeds; ++f)
      out << "  - { name: rolling-" << f << ", url: " << env_.base_url << "/" << env_.prefix << "/"
          << feeds_->file(f) << ", interval: 1s, min_interval: 1s }\n";
    out << "fetch: { host_delay: 10ms, max_per_host: 8, timeout: 5s }\n"
        << "kafka:\n  brokers: " << broker_->bootstrap()
        << "\n  topics: { articles: " << topic("articles")
        << ", duplicates: " << topic("duplicates") << ", dead_letter: " << topic("deadletter")
        << ", kills: " << topic("kills") << ", changelog: " << topic("changelog") << " }\n"
        << "  flush_timeout: " << kFlushTimeout.count() << "s\n"
        << "metrics: { listen: 127.0.0.1:" << metrics_port_ << " }\n"
        << "state_dir: " << (env_.work / "state").string() << "\n";
  }

  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }
  FaultTally stop_broker_for_30_seconds(const std::string& scenario);

  // Waits until every item the feeds showed is on the articles topic, or `limit`.
  FaultTally wait_for_all(const std::string& scenario, std::chrono::seconds limit) {
    const auto expected = feeds_->published();
    FaultTally t;
    for (auto end = std::chrono::steady_clock::now() + limit;;) {
      t = tally_delivery(scenario, expected, read_topic(broker_->bootstrap(), topic("articles")),
                         "/title");
      if (t.lost == 0 || std::chrono::steady_clock::now() > end) return t;
      std::this_thread::sleep_for(1s);
    }
  }

  // The daemon, stopped with SIGTERM once `finished` is set.
  std::future<ScenarioRun> start_daemon(std::atomic<bool>& finished, const std::string& label) {
    return std::async(std::launch::async, [this, &finished, label] {
      return run_scenario(
          NW_DAEMON, config_, (env_.work / label).string(), metrics_port_,
          [&finished](const std::string&) { return finished.load(); }, 300s);
    });
  }

  static constexpr std::chrono::seconds kFlushTimeout{10};
  static constexpr int kFeeds = 8;
  static constexpr int kWindow = 5;
  // One new item every 250 ms: each feed gets one every 2 s and shows it for 10 s, a third of
  // the outage.
  static constexpr std::chrono::milliseconds kPeriod{250};
  static FaultBroker* broker_;
  IntegrationEnv env_;
  std::unique_ptr<RollingFeeds> feeds_;
  std::string config_;
  int metrics_port_ = 0;
};

FaultBroker* BrokerFaultTest::broker_ = nullptr;

// Scenario 1, in either delivery mode: returns the tally.
FaultTally BrokerFaultTest::stop_broker_for_30_seconds(const std::string& scenario) {
  std::atomic<bool> finished{false};
  feeds_->start();
  auto daemon = start_daemon(finished, "daemon");
  std::this_thread::sleep_for(10s);
  EXPECT_TRUE(broker_->halt());
  const auto halted = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(30s);
  // While Kafka is away the spool grows on disk instead of fetching stopping.
  const std::string during =
      http_get("http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics").body;
  const double spooled = metric(during, "newswired_spool_records");
  EXPECT_TRUE(broker_->resume());
  const double outage =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - halted).count();
  std::this_thread::sleep_for(10s);
  feeds_->stop();
  const FaultTally t = wait_for_all(scenario, 120s);
  finished = true;
  const ScenarioRun run = daemon.get();
  report_fault(t, "outage " + std::to_string(static_cast<int>(outage)) + " s, " +
                      std::to_string(static_cast<long>(spooled)) + " records spooled during it, " +
                      peak_and_wall(run));
  EXPECT_EQ(t.lost, 0u) << describe_faults(t);
  EXPECT_EQ(t.unexpected, 0u) << describe_faults(t);
  EXPECT_GT(spooled, 0) << "the outage should have filled the spool";
  EXPECT_EQ(run.exit_code, 0) << run.log.substr(run.log.size() > 4000 ? run.log.size() - 4000 : 0);
  EXPECT_EQ(metric(run.metrics, "newswired_spool_records"), 0);
  return t;
}

TEST_F(BrokerFaultTest, BrokerStoppedMidIngestionFor30SecondsLosesNothing) {
  stop_broker_for_30_seconds("broker stopped for 30 s");
}

TEST_F(BrokerFaultTest, ExactlyOnceBrokerStoppedFor30SecondsNeitherLosesNorRepeats) {
  write_config("exactly_once");
  const FaultTally t = stop_broker_for_30_seconds("broker stopped for 30 s, exactly-once");
  EXPECT_EQ(t.duplicated, 0u) << describe_faults(t);
}

TEST_F(BrokerFaultTest, BrokerDownAtStartIsWaitedForThenEverythingArrives) {
  ASSERT_TRUE(broker_->halt());
  std::atomic<bool> finished{false};
  feeds_->start();
  auto daemon = start_daemon(finished, "daemon");
  const std::string base = "http://127.0.0.1:" + std::to_string(metrics_port_);
  // Not ready while Kafka is away, though alive and fetching.
  long ready_status = 0;
  for (int i = 0; i < 100 && ready_status == 0; ++i) {
    std::this_thread::sleep_for(200ms);
    ready_status = http_get(base + "/readyz").status;
  }
  std::this_thread::sleep_for(15s);
  EXPECT_EQ(http_get(base + "/readyz").status, 503);
  EXPECT_EQ(http_get(base + "/healthz").status, 200);
  ASSERT_TRUE(broker_->resume());
  bool ready = false;
  for (int i = 0; i < 150 && !ready; ++i) {
    std::this_thread::sleep_for(200ms);
    ready = http_get(base + "/readyz").status == 200;
  }
  EXPECT_TRUE(ready) << "ready once Kafka is back";
  std::this_thread::sleep_for(5s);
  feeds_->stop();
  const FaultTally t = wait_for_all("broker down at start", 120s);
  finished = true;
  const ScenarioRun run = daemon.get();
  report_fault(t, peak_and_wall(run));
  EXPECT_EQ(ready_status, 503);
  EXPECT_EQ(t.lost, 0u) << describe_faults(t);
  EXPECT_EQ(run.exit_code, 0);
}

// The case only the spool can save: the daemon stops (SIGTERM, then a crash) while Kafka is
// away, and the items it fetched scroll off their feeds before it runs again.
TEST_F(BrokerFaultTest, RestartsDuringAnOutageLoseNothingThatScrolledOffMeanwhile) {
  ASSERT_TRUE(broker_->halt());
  const int batch = kFeeds * kWindow;  // a whole window: the batch before it is off the feeds
  const std::string metrics_url = "http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics";
  feeds_->advance(batch);
  const ScenarioRun sigtermed = run_scenario(
      NW_DAEMON, config_, (env_.work / "first").string(), metrics_port_,
      [&](const std::string& scrape) { return metric(scrape, "newswired_spool_records") >= batch; },
      60s);
  EXPECT_TRUE(sigtermed.settled) << "the first batch should have been spooled within a minute";
  EXPECT_EQ(sigtermed.exit_code, 3) << "a stop with records left in the spool says so";
  EXPECT_NE(sigtermed.log.find("stay in the spool"), std::string::npos) << sigtermed.log;

  feeds_->advance(batch);
  const Child crashed =
      spawn({NW_DAEMON, "run", "--config", config_}, (env_.work / "crashed").string());
  double spooled = 0;
  for (int i = 0; i < 300 && spooled < 2 * batch; ++i) {
    std::this_thread::sleep_for(200ms);
    spooled = metric(http_get(metrics_url).body, "newswired_spool_records");
  }
  ASSERT_EQ(kill(crashed.pid, SIGKILL), 0);
  wait_for(crashed, 10s);
  EXPECT_EQ(spooled, 2 * batch) << "the second run should have spooled its batch too";

  feeds_->advance(batch);
  ASSERT_TRUE(broker_->resume());
  std::atomic<bool> done{false};
  auto last = start_daemon(done, "last");
  const FaultTally t = wait_for_all("restarts during an outage", 120s);
  done = true;
  const ScenarioRun run = last.get();
  report_fault(t, "SIGTERM with " + std::to_string(batch) + " spooled, kill -9 with " +
                      std::to_string(static_cast<long>(spooled)) + " spooled; " +
                      peak_and_wall(run));
  EXPECT_EQ(t.expected, static_cast<std::size_t>(3 * batch));
  EXPECT_EQ(t.lost, 0u) << describe_faults(t);
  EXPECT_EQ(t.unexpected, 0u) << describe_faults(t);
  EXPECT_EQ(run.exit_code, 0);
}

// Backpressure end to end: Kafka away, a spool that fills, queues of four; the stages stop,
// the fetchers pause, nothing is dropped, and all of it flows once Kafka is back.
TEST_F(BrokerFaultTest, AFullSpoolPausesFetchingAndLosesNothing) {
  // Long feeds: items must not scroll off while fetching is paused (they would be gone for
  // any reader; pausing, not dropping, is the point here).
  feeds_ = std::make_unique<RollingFeeds>(env_.docroot, kFeeds, 50, kPeriod);
  write_config("at_least_once", "spool: { max_size: 16KiB }\npipeline: { queue_capacity: 4 }\n");
  ASSERT_TRUE(broker_->halt());
  const int batch = kFeeds * kWindow;
  feeds_->advance(batch);
  std::atomic<bool> done{false};
  auto daemon = start_daemon(done, "daemon");
  const std::string metrics_url = "http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics";
  auto fetches = [&] { return metric(http_get(metrics_url).body, "newswired_fetches_total"); };
  bool waiting = false;
  for (int i = 0; i < 300 && !waiting; ++i) {
    std::this_thread::sleep_for(200ms);
    waiting = metric(http_get(metrics_url).body, "newswired_spool_waits_total") >= 1;
  }
  ASSERT_TRUE(waiting) << "the spool should have filled";
  // New items keep coming; once every queue is full the fetcher stops at its next document.
  feeds_->advance(batch);
  std::this_thread::sleep_for(5s);
  const double before = fetches();
  std::this_thread::sleep_for(5s);
  const double after = fetches();
  EXPECT_LE(after - before, 1) << "fetching should pause while nothing can move (8 feeds polled "
                                  "every second would make ~40 fetches)";
  const std::string scrape = http_get(metrics_url).body;
  EXPECT_LE(metric(scrape, "newswired_spool_bytes"), 16 * 1024 + 4096);

  ASSERT_TRUE(broker_->resume());
  feeds_->advance(batch);
  const FaultTally t = wait_for_all("full spool, fetching paused", 120s);
  done = true;
  const ScenarioRun run = daemon.get();
  report_fault(t, "fetches while paused: " + std::to_string(static_cast<long>(after - before)) +
                      " in 5 s; " + peak_and_wall(run));
  EXPECT_EQ(t.lost, 0u) << describe_faults(t);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.log.find("the spool is full"), std::string::npos);
}

}  // namespace
}  // namespace newswired::testing
