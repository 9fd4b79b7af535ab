// /status, /status.json and `newswired status` against the real daemon (embedded broker): a
// feed that works, one that cannot be read, and a reload that swaps sources.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "tests/daemon/ops/http_get.h"
#include "tests/integration/environment.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kGoodFeed = std::string(NW_SOURCE_DIR) + "/configs/demo/world-rss.xml";

std::size_t items_in(const std::string& feed) {
  const std::string text = read_file(feed);
  std::size_t n = 0;
  for (auto at = text.find("<item>"); at != std::string::npos; at = text.find("<item>", at + 1))
    ++n;
  return n;
}

const json* source_named(const json& status, const std::string& name) {
  for (const auto& s : status["sources"])
    if (s["name"] == name) return &s;
  return nullptr;
}

class StatusIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ =
        fs::path(NW_STATUS_WORK) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(work_);
    fs::create_directories(work_);
    config_ = (work_ / "newswired.yaml").string();
    port_ = free_port();
    base_ = "http://127.0.0.1:" + std::to_string(port_);
    // A path no server has, with markup in it: curl's error names it.
    missing_ = "file://" + (work_ / "missing" / "<script>alert(1)</script>.xml").string();
  }

  void TearDown() override {
    if (daemon_.pid > 0) {
      kill(daemon_.pid, SIGTERM);
      wait_for(daemon_, std::chrono::seconds(30));
    }
  }

  void write_config(const std::vector<std::pair<std::string, std::string>>& sources) {
    std::ofstream out(config_);
    out << "sources:\n";
    for (const auto& [name, url] : sources)
      out << "  - { name: " << name << ", url: \"" << url << "\", interval: 1h }\n";
    out << "kafka: { brokers: embedded }\n"
        << "metrics: { listen: 127.0.0.1:" << port_ << " }\n"
        << "state_dir: " << (work_ / "state").string() << "\n";
  }

  json status() {
    const auto r = http_get(base_ + "/status.json");
    if (r.status != 200) return json();
    return json::parse(r.body, nullptr, false);
  }

  // The status as soon as `done` holds for it, or the last one after 30 s.
  json status_when(const std::function<bool(const json&)>& done) {
    json s;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      s = status();
      if (s.is_object() && done(s)) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "status never got there; last: " << s.dump(2) << "\ndaemon log:\n"
                  << read_file(daemon_.stderr_path);
    return s;
  }

  fs::path work_;
  std::string config_;
  int port_ = 0;
  std::string base_;
  std::string missing_;
  Child daemon_;
};

