// `newswired run --once` without external services: the embedded broker, and a broker that
// is not there at all.

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

class RunCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("nw-run-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    setenv("NEWSWIRED_STATE_DIR", (dir_ / "state").c_str(), 1);
    setenv("NEWSWIRED_METRICS_LISTEN", "127.0.0.1:0", 1);
  }
  void TearDown() override {
    unsetenv("NEWSWIRED_STATE_DIR");
    unsetenv("NEWSWIRED_METRICS_LISTEN");
    fs::remove_all(dir_);
  }
  std::string log() const { return (dir_ / "run").string(); }

  fs::path dir_;
};

TEST_F(RunCommand, DemoConfigDeliversToTheEmbeddedBroker) {
  const std::string demo = std::string(NW_SOURCE_DIR) + "/configs/demo.yaml";
  ASSERT_EQ(run({NW_DAEMON, "run", "--once", "--config", demo}, log()), 0)
      << read_file(log() + ".err");
  const std::string err = read_file(log() + ".err");
  EXPECT_NE(err.find("embedded Kafka broker at 127.0.0.1:"), std::string::npos) << err;
  EXPECT_NE(err.find("delivered 5 articles, 1 duplicates, 0 dead letters"), std::string::npos)
      << err;
  // The embedded broker forgets at exit, so a second run shows the demo again.
  ASSERT_EQ(run({NW_DAEMON, "run", "--once", "--config", demo}, log()), 0);
  EXPECT_NE(read_file(log() + ".err").find("delivered 5 articles"), std::string::npos);
}

TEST_F(RunCommand, OnceExitsNonZeroWhenKafkaNeverTookTheRecords) {
  const auto config = dir_ / "c.yaml";
  std::ofstream(config) << "sources:\n  - name: demo\n    url: file://" << NW_SOURCE_DIR
                        << "/configs/demo/world-rss.xml\n"
                        << "kafka:\n  brokers: 127.0.0.1:1\n"
                        << "  producer: { message.timeout.ms: 1500 }\n  flush_timeout: 10s\n";
  EXPECT_EQ(run({NW_DAEMON, "run", "--once", "--config", config.string()}, log()), 3);
  const std::string err = read_file(log() + ".err");
  EXPECT_NE(err.find("[demo] Kafka did not take article"), std::string::npos) << err;
  EXPECT_NE(err.find("stopped with undelivered records"), std::string::npos) << err;
  // librdkafka's own complaints come through the daemon's log, naming Kafka as the source.
  EXPECT_NE(err.find("[kafka] "), std::string::npos) << err;
}

TEST_F(RunCommand, JsonLogsAreOneObjectPerLine) {
  setenv("NEWSWIRED_LOG_FORMAT", "json", 1);
  const std::string demo = std::string(NW_SOURCE_DIR) + "/configs/demo.yaml";
  const int rc = run({NW_DAEMON, "run", "--once", "--config", demo}, log());
  unsetenv("NEWSWIRED_LOG_FORMAT");
  ASSERT_EQ(rc, 0);
  std::istringstream lines(read_file(log() + ".err"));
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    ASSERT_EQ(line.front(), '{') << line;
    ASSERT_EQ(line.back(), '}') << line;
    EXPECT_NE(line.find("\"level\":"), std::string::npos) << line;
    EXPECT_NE(line.find("\"msg\":"), std::string::npos) << line;
  }
  EXPECT_GE(n, 3);
}

}  // namespace
}  // namespace newswired::testing
