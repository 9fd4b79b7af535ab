#include "daemon/ops/status_page.h"

#include <regex>

#include <gtest/gtest.h>

namespace newswired {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15T08:00:00Z

StatusSnapshot sample() {
  StatusSnapshot snap;
  snap.instance = {"9.8.7", kNow - 3700, true, true, 2, 4096, 1 << 30};
  SourceStatus ok;
  ok.name = "a-good";
  ok.kind = "feed";
  ok.url = "https://good.example/rss";
  ok.last_fetch_at = kNow - 12;
  ok.last_http_status = 200;
  ok.last_result = "ok";
  ok.last_new_at = kNow - 300;
  ok.items_new = 40;
  ok.items_seen = 7;
  ok.history.push({kNow - 600, 3, true});
  ok.history.push({kNow - 12, 0, true});
  SourceStatus bad;
  bad.name = "z-bad";
  bad.kind = "feed";
  bad.url = "https://bad.example/feed?x=\"1\"&y=<2>";
  bad.last_fetch_at = kNow - 20;
  bad.last_http_status = 500;
  bad.last_result = "http_error";
  bad.last_error = "HTTP 500: <script>alert('x')</script> & more";
  bad.last_error_at = kNow - 20;
  bad.consecutive_failures = 3;
  bad.backoff_until = kNow + 90;
  bad.history.push({kNow - 20, 0, false});
  SourceStatus fresh;
  fresh.name = "m-new";
  fresh.kind = "directory";
  fresh.url = "/srv/drop";
  snap.sources = {ok, fresh, bad};
  return snap;
}

TEST(StatusJson, CarriesTheInstanceAndEverySource) {
  const json j = status_json(sample(), kNow);
  EXPECT_EQ(j["version"], "9.8.7");
  EXPECT_EQ(j["generated_at"], "2027-01-15T08:00:00Z");
  EXPECT_EQ(j["uptime_seconds"], 3700);
  EXPECT_EQ(j["ready"], true);
  EXPECT_EQ(j["kafka_connected"], true);
  EXPECT_EQ(j["spool"]["records"], 2);
  EXPECT_EQ(j["spool"]["bytes"], 4096);
  EXPECT_EQ(j["spool"]["limit_bytes"], 1 << 30);
  EXPECT_EQ(j["summary"]["backing_off"], 1);
  EXPECT_EQ(j["summary"]["ok"], 1);
  EXPECT_EQ(j["summary"]["pending"], 1);
  ASSERT_EQ(j["sources"].size(), 3u);

  const json& bad = j["sources"][0];  // worst first
  EXPECT_EQ(bad["name"], "z-bad");
  EXPECT_EQ(bad["state"], "backing_off");
  EXPECT_EQ(bad["last_http_status"], 500);
  EXPECT_EQ(bad["last_error"], "HTTP 500: <script>alert('x')</script> & more");
  EXPECT_EQ(bad["consecutive_failures"], 3);
  EXPECT_EQ(bad["backoff_until"], "2027-01-15T08:01:30Z");
  EXPECT_TRUE(bad["freshness_seconds"].is_null());
  EXPECT_EQ(bad["history"].size(), 1u);
  EXPECT_EQ(bad["history"][0]["ok"], false);

  const json& pending = j["sources"][1];  // never polled: before those known to work
  EXPECT_EQ(pending["state"], "pending");
  EXPECT_TRUE(pending["last_fetch_at"].is_null());
  EXPECT_TRUE(pending["last_http_status"].is_null());
  EXPECT_EQ(pending["history"], json::array());

  const json& good = j["sources"][2];
  EXPECT_EQ(good["name"], "a-good");
  EXPECT_EQ(good["state"], "ok");
  EXPECT_EQ(good["kind"], "feed");
  EXPECT_EQ(good["url"], "https://good.example/rss");
  EXPECT_EQ(good["last_fetch_at"], "2027-01-15T07:59:48Z");
  EXPECT_EQ(good["last_fetch_age_seconds"], 12);
  EXPECT_EQ(good["freshness_seconds"], 300);
  EXPECT_EQ(good["last_new_item_at"], "2027-01-15T07:55:00Z");
  EXPECT_EQ(good["items_new"], 40);
  EXPECT_EQ(good["items_seen"], 7);
  EXPECT_TRUE(good["last_error"].is_null());
  EXPECT_TRUE(good["backoff_until"].is_null());
  ASSERT_EQ(good["history"].size(), 2u);
  EXPECT_EQ(good["history"][0]["new_items"], 3);
  EXPECT_EQ(good["history"][0]["at"], "2027-01-15T07:50:00Z");
}

TEST(StatusJson, BytesThatAreNotUtf8DoNotBreakTheDocument) {
  StatusSnapshot snap = sample();
  snap.sources[1].last_error = "bad \xff\xfe byte";  // m-new
  const std::string text = status_json_text(snap, kNow);
  const json back = json::parse(text);
  bool found = false;
  for (const auto& s : back["sources"])
    if (s["name"] == "m-new") {
      EXPECT_EQ(s["last_error"], "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST(StatusJson, OrdersWorstFirstThenByName) {
  StatusSnapshot snap;
  auto add = [&](std::string name, int failures, bool circuit, bool quiet, bool retired) {
    SourceStatus s;
    s.name = std::move(name);
    s.last_fetch_at = kNow;
    s.consecutive_failures = failures;
    s.backoff_until = failures ? kNow + 60 : 0;
    s.circuit_open = circuit;
    s.quiet = quiet;
    s.retired = retired;
    snap.sources.push_back(s);
  };
  add("ok-b", 0, false, false, false);
  add("pending", 0, false, false, false);
  snap.sources.back().last_fetch_at = 0;
  add("quiet", 0, false, true, false);
  add("ok-a", 0, false, false, false);
  add("retired", 0, false, false, true);
  add("failing", 1, false, false, false);
  add("circuit", 5, true, false, false);
  add("backoff", 2, false, false, false);
  const json j = status_json(snap, kNow);
  std::vector<std::string> names;
  for (const auto& s : j["sources"]) names.push_back(s["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"circuit", "backoff", "failing", "retired", "quiet",
                                             "pending", "ok-a", "ok-b"}));
}

TEST(StatusHtml, EscapesWhatComesFromConfigAndServers) {
  const std::string html = status_html(sample(), kNow);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("HTTP 500: &lt;script&gt;alert('x')&lt;/script&gt; &amp; more"),
            std::string::npos);
  EXPECT_NE(html.find("https://bad.example/feed?x=\"1\"&amp;y=&lt;2&gt;"), std::string::npos);
  EXPECT_NE(html.find("data-source=\"z-bad\""), std::string::npos);
}

TEST(StatusHtml, IsSelfContainedWithARowAndSparklinePerSource) {
  const std::string html = status_html(sample(), kNow);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("<style>"), std::string::npos);
  // Nothing to fetch: no external stylesheet, script, image or font.
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);

  const std::regex row("<tr class=\"source\" data-source=\"([^\"]+)\" data-state=\"([a-z_]+)\"");
  std::vector<std::pair<std::string, std::string>> rows;
  for (std::sregex_iterator it(html.begin(), html.end(), row), end; it != end; ++it)
    rows.emplace_back((*it)[1], (*it)[2]);
  EXPECT_EQ(rows, (std::vector<std::pair<std::string, std::string>>{
                      {"z-bad", "backing_off"}, {"m-new", "pending"}, {"a-good", "ok"}}));

  const std::regex svg("<svg class=\"spark\"");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(html.begin(), html.end(), svg), std::sregex_iterator()),
      3);
  // a-good's two polls: one bar with new items (green), one without (grey); z-bad's failure red.
  EXPECT_NE(html.find("aria-label=\"2 recent polls: 3 new items, 0 failed\""), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"1 recent polls: 0 new items, 1 failed\""), std::string::npos);
  EXPECT_NE(html.find("<path fill=\"#dc2626\" d=\"M116 24v-24h3v24z\"/>"), std::string::npos);
  EXPECT_NE(html.find("<path fill=\"#16a34a\" d=\"M112 24v-24h3v24z\"/>"), std::string::npos);
  EXPECT_NE(html.find("<path fill=\"#a0a8b2\" d=\"M116 24v-2h3v2z\"/>"), std::string::npos);

  EXPECT_NE(html.find("up 1h"), std::string::npos);
  EXPECT_NE(html.find("2 records, 4.0 KiB of 1.0 GiB"), std::string::npos);
  EXPECT_NE(html.find("next poll in 1m"), std::string::npos);
}

