// A fleet table against the real Kafka broker: catch_up() returns only once everything written
// before it is applied, including what a transaction still open at the call commits later —
// the barrier an instance taking a source over relies on (docs/fleet.md).

#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "daemon/cluster/fleet_table.h"
#include "daemon/publish/changelog.h"
#include "daemon/publish/kafka_publisher.h"
#include "tests/integration/environment.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class FleetTableIt : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = testing::kafka_bootstrap();
    ASSERT_FALSE(broker_.empty()) << "NW_IT_DIR/kafka/bootstrap: run through ctest";
    stamp_ = std::to_string(getpid()) + "-" +
             std::to_string(std::chrono::system_clock::now().time_since_epoch() / 1ms);
    dir_ = fs::temp_directory_path() / ("nw-fleet-table-" + stamp_);
    auto opened = StateStore::open(dir_.string(), {kFleetOffsetsTable, "seen"});
    ASSERT_TRUE(opened.ok()) << opened.reason();
    store_ = opened.value();
    config_.kafka.brokers = {broker_};
    config_.cluster = ClusterConfig{"it-table-" + stamp_, 3, "reader", 6s};
  }
  void TearDown() override {
    table_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string topic() const { return "it-table-seen-" + stamp_; }
  void start_table() {
    auto table = FleetTable::start(
        config_, {topic(), {}, 10s}, *store_,
        [this](std::vector<StateStore::Write> remote, std::vector<StateStore::Write> offsets) {
          std::lock_guard lock(mu_);
          for (const auto& w : remote) applied_.insert(w.key);
          return store_->put(offsets);
        });
    ASSERT_TRUE(table.ok()) << table.reason();
    table_ = std::move(table.value());
  }
  std::set<std::string> applied() {
    std::lock_guard lock(mu_);
    return applied_;
  }
  // A transactional writer of the table, as another instance's sender is.
  std::unique_ptr<KafkaPublisher> writer(const std::string& name) {
    KafkaConfig kafka;
    kafka.transactional_id = "it-table-" + name + "-" + stamp_;
    auto p = KafkaPublisher::create(kafka, broker_);
    EXPECT_TRUE(p.ok()) << p.reason();
    if (!p.ok()) return nullptr;
    EXPECT_FALSE(p.value()->init_transactions(20s).has_value());
    EXPECT_FALSE(p.value()->begin_transaction().has_value());
    return std::move(p.value());
  }
  void write(KafkaPublisher& w, const std::string& key) {
    Record r;
    r.topic = topic();
    r.key = "i:" + key;
    r.value = ChangelogEntry{"writer", 0, {{"seen", "i:" + key, "delivered", false}}}.encode();
    r.partition = 0;
    EXPECT_TRUE(w.produce(
        std::move(r), [](const DeliveryReport&) {}, nullptr));
  }

  std::string broker_, stamp_;
  fs::path dir_;
  std::shared_ptr<StateStore> store_;
  Config config_;
  std::unique_ptr<FleetTable> table_;
  std::mutex mu_;
  std::set<std::string> applied_;
};

TEST_F(FleetTableIt, CatchUpWaitsForWhatATransactionOpenBeforeItCommits) {
  ASSERT_NO_FATAL_FAILURE(start_table());
  auto open = writer("open");
  auto done = writer("done");
  ASSERT_TRUE(open && done);
  write(*open, "first");  // its transaction stays open for now
  write(*done, "second");
  ASSERT_FALSE(done->commit_transaction(20s).has_value());

  // "second" is committed, but behind a transaction still open: not readable yet.
  const auto early = table_->catch_up(2s);
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.reason().find(topic()), std::string::npos) << early.reason();
  EXPECT_EQ(applied().count("i:second"), 0u);

  auto waiting = std::async(std::launch::async, [&] { return table_->catch_up(30s); });
  EXPECT_EQ(waiting.wait_for(1s), std::future_status::timeout)
      << "caught up while a transaction before the marker was open";
  ASSERT_FALSE(open->commit_transaction(20s).has_value());
  const auto caught_up = waiting.get();
  ASSERT_TRUE(caught_up.ok()) << caught_up.reason();
  EXPECT_EQ(applied(), (std::set<std::string>{"i:first", "i:second"}));
}

TEST_F(FleetTableIt, WhatAnAbortedTransactionWroteIsNeverApplied) {
  ASSERT_NO_FATAL_FAILURE(start_table());
  auto aborted = writer("aborted");
  ASSERT_TRUE(aborted);
  write(*aborted, "never");
  ASSERT_EQ(aborted->flush(20s), 0);  // in the log, not only in the producer's queue
  ASSERT_FALSE(aborted->abort_transaction(20s).has_value());
  auto committed = writer("committed");
  ASSERT_TRUE(committed);
  write(*committed, "kept");
  ASSERT_FALSE(committed->commit_transaction(20s).has_value());

  const auto caught_up = table_->catch_up(30s);
  ASSERT_TRUE(caught_up.ok()) << caught_up.reason();
  EXPECT_EQ(applied(), std::set<std::string>{"i:kept"});
}

}  // namespace
}  // namespace newswired
