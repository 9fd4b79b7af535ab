// Exactly-once delivery against librdkafka's mock cluster: batches go out in transactions with
// their changelog records, and the changelog restores what a crash between Kafka's commit and
// the local one left undone.

#include "daemon/publish/transactional_sender.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "daemon/publish/changelog.h"
#include "daemon/publish/embedded_broker.h"
#include "tests/daemon/publish/kafka_test_util.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;

SpoolEntry entry(std::size_t i) {
  SpoolEntry e;
  e.role = "articles";
  e.source = "wire";
  e.record =
      Record{"articles", "key-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}", {}};
  e.on_ack = {{"seen", "i:" + std::to_string(i), "delivered", false}};
  return e;
}

class ExactlyOnceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("nw-eos");
    auto s = StateStore::open(dir_.string(), {Spool::kTable, kChangelogTable, "seen"});
    ASSERT_TRUE(s.ok()) << s.reason();
    store_ = s.value();
    auto b = EmbeddedBroker::start({"articles", "changelog"}, 1);
    ASSERT_TRUE(b.ok()) << b.reason();
    broker_ = std::move(b.value());
    config_.topics.changelog = "changelog";
    config_.transactional_id = "test-instance";
  }
  void TearDown() override {
    broker_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<KafkaPublisher> publisher() {
    auto p = KafkaPublisher::create(config_, broker_->bootstrap());
    EXPECT_TRUE(p.ok()) << p.reason();
    return p.ok() ? std::move(p.value()) : nullptr;
  }
  TransactionalSender::Options options() const {
    TransactionalSender::Options o;
    o.changelog_topic = "changelog";
    o.instance = "test-instance";
    o.max_batch = 4;
    o.linger = 20ms;
    return o;
  }

  std::filesystem::path dir_;
  std::shared_ptr<StateStore> store_;
  std::unique_ptr<EmbeddedBroker> broker_;
  KafkaConfig config_;
};

TEST_F(ExactlyOnceTest, ChangelogEntryRoundTrips) {
  ChangelogEntry e{"newswired-host-1234", 1795943415000000ull, {{"seen", "i:a", "rec", false}}};
  auto back = ChangelogEntry::decode(e.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->instance, e.instance);
  EXPECT_EQ(back->seq, e.seq);
  ASSERT_EQ(back->writes.size(), 1u);
  EXPECT_EQ(back->writes[0].key, "i:a");
  EXPECT_FALSE(ChangelogEntry::decode(entry(1).encode())) << "a spool entry is no changelog entry";
  const Record r = changelog_record("changelog", e);
  EXPECT_EQ(r.partition, 0);
  EXPECT_EQ(r.key, "newswired-host-1234/1795943415000000");
}

TEST_F(ExactlyOnceTest, BatchesAreCommittedWithTheirChangelogAndReportedOnlyThen) {
  Spool spool(store_, 1 << 20);
  std::vector<std::uint64_t> seqs;
  for (std::size_t i = 0; i < 10; ++i)
    seqs.push_back(spool.append(
        entry(i), [] { return false; }, [](const std::string&) {}));
  auto pub = publisher();
  ASSERT_TRUE(pub);
  std::mutex mu;
  std::vector<std::uint64_t> delivered;
  std::int64_t last_offset = -1;
  std::atomic<bool> give_up{false};
  TransactionalSender sender(
      spool, *pub, options(),
      [&](std::uint64_t seq, SpoolEntry&&, const DeliveryReport& r) {
        ASSERT_TRUE(r.ok) << r.error;
        std::lock_guard lock(mu);
        delivered.push_back(seq);
        ASSERT_EQ(store_->put({Spool::erase_write(seq)}), "");
        spool.erased(seq);
      },
      [&](std::int64_t offset) {
        std::lock_guard lock(mu);
        last_offset = offset;
      },
      [](const std::string& what, const std::string& error) {
        ADD_FAILURE() << what << ": " << error;
      },
      &give_up);
  for (int i = 0; i < 200 && spool.records() > 0; ++i) std::this_thread::sleep_for(50ms);
  sender.stop();
  EXPECT_TRUE(sender.healthy());
  EXPECT_EQ(delivered, seqs);
  EXPECT_EQ(last_offset, 9) << "ten changelog records on partition 0";
  const auto articles = testing::consume_all(broker_->bootstrap(), "articles", 1);
  ASSERT_EQ(articles.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(articles[i].key, "key-" + std::to_string(i));
  const auto changes = testing::consume_all(broker_->bootstrap(), "changelog", 1);
  ASSERT_EQ(changes.size(), 10u);
  auto first = ChangelogEntry::decode(changes[0].value);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, seqs[0]);
  EXPECT_EQ(first->instance, "test-instance");
}

