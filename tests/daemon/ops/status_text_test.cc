#include "daemon/ops/status_text.h"

#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "daemon/ops/status_page.h"

namespace newswired {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

StatusSnapshot two_sources() {
  StatusSnapshot snap;
  snap.instance = {"1.2.3", kNow - 7200, true, true, 0, 0, 1 << 30};
  SourceStatus good;
  good.name = "wire-good";
  good.kind = "feed";
  good.last_fetch_at = kNow - 42;
  good.last_http_status = 200;
  good.last_new_at = kNow - 600;
  good.items_new = 12;
  good.items_seen = 30;
  good.last_error = "HTTP 502";  // recovered from: not shown as current
  good.history.push({kNow - 42, 0, true});
  SourceStatus bad;
  bad.name = "wire-bad";
  bad.kind = "feed";
  bad.last_fetch_at = kNow - 5;
  bad.consecutive_failures = 1;
  bad.last_error = "Couldn't open file /x/\x1b[31mred\x1b[0m";
  snap.sources = {good, bad};
  return snap;
}

TEST(StatusText, OneAlignedRowPerSourceWorstFirst) {
  const auto lines = lines_of(status_table(status_json(two_sources(), kNow)));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0],
            "newswired 1.2.3: ready, up 2h, Kafka connected, spool 0 records (0 B of 1.0 GiB)");
  EXPECT_TRUE(lines[1].starts_with("SOURCE     STATE    LAST FETCH  HTTP  FAILS  LAST NEW  "))
      << lines[1];
  EXPECT_EQ(lines[2],
            "wire-bad   failing  5s ago      -     1      -         0/0       "
            "Couldn't open file /x/ [31mred [0m");
  EXPECT_EQ(lines[3], "wire-good  ok       42s ago     200   0      10m ago   12/30");
  // Every column starts where its header does.
  EXPECT_EQ(lines[1].find("HTTP"), lines[3].find("200"));
}

TEST(StatusText, SaysWhenTheDaemonIsNotReady) {
  StatusSnapshot snap = two_sources();
  snap.instance.ready = false;
  snap.instance.kafka_connected = false;
  const std::string text = status_table(status_json(snap, kNow));
  EXPECT_TRUE(text.starts_with("newswired 1.2.3: NOT READY, up 2h, Kafka NOT connected"));
}

TEST(StatusText, LongErrorsAreCutToTheTerminalBetweenCharacters) {
  StatusSnapshot snap = two_sources();
  std::string error;
  for (int i = 0; i < 60; ++i) error += "é";  // two bytes each
  snap.sources[1].last_error = error;
  const json doc = status_json(snap, kNow);
  const auto whole = lines_of(status_table(doc));
  EXPECT_TRUE(whole.at(2).ends_with(error)) << "not cut without a terminal";
  const auto cut = lines_of(status_table(doc, 120));
  const std::string& row = cut.at(2);
  ASSERT_TRUE(row.ends_with("...")) << row;
  EXPECT_LE(row.size(), 120u);
  const std::string shown = row.substr(row.find("é"));
  EXPECT_EQ((shown.size() - 3) % 2, 0u) << "cut inside a character";
  // However narrow the terminal, a few words of the error remain.
  const std::string narrow = lines_of(status_table(doc, 20)).at(2);
  EXPECT_GE(narrow.size() - narrow.find("é"), 26u) << narrow;
}

TEST(StatusText, ToleratesMissingAndOddFields) {
  const json doc = json::parse(
      R"({"ready": null, "sources": [{"name": "x", "state": null, "items_new": "many"}, 7]})");
  const auto lines = lines_of(status_table(doc));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "newswired : NOT READY, Kafka NOT connected");
  EXPECT_TRUE(lines[2].starts_with("x       ")) << lines[2];
  EXPECT_TRUE(lines[2].ends_with("-     0      -         0/0")) << lines[2];
}

TEST(StatusText, RecognisesOnlyStatusDocuments) {
  EXPECT_TRUE(looks_like_status(status_json(two_sources(), kNow)));
  EXPECT_FALSE(looks_like_status(json::parse(R"({"status":"ok"})")));
  EXPECT_FALSE(looks_like_status(json::parse("[1,2]")));
  EXPECT_FALSE(looks_like_status(json()));
}

}  // namespace
}  // namespace newswired
