// An agency API end to end: the real binary reads a paged JSON API (cursor pagination, a
// since token, bearer auth, a 429 with Retry-After) from the scripted server and publishes to
// a real Kafka broker; where the next poll starts advances only once Kafka has everything.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

class ApiIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    scripted_ = fs::path(std::getenv("NW_IT_DIR")) / "scripted";
    config_ = (env_.work / "newswired.yaml").string();
    setenv("NW_TEST_AGENCY_TOKEN", "wire-token", 1);
  }
  void write_config(const std::string& brokers) {
    const std::string url = trimmed_file(scripted_ / "base_url") + "/" + env_.prefix + "/api";
    std::ofstream(config_, std::ios::trunc)
        << "sources:\n"
        << "  - name: agency\n    url: " << url << "\n    format: ninjs\n"
        << "    api: { items: /data/items, next: /data/next_cursor, cursor_param: cursor,\n"
        << "           since: /since, max_pages: 10, min_gap: 50ms }\n"
        << "    auth: { secret_env: NW_TEST_AGENCY_TOKEN }\n"
        << "kafka:\n  brokers: " << brokers << "\n  topics: { articles: " << topic("articles")
        << ", duplicates: " << topic("duplicates") << ", dead_letter: " << topic("deadletter")
        << " }\n  producer: { message.timeout.ms: 3000 }\n  flush_timeout: 20s\n"
        << "metrics: { listen: '' }\n"
        << "state_dir: " << (env_.work / "state").string() << "\n";
  }
  void publish_items(int n) { std::ofstream(scripted_ / (env_.prefix + ".items")) << n; }
  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }
  int run_once(const std::string& label) {
    log_ = (env_.work / label).string();
    return run({NW_DAEMON, "run", "--once", "--config", config_}, log_);
  }
  std::multiset<std::string> headlines() {
    std::multiset<std::string> out;
    for (const auto& r : read_topic(env_.bootstrap, topic("articles")))
      out.insert(nlohmann::json::parse(r.value)["title"].get<std::string>());
    return out;
  }
  // This test's API requests, as the scripted server logged them.
  std::vector<std::string> requests() const {
    return scripted_api_requests(scripted_, env_.prefix);
  }

  IntegrationEnv env_;
  fs::path scripted_;
  std::string config_;
  std::string log_;
};

TEST_F(ApiIngestTest, PagesCursorSinceTokenAuthAndRetryAfter) {
  write_config(env_.bootstrap);
  publish_items(5);
  ASSERT_EQ(run_once("first"), 0) << read_file(log_ + ".err");
  // Three pages of two; the second request was answered 429 and tried again a second later.
  EXPECT_EQ(requests(),
            (std::vector<std::string>{"api", "api?cursor=2", "api?cursor=2", "api?cursor=4"}));
  EXPECT_EQ(headlines(), (std::multiset<std::string>{"API story 0", "API story 1", "API story 2",
                                                     "API story 3", "API story 4"}));
  const std::string log = read_file(log_ + ".err");
  EXPECT_NE(log.find("HTTP 429 (retrying after 1s)"), std::string::npos) << log;
  EXPECT_EQ(log.find("wire-token"), std::string::npos) << "the token must never be logged";

  // The next poll starts from the since token of the last page, not from the first page.
  publish_items(7);
  ASSERT_EQ(run_once("second"), 0) << read_file(log_ + ".err");
  EXPECT_EQ(requests().back(), "api?since=5");
  EXPECT_EQ(headlines().size(), 7u);
  EXPECT_EQ(headlines().count("API story 6"), 1u);
}

TEST_F(ApiIngestTest, TheResumePointWaitsForKafka) {
  write_config(env_.bootstrap);
  publish_items(2);
  ASSERT_EQ(run_once("first"), 0) << read_file(log_ + ".err");
  publish_items(4);
  // Kafka unreachable: the pages are read but not delivered, so the token must not move on.
  write_config("127.0.0.1:" + std::to_string(free_port()));
  EXPECT_EQ(run_once("outage"), 3) << read_file(log_ + ".err");
  write_config(env_.bootstrap);
  ASSERT_EQ(run_once("back"), 0) << read_file(log_ + ".err");
  const auto r = requests();
  ASSERT_GE(r.size(), 2u);
  EXPECT_EQ(r[r.size() - 2], "api?since=2");  // the outage run
  EXPECT_EQ(r.back(), "api?since=2");         // read again after it
  EXPECT_EQ(headlines(), (std::multiset<std::string>{"API story 0", "API story 1", "API story 2",
                                                     "API story 3"}));
}

TEST_F(ApiIngestTest, WrongTokenIsAnHttpErrorWithoutTheToken) {
  setenv("NW_TEST_AGENCY_TOKEN", "not-the-token", 1);
  write_config(env_.bootstrap);
  publish_items(2);
  run_once("denied");
  const std::string log = read_file(log_ + ".err");
  EXPECT_NE(log.find("[agency] fetch failed: HTTP 401"), std::string::npos) << log;
  EXPECT_EQ(log.find("not-the-token"), std::string::npos);
  EXPECT_TRUE(headlines().empty());
}

}  // namespace
}  // namespace newswired::testing
