#include "daemon/publish/kafka_publisher.h"

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "daemon/publish/embedded_broker.h"
#include "tests/daemon/publish/kafka_test_util.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int16_t kProduceApi = 0;  // Kafka protocol ApiKey of Produce requests

// Every delivery report, per record, and the threads they ran on.
// Declared before the publisher in each test: its destructor may still report.
class Reports {
 public:
  explicit Reports(std::size_t n) : calls_(n) {}

  DeliveryCallback on(std::size_t i) {
    return [this, i](const DeliveryReport& r) {
      std::lock_guard lock(mu_);
      calls_[i].push_back(r);
      threads_.insert(std::this_thread::get_id());
    };
  }
  std::vector<std::vector<DeliveryReport>> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  std::set<std::thread::id> threads() const {
    std::lock_guard lock(mu_);
    return threads_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::vector<DeliveryReport>> calls_;
  std::set<std::thread::id> threads_;
};

KafkaConfig config_with(std::vector<std::pair<std::string, std::string>> producer = {}) {
  KafkaConfig c;
  c.producer = std::move(producer);
  return c;
}

std::unique_ptr<EmbeddedBroker> start_broker(const std::string& topic, int partitions) {
  auto b = EmbeddedBroker::start({topic}, partitions);
  if (!b.ok()) {
    ADD_FAILURE() << b.reason();
    return nullptr;
  }
  return std::move(b.value());
}

// A broker that is down from the start: what is produced waits in the producer's queue.
std::unique_ptr<EmbeddedBroker> start_broker_down(const std::string& topic) {
  auto broker = start_broker(topic, 1);
  if (broker &&
      rd_kafka_mock_broker_set_down(broker->mock_cluster(), 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ADD_FAILURE() << "cannot take the mock broker down";
    return nullptr;
  }
  return broker;
}

std::unique_ptr<KafkaPublisher> make_publisher(const EmbeddedBroker& broker,
                                               const KafkaConfig& config = config_with()) {
  auto p = KafkaPublisher::create(config, broker.bootstrap());
  if (!p.ok()) {
    ADD_FAILURE() << p.reason();
    return nullptr;
  }
  return std::move(p.value());
}

Record record(const std::string& topic, std::size_t i) {
  const std::string n = std::to_string(i);
  return Record{topic, "key-" + n, "{\"n\":" + n + "}", {{"ce_id", "id-" + n}, {"h", "x"}}};
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

TEST(KafkaPublisher, ConsumerReadsBackKeysValuesAndHeaders) {
  constexpr std::size_t kCount = 50;
  Reports reports(kCount);
  auto broker = start_broker("news.articles", 3);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < kCount; ++i)
    ASSERT_TRUE(publisher->produce(record("news.articles", i), reports.on(i)));
  ASSERT_EQ(publisher->flush(20s), 0);
  EXPECT_EQ(publisher->in_flight(), 0u);

  // Each callback ran exactly once, said ok, and named where the record landed.
  std::set<std::pair<int32_t, int64_t>> reported;
  const auto calls = reports.calls();
  for (std::size_t i = 0; i < kCount; ++i) {
    ASSERT_EQ(calls[i].size(), 1u) << "record " << i;
    const DeliveryReport& r = calls[i][0];
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_GE(r.partition, 0);
    EXPECT_LT(r.partition, 3);
    EXPECT_GE(r.offset, 0);
    reported.emplace(r.partition, r.offset);
  }
  EXPECT_EQ(reported.size(), kCount);
  EXPECT_EQ(reports.threads().count(std::this_thread::get_id()), 0u)
      << "callbacks belong on the poll thread";

  const auto consumed = testing::consume_all(broker->bootstrap(), "news.articles", 3);
  ASSERT_EQ(consumed.size(), kCount);
  std::set<std::pair<int32_t, int64_t>> stored;
  std::map<std::string, int32_t> partition_of;
  for (const auto& c : consumed) {
    stored.emplace(c.partition, c.offset);
    ASSERT_THAT(c.key, StartsWith("key-"));
    const std::string n = c.key.substr(4);
    EXPECT_EQ(c.value, "{\"n\":" + n + "}");
    EXPECT_EQ(c.headers,
              (std::multimap<std::string, std::string>{{"ce_id", "id-" + n}, {"h", "x"}}));
    EXPECT_TRUE(partition_of.emplace(c.key, c.partition).second) << "twice: " << c.key;
  }
  EXPECT_EQ(stored, reported);
}

// The hook closes each poll's reports on the poll thread, and flush() waits for it: what it
// does for a batch is done when flush() says everything is settled.
TEST(KafkaPublisher, AfterReportsRunsOnThePollThreadBeforeFlushReturns) {
  constexpr std::size_t kCount = 300;
  Reports reports(kCount);
  auto broker = start_broker("t", 3);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  std::mutex mu;
  std::size_t hooks = 0;
  std::size_t closed = 0;  // reports the hook has seen
  std::set<std::thread::id> hook_threads;
  publisher->after_reports([&] {
    std::lock_guard lock(mu);
    ++hooks;
    std::size_t n = 0;
    for (const auto& c : reports.calls()) n += c.size();
    closed = n;
    hook_threads.insert(std::this_thread::get_id());
  });
  for (std::size_t i = 0; i < kCount; ++i)
    ASSERT_TRUE(publisher->produce(record("t", i), reports.on(i)));
  ASSERT_EQ(publisher->flush(20s), 0);
  std::lock_guard lock(mu);
  EXPECT_EQ(closed, kCount);
  EXPECT_GE(hooks, 1u);
  EXPECT_LT(hooks, kCount) << "reports of one poll share a hook";
  EXPECT_EQ(hook_threads, reports.threads());
}

TEST(KafkaPublisher, SameKeyGoesToTheSamePartition) {
  Reports reports(10);
  auto broker = start_broker("t", 3);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < 10; ++i)
    publisher->produce(Record{"t", "same-key", std::to_string(i), {}}, reports.on(i));
  ASSERT_EQ(publisher->flush(20s), 0);
  std::set<int32_t> partitions;
  for (const auto& c : reports.calls()) partitions.insert(c.at(0).partition);
  EXPECT_EQ(partitions.size(), 1u);
}

TEST(KafkaPublisher, ConnectedOnceTheClusterAnswers) {
  auto broker = start_broker("t", 1);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  EXPECT_TRUE(eventually([&] { return publisher->connected(); }, 10s));
}

TEST(KafkaPublisher, UnknownSettingIsRejectedByName) {
  auto p = KafkaPublisher::create(config_with({{"foo", "bar"}}), "127.0.0.1:9");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.reason(), "kafka.producer.foo: No such configuration property: \"foo\"");
}

