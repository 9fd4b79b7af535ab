// SIGHUP re-reads the whole configuration of a running daemon: a file with errors is refused
// (file:line) and the running sources go on; a good one adds, removes and changes sources
// without a restart, and says which settings wait for one.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/process.h"
#include "tests/support/silent_server.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void write_feed(const fs::path& path, const std::string& name,
                const std::vector<std::string>& titles) {
  std::ofstream out(path.string() + ".tmp");
  out << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" << name
      << "</title><link>https://example.org/</link><description>d</description>";
  for (std::size_t i = 0; i < titles.size(); ++i)
    out << "<item><title>" << titles[i] << "</title><guid>" << name << "-" << i
        << "</guid><link>https://example.org/" << name << "/" << i << "</link><description>"
        << titles[i] << " was reported today.</description></item>";
  out << "</channel></rss>";
  out.close();
  fs::rename(path.string() + ".tmp", path);
}

void write_config(const fs::path& dir, const std::string& sources, const std::string& extra = "") {
  std::ofstream(dir / "c.yaml.tmp") << "sources:\n"
                                    << sources << "kafka: { brokers: embedded }\n"
                                    << "metrics: { listen: '127.0.0.1:0' }\n"
                                    << "state_dir: state\n"
                                    << extra;
  fs::rename(dir / "c.yaml.tmp", dir / "c.yaml");
}

std::string source(const std::string& name) {
  return "  - { name: " + name + ", url: file:" + name + ".xml, interval: 1s, min_interval: 1s, " +
         "max_interval: 1s }\n";
}

template <typename F>
bool eventually(F predicate) {
  for (auto until = std::chrono::steady_clock::now() + 60s;
       std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(100ms))
    if (predicate()) return true;
  return false;
}

std::string topic_text(const std::string& broker, const fs::path& out) {
  const std::string cmd = "kcat -q -C -e -b " + broker + " -t news.articles -f '%s\\n' > " +
                          out.string() + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return "";
  return read_file(out.string());
}

TEST(ConfigReload, SighupSwapsSourcesAndRefusesABrokenFile) {
  const fs::path dir = fs::temp_directory_path() / ("nw-reload-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_feed(dir / "alpha.xml", "alpha", {"Alpha one"});
  write_feed(dir / "bravo.xml", "bravo", {"Bravo one"});
  write_config(dir, source("alpha"));
  Child daemon =
      spawn({NW_DAEMON, "run", "--config", (dir / "c.yaml").string()}, (dir / "run").string());
  auto err = [&] { return read_file(daemon.stderr_path); };
  std::string broker;  // copied out: a match points into the log text it was found in
  ASSERT_TRUE(eventually([&] {
    const std::string e = err();
    std::smatch m;
    if (!std::regex_search(e, m, std::regex("kcat -b (127\\.0\\.0\\.1:[0-9]+)"))) return false;
    broker = m[1];
    return true;
  })) << err();
  auto topic = [&] { return topic_text(broker, dir / "topic"); };
  ASSERT_TRUE(eventually([&] { return topic().find("Alpha one") != std::string::npos; })) << err();

  // A broken file: refused with its line, and alpha keeps being polled.
  write_config(dir, source("bravo") + "  - { name: charlie, url: file:c.xml, interval: soon }\n");
  ASSERT_EQ(kill(daemon.pid, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return err().find("not reloaded") != std::string::npos; })) << err();
  EXPECT_NE(err().find("c.yaml:3"), std::string::npos) << err();
  write_feed(dir / "alpha.xml", "alpha", {"Alpha one", "Alpha two"});
  ASSERT_TRUE(eventually([&] { return topic().find("Alpha two") != std::string::npos; })) << err();
  EXPECT_EQ(topic().find("Bravo"), std::string::npos);

  // A good one: bravo replaces alpha; a setting that shapes the running daemon waits.
  write_config(dir, source("bravo"), "pipeline: { queue_capacity: 64 }\n");
  ASSERT_EQ(kill(daemon.pid, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return err().find("1 added, 1 removed") != std::string::npos; }))
      << err();
  EXPECT_NE(err().find("pipeline.queue_capacity take effect at the next restart"),
            std::string::npos)
      << err();
  ASSERT_TRUE(eventually([&] { return topic().find("Bravo one") != std::string::npos; })) << err();
  write_feed(dir / "alpha.xml", "alpha", {"Alpha one", "Alpha two", "Alpha three"});
  write_feed(dir / "bravo.xml", "bravo", {"Bravo one", "Bravo two"});
  ASSERT_TRUE(eventually([&] { return topic().find("Bravo two") != std::string::npos; })) << err();
  std::this_thread::sleep_for(2s);  // two more polls, had alpha still been polled
  EXPECT_EQ(topic().find("Alpha three"), std::string::npos) << "alpha was removed";

  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_EQ(wait_for(daemon, 60s), 0) << err();
  fs::remove_all(dir);
}

// --once reads its configuration once: a SIGHUP in the middle of its pass neither reloads
// nor turns the pass into scheduled polling, so the run still ends by itself.
TEST(ConfigReload, OnceIgnoresSighupAndStillEnds) {
  const fs::path dir = fs::temp_directory_path() / ("nw-reload-once-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  SilentServer silent;
  write_feed(dir / "alpha.xml", "alpha", {"Alpha one"});
  write_config(dir,
               source("alpha") + "  - { name: silent, url: 'http://127.0.0.1:" +
                   std::to_string(silent.port()) + "/feed' }\n",
               "fetch: { timeout: 4s }\n");
  Child daemon = spawn({NW_DAEMON, "run", "--once", "--config", (dir / "c.yaml").string()},
                       (dir / "run").string());
  auto err = [&] { return read_file(daemon.stderr_path); };
  ASSERT_TRUE(eventually([&] { return err().find("kcat -b") != std::string::npos; })) << err();
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(kill(daemon.pid, SIGHUP), 0);
  const int status = wait_for(daemon, 60s);
  EXPECT_NE(err().find("SIGHUP ignored"), std::string::npos) << err();
  EXPECT_EQ(err().find("reloaded"), std::string::npos) << err();
  EXPECT_NE(err().find("silent"), std::string::npos) << "the silent source's timeout is named";
  EXPECT_GE(status, 0) << "the run ended by itself: " << err();
  EXPECT_NE(status, 128 + SIGHUP) << "SIGHUP is handled, not fatal";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswired::testing