// The crash this mode exists for: Kafka committed, the daemon died before its own commit.
TEST_F(ExactlyOnceTest, RestoreAppliesWhatKafkaCommittedAndTheStoreMissed) {
  Spool spool(store_, 1 << 20);
  std::vector<std::uint64_t> seqs;
  for (std::size_t i = 0; i < 3; ++i)
    seqs.push_back(spool.append(
        entry(i), [] { return false; }, [](const std::string&) {}));
  auto pub = publisher();
  ASSERT_TRUE(pub);
  ASSERT_FALSE(pub->init_transactions(10s));
  ASSERT_FALSE(pub->begin_transaction());
  // The first two committed by "us", one by another instance sharing the topic.
  for (std::size_t i = 0; i < 2; ++i) {
    pub->produce(entry(i).record, [](const DeliveryReport&) {});
    pub->produce(changelog_record("changelog", {"test-instance", seqs[i], entry(i).on_ack}),
                 [](const DeliveryReport&) {});
  }
  pub->produce(changelog_record("changelog", {"other", seqs[2], {{"seen", "i:other", "x"}}}),
               [](const DeliveryReport&) {});
  ASSERT_FALSE(pub->commit_transaction(10s));

  auto restored =
      restore_from_changelog(broker_->bootstrap(), config_, "test-instance", *store_, 10s);
  ASSERT_TRUE(restored.ok()) << restored.reason();
  EXPECT_EQ(restored.value().applied, 2u);
  EXPECT_EQ(restored.value().last_offset, 2);
  EXPECT_EQ(store_->get("seen", "i:0"), "delivered");
  EXPECT_EQ(store_->get("seen", "i:1"), "delivered");
  EXPECT_FALSE(store_->get("seen", "i:other")) << "another instance's state is not ours";
  Spool after(store_, 1 << 20);
  EXPECT_EQ(after.records(), 1u) << "the two committed entries leave the spool";
  auto left = after.next_after(0, 0ms);
  ASSERT_TRUE(left);
  EXPECT_EQ(left->seq, seqs[2]);

  // Read again: nothing new after the offset it recorded.
  auto again = restore_from_changelog(broker_->bootstrap(), config_, "test-instance", *store_, 10s);
  ASSERT_TRUE(again.ok()) << again.reason();
  EXPECT_EQ(again.value().applied, 0u);
}

TEST_F(ExactlyOnceTest, AnUnwrittenChangelogRestoresNothing) {
  config_.topics.changelog = "never-written";
  auto restored =
      restore_from_changelog(broker_->bootstrap(), config_, "test-instance", *store_, 10s);
  ASSERT_TRUE(restored.ok()) << restored.reason();
  EXPECT_EQ(restored.value().applied, 0u);
}

TEST_F(ExactlyOnceTest, AnUnreachableBrokerIsAClearFailure) {
  auto restored = restore_from_changelog("127.0.0.1:1", config_, "test-instance", *store_, 2s);
  ASSERT_FALSE(restored.ok());
  EXPECT_NE(restored.reason().find("changelog"), std::string::npos) << restored.reason();
}

}  // namespace
}  // namespace newswired