TEST_F(StatusIntegrationTest, ShowsWorkingAndFailingSourcesAndFollowsReloads) {
  const std::size_t items = items_in(kGoodFeed);
  ASSERT_GT(items, 0u);
  write_config({{"wire-good", "file://" + kGoodFeed}, {"wire-bad", missing_}});
  daemon_ = spawn({NW_DAEMON, "run", "--config", config_}, (work_ / "daemon").string());

  const json s = status_when([&](const json& st) {
    const json* good = source_named(st, "wire-good");
    const json* bad = source_named(st, "wire-bad");
    return good && bad &&
           (*good)["items_new"].get<int>() + (*good)["items_seen"].get<int>() ==
               static_cast<int>(items) &&
           (*bad)["consecutive_failures"].get<int>() >= 1 && st["ready"] == true;
  });
  EXPECT_EQ(s["kafka_connected"], true);
  EXPECT_EQ(s["spool"]["limit_bytes"], std::uint64_t{1} << 30);
  EXPECT_GE(s["uptime_seconds"].get<int>(), 0);
  ASSERT_EQ(s["sources"].size(), 2u);

  const json& bad = s["sources"][0];  // the failing one first
  EXPECT_EQ(bad["name"], "wire-bad");
  EXPECT_EQ(bad["state"], "failing");  // the first retry is not due within the test
  EXPECT_EQ(bad["kind"], "feed");
  EXPECT_EQ(bad["last_result"], "transport_error");
  EXPECT_TRUE(bad["last_http_status"].is_null());
  EXPECT_NE(bad["last_error"].get<std::string>().find("<script>alert(1)</script>.xml"),
            std::string::npos)
      << bad["last_error"];
  EXPECT_FALSE(bad["backoff_until"].is_null());
  EXPECT_EQ(bad["history"].size(), 1u);
  EXPECT_EQ(bad["history"][0]["ok"], false);
  EXPECT_TRUE(bad["freshness_seconds"].is_null());

  const json& good = s["sources"][1];
  EXPECT_EQ(good["name"], "wire-good");
  EXPECT_EQ(good["state"], "ok");
  EXPECT_EQ(good["last_result"], "ok");
  EXPECT_GT(good["items_new"].get<int>(), 0);
  EXPECT_LE(good["last_fetch_age_seconds"].get<int>(), 30);
  EXPECT_LE(good["freshness_seconds"].get<int>(), 30);
  EXPECT_TRUE(good["last_error"].is_null());
  ASSERT_EQ(good["history"].size(), 1u);
  EXPECT_EQ(good["history"][0]["ok"], true);
  EXPECT_EQ(good["history"][0]["new_items"], good["items_new"]);

  const auto page = http_get(base_ + "/status");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;.xml"), std::string::npos);
  EXPECT_NE(page.body.find("data-source=\"wire-bad\" data-state=\"failing\""), std::string::npos);
  EXPECT_NE(page.body.find("data-source=\"wire-good\" data-state=\"ok\""), std::string::npos);

  // The terminal table, asked at the address given and at the one the config names.
  const std::string cli = (work_ / "cli").string();
  ASSERT_EQ(run({NW_DAEMON, "status", "--url", base_}, cli), 0) << read_file(cli + ".err");
  const std::string table = read_file(cli + ".out");
  EXPECT_TRUE(table.starts_with("newswired ")) << table;
  EXPECT_NE(table.find("ready, up "), std::string::npos) << table;
  const auto bad_row = table.find("\nwire-bad ");
  const auto good_row = table.find("\nwire-good ");
  ASSERT_NE(bad_row, std::string::npos) << table;
  ASSERT_NE(good_row, std::string::npos) << table;
  EXPECT_LT(bad_row, good_row);
  const std::string bad_line = table.substr(bad_row + 1, table.find('\n', bad_row + 1) - bad_row);
  EXPECT_NE(bad_line.find(" failing "), std::string::npos) << bad_line;
  EXPECT_NE(bad_line.find("<script>alert(1)</script>.xml"), std::string::npos) << bad_line;
  const std::string good_line =
      table.substr(good_row + 1, table.find('\n', good_row + 1) - good_row);
  EXPECT_NE(good_line.find(" ok "), std::string::npos) << good_line;
  EXPECT_NE(good_line.find(good["items_new"].dump() + "/"), std::string::npos) << good_line;
  const std::string by_config = (work_ / "cli-config").string();
  ASSERT_EQ(run({NW_DAEMON, "status", "--config", config_}, by_config), 0)
      << read_file(by_config + ".err");
  EXPECT_NE(read_file(by_config + ".out").find("\nwire-bad "), std::string::npos);

  // A reload: the failing feed goes, another comes, the good one keeps what it had.
  write_config({{"wire-good", "file://" + kGoodFeed}, {"wire-copy", "file://" + kGoodFeed}});
  ASSERT_EQ(kill(daemon_.pid, SIGHUP), 0);
  const json after = status_when([&](const json& st) {
    const json* copy = source_named(st, "wire-copy");
    return !source_named(st, "wire-bad") && copy &&
           (*copy)["items_new"].get<int>() + (*copy)["items_seen"].get<int>() ==
               static_cast<int>(items);
  });
  ASSERT_EQ(after["sources"].size(), 2u);
  const json* kept = source_named(after, "wire-good");
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ((*kept)["items_new"], good["items_new"]);
  EXPECT_GE((*kept)["history"].size(), 1u);
  const json* copy = source_named(after, "wire-copy");
  EXPECT_EQ((*copy)["state"], "ok");
  // The same items under another name: dedupe knows them already.
  EXPECT_EQ((*copy)["items_new"], 0);

  kill(daemon_.pid, SIGTERM);
  EXPECT_EQ(wait_for(daemon_, std::chrono::seconds(30)), 0) << read_file(daemon_.stderr_path);
  daemon_.pid = -1;
  const std::string gone = (work_ / "cli-gone").string();
  EXPECT_EQ(run({NW_DAEMON, "status", "--url", base_}, gone), 1);
  EXPECT_NE(read_file(gone + ".err").find("cannot reach newswired at " + base_), std::string::npos)
      << read_file(gone + ".err");
}

}  // namespace
}  // namespace newswired::testing
