// SIGHUP re-reads the tag rules of a running daemon: a broken file is reported with file:line
// and the running rules stay; a good one applies to the next articles.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void write_feed(const fs::path& path, const std::vector<std::string>& titles) {
  std::ofstream out(path);
  out << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
         "<link>https://example.org/</link><description>d</description>";
  for (std::size_t i = 0; i < titles.size(); ++i)
    out << "<item><title>" << titles[i] << "</title><guid>reload-" << i
        << "</guid><link>https://example.org/" << i << "</link><description>" << titles[i]
        << "</description></item>";
  out << "</channel></rss>";
}

// Polls `predicate` until it holds; false if it never did within a generous deadline.
template <typename F>
bool eventually(F predicate) {
  for (auto until = std::chrono::steady_clock::now() + 90s;
       std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(100ms))
    if (predicate()) return true;
  return false;
}

std::vector<std::string> read_topic(const std::string& broker, const fs::path& out) {
  const std::string cmd = "kcat -q -C -e -b " + broker + " -t news.articles -f '%s\\n' > " +
                          out.string() + " 2>/dev/null";
  std::vector<std::string> records;
  if (std::system(cmd.c_str()) != 0) return records;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) records.push_back(line);
  return records;
}

TEST(TagReload, SighupAppliesNewRulesAndKeepsOldOnBrokenFile) {
  const fs::path dir = fs::temp_directory_path() / ("nw-tag-reload-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "rules");
  std::ofstream(dir / "rules" / "topics.tsv") << "medtop:15000000\ttopic\tsport\t\tfootball\n";
  write_feed(dir / "feed.xml", {"Football returns to Zanzibar"});
  std::ofstream(dir / "c.yaml") << "sources:\n  - { name: t, url: file:feed.xml, interval: 1s, "
                                   "min_interval: 1s, max_interval: 1s }\n"
                                   "kafka: { brokers: embedded }\n"
                                   "metrics: { listen: '127.0.0.1:0' }\n"
                                   "state_dir: state\ntagging: { dir: rules }\n";
  const std::string log = (dir / "run").string();
  Child daemon = spawn({NW_DAEMON, "run", "--config", (dir / "c.yaml").string()}, log);
  auto err = [&] { return read_file(daemon.stderr_path); };
  std::string address;  // copied out: a match points into the log text it was found in
  ASSERT_TRUE(eventually([&] {
    const std::string e = err();
    std::smatch broker;
    if (!std::regex_search(e, broker, std::regex("kcat -b (127\\.0\\.0\\.1:[0-9]+)"))) return false;
    address = broker[1];
    return true;
  })) << err();
  std::vector<std::string> records;
  ASSERT_TRUE(eventually([&] { return !(records = read_topic(address, dir / "topic")).empty(); }))
      << err();
  EXPECT_NE(records[0].find("\"medtop:15000000\""), std::string::npos) << records[0];
  EXPECT_EQ(records[0].find("iso3166:TZ"), std::string::npos) << records[0];

  std::ofstream(dir / "rules" / "places.tsv") << "# places\niso3166:TZ\tcountry\tTanzania\n";
  ASSERT_EQ(kill(daemon.pid, SIGHUP), 0);
  ASSERT_TRUE(
      eventually([&] { return err().find("tag rules not reloaded") != std::string::npos; }));
  EXPECT_NE(err().find("places.tsv:2: expected 5 or 6 tab-separated columns"), std::string::npos)
      << err();

  std::ofstream(dir / "rules" / "places.tsv") << "iso3166:TZ\tcountry\tTanzania\tTZ\tZanzibar\n";
  ASSERT_EQ(kill(daemon.pid, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return err().find("tag rules reloaded") != std::string::npos; }));
  write_feed(dir / "feed.xml", {"Football returns to Zanzibar", "Zanzibar football final"});
  ASSERT_TRUE(eventually([&] {
    return (records = read_topic(address, dir / "topic")).size() >= 2;
  })) << err();
  EXPECT_NE(records[1].find("\"iso3166:TZ\""), std::string::npos) << records[1];
  EXPECT_NE(records[1].find("\"medtop:15000000\""), std::string::npos) << records[1];

  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_EQ(wait_for(daemon, 60s), 0) << err();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswired::testing
