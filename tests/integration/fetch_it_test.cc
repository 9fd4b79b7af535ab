// The fetcher end to end: the real binary against a scripted misbehaving server
// (tests/harness/scripted_server.py) and a real Kafka broker, on loopback.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/daemon/ops/http_get.h"
#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

class FetchIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    const fs::path scripted = fs::path(std::getenv("NW_IT_DIR")) / "scripted";
    requests_log_ = scripted / "requests.log";
    base_ = trimmed_file(scripted / "base_url") + "/" + env_.prefix;
    config_ = (env_.work / "newswired.yaml").string();
    metrics_port_ = free_port();
  }

  void write_config(const std::string& sources, const std::string& fetch) {
    std::ofstream(config_) << "sources:\n"
                           << sources << "fetch: " << fetch
                           << "\nkafka:\n  brokers: " << env_.bootstrap
                           << "\n  topics: { articles: " << topic("articles")
                           << ", duplicates: " << topic("duplicates")
                           << ", dead_letter: " << topic("deadletter") << " }\n"
                           << "  flush_timeout: 60s\n"
                           << "metrics: { listen: 127.0.0.1:" << metrics_port_ << " }\n"
                           << "state_dir: " << (env_.work / "state").string() << "\n";
  }
  std::string source(const std::string& name, const std::string& path,
                     const std::string& interval = "2s") const {
    return "  - { name: " + name + ", url: " + base_ + "/" + path + ", interval: " + interval +
           " }\n";
  }
  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }

  // How often this test's `path` was requested from the scripted server.
  int requests(const std::string& path) const {
    std::istringstream log(read_file(requests_log_.string()));
    const std::string want = "/" + env_.prefix + "/" + path;
    int n = 0;
    for (std::string line; std::getline(log, line);) n += line == want;
    return n;
  }

  IntegrationEnv env_;
  fs::path requests_log_;
  std::string base_;
  std::string config_;
  int metrics_port_ = 0;
};

TEST_F(FetchIntegrationTest, MisbehavingServersAreReportedAndRemembered) {
  write_config(source("good", "feed-3.xml") + source("many", "many/feed-30.xml") +
                   source("throttled", "throttled") + source("unavailable", "unavailable") +
                   source("drip", "drip") + source("reset", "reset") + source("loop", "loop") +
                   source("moved", "moved/moved") + source("gone", "gone") + source("bomb", "bomb"),
               "{ timeout: 3s, connect_timeout: 2s, max_items: 10, max_redirects: 4, "
               "max_decompressed_size: 1MiB, host_delay: 0s }");
  const std::string first = (env_.work / "first").string();
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, first), 0)
      << read_file(first + ".err");
  const std::string log = read_file(first + ".err");
  for (const std::string& expected : std::vector<std::string>{
           "[throttled] fetch failed: HTTP 429",
           "[unavailable] fetch failed: HTTP 503",
           "[drip] fetch failed: Timeout was reached",
           "[reset] fetch failed: ",
           "[loop] fetch failed: Number of redirects hit maximum amount",
           "[moved] moved permanently: polling " + base_ + "/moved/feed-2.xml",
           "[gone] 410 GONE",
           "[bomb] fetch failed: body larger than 1048576 bytes when decoded",
           "[many] 30 items in one document: reading the first 10 (fetch.max_items)",
       })
    EXPECT_NE(log.find(expected), std::string::npos) << expected << "\n" << log;
  EXPECT_EQ(requests("loop"), 5);  // the first request and four redirects

  // The articles: 3 + 10 (truncated) + 2 from where "moved" led.
  std::size_t many = 0;
  const auto records = read_topic(env_.bootstrap, topic("articles"));
  for (const auto& r : records) many += r.value.find("many item") != std::string::npos;
  EXPECT_EQ(many, 10u);
  EXPECT_EQ(records.size(), 15u);

  // A restart remembers: the moved feed is polled where it went, the gone one not at all.
  const std::string second = (env_.work / "second").string();
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, second), 0)
      << read_file(second + ".err");
  const std::string log2 = read_file(second + ".err");
  EXPECT_NE(log2.find("[gone] retired (it answered 410 Gone)"), std::string::npos) << log2;
  EXPECT_NE(log2.find("[moved] polling " + base_ + "/moved/feed-2.xml"), std::string::npos) << log2;
  EXPECT_EQ(requests("moved/moved"), 1);
  EXPECT_EQ(requests("gone"), 1);
  EXPECT_EQ(requests("moved/feed-2.xml"), 2);
}

