// `newswired sources apply` against the real broker of the integration fixture: the topic it
// creates, the records it writes, and what it leaves alone.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "daemon/cluster/source_placement.h"
#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

std::string stamp() {
  return std::to_string(getpid()) + "-" +
         std::to_string(std::chrono::system_clock::now().time_since_epoch() /
                        std::chrono::milliseconds(1));
}

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

class SourcesApply : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nw-sources-apply-" + stamp());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_config(const std::string& text) {
    const fs::path path = dir_ / "fleet.yaml";
    std::ofstream(path) << text;
    return path.string();
  }

  Result apply(const std::string& path, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{NW_DAEMON, "sources", "apply", path};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const std::string prefix = (dir_ / ("apply-" + std::to_string(++runs_))).string();
    const int code = testing::run(argv, prefix, std::chrono::seconds(60));
    return {code, testing::read_file(prefix + ".out"), testing::read_file(prefix + ".err")};
  }

  fs::path dir_;
  int runs_ = 0;
};

std::string fleet_config(const std::string& group, int partitions, const std::string& sources) {
  return "cluster:\n  group: " + group + "\n  partitions: " + std::to_string(partitions) +
         "\nkafka:\n  brokers: " + testing::kafka_bootstrap() + "\nsources:\n" + sources;
}

const std::string kFourSources = R"(  - name: a1
    url: http://a.example/one.xml
  - name: a2
    url: https://A.Example:8443/two.xml
    interval: 90s
  - name: b1
    url: http://b.example/one.xml
  - name: b2
    url: http://b.example/two.xml
    agencies: [dpa]
)";

// The topic's partition count and configuration, as the cluster reports them.
struct TopicFacts {
  int partitions = 0;
  std::map<std::string, std::string> configs;
};

TopicFacts describe_topic(const std::string& topic) {
  TopicFacts facts;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", testing::kafka_bootstrap().c_str(), err, sizeof err);
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err), rd_kafka_destroy);
  if (!rk) {
    ADD_FAILURE() << err;
    return facts;
  }
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk.get(), 0, rkt, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (md->topic_cnt == 1) facts.partitions = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_topic_destroy(rkt);

  rd_kafka_ConfigResource_t* resource =
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk.get());
  rd_kafka_DescribeConfigs(rk.get(), &resource, 1, nullptr, q);
  rd_kafka_ConfigResource_destroy(resource);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 15000);
  if (ev && rd_kafka_event_error(ev) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::size_t n = 0;
    const auto** resources =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev), &n);
    std::size_t entries = 0;
    const auto** configs =
        n == 1 ? rd_kafka_ConfigResource_configs(resources[0], &entries) : nullptr;
    for (std::size_t i = 0; i < entries; ++i) {
      const char* value = rd_kafka_ConfigEntry_value(configs[i]);
      facts.configs[rd_kafka_ConfigEntry_name(configs[i])] = value ? value : "";
    }
  } else {
    ADD_FAILURE() << "DescribeConfigs of " << topic << " failed";
  }
  if (ev) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(q);
  return facts;
}