TEST(KafkaPublisher, BadValueIsRejectedByName) {
  auto p = KafkaPublisher::create(config_with({{"linger.ms", "soon"}}), "127.0.0.1:9");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.reason(), StartsWith("kafka.producer.linger.ms: "));
}

TEST(KafkaPublisher, ConflictingSettingsAreRejected) {
  // Each valid alone; acks=1 contradicts the default idempotence.
  auto p = KafkaPublisher::create(config_with({{"acks", "1"}}), "127.0.0.1:9");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.reason(), StartsWith("kafka.producer: "));
  EXPECT_THAT(p.reason(), HasSubstr("acks"));
}

TEST(KafkaPublisher, SettingsOverrideDefaults) {
  auto p = KafkaPublisher::create(
      config_with({{"enable.idempotence", "false"}, {"acks", "1"}, {"compression.type", "none"}}),
      "127.0.0.1:9");
  EXPECT_TRUE(p.ok()) << p.reason();
}

TEST(KafkaPublisher, RetriesThroughLeaderErrorsWithoutDuplicates) {
  constexpr std::size_t kCount = 10;
  Reports reports(kCount);
  auto broker = start_broker("t", 1);
  ASSERT_TRUE(broker);
  rd_kafka_mock_cluster_t* mock = broker->mock_cluster();
  ASSERT_EQ(
      rd_kafka_mock_broker_push_request_error_rtts(
          mock, 1, kProduceApi, 3, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0,
          RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0),
      RD_KAFKA_RESP_ERR_NO_ERROR);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < kCount; ++i) publisher->produce(record("t", i), reports.on(i));
  ASSERT_EQ(publisher->flush(30s), 0);

  std::size_t left = 99;
  ASSERT_EQ(rd_kafka_mock_broker_error_stack_cnt(mock, 1, kProduceApi, &left),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(left, 0u) << "the injected errors were not all hit";
  for (const auto& c : reports.calls()) {
    ASSERT_EQ(c.size(), 1u);
    EXPECT_TRUE(c[0].ok) << c[0].error;
  }
  // Once each, and in order: idempotence keeps retried batches from reordering or repeating.
  const auto consumed = testing::consume_all(broker->bootstrap(), "t", 1);
  ASSERT_EQ(consumed.size(), kCount);
  for (std::size_t i = 0; i < kCount; ++i) EXPECT_EQ(consumed[i].key, "key-" + std::to_string(i));
}

