// The log lines as collectors read them: every JSON line is one object with stable keys, and
// what a message holds (quotes, newlines, bytes that are not UTF-8) cannot break a line.

#include "daemon/ops/log.h"

#include <chrono>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

namespace newswired {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void start(const std::string& level, const std::string& format) {
    out_.str("");
    log::init(LogConfig{level, format}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }
  void TearDown() override { log::init(LogConfig{"info", "text"}); }

  std::vector<std::string> lines() const {
    std::vector<std::string> result;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
  }
  // Each line parsed; a line that is not one JSON object fails the test.
  std::vector<nlohmann::json> events() const {
    std::vector<nlohmann::json> result;
    for (const auto& line : lines()) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      EXPECT_TRUE(j.is_object()) << line;
      result.push_back(j);
    }
    return result;
  }

  std::ostringstream out_;
};

std::set<std::string> keys(const nlohmann::json& j) {
  std::set<std::string> k;
  for (const auto& [key, value] : j.items()) k.insert(key);
  return k;
}

TEST_F(LogTest, JsonCarriesStableKeysAsStrings) {
  start("info", "json");
  const auto before = std::chrono::system_clock::now();
  log::warn({.source = "dw-top", .stage = "publish", .error = "Local: Message timed out"},
            "Kafka did not take article {}", "abc");
  const auto e = events();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(keys(e[0]), (std::set<std::string>{"ts", "level", "source", "stage", "msg", "error"}));
  for (const auto& [key, value] : e[0].items()) EXPECT_TRUE(value.is_string()) << key;
  EXPECT_EQ(e[0]["level"], "warn");
  EXPECT_EQ(e[0]["source"], "dw-top");
  EXPECT_EQ(e[0]["stage"], "publish");
  EXPECT_EQ(e[0]["msg"], "Kafka did not take article abc");
  EXPECT_EQ(e[0]["error"], "Local: Message timed out");

  const std::string ts = e[0]["ts"];
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      ts, m, std::regex(R"((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z)")))
      << ts;
  // The same instant as the clock's, in UTC.
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = std::stoi(m[4]);
  tm.tm_min = std::stoi(m[5]);
  tm.tm_sec = std::stoi(m[6]);
  const auto at = std::chrono::system_clock::from_time_t(timegm(&tm)) +
                  std::chrono::milliseconds(std::stoi(m[7]));
  EXPECT_GE(at, std::chrono::floor<std::chrono::milliseconds>(before));
  EXPECT_LE(at, std::chrono::system_clock::now());
}

TEST_F(LogTest, UnknownFieldsAreAbsentNotNull) {
  start("info", "json");
  log::info("", "polling {} sources", 3);
  log::error("dw-top", "could not save fetch state");
  log::error({.stage = "spool", .error = "MDB_MAP_FULL"}, "could not record a delivery");
  const auto e = events();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(keys(e[0]), (std::set<std::string>{"ts", "level", "msg"}));
  EXPECT_EQ(keys(e[1]), (std::set<std::string>{"ts", "level", "source", "msg"}));
  EXPECT_EQ(keys(e[2]), (std::set<std::string>{"ts", "level", "stage", "msg", "error"}));
  EXPECT_EQ(e[1]["source"], "dw-top");
  EXPECT_EQ(e[2]["error"], "MDB_MAP_FULL");
}

TEST_F(LogTest, LevelNamesAreTheFourCollectorsKnow) {
  start("trace", "json");
  log::debug("", "d");
  log::info("", "i");
  log::warn("", "w");
  log::error("", "e");
  log::write(spdlog::level::trace, "", "t");
  log::write(spdlog::level::critical, "", "c");
  std::vector<std::string> levels;
  for (const auto& e : events()) levels.push_back(e["level"]);
  EXPECT_EQ(levels, (std::vector<std::string>{"debug", "info", "warn", "error", "debug", "error"}));
}

TEST_F(LogTest, EscapesQuotesControlCharactersAndInvalidUtf8) {
  start("info", "json");
  const std::string tricky = "say \"hi\" \\ back\ttab \x01 end";
  log::warn({.source = "quote\"d", .error = "line one\nline two"}, "{}", tricky);
  log::warn("", "bad bytes: \xff\xfe and a cut sequence \xe2\x82");
  log::warn("", "first line\nsecond line\r\nthird line");
  const auto raw = lines();
  ASSERT_EQ(raw.size(), 3u) << out_.str();
  const auto e = events();
  EXPECT_EQ(e[0]["msg"], tricky);
  EXPECT_EQ(e[0]["source"], "quote\"d");
  EXPECT_EQ(e[0]["error"], "line one\nline two");
  const std::string replaced = e[1]["msg"];
  EXPECT_NE(replaced.find("bad bytes: \xef\xbf\xbd"), std::string::npos) << replaced;
  EXPECT_EQ(replaced.find('\xff'), std::string::npos);
  EXPECT_EQ(e[2]["msg"], "first line\nsecond line\r\nthird line");
  for (const auto& line : raw) EXPECT_EQ(line.find('\r'), std::string::npos) << line;
}

TEST_F(LogTest, LevelFilterDropsWhatIsBelowIt) {
  start("warn", "json");
  log::debug("", "d");
  log::info("", "i");
  log::warn("", "w");
  log::error("", "e");
  const auto e = events();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0]["msg"], "w");
  EXPECT_EQ(e[1]["msg"], "e");

  start("error", "text");
  log::warn("dw-top", "w");
  log::error("dw-top", "e");
  ASSERT_EQ(lines().size(), 1u) << out_.str();
}

TEST_F(LogTest, ThreadsNeverShareALine) {
  start("info", "json");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 250; ++i) log::info({.source = "s" + std::to_string(t)}, "event {}", i);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(events().size(), 1000u);
}

TEST_F(LogTest, TextShowsSourceStageAndErrorCompactly) {
  start("info", "text");
  log::warn({.source = "dw-top", .stage = "publish", .error = "Local: Message timed out"},
            "Kafka did not take article {}", "abc");
  log::info("", "polling {} sources", 2);
  const auto l = lines();
  ASSERT_EQ(l.size(), 2u);
  EXPECT_TRUE(std::regex_match(
      l[0], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warning \[dw-top\] Kafka did not )"
                       R"(take article abc: Local: Message timed out \[publish\])")))
      << l[0];
  EXPECT_TRUE(std::regex_match(l[1], std::regex(R"(\S+Z info  polling 2 sources)"))) << l[1];
}

}  // namespace
}  // namespace newswired
