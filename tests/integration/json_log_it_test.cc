// The real daemon with log.format: json, as journald, Loki or Elasticsearch take its standard
// error: every line one JSON object with the stable keys, failures naming source, stage and
// error. Its embedded broker, or a broker that is not there, so no fixture is needed.

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

class JsonLog : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-json-log-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A good feed and one whose file is missing, with `kafka` as the config's kafka section.
  fs::path config(const std::string& kafka) const {
    const auto path = dir_ / "c.yaml";
    std::ofstream(path) << "sources:\n"
                        << "  - name: good\n    url: file://" << NW_SOURCE_DIR
                        << "/configs/demo/world-rss.xml\n"
                        << "  - name: missing\n    url: file://" << (dir_ / "absent.xml").string()
                        << "\n"
                        << kafka << "metrics: { listen: \"127.0.0.1:0\" }\n"
                        << "state_dir: " << (dir_ / "state").string() << "\n"
                        << "log: { format: json, level: debug }\n";
    return path;
  }
  int run_once(const fs::path& config) {
    return run({NW_DAEMON, "run", "--once", "--config", config.string()}, (dir_ / "run").string());
  }
  std::string stderr_text() const { return read_file((dir_ / "run.err").string()); }

  // Every line of standard error, each checked to be one object with the stable keys.
  std::vector<nlohmann::json> events() const {
    static const std::set<std::string> kKeys{"ts", "level", "source", "stage", "msg", "error"};
    static const std::regex kTs(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    std::vector<nlohmann::json> result;
    std::istringstream lines(stderr_text());
    for (std::string line; std::getline(lines, line);) {
      const auto e = nlohmann::json::parse(line, nullptr, false);
      if (!e.is_object()) {
        ADD_FAILURE() << "not a JSON object: " << line;
        continue;
      }
      for (const auto& [key, value] : e.items()) {
        EXPECT_TRUE(kKeys.contains(key)) << key << " in " << line;
        // Unknown fields are absent, never null or empty.
        EXPECT_TRUE(value.is_string() && !value.get<std::string>().empty())
            << key << " in " << line;
      }
      EXPECT_TRUE(e.contains("msg")) << line;
      EXPECT_TRUE(std::regex_match(e.value("ts", ""), kTs)) << line;
      EXPECT_TRUE(
          (std::set<std::string>{"debug", "info", "warn", "error"}.contains(e.value("level", ""))))
          << line;
      result.push_back(e);
    }
    return result;
  }

  fs::path dir_;
};

TEST_F(JsonLog, EveryLineIsAnObjectOnARunWithAFailingSource) {
  ASSERT_EQ(run_once(config("kafka: { brokers: embedded }\n")), 0) << stderr_text();
  const auto all = events();
  EXPECT_GE(all.size(), 4u) << stderr_text();
  const std::string absent = (dir_ / "absent.xml").string();
  int missing = 0;
  int fetch_failures = 0;
  for (const auto& e : all) {
    if (e.value("source", "") != "missing") continue;
    ++missing;
    EXPECT_EQ(e["level"], "warn") << e;
    if (e["msg"] != "fetch failed") continue;
    ++fetch_failures;
    // The reason alone, as the transfer gave it, and the stage collectors index.
    EXPECT_EQ(e.value("stage", ""), "fetch") << e;
    // libcurl's words: "Couldn't read a file:// file: Couldn't open file <path>".
    EXPECT_NE(e.value("error", "").find("Couldn't open file " + absent), std::string::npos) << e;
  }
  EXPECT_GE(missing, 1) << "the missing feed is named as the source of its failure";
  EXPECT_EQ(fetch_failures, 1) << stderr_text();
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const nlohmann::json& e) {
    return e["msg"] == "delivered 3 articles, 0 duplicates, 0 dead letters" &&
           !e.contains("source");
  })) << stderr_text();
}

TEST_F(JsonLog, PublishFailuresNameSourceStageAndErrorApart) {
  const std::string unreachable =
      "kafka:\n  brokers: 127.0.0.1:1\n"
      "  producer: { message.timeout.ms: 1500 }\n  flush_timeout: 5s\n";
  ASSERT_EQ(run_once(config(unreachable)), 3) << stderr_text();
  int retries = 0;
  bool librdkafka = false;
  for (const auto& e : events()) {
    if (e.value("source", "") == "kafka") {
      librdkafka = true;
      EXPECT_EQ(e.value("stage", ""), "publish") << e;
      // Its errors name themselves in msg and keep librdkafka's reason apart.
      EXPECT_TRUE(e["level"] != "error" || e.contains("error")) << e;
      continue;
    }
    if (e.value("stage", "") != "publish") continue;
    ++retries;
    EXPECT_EQ(e.value("source", ""), "good") << e;
    EXPECT_EQ(e.value("error", ""), "Local: Message timed out") << e;
    const std::string msg = e["msg"];
    // Each names its record, also when sent again, and leaves the reason to `error`.
    EXPECT_TRUE(std::regex_match(msg, std::regex("Kafka did not take article [0-9a-f]{32} yet, "
                                                 "sending it again")))
        << msg;
  }
  // Three articles, each timed out at least twice before the stop.
  EXPECT_GE(retries, 6) << stderr_text();
  EXPECT_TRUE(librdkafka) << "librdkafka's complaints come through the same log";
}

}  // namespace
}  // namespace newswired::testing