TEST(KafkaPublisher, RecordsTimeOutWhileTheBrokerIsDown) {
  constexpr std::size_t kCount = 5;
  Reports reports(kCount);
  auto broker = start_broker_down("t");
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker, config_with({{"message.timeout.ms", "1500"}}));
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < kCount; ++i)
    EXPECT_TRUE(publisher->produce(record("t", i), reports.on(i)));
  EXPECT_EQ(publisher->flush(200ms), static_cast<int>(kCount));
  EXPECT_EQ(publisher->flush(15s), 0);
  for (const auto& c : reports.calls()) {
    ASSERT_EQ(c.size(), 1u);
    EXPECT_FALSE(c[0].ok);
    EXPECT_THAT(c[0].error, HasSubstr("timed out"));
    EXPECT_TRUE(c[0].retriable) << "a timeout is no fault of the record";
    EXPECT_EQ(c[0].offset, -1);
  }
  EXPECT_FALSE(publisher->connected());
}

TEST(KafkaPublisher, PermanentErrorFailsTheRecordsWithoutRetrying) {
  Reports reports(3);
  auto broker = start_broker("t", 1);
  ASSERT_TRUE(broker);
  rd_kafka_mock_push_request_errors(broker->mock_cluster(), kProduceApi, 1,
                                    RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < 3; ++i) publisher->produce(record("t", i), reports.on(i));
  // Settled long before message.timeout.ms (5 min): the error is final, not retried.
  EXPECT_EQ(publisher->flush(15s), 0);
  for (const auto& c : reports.calls()) {
    ASSERT_EQ(c.size(), 1u);
    EXPECT_FALSE(c[0].ok);
    EXPECT_THAT(c[0].error, HasSubstr("authorization"));
    EXPECT_FALSE(c[0].retriable);
  }
  EXPECT_TRUE(testing::consume_all(broker->bootstrap(), "t", 1).empty());
}

TEST(KafkaPublisher, OversizedRecordFailsAtOnce) {
  Reports reports(1);
  auto broker = start_broker("t", 1);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker, config_with({{"message.max.bytes", "10000"}}));
  ASSERT_TRUE(publisher);
  EXPECT_FALSE(publisher->produce(Record{"t", "k", std::string(20000, 'x'), {}}, reports.on(0)));
  // Already settled when produce returns, on the calling thread.
  const auto calls = reports.calls();
  ASSERT_EQ(calls[0].size(), 1u);
  EXPECT_FALSE(calls[0][0].ok);
  EXPECT_THAT(calls[0][0].error, HasSubstr("too large"));
  EXPECT_EQ(publisher->in_flight(), 0u);
  EXPECT_EQ(publisher->flush(0ms), 0);
}

