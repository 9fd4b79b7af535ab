// Exactly-once mode's fences against the real Kafka broker (librdkafka's mock cluster does
// not fence):
// - a second instance with the same transactional.id — a restart while the old process still
//   runs — fences the first. Its producer fails for good, nothing it held counts as delivered,
//   and the newer instance sends what is left, each record once for read_committed consumers;
// - in fleet mode, a transaction that commits a group position of an older generation is
//   refused, and records whose source the instance no longer owns are handed over, not sent.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include "daemon/publish/changelog.h"
#include "daemon/publish/transactional_sender.h"
#include "tests/daemon/publish/kafka_test_util.h"
#include "tests/integration/environment.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A scratch state store and spool per test, and names no other run uses.
class TransactionalFencing : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = testing::kafka_bootstrap();
    ASSERT_FALSE(broker_.empty()) << "NW_IT_DIR/kafka/bootstrap: run through ctest";
    stamp_ = std::to_string(getpid()) + "-" +
             std::to_string(std::chrono::system_clock::now().time_since_epoch() /
                            std::chrono::milliseconds(1));
    dir_ = fs::temp_directory_path() / ("nw-fencing-" + stamp_);
    auto opened = StateStore::open(dir_.string(), {Spool::kTable, kChangelogTable, "seen"});
    ASSERT_TRUE(opened.ok()) << opened.reason();
    store_ = opened.value();
    spool_ = std::make_unique<Spool>(store_, 1 << 20);
  }
  void TearDown() override {
    spool_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string name(const std::string& what) const { return "it-" + what + "-" + stamp_; }
  // Spools record `i` (key "key-<i>") of `source` for `topic`.
  void append(const std::string& topic, std::size_t i, const std::string& source = "wire") {
    SpoolEntry e;
    e.role = "articles";
    e.source = source;
    e.record = Record{topic, "key-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}", {}};
    e.on_ack = {{"seen", "i:" + std::to_string(i), "delivered", false}};
    spool_->append(
        std::move(e), [] { return false; }, [](const std::string&) {});
  }

  // The sender's reports, taken as the daemon takes them: a committed or handed-over record
  // leaves the spool.
  SpoolSender::OnReport record_reports() {
    return [this](std::uint64_t seq, SpoolEntry&& e, const DeliveryReport& r) {
      std::lock_guard lock(mu_);
      if (r.ok) delivered_.push_back(e.record.key);
      if (r.handed_over) handed_over_.push_back(e.record.key);
      if (!r.ok && !r.handed_over) return;
      ASSERT_EQ(store_->put({Spool::erase_write(seq)}), "");
      spool_->erased(seq);
    };
  }
  TransactionalSender::OnTrouble record_troubles() {
    return [this](const std::string& what, const std::string& error) {
      std::lock_guard lock(mu_);
      troubles_.push_back(what + ": " + error);
    };
  }

  std::mutex mu_;
  std::vector<std::string> delivered_, handed_over_, troubles_;  // keys; what and why
  std::string broker_;
  std::string stamp_;
  fs::path dir_;
  std::shared_ptr<StateStore> store_;
  std::unique_ptr<Spool> spool_;
};

TEST_F(TransactionalFencing, AFencedInstanceStopsAndLeavesItsEntriesToTheNewerOne) {
  const std::string& broker = broker_;
  auto& store = store_;
  Spool& spool = *spool_;
  const std::string articles = name("fencing-articles");
  const std::string changelog = name("fencing-changelog");
  const auto append = [&](std::size_t i) { this->append(articles, i); };
  KafkaConfig config;
  config.topics.changelog = changelog;
  config.transactional_id = name("fencing");
  const auto publisher = [&] {
    auto p = KafkaPublisher::create(config, broker);
    EXPECT_TRUE(p.ok()) << p.reason();
    return p.ok() ? std::move(p.value()) : nullptr;
  };
  TransactionalSender::Options options;
  options.changelog_topic = changelog;
  options.instance = config.transactional_id;
  options.max_batch = 4;
  options.linger = 20ms;
  options.timeout = 20s;

  std::mutex mu;
  std::vector<std::uint64_t> delivered;
  std::vector<std::string> troubles;
  std::size_t not_committed = 0;
  // As the daemon does: only a committed record leaves the spool.
  const auto on_report = [&](std::uint64_t seq, SpoolEntry&&, const DeliveryReport& r) {
    std::lock_guard lock(mu);
    if (!r.ok) {
      ++not_committed;
      return;
    }
    delivered.push_back(seq);
    ASSERT_EQ(store->put({Spool::erase_write(seq)}), "");
    spool.erased(seq);
  };
  const auto wait_for_empty_spool = [&] {
    for (int i = 0; i < 600 && spool.records() > 0; ++i) std::this_thread::sleep_for(50ms);
  };
  std::atomic<bool> give_up{false};

  for (std::size_t i = 0; i < 4; ++i) append(i);
  auto old_pub = publisher();
  ASSERT_TRUE(old_pub);
  TransactionalSender old_sender(
      spool, *old_pub, options, on_report, [](std::int64_t) {},
      [&](const std::string& what, const std::string& error) {
        std::lock_guard lock(mu);
        troubles.push_back(what + ": " + error);
      },
      &give_up);
  wait_for_empty_spool();
  ASSERT_EQ(delivered.size(), 4u);

  auto fencing_pub = publisher();
  ASSERT_TRUE(fencing_pub);
  ASSERT_FALSE(fencing_pub->init_transactions(30s)) << "the newer instance fences the older";
  for (std::size_t i = 4; i < 7; ++i) append(i);
  for (int i = 0; i < 600 && old_sender.healthy(); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(old_sender.healthy());
  EXPECT_TRUE(old_pub->failed_for_good());
  old_sender.stop();
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(delivered.size(), 4u) << "nothing the fenced instance held counts as delivered ("
                                    << not_committed << " reported not committed)";
    EXPECT_FALSE(troubles.empty());
  }
  EXPECT_EQ(spool.records(), 3u);

  // The next start: a producer of its own, which fences the one above in turn.
  auto new_pub = publisher();
  ASSERT_TRUE(new_pub);

  TransactionalSender new_sender(
      spool, *new_pub, options, on_report, [](std::int64_t) {},
      [](const std::string& what, const std::string& error) {
        ADD_FAILURE() << what << ": " << error;
      },
      &give_up);
  wait_for_empty_spool();
  new_sender.stop();
  EXPECT_EQ(delivered.size(), 7u);
  std::multiset<std::string> keys;
  for (const auto& r : testing::consume_all(broker, articles, 3, 60s)) keys.insert(r.key);
  std::multiset<std::string> expected;
  for (std::size_t i = 0; i < 7; ++i) expected.insert("key-" + std::to_string(i));
  EXPECT_EQ(keys, expected) << "each record once, none from the fenced attempt";
  old_pub.reset();
  fencing_pub.reset();
  new_pub.reset();
}

