// Exactly-once mode's fatal path against the real Kafka broker (librdkafka's mock cluster does
// not fence): a second instance with the same transactional.id — a restart while the old
// process still runs — fences the first. Its producer fails for good, nothing it held counts
// as delivered, and the newer instance sends what is left, each record once for
// read_committed consumers.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "daemon/publish/changelog.h"
#include "daemon/publish/transactional_sender.h"
#include "tests/daemon/publish/kafka_test_util.h"
#include "tests/integration/environment.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST(TransactionalFencing, AFencedInstanceStopsAndLeavesItsEntriesToTheNewerOne) {
  const std::string broker = testing::kafka_bootstrap();
  ASSERT_FALSE(broker.empty()) << "NW_IT_DIR/kafka/bootstrap: run through ctest";
  const std::string stamp = std::to_string(getpid()) + "-" +
                            std::to_string(std::chrono::system_clock::now().time_since_epoch() /
                                           std::chrono::milliseconds(1));
  const std::string articles = "it-fencing-articles-" + stamp;
  const std::string changelog = "it-fencing-changelog-" + stamp;
  const fs::path dir = fs::temp_directory_path() / ("nw-fencing-" + stamp);
  auto opened = StateStore::open(dir.string(), {Spool::kTable, kChangelogTable, "seen"});
  ASSERT_TRUE(opened.ok()) << opened.reason();
  std::shared_ptr<StateStore> store = opened.value();
  Spool spool(store, 1 << 20);
  const auto append = [&](std::size_t i) {
    SpoolEntry e;
    e.role = "articles";
    e.source = "wire";
    e.record =
        Record{articles, "key-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}", {}};
    e.on_ack = {{"seen", "i:" + std::to_string(i), "delivered", false}};
    spool.append(
        std::move(e), [] { return false; }, [](const std::string&) {});
  };
  KafkaConfig config;
  config.topics.changelog = changelog;
  config.transactional_id = "it-fencing-" + stamp;
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
  store.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswired
