// End to end: the real newswired binary, a real Kafka broker and nginx on loopback.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "tests/daemon/ops/http_get.h"
#include "tests/integration/environment.h"
#include "tests/support/article_schema.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (const char* f : {"world.xml", "europe.xml", "broken.xml"})
      fs::copy_file(fs::path(NW_FIXTURES) / "integration" / f, env_.docroot / f);
    metrics_port_ = free_port();
    config_ = (env_.work / "newswired.yaml").string();
    const std::string feeds = env_.base_url + "/" + env_.prefix;
    std::ofstream(config_) << "sources:\n"
                           << "  - { name: world, url: " << feeds << "/world.xml, interval: 2s }\n"
                           << "  - { name: europe, url: " << feeds
                           << "/europe.xml, interval: 2s }\n"
                           << "  - { name: broken, url: " << feeds
                           << "/broken.xml, interval: 2s }\n"
                           << "  - { name: failing, url: " << env_.base_url
                           << "/status/500, interval: 2s }\n"
                           << "  - { name: unreachable, url: http://127.0.0.1:1/feed.xml, "
                              "interval: 2s }\n"
                           << "kafka:\n  brokers: " << env_.bootstrap
                           << "\n  topics: { articles: " << topic("articles")
                           << ", duplicates: " << topic("duplicates")
                           << ", dead_letter: " << topic("deadletter") << " }\n"
                           << "  flush_timeout: 60s\n"
                           << "fetch: { timeout: 5s, connect_timeout: 2s }\n"
                           << "metrics: { listen: 127.0.0.1:" << metrics_port_ << " }\n"
                           << "state_dir: " << (env_.work / "state").string() << "\n";
  }

  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }

  int run_once(const std::string& label) {
    log_prefix_ = (env_.work / label).string();
    return run({NW_DAEMON, "run", "--once", "--config", config_}, log_prefix_);
  }
  std::string last_log() const { return read_file(log_prefix_ + ".err"); }

  std::vector<json> values(const std::string& role) {
    std::vector<json> out;
    for (const auto& r : read_topic(env_.bootstrap, topic(role)))
      out.push_back(json::parse(r.value));
    return out;
  }
  static std::multiset<std::string> titles(const std::vector<json>& records) {
    std::multiset<std::string> t;
    for (const auto& r : records) t.insert(r["title"].get<std::string>());
    return t;
  }

  IntegrationEnv env_;
  std::string config_;
  std::string log_prefix_;
  int metrics_port_ = 0;
};

