// End to end: an updated item is published again as version 2, the same story from a second
// feed lands on the duplicates topic pointing at the first, and a wire agency's kill reaches
// the kills topic and keeps the item down.

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kStory =
    "Firefighters battled a blaze at a timber yard in the northern port town through the "
    "night, the regional fire service reported. Crews from four districts were called in as "
    "flames spread to two warehouses next to the harbour road. Residents of nearby streets were "
    "told to keep windows closed because of heavy smoke. The cause of the fire was not yet "
    "known, a spokeswoman for the service told reporters at the scene. Nobody was hurt, but the "
    "harbour road will stay closed until engineers have checked the warehouse walls.";

std::string rss(const std::string& guid, const std::string& link, const std::string& text) {
  return "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>t</title>"
         "<link>https://wire.test/</link><description>d</description><item><guid>" +
         guid + "</guid><title>Fire at timber yard</title><link>" + link + "</link><description>" +
         text +
         "</description><pubDate>Tue, 12 May 2015 12:03:00 GMT</pubDate></item></channel></rss>\n";
}

// A ninjs item as an agency API would serve it.
std::string ninjs(const std::string& version, const std::string& status, const std::string& text) {
  return json{{"uri", "urn:newsml:wire.test:ferry-1"},
              {"version", version},
              {"versioncreated", "2026-03-01T10:0" + version + ":00Z"},
              {"pubstatus", status},
              {"headline", "Ferry line resumes service"},
              {"body_text", text}}
      .dump();
}

class DedupeIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    write("first.xml", rss("fire-1", "https://first.test/fire", kStory));
    config_ = (env_.work / "newswired.yaml").string();
    const std::string feeds = env_.base_url + "/" + env_.prefix;
    std::ofstream(config_) << "sources:\n"
                           << "  - { name: first, url: " << feeds << "/first.xml, interval: 2s }\n"
                           << "  - { name: second, url: " << feeds
                           << "/second.xml, interval: 2s }\n"
                           << "  - { name: wire, url: " << feeds << "/wire.json, interval: 2s }\n"
                           << "kafka:\n  brokers: " << env_.bootstrap
                           << "\n  topics: { articles: " << topic("articles")
                           << ", duplicates: " << topic("duplicates")
                           << ", dead_letter: " << topic("deadletter")
                           << ", kills: " << topic("kills") << " }\n"
                           << "  flush_timeout: 60s\n"
                           << "metrics: { listen: '' }\n"
                           << "state_dir: " << (env_.work / "state").string() << "\n";
  }
  void write(const std::string& name, const std::string& body) {
    std::ofstream(env_.docroot / name, std::ios::trunc) << body;
  }
  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }
  int run_once(const std::string& label) {
    log_ = (env_.work / label).string();
    return run({NW_DAEMON, "run", "--once", "--config", config_}, log_);
  }
  std::vector<json> values(const std::string& role) {
    std::vector<json> out;
    for (const auto& r : read_topic(env_.bootstrap, topic(role)))
      out.push_back(json::parse(r.value));
    return out;
  }

  IntegrationEnv env_;
  std::string config_;
  std::string log_;
};

TEST_F(DedupeIngestTest, UpdateIsVersionTwoAndRetoldStoryIsNearDuplicate) {
  // First poll: only the first feed has the story (the second answers 404).
  ASSERT_EQ(run_once("first"), 0) << read_file(log_ + ".err");
  const auto articles = values("articles");
  ASSERT_EQ(articles.size(), 1u);
  const json original = articles[0];
  EXPECT_EQ(original["version"], 1);
  EXPECT_EQ(original["cluster_id"], original["id"]);

  // Second poll: the first feed edits its item, the second feed carries the story retold.
  write("first.xml",
        rss("fire-1", "https://first.test/fire",
            std::string(kStory) + " Police said on Wednesday that the fire had been set on purpose "
                                  "and that two teenagers had been questioned about it."));
  write("second.xml",
        rss("fire-2", "https://second.test/fire", std::string("(Second Wire) - ") + kStory));
  ASSERT_EQ(run_once("second"), 0) << read_file(log_ + ".err");
  const auto after = values("articles");
  ASSERT_EQ(after.size(), 2u) << json(after).dump(2);
  const json& v2 = after[1];
  EXPECT_EQ(v2["id"], original["id"]);
  EXPECT_EQ(v2["version"], 2);
  EXPECT_FALSE(v2["updated_at"].is_null());
  EXPECT_EQ(v2["cluster_id"], original["id"]);
  const auto headers = read_topic(env_.bootstrap, topic("articles"))[1].headers;
  EXPECT_EQ(headers.at("ce_id"), original["id"].get<std::string>() + "-v2");

  const auto dups = values("duplicates");
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(dups[0]["source"]["name"], "second");
  EXPECT_EQ(dups[0]["duplicate_of"]["id"], original["id"]);
  EXPECT_EQ(dups[0]["duplicate_of"]["reason"], "near_duplicate");
  EXPECT_GT(dups[0]["duplicate_of"]["similarity"].get<double>(), 0.95);
  EXPECT_EQ(dups[0]["cluster_id"], original["id"]);

  // A third poll brings nothing new.
  ASSERT_EQ(run_once("third"), 0) << read_file(log_ + ".err");
  EXPECT_EQ(values("articles").size(), 2u);
  EXPECT_EQ(values("duplicates").size(), 1u);
}

TEST_F(DedupeIngestTest, WireKillReachesTheKillsTopicAndTheItemStaysDown) {
  const std::string text =
      "The ferry line between the harbour and the islands resumed service on Monday after a "
      "three-week strike by deck crews ended with a pay agreement.";
  write("wire.json", ninjs("1", "usable", text));
  ASSERT_EQ(run_once("usable"), 0) << read_file(log_ + ".err");
  const auto before = values("articles");
  auto item = std::find_if(before.begin(), before.end(),
                           [](const json& a) { return a["source"]["name"] == "wire"; });
  ASSERT_NE(item, before.end()) << json(before).dump(2);
  EXPECT_EQ((*item)["source"]["format"], "ninjs");
  EXPECT_EQ((*item)["wire"]["pub_status"], "usable");
  const std::string id = (*item)["id"];

  write("wire.json", ninjs("2", "canceled", text));
  ASSERT_EQ(run_once("kill"), 0) << read_file(log_ + ".err");
  const auto kills = read_topic(env_.bootstrap, topic("kills"));
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_EQ(kills[0].key, id);
  const json kill = json::parse(kills[0].value);
  EXPECT_EQ(kill["wire"]["pub_status"], "canceled");
  EXPECT_EQ(kill["version"], 2);

  // The agency sends the item again as usable: it stays down.
  write("wire.json", ninjs("3", "usable", text + " Timetables are unchanged."));
  ASSERT_EQ(run_once("after"), 0) << read_file(log_ + ".err");
  EXPECT_EQ(values("articles").size(), before.size());
  EXPECT_EQ(read_topic(env_.bootstrap, topic("kills")).size(), 1u);
}

}  // namespace
}  // namespace newswired::testing