TEST_F(FetchIntegrationTest, DaemonExportsPerSourceFetchMetrics) {
  write_config(
      source("good", "feed-3.xml") + source("gone", "gone") + source("throttled", "throttled"),
      "{ timeout: 5s, connect_timeout: 2s, circuit_failures: 1, host_delay: 0s }");
  const std::string base = "http://127.0.0.1:" + std::to_string(metrics_port_);
  Child daemon = spawn({NW_DAEMON, "run", "--config", config_}, (env_.work / "daemon").string());
  const std::vector<std::string> expected{
      "newswired_source_retired{source=\"gone\"} 1",
      "newswired_fetch_events_total{kind=\"gone\",source=\"gone\"} 1",
      "newswired_source_circuit_open{source=\"throttled\"} 1",
      "newswired_source_consecutive_failures{source=\"throttled\"} 1",
      "newswired_fetch_events_total{kind=\"circuit_opened\",source=\"throttled\"} 1",
      "newswired_fetch_bytes_total{source=\"good\"}",
      "newswired_source_newest_item_age_seconds{source=\"good\"}",
      "newswired_source_poll_interval_seconds{source=\"good\"}",
      "newswired_items_total{outcome=\"new\",source=\"good\",stage=\"dedupe\"} 3",
  };
  std::string scrape;
  auto all_present = [&] {
    return std::all_of(expected.begin(), expected.end(),
                       [&](const std::string& e) { return scrape.find(e) != std::string::npos; });
  };
  for (int i = 0; i < 300 && !all_present(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    scrape = http_get(base + "/metrics").body;
  }
  for (const auto& e : expected)
    EXPECT_NE(scrape.find(e), std::string::npos) << e << "\n" << scrape;
  // The feed is from 2015: its newest item is years old.
  const std::string age_key = "newswired_source_newest_item_age_seconds{source=\"good\"} ";
  if (const auto at = scrape.find(age_key); at != std::string::npos) {
    const double age = std::stod(scrape.substr(at + age_key.size()));
    EXPECT_GT(age, 3.0e8);
  }
  const std::string scrape_file = (env_.work / "scrape.txt").string();
  std::ofstream(scrape_file) << scrape;
  EXPECT_EQ(run({"/bin/sh", "-c", "promtool check metrics < " + scrape_file},
                (env_.work / "promtool").string()),
            0)
      << read_file((env_.work / "promtool.out").string());
  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_EQ(wait_for(daemon, std::chrono::seconds(60)), 0) << read_file(daemon.stderr_path);
  const std::string log = read_file(daemon.stderr_path);
  EXPECT_NE(log.find("[throttled] circuit opened after 1 failures in a row"), std::string::npos)
      << log;
  EXPECT_EQ(requests("gone"), 1);
  EXPECT_EQ(requests("throttled"), 1);  // Retry-After: 3600 and the open circuit hold it
}

TEST_F(FetchIntegrationTest, TlsIsVerifiedAgainstTheConfiguredCaAndSpeaksHttp2) {
  const fs::path nginx = fs::path(std::getenv("NW_IT_DIR")) / "nginx";
  const std::string feed =
      "<rss version=\"2.0\"><channel><title>tls</title><item><title>over TLS</title>"
      "<link>http://example.com/tls/1</link><guid>tls-1</guid></item></channel></rss>";
  std::ofstream(env_.docroot / "feed.xml") << feed;
  const std::string url = trimmed_file(nginx / "tls_base_url") + "/" + env_.prefix + "/feed.xml";
  const std::string sources = "  - { name: tls, url: " + url + ", interval: 2s }\n";

  // Not in the system store: refused.
  write_config(sources, "{ timeout: 5s }");
  const std::string untrusted = (env_.work / "untrusted").string();
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, untrusted), 0);
  EXPECT_NE(read_file(untrusted + ".err").find("[tls] fetch failed: SSL peer certificate"),
            std::string::npos)
      << read_file(untrusted + ".err");

  write_config(sources, "{ timeout: 5s, ca_file: " + (nginx / "tls" / "ca.pem").string() + " }");
  const std::string trusted = (env_.work / "trusted").string();
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, trusted), 0);
  EXPECT_EQ(read_file(trusted + ".err").find("fetch failed"), std::string::npos)
      << read_file(trusted + ".err");
  EXPECT_EQ(read_topic(env_.bootstrap, topic("articles")).size(), 1u);
  const std::string access = read_file((nginx / "tls_access.log").string());
  EXPECT_NE(access.find("/" + env_.prefix + "/feed.xml HTTP/2.0 200"), std::string::npos) << access;
}

}  // namespace
}  // namespace newswired::testing