// Fleet mode renews a producer that failed for good: the group's fence, not the producer,
// decides what may still be committed. Fenced by another producer of its id, the sender starts
// a new one (which fences that one in turn) and sends what is left, each record once.
TEST_F(TransactionalFencing, ARenewingSenderStartsANewProducerAndSendsTheRest) {
  const std::string& broker = broker_;
  Spool& spool = *spool_;
  const std::string articles = name("renew-articles");
  const auto append = [&](std::size_t i) { this->append(articles, i); };
  KafkaConfig config;
  config.topics.changelog = name("renew-changelog");
  config.transactional_id = name("renew");
  TransactionalSender::Options options;
  options.changelog_topic = config.topics.changelog;
  options.instance = config.transactional_id;
  options.max_batch = 4;
  options.linger = 20ms;
  options.timeout = 20s;
  options.renew_when_fatal = true;
  auto created = KafkaPublisher::create(config, broker);
  ASSERT_TRUE(created.ok()) << created.reason();
  auto& publisher = *created.value();

  auto& mu = mu_;
  auto& delivered = delivered_;
  std::atomic<bool> give_up{false};
  TransactionalSender sender(
      spool, publisher, options, record_reports(), [](std::int64_t) {}, record_troubles(),
      &give_up);
  const auto delivered_count = [&] {
    for (int i = 0; i < 1200; ++i) {
      {
        std::lock_guard lock(mu);
        if (spool.records() == 0) return delivered.size();
      }
      std::this_thread::sleep_for(50ms);
    }
    std::lock_guard lock(mu);
    return delivered.size();
  };
  for (std::size_t i = 0; i < 4; ++i) append(i);
  ASSERT_EQ(delivered_count(), 4u);

  auto other = KafkaPublisher::create(config, broker);
  ASSERT_TRUE(other.ok()) << other.reason();
  ASSERT_FALSE(other.value()->init_transactions(30s)) << "the other producer fences the sender's";
  for (std::size_t i = 4; i < 7; ++i) append(i);
  EXPECT_EQ(delivered_count(), 7u) << "the rest was not sent with a new producer";
  sender.stop();
  EXPECT_TRUE(sender.healthy());
  EXPECT_FALSE(publisher.failed_for_good()) << "still the fenced producer";
  {
    std::lock_guard lock(mu);
    EXPECT_TRUE(std::any_of(troubles_.begin(), troubles_.end(), [](const std::string& t) {
      return t.find("new producer") != std::string::npos;
    })) << "no renewal reported";
  }
  std::multiset<std::string> keys;
  for (const auto& r : testing::consume_all(broker, articles, 3, 60s)) keys.insert(r.key);
  std::multiset<std::string> expected;
  for (std::size_t i = 0; i < 7; ++i) expected.insert("key-" + std::to_string(i));
  EXPECT_EQ(keys, expected) << "each record once";
  other.value().reset();
}

// A member of `group` subscribed to `topic`, librdkafka assigning what the group gives it.
rd_kafka_t* join_group(const std::string& bootstrap, const std::string& group,
                       const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : {std::pair{"bootstrap.servers", bootstrap.c_str()},
                             {"group.id", group.c_str()},
                             {"enable.auto.commit", "false"},
                             {"partition.assignment.strategy", "roundrobin"}})
    EXPECT_EQ(rd_kafka_conf_set(conf, k, v, err, sizeof err), RD_KAFKA_CONF_OK) << k << err;
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  EXPECT_NE(rk, nullptr) << err;
  if (!rk) return nullptr;
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
  EXPECT_EQ(rd_kafka_subscribe(rk, topics), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(topics);
  return rk;
}