TEST_F(IngestTest, OnceDeliversEachArticleOnceAndOnlyNewOnesLater) {
  ASSERT_EQ(run_once("first"), 0) << last_log();
  const std::string log = last_log();

  const std::multiset<std::string> expected{
      "Harbour reopens after storm", "Grain prices fall for a third week",
      "Election commission confirms turnout", "Bahnstreik beendet"};
  const auto articles = values("articles");
  EXPECT_EQ(titles(articles), expected);
  std::map<std::string, json> by_title;
  for (const auto& a : articles) {
    EXPECT_EQ(article_schema_errors(a), "") << a.dump(2);
    by_title[a["title"]] = a;
  }
  const json& harbour = by_title["Harbour reopens after storm"];
  EXPECT_EQ(harbour["canonical_url"], "https://wire.test/world/harbour-reopens");
  EXPECT_EQ(harbour["published_at"], "2015-05-12T12:03:00Z");
  EXPECT_EQ(harbour["body_text"], "Ships returned on Tuesday.");
  EXPECT_EQ(harbour["source"]["name"], "world");
  EXPECT_EQ(harbour["source"]["format"], "rss");
  EXPECT_EQ(harbour["language"], "en");
  EXPECT_EQ(harbour["authors"], json::array({"R. Jensen"}));
  // RSS links are relative to the document's own URL, as feedparser reads them.
  EXPECT_EQ(by_title["Election commission confirms turnout"]["url"],
            env_.base_url + "/world/turnout");
  EXPECT_EQ(by_title["Bahnstreik beendet"]["language"], "de");
  EXPECT_EQ(by_title["Bahnstreik beendet"]["source"]["format"], "atom");

  // Keys and CloudEvents headers.
  const auto records = read_topic(env_.bootstrap, topic("articles"));
  for (const auto& r : records) {
    const json v = json::parse(r.value);
    EXPECT_EQ(r.key, v["id"]);
    EXPECT_EQ(r.headers.at("ce_specversion"), "1.0");
    EXPECT_EQ(r.headers.at("ce_type"), "org.newswired.article.v1");
    EXPECT_EQ(r.headers.at("ce_id"), v["id"].get<std::string>() + "-v1");
    EXPECT_EQ(r.headers.at("ce_source"),
              "/newswired/sources/" + v["source"]["name"].get<std::string>());
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
  }

  // The same story under another id goes to the duplicates topic, pointing at the original.
  const auto dups = values("duplicates");
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(dups[0]["title"], "Harbour reopens after storm (update)");
  EXPECT_EQ(dups[0]["duplicate_of"]["id"], harbour["id"]);
  EXPECT_EQ(dups[0]["duplicate_of"]["reason"], "url");
  EXPECT_EQ(article_schema_errors(dups[0]), "");

  // The malformed feed is dead-lettered with source, stage and reason; the others said why.
  const auto dead = values("deadletter");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0]["source"], "broken");
  EXPECT_EQ(dead[0]["stage"], "parse");
  EXPECT_NE(dead[0]["reason"].get<std::string>().find("XML"), std::string::npos) << dead[0];
  EXPECT_NE(dead[0]["payload"].get<std::string>().find("Never closed"), std::string::npos);
  EXPECT_NE(log.find("[failing] fetch failed: HTTP 500"), std::string::npos) << log;
  EXPECT_NE(log.find("[unreachable] fetch failed:"), std::string::npos) << log;
  EXPECT_NE(log.find("[broken] parse failed:"), std::string::npos) << log;

  // A second poll publishes nothing new (the feeds answer 304 or are deduplicated).
  ASSERT_EQ(run_once("second"), 0) << last_log();
  EXPECT_EQ(values("articles").size(), 4u);
  EXPECT_EQ(values("duplicates").size(), 1u);

  // An edited feed publishes just its new item.
  std::string world = read_file((env_.docroot / "world.xml").string());
  const std::string item = read_file(std::string(NW_FIXTURES) + "/integration/new-item.xml");
  world.insert(world.find("  </channel>"), item);
  std::ofstream(env_.docroot / "world.xml", std::ios::trunc) << world;
  ASSERT_EQ(run_once("third"), 0) << last_log();
  auto after = titles(values("articles"));
  auto grown = expected;
  grown.insert("Late result: bridge contract awarded");
  EXPECT_EQ(after, grown);
}

TEST_F(IngestTest, DaemonServesMetricsAndStopsCleanlyOnSigterm) {
  const std::string base = "http://127.0.0.1:" + std::to_string(metrics_port_);
  Child daemon = spawn({NW_DAEMON, "run", "--config", config_}, (env_.work / "daemon").string());
  // Every source is polled within its first-poll spread; wait until all have reported.
  const std::vector<std::string> expected{
      "newswired_kafka_deliveries_total{result=\"ok\",topic=\"articles\"} 4",
      "newswired_fetches_total{code=\"500\",result=\"http_error\",source=\"failing\"}",
      "result=\"transport_error\",source=\"unreachable\"",
      "newswired_dead_letters_total{stage=\"parse\"}",
      "newswired_items_total{outcome=\"ok\",source=\"world\",stage=\"publish\"} 3",
      "newswired_ready 1"};
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
  EXPECT_EQ(http_get(base + "/healthz").status, 200);
  EXPECT_EQ(http_get(base + "/readyz").status, 200);

  // Prometheus' own linter accepts the exposition.
  const std::string scrape_file = (env_.work / "scrape.txt").string();
  std::ofstream(scrape_file) << scrape;
  const int promtool = run({"/bin/sh", "-c", "promtool check metrics < " + scrape_file},
                           (env_.work / "promtool").string());
  EXPECT_EQ(promtool, 0) << read_file((env_.work / "promtool.out").string())
                         << read_file((env_.work / "promtool.err").string());

  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_EQ(wait_for(daemon, std::chrono::seconds(60)), 0) << read_file(daemon.stderr_path);
  EXPECT_NE(read_file(daemon.stderr_path).find("SIGTERM received"), std::string::npos);
}

TEST_F(IngestTest, BadConfigExitsBeforeAnythingStarts) {
  std::ofstream(config_, std::ios::app) << "surprise: 1\n";
  const int port_probe = metrics_port_;
  EXPECT_EQ(run_once("badconfig"), 2);
  EXPECT_NE(last_log().find("newswired.yaml:"), std::string::npos) << last_log();
  EXPECT_NE(last_log().find("surprise: unknown key"), std::string::npos) << last_log();
  EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(port_probe) + "/healthz").status, 0);
  EXPECT_TRUE(read_topic(env_.bootstrap, topic("articles")).empty());
}

}  // namespace
}  // namespace newswired::testing
