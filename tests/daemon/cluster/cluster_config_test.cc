// The `cluster:` block: valid forms, defaults, and each invalid value reported at its line.

#include <gtest/gtest.h>
#include <unistd.h>

#include "daemon/config/config_loader.h"

namespace newswired {
namespace {

Outcome<Config> load(const std::string& cluster_block) {
  const std::string yaml =
      "sources:\n  - name: a\n    url: https://a.example/feed\n" + cluster_block;
  return load_config_text(yaml, "fleet.yaml", Environment{});
}

std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

TEST(ClusterConfig, AbsentMeansASingleInstance) {
  auto c = load("");
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_FALSE(c.value().cluster.has_value());
}

TEST(ClusterConfig, GroupAloneTakesTheDefaults) {
  auto c = load("cluster:\n  group: newsroom\n");
  ASSERT_TRUE(c.ok()) << c.reason();
  ASSERT_TRUE(c.value().cluster.has_value());
  EXPECT_EQ(c.value().cluster->group, "newsroom");
  EXPECT_EQ(c.value().cluster->partitions, 24);
  EXPECT_EQ(c.value().cluster->instance, host_name());
  EXPECT_EQ(c.value().cluster->session_timeout, std::chrono::seconds(10));
}

TEST(ClusterConfig, SessionTimeoutNotBelowTheBrokersMinimum) {
  auto c = load("cluster:\n  group: g\n  session_timeout: 6s\n");
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_EQ(c.value().cluster->session_timeout, std::chrono::seconds(6));
  auto low = load("cluster:\n  group: g\n  session_timeout: 5500ms\n");
  ASSERT_FALSE(low.ok());
  EXPECT_NE(low.reason().find("fleet.yaml:6:20: cluster.session_timeout: '5500ms' is less than 6s"),
            std::string::npos)
      << low.reason();
}

TEST(ClusterConfig, EveryKeySet) {
  auto c = load("cluster:\n  group: news_room-2.eu\n  partitions: 1000\n  instance: host-a\n");
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_EQ(c.value().cluster->group, "news_room-2.eu");
  EXPECT_EQ(c.value().cluster->partitions, 1000);
  EXPECT_EQ(c.value().cluster->instance, "host-a");
}

TEST(ClusterConfig, TheDefaultUserAgentNamesTheInstance) {
  auto fleet = load("cluster:\n  group: g\n  instance: host-a\n");
  ASSERT_TRUE(fleet.ok()) << fleet.reason();
  EXPECT_TRUE(fleet.value().fetch.user_agent.starts_with("newswired/"));
  EXPECT_TRUE(fleet.value().fetch.user_agent.ends_with(" (instance host-a)"))
      << fleet.value().fetch.user_agent;
  auto single = load("");
  ASSERT_TRUE(single.ok()) << single.reason();
  EXPECT_EQ(single.value().fetch.user_agent.find("instance"), std::string::npos);
  EXPECT_TRUE(single.value().fetch.user_agent.starts_with("newswired/"));
  auto own = load("cluster:\n  group: g\nfetch: { user_agent: desk-bot/2 }\n");
  ASSERT_TRUE(own.ok()) << own.reason();
  EXPECT_EQ(own.value().fetch.user_agent, "desk-bot/2");
}

struct Invalid {
  const char* block;
  const char* expected;  // the whole start of the message: file, line, column, key
};

class ClusterConfigInvalid : public ::testing::TestWithParam<Invalid> {};

TEST_P(ClusterConfigInvalid, IsReportedAtItsLine) {
  auto c = load(GetParam().block);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find(GetParam().expected), std::string::npos) << c.reason();
}

INSTANTIATE_TEST_SUITE_P(
    EachCase, ClusterConfigInvalid,
    ::testing::Values(
        Invalid{"cluster:\n  partitions: 4\n", "fleet.yaml:5:3: cluster.group: required key"},
        Invalid{"cluster:\n  group: news room\n",
                "fleet.yaml:5:10: cluster.group: 'news room' may hold only"},
        Invalid{"cluster:\n  group: \"\"\n", "fleet.yaml:5:10: cluster.group: '' may hold only"},
        Invalid{"cluster:\n  group: a/b\n", "fleet.yaml:5:10: cluster.group: 'a/b' may hold only"},
        Invalid{"cluster:\n  group: g\n  partitions: 0\n",
                "fleet.yaml:6:15: cluster.partitions: '0' is not a whole number >= 1"},
        Invalid{"cluster:\n  group: g\n  partitions: 1001\n",
                "fleet.yaml:6:15: cluster.partitions: '1001' is more than 1000"},
        Invalid{"cluster:\n  group: g\n  partitions: 99999\n",
                "fleet.yaml:6:15: cluster.partitions: '99999' is more than 1000"},
        Invalid{"cluster:\n  group: g\n  instance: a:b\n",
                "fleet.yaml:6:13: cluster.instance: 'a:b' may hold only"},
        Invalid{"cluster:\n  group: g\n  members: 3\n",
                "fleet.yaml:6:3: cluster.members: unknown key"},
        Invalid{"cluster: newsroom\n", "fleet.yaml:4:10: cluster: expected a mapping"}));

TEST(ClusterConfig, AGroupTooLongForATopicNameIsRefused) {
  auto c = load("cluster:\n  group: " + std::string(201, 'g') + "\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find("fleet.yaml:5:10: cluster.group: "), std::string::npos) << c.reason();
  EXPECT_NE(c.reason().find("longer than 200"), std::string::npos) << c.reason();
}

}  // namespace
}  // namespace newswired