TEST(KafkaPublisher, FullQueueBlocksInsteadOfFailing) {
  constexpr std::size_t kCount = 200;
  Reports reports(kCount);
  auto broker = start_broker("t", 1);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker, config_with({{"queue.buffering.max.messages", "5"}}));
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < kCount; ++i) {
    ASSERT_TRUE(publisher->produce(record("t", i), reports.on(i)));
    ASSERT_LE(publisher->in_flight(), 5u) << "produce did not wait for room";
  }
  ASSERT_EQ(publisher->flush(20s), 0);
  for (const auto& c : reports.calls()) {
    ASSERT_EQ(c.size(), 1u);
    EXPECT_TRUE(c[0].ok) << c[0].error;
  }
  EXPECT_EQ(testing::consume_all(broker->bootstrap(), "t", 1).size(), kCount);
}

// A borrowed value's memory is let go with the failed record too.
TEST(KafkaPublisher, DestructionFailsWhatIsStillQueued) {
  Reports reports(4);
  auto broker = start_broker_down("t");
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  for (std::size_t i = 0; i < 3; ++i) publisher->produce(record("t", i), reports.on(i));
  auto value = std::make_shared<std::string>("borrowed");
  const std::weak_ptr<std::string> watch = value;
  publisher->produce(record("t", 3), BorrowedValue{*value, value}, reports.on(3));
  value.reset();
  EXPECT_FALSE(watch.expired());
  publisher.reset();  // no flush: the records can never be delivered
  for (const auto& c : reports.calls()) {
    ASSERT_EQ(c.size(), 1u);
    EXPECT_FALSE(c[0].ok);
    EXPECT_THAT(c[0].error, HasSubstr("Purged"));
  }
  EXPECT_TRUE(watch.expired());
}

// A borrowed value is what Kafka gets (not the record's own value), and the memory it lives in
// is held until its report, however long the record waits, and let go after it.
TEST(KafkaPublisher, BorrowedValueIsSentAndItsMemoryHeldUntilTheReport) {
  constexpr std::size_t kCount = 20;
  Reports reports(kCount);
  auto broker = start_broker_down("t");
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  auto values = std::make_shared<std::vector<std::string>>();
  for (std::size_t i = 0; i < kCount; ++i) values->push_back("borrowed " + std::to_string(i));
  const std::weak_ptr<std::vector<std::string>> watch = values;
  for (std::size_t i = 0; i < kCount; ++i) {
    Record r = record("t", i);
    r.value = "not this";
    ASSERT_TRUE(publisher->produce(r, BorrowedValue{(*values)[i], values}, reports.on(i)));
  }
  values.reset();
  EXPECT_EQ(publisher->flush(300ms), static_cast<int>(kCount));
  EXPECT_FALSE(watch.expired()) << "let go while the records still wait";
  ASSERT_EQ(rd_kafka_mock_broker_set_up(broker->mock_cluster(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(publisher->flush(20s), 0);
  EXPECT_TRUE(watch.expired()) << "held after every report";
  const auto consumed = testing::consume_all(broker->bootstrap(), "t", 1);
  ASSERT_EQ(consumed.size(), kCount);
  for (std::size_t i = 0; i < kCount; ++i) {
    EXPECT_EQ(consumed[i].key, "key-" + std::to_string(i));
    EXPECT_EQ(consumed[i].value, "borrowed " + std::to_string(i));
  }
}

TEST(KafkaPublisher, ConnectedFollowsTheBroker) {
  auto broker = start_broker("t", 1);
  ASSERT_TRUE(broker);
  auto publisher = make_publisher(*broker);
  ASSERT_TRUE(publisher);
  ASSERT_TRUE(eventually([&] { return publisher->connected(); }, 10s));
  rd_kafka_mock_broker_set_down(broker->mock_cluster(), 1);
  EXPECT_TRUE(eventually([&] { return !publisher->connected(); }, 15s));
  rd_kafka_mock_broker_set_up(broker->mock_cluster(), 1);
  EXPECT_TRUE(eventually([&] { return publisher->connected(); }, 15s));
}

}  // namespace
}  // namespace newswired
