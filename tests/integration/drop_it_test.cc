// End to end: a drop directory feeding a real Kafka broker. Files dropped while the daemon
// runs and while it is stopped all arrive; a file leaves the directory only after Kafka
// acknowledged it (done/), or with its reason when unreadable (failed/); a Kafka outage keeps
// files in place; kill -9 in the middle of a stream of files loses no file and no article.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "tests/integration/environment.h"
#include "tests/integration/stories.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"
#include "tests/support/test_files.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class DropIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    drop_ = env_.work / "drop";
    fs::create_directories(drop_);
    write_config(env_.bootstrap);
  }
  void write_config(const std::string& brokers, const std::string& producer = "{}") {
    config_ = (env_.work / "newswired.yaml").string();
    std::ofstream(config_, std::ios::trunc)
        << "sources:\n"
        << "  - { name: drop, directory: " << drop_.string() << ", settle: 2s }\n"
        << "kafka:\n  brokers: " << brokers << "\n  topics: { articles: " << topic("articles")
        << ", duplicates: " << topic("duplicates") << ", dead_letter: " << topic("deadletter")
        << ", kills: " << topic("kills") << " }\n"
        << "  producer: " << producer << "\n"
        << "  flush_timeout: 20s\n"
        << "metrics: { listen: '' }\n"
        << "state_dir: " << (env_.work / "state").string() << "\n";
  }
  // Written beside and renamed into place, as careful writers do.
  void drop(const std::string& name, const std::string& body) {
    const fs::path tmp = drop_ / ("." + name + ".tmp");
    std::ofstream(tmp, std::ios::trunc) << body;
    fs::rename(tmp, drop_ / name);
  }
  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }
  std::vector<json> values(const std::string& role) {
    std::vector<json> out;
    for (const auto& r : read_topic(env_.bootstrap, topic(role)))
      out.push_back(json::parse(r.value));
    return out;
  }
  std::set<std::string> titles() {
    std::set<std::string> out;
    for (const auto& a : values("articles")) out.insert(a["title"].get<std::string>());
    return out;
  }
  bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
    for (auto end = std::chrono::steady_clock::now() + limit;
         std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(std::chrono::milliseconds(100)))
      if (done()) return true;
    return done();
  }

  IntegrationEnv env_;
  fs::path drop_;
  std::string config_;
};

TEST_F(DropIngestTest, FilesDroppedWhileStoppedAndWhileRunningAllArriveAndMoveOnlyWhenSafe) {
  // Arrived while the daemon was down.
  for (int i = 0; i < 3; ++i) drop("before-" + std::to_string(i) + ".json", story(i));
  Child daemon = spawn({NW_DAEMON, "run", "--config", config_}, (env_.work / "daemon").string());
  const fs::path done = drop_ / "done";
  ASSERT_TRUE(wait_until([&] { return file_names_in(done).size() == 3; }, std::chrono::seconds(60)))
      << read_file(daemon.stderr_path);

  // Arrived while it runs: renamed into place, unreadable, a temporary name, and one whose
  // writer keeps it open and pauses (shorter than `settle`) half-way.
  drop("during-0.json", story(10));
  drop("broken.xml", "<newsItem><unclosed");
  std::ofstream(drop_ / "upload.json.part") << story(11);
  {
    std::ofstream slow(drop_ / "slow.json");
    const std::string body = story(12);
    slow << body.substr(0, body.size() / 2) << std::flush;
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    slow << body.substr(body.size() / 2);
  }
  ASSERT_TRUE(wait_until([&] { return file_names_in(done).size() == 5; }, std::chrono::seconds(60)))
      << read_file(daemon.stderr_path);
  ASSERT_TRUE(wait_until([&] { return file_names_in(drop_ / "failed").size() == 2; },
                         std::chrono::seconds(30)));
  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_EQ(wait_for(daemon, std::chrono::seconds(60)), 0) << read_file(daemon.stderr_path);

  EXPECT_EQ(file_names_in(done),
            (std::set<std::string>{"before-0.json", "before-1.json", "before-2.json",
                                   "during-0.json", "slow.json"}));
  EXPECT_EQ(file_names_in(drop_ / "failed"),
            (std::set<std::string>{"broken.xml", "broken.xml.reason"}));
  EXPECT_NE(read_file((drop_ / "failed" / "broken.xml.reason").string()).find("parse"),
            std::string::npos);
  EXPECT_EQ(file_names_in(drop_), std::set<std::string>{"upload.json.part"});  // never taken
  EXPECT_EQ(titles(), (std::set<std::string>{"Story number 0", "Story number 1", "Story number 2",
                                             "Story number 10", "Story number 12"}));
  EXPECT_EQ(values("deadletter").size(), 1u);
}

TEST_F(DropIngestTest, KafkaOutageKeepsFilesUntilTheyAreDelivered) {
  drop("a.json", story(20));
  drop("b.json", story(21));
  // Nobody listens there: the records time out and the files must stay where they are.
  write_config("127.0.0.1:" + std::to_string(free_port()), "{ message.timeout.ms: 3000 }");
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, (env_.work / "outage").string()),
            3);
  EXPECT_EQ(file_names_in(drop_), (std::set<std::string>{"a.json", "b.json"}));
  EXPECT_TRUE(file_names_in(drop_ / "done").empty());
  EXPECT_NE(read_file((env_.work / "outage.err").string()).find("kept to be read again"),
            std::string::npos);

  write_config(env_.bootstrap);
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, (env_.work / "back").string()),
            0)
      << read_file((env_.work / "back.err").string());
  EXPECT_TRUE(file_names_in(drop_).empty());
  EXPECT_EQ(file_names_in(drop_ / "done"), (std::set<std::string>{"a.json", "b.json"}));
  EXPECT_EQ(titles(), (std::set<std::string>{"Story number 20", "Story number 21"}));
}

TEST_F(DropIngestTest, KillNineInTheMiddleOfAStreamLosesNothing) {
  constexpr int kFiles = 300;
  std::set<std::string> expected;
  for (int i = 0; i < kFiles; ++i) expected.insert("Story number " + std::to_string(100 + i));
  Child first = spawn({NW_DAEMON, "run", "--config", config_}, (env_.work / "first").string());
  // An agency keeps dropping files, through the crash and after it.
  std::thread agency([&] {
    for (int i = 0; i < kFiles; ++i) {
      drop("stream-" + std::to_string(i) + ".json", story(100 + i));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const bool started = wait_until([&] { return file_names_in(drop_ / "done").size() >= 30; },
                                  std::chrono::seconds(60));
  kill(first.pid, SIGKILL);
  wait_for(first, std::chrono::seconds(30));
  agency.join();
  ASSERT_TRUE(started) << read_file(first.stderr_path);
  const auto moved_before = file_names_in(drop_ / "done").size();
  EXPECT_LT(moved_before, static_cast<std::size_t>(kFiles));

  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config_}, (env_.work / "second").string()),
            0)
      << read_file((env_.work / "second.err").string());
  EXPECT_TRUE(file_names_in(drop_).empty());
  EXPECT_EQ(file_names_in(drop_ / "done").size(), static_cast<std::size_t>(kFiles));
  // At least once: every story is on the topic, whatever the kill interrupted.
  EXPECT_EQ(titles(), expected) << moved_before << " files were done before the kill";
}

}  // namespace
}  // namespace newswired::testing
