// FTP and SFTP folders end to end: the real binary reads files from pure-ftpd and OpenSSH's
// sshd on loopback (tests/harness/ftp.sh, sftp.sh) and publishes to a real Kafka broker.
// Delivered files are deleted from the server, the unreadable one stays and is not downloaded
// again, and nothing is published twice.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/integration/environment.h"
#include "tests/integration/stories.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"
#include "tests/support/test_files.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

class RemoteFolderIngestTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : name)
      if (c == '/') c = '-';
    env_ = integration_env(name);
    harness_ = fs::path(std::getenv("NW_IT_DIR")) / GetParam();
    if (fs::exists(harness_ / "unavailable"))
      GTEST_SKIP() << read_file((harness_ / "unavailable").string());
    folder_ = harness_ / "root" / env_.prefix;
    fs::create_directories(folder_);
    // The FTP server acts as its virtual user on disk: it must be able to delete in here.
    if (fs::exists(harness_ / "uid") && getuid() == 0) {
      ASSERT_EQ(chown(folder_.c_str(), std::stoi(trimmed_file(harness_ / "uid")),
                      std::stoi(trimmed_file(harness_ / "gid"))),
                0);
    }
    const std::string auth =
        GetParam() == "ftp" ? "{ username: " + trimmed_file(harness_ / "user") +
                                  ", secret_file: " + (harness_ / "password").string() + " }"
                            : "{ username: " + trimmed_file(harness_ / "user") +
                                  ", private_key: " + (harness_ / "client_key").string() +
                                  ", known_hosts: " + (harness_ / "known_hosts").string() + " }";
    config_ = (env_.work / "newswired.yaml").string();
    std::ofstream(config_) << "sources:\n  - name: agency\n    url: "
                           << trimmed_file(harness_ / "base_url") << env_.prefix << "/\n"
                           << "    interval: 1s\n    settle: 1s\n    delete_after_ack: true\n"
                           << "    auth: " << auth << "\n"
                           << "kafka:\n  brokers: " << env_.bootstrap
                           << "\n  topics: { articles: " << topic("articles")
                           << ", duplicates: " << topic("duplicates")
                           << ", dead_letter: " << topic("deadletter") << " }\n"
                           << "  flush_timeout: 30s\n"
                           << "metrics: { listen: '' }\n"
                           << "state_dir: " << (env_.work / "state").string() << "\n";
  }
  void put(const std::string& name, const std::string& body) {
    std::ofstream(folder_ / name) << body;
  }
  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }
  int run_once(const std::string& label) {
    log_ = (env_.work / label).string();
    return run({NW_DAEMON, "run", "--once", "--config", config_}, log_);
  }
  std::multiset<std::string> titles() {
    std::multiset<std::string> out;
    for (const auto& r : read_topic(env_.bootstrap, topic("articles")))
      out.insert(nlohmann::json::parse(r.value)["title"].get<std::string>());
    return out;
  }

  IntegrationEnv env_;
  fs::path harness_;
  fs::path folder_;
  std::string config_;
  std::string log_;
};

TEST_P(RemoteFolderIngestTest, DeliveredFilesAreDeletedAndNothingComesTwice) {
  put("a.json", story(300));
  put("b.json", story(301));
  put("broken.xml", "<newsItem><unclosed");
  put("upload.json.part", story(302));  // still being uploaded under a temporary name
  ASSERT_EQ(run_once("first"), 0) << read_file(log_ + ".err");
  EXPECT_EQ(titles(), (std::multiset<std::string>{"Story number 300", "Story number 301"}));
  EXPECT_EQ(read_topic(env_.bootstrap, topic("deadletter")).size(), 1u);
  // Delivered: deleted from the server. Unreadable: left there, remembered as rejected.
  EXPECT_EQ(file_names_in(folder_), (std::set<std::string>{"broken.xml", "upload.json.part"}))
      << read_file(log_ + ".err");

  fs::rename(folder_ / "upload.json.part", folder_ / "c.json");
  ASSERT_EQ(run_once("second"), 0) << read_file(log_ + ".err");
  EXPECT_EQ(titles(), (std::multiset<std::string>{"Story number 300", "Story number 301",
                                                  "Story number 302"}));
  EXPECT_EQ(read_topic(env_.bootstrap, topic("deadletter")).size(), 1u);
  EXPECT_EQ(file_names_in(folder_), std::set<std::string>{"broken.xml"});
}

INSTANTIATE_TEST_SUITE_P(Servers, RemoteFolderIngestTest, ::testing::Values("ftp", "sftp"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace newswired::testing