int assigned_count(rd_kafka_t* rk) {
  rd_kafka_topic_partition_list_t* parts = nullptr;
  if (rd_kafka_assignment(rk, &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return 0;
  const int n = parts->cnt;
  rd_kafka_topic_partition_list_destroy(parts);
  return n;
}

// Polls the members until each has partitions; false if that takes over a minute.
bool settle(const std::vector<rd_kafka_t*>& members) {
  for (int i = 0; i < 600; ++i) {
    bool all = true;
    for (rd_kafka_t* rk : members) {
      if (rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 50)) rd_kafka_message_destroy(m);
      all = all && assigned_count(rk) > 0;
    }
    if (all) return true;
  }
  return false;
}

TEST_F(TransactionalFencing, AnOlderGenerationCannotCommitAndAMovedSourceIsHandedOver) {
  const std::string& broker = broker_;
  Spool& spool = *spool_;
  const std::string articles = name("group-fence-articles");
  const std::string sources = name("group-fence-sources");
  const std::string group = name("group-fence");

  KafkaConfig plain;
  {
    // The group's topic exists once something is written to it (auto-created, 3 partitions).
    auto p = KafkaPublisher::create(plain, broker);
    ASSERT_TRUE(p.ok()) << p.reason();
    p.value()->produce(Record{sources, "s", "x", {}}, [](const DeliveryReport&) {});
    ASSERT_EQ(p.value()->flush(30s), 0);
  }
  rd_kafka_t* first = join_group(broker, group, sources);
  ASSERT_TRUE(first);
  ASSERT_TRUE(settle({first})) << "no assignment";
  const GroupMetadata old_generation(rd_kafka_consumer_group_metadata(first),
                                     &rd_kafka_consumer_group_metadata_destroy);
  rd_kafka_t* second = join_group(broker, group, sources);
  ASSERT_TRUE(second);
  ASSERT_TRUE(settle({first, second})) << "the group did not split its partitions";

  for (std::size_t i = 0; i < 3; ++i) append(articles, i, i == 2 ? "moved" : "kept");
  KafkaConfig config;
  config.topics.changelog = name("group-fence-changelog");
  config.transactional_id = name("group-fence");
  auto created = KafkaPublisher::create(config, broker);
  ASSERT_TRUE(created.ok()) << created.reason();
  auto& publisher = *created.value();
  TransactionalSender::Options options;
  options.changelog_topic = config.topics.changelog;
  options.instance = config.transactional_id;
  options.linger = 20ms;
  options.timeout = 20s;

  auto& mu = mu_;
  auto& delivered = delivered_;
  auto& handed_over = handed_over_;
  auto& troubles = troubles_;
  std::optional<TransactionalSender::Fence> fence;
  const auto owns = [](std::uint64_t, const std::string& source) { return source == "kept"; };
  fence = TransactionalSender::Fence{owns, sources, {{0, 0}}, old_generation};
  std::atomic<bool> give_up{false};
  TransactionalSender sender(
      spool, publisher, options, record_reports(), [](std::int64_t) {}, record_troubles(), &give_up,
      [&]() -> std::optional<TransactionalSender::Fence> {
        std::lock_guard lock(mu);
        return fence;
      });

  const auto wait_until = [&](const std::function<bool()>& done) {
    for (int i = 0; i < 600; ++i) {
      {
        std::lock_guard lock(mu);
        if (done()) return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    return false;
  };
  // The stale member's transactions are refused, each time, whole.
  EXPECT_TRUE(wait_until([&] { return troubles.size() >= 2; })) << "no refusal";
  {
    std::lock_guard lock(mu);
    EXPECT_TRUE(delivered.empty()) << "committed under an older generation";
    EXPECT_EQ(handed_over, std::vector<std::string>{"key-2"});
    const std::string& refusal = troubles.front();
    EXPECT_TRUE(refusal.find("generation") != std::string::npos ||
                refusal.find("member") != std::string::npos)
        << refusal;
    // The current generation, as the member knows it after the rebalance.
    fence = TransactionalSender::Fence{owns,
                                       sources,
                                       {{0, 0}},
                                       GroupMetadata(rd_kafka_consumer_group_metadata(first),
                                                     &rd_kafka_consumer_group_metadata_destroy)};
  }
  EXPECT_TRUE(wait_until([&] { return delivered.size() == 2; })) << "never committed";
  sender.stop();
  std::multiset<std::string> keys;
  for (const auto& r : testing::consume_all(broker, articles, 3, 60s)) keys.insert(r.key);
  EXPECT_EQ(keys, (std::multiset<std::string>{"key-0", "key-1"}))
      << "each kept record once, the moved one not at all";
  EXPECT_EQ(spool.records(), 0u);
  for (rd_kafka_t* rk : {first, second}) {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
}

}  // namespace
}  // namespace newswired