TEST_F(SourcesApply, WritesEachSourceOnceByHostAndTombstonesTheRemovedOnes) {
  ASSERT_FALSE(testing::kafka_bootstrap().empty())
      << "NW_IT_DIR/kafka/bootstrap: run through ctest";
  const std::string group = "it-apply-" + stamp();
  const std::string topic = "newswired." + group + ".sources";
  const std::string path = write_config(fleet_config(group, 6, kFourSources));

  const Result first = apply(path);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, topic + ": 4 added, 0 changed, 0 removed, 0 unchanged\n");
  TopicFacts facts = describe_topic(topic);
  EXPECT_EQ(facts.partitions, 6);
  EXPECT_EQ(facts.configs["cleanup.policy"], "compact");

  const auto records = testing::read_topic(testing::kafka_bootstrap(), topic);
  ASSERT_EQ(records.size(), 4u);
  std::map<std::string, testing::ConsumedRecord> by_name;
  for (const auto& r : records) by_name[r.key] = r;
  const std::int32_t host_a = partition_for("a.example", 6);
  const std::int32_t host_b = partition_for("b.example", 6);
  EXPECT_EQ(by_name["a1"].partition, host_a);
  EXPECT_EQ(by_name["a2"].partition, host_a);
  EXPECT_EQ(by_name["b1"].partition, host_b);
  EXPECT_EQ(by_name["b2"].partition, host_b);
  EXPECT_EQ(nlohmann::json::parse(by_name["a2"].value),
            nlohmann::json::parse(R"({"name":"a2","url":"https://A.Example:8443/two.xml",
                                      "interval":"90s"})"));
  EXPECT_EQ(nlohmann::json::parse(by_name["b2"].value)["agencies"], nlohmann::json({"dpa"}));

  const Result again = apply(path);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, topic + ": 0 added, 0 changed, 0 removed, 4 unchanged\n");
  EXPECT_EQ(testing::read_topic(testing::kafka_bootstrap(), topic).size(), 4u);

  std::string edited = kFourSources.substr(0, kFourSources.find("  - name: b2"));
  edited.replace(edited.find("one.xml"), 7, "one.xml\n    interval: 2m");
  write_config(fleet_config(group, 6, edited));
  const Result third = apply(path);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(third.out, topic + ": 0 added, 1 changed, 1 removed, 2 unchanged\n");
  const auto after = testing::read_topic(testing::kafka_bootstrap(), topic);
  ASSERT_EQ(after.size(), 6u);
  std::map<std::string, std::vector<std::string>> values;
  for (const auto& r : after) values[r.key].push_back(r.value);
  ASSERT_EQ(values["b2"].size(), 2u);
  EXPECT_EQ(values["b2"][1], "") << "a tombstone";
  ASSERT_EQ(values["a1"].size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(values["a1"][1])["interval"], "2m");
  EXPECT_EQ(values["a2"].size(), 1u);
  EXPECT_EQ(values["b1"].size(), 1u);
}

TEST_F(SourcesApply, AnExistingTopicKeepsItsPartitionCount) {
  ASSERT_FALSE(testing::kafka_bootstrap().empty())
      << "NW_IT_DIR/kafka/bootstrap: run through ctest";
  const std::string group = "it-count-" + stamp();
  const std::string path = write_config(fleet_config(group, 3, kFourSources));
  ASSERT_EQ(apply(path).exit_code, 0);
  write_config(fleet_config(group, 12, kFourSources));
  const Result second = apply(path);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 added, 0 changed, 0 removed, 4 unchanged"), std::string::npos)
      << second.out;
  const std::string topic = "newswired." + group + ".sources";
  EXPECT_EQ(describe_topic(topic).partitions, 3);
  for (const auto& r : testing::read_topic(testing::kafka_bootstrap(), topic))
    EXPECT_EQ(r.partition, partition_for(r.key[0] == 'a' ? "a.example" : "b.example", 3));
}

TEST_F(SourcesApply, UnreachableKafkaExitsOneAndSaysSo) {
  const std::string path = write_config(
      "cluster: { group: nowhere }\nkafka: { brokers: 127.0.0.1:1 }\nsources:\n" + kFourSources);
  const auto start = std::chrono::steady_clock::now();
  const Result r = apply(path, {"--timeout", "3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Kafka at 127.0.0.1:1 did not answer within 3s"), std::string::npos)
      << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST_F(SourcesApply, AFileWithoutClusterOrWithTheEmbeddedBrokerExitsTwo) {
  const std::string no_cluster =
      write_config("kafka: { brokers: 127.0.0.1:1 }\nsources:\n" + kFourSources);
  const Result r = apply(no_cluster);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.find(no_cluster + ": cluster: missing"), 0u) << r.err;

  const std::string embedded = write_config("cluster: { group: g }\nsources:\n" + kFourSources);
  const Result e = apply(embedded);
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("kafka.brokers: sources apply needs"), std::string::npos) << e.err;

  const std::string invalid =
      write_config("cluster: { group: g, partitions: 0 }\nsources:\n" + kFourSources);
  const Result i = apply(invalid);
  EXPECT_EQ(i.exit_code, 2);
  EXPECT_NE(i.err.find(invalid + ":1:"), std::string::npos) << i.err;
}

}  // namespace
}  // namespace newswired