TEST(StatusHtml, ThousandsOfSourcesStaySmall) {
  StatusSnapshot snap;
  for (int i = 0; i < 2000; ++i) {
    SourceStatus s;
    s.name = "source-" + std::to_string(i);
    s.url = "https://feeds.example/" + std::to_string(i);
    for (std::size_t p = 0; p < PollHistory::kCapacity; ++p)
      s.history.push({kNow - 60 * static_cast<int>(p), static_cast<std::uint32_t>(p % 4), true});
    s.last_fetch_at = kNow;
    snap.sources.push_back(std::move(s));
  }
  const std::string html = status_html(snap, kNow);
  // About 1 KB of table and 1 KB of sparkline per source.
  EXPECT_LT(html.size(), 2000u * 2500u);
}

TEST(ShortDuration, PicksTheLargestWholeUnit) {
  EXPECT_EQ(short_duration(-3), "0s");
  EXPECT_EQ(short_duration(59.9), "59s");
  EXPECT_EQ(short_duration(60), "1m");
  EXPECT_EQ(short_duration(3599), "59m");
  EXPECT_EQ(short_duration(7200), "2h");
  EXPECT_EQ(short_duration(86400 * 3 + 5), "3d");
  EXPECT_EQ(binary_size(512), "512 B");
  EXPECT_EQ(binary_size(std::uint64_t{3} << 20), "3.0 MiB");
}

}  // namespace
}  // namespace newswired
