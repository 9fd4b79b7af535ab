#pragma once
// Exactly-once mode's sender: takes the spool in batches and writes each batch, with one
// changelog record per entry, in one Kafka transaction. Only once Kafka committed it are the
// entries reported delivered (and then erased locally); an aborted batch is sent again whole.
// read_committed consumers therefore see every record once, through crashes and outages.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "daemon/publish/kafka_publisher.h"
#include "daemon/publish/spool.h"
#include "daemon/publish/spool_sender.h"

namespace newswired {

class TransactionalSender {
 public:
  struct Options {
    std::string changelog_topic;
    std::string instance;  // the transactional.id
    std::size_t max_batch = 500;
    std::chrono::milliseconds linger{100};                        // how long a batch waits to fill
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // per transaction step
    // On a fatal error (fenced), start a new producer instead of giving up until a restart:
    // in fleet mode the group's fence, not the producer, decides what may still be committed.
    bool renew_when_fatal = false;
    // A record to commit in the same transaction as an entry (fleet mode: what its delivery
    // makes seen, for the other instances), or none.
    std::function<std::optional<Record>(const SpoolEntry&)> companion;
  };
  // Fleet mode (docs/fleet.md): which records this instance may still commit, and the group
  // position each transaction commits with them, so that Kafka refuses the transaction once
  // the group has given the sources to another instance.
  struct Fence {
    std::function<bool(std::uint64_t seq, const std::string& source)> owns;
    std::string topic;
    std::vector<std::pair<std::int32_t, std::int64_t>> offsets;
    GroupMetadata group;
  };
  // Asked before each transaction; nothing means wait (the group is rebalancing).
  using FenceSource = std::function<std::optional<Fence>()>;
  // After a committed batch: the changelog's last offset in it, to be recorded locally.
  using OnCommitted = std::function<void(std::int64_t changelog_offset)>;
  // Transaction trouble worth an operator's attention (fenced, fatal, aborted, retrying): what
  // happened, and Kafka's reason on its own.
  using OnTrouble = std::function<void(const std::string& what, const std::string& error)>;

  TransactionalSender(Spool& spool, KafkaPublisher& publisher, Options options,
                      SpoolSender::OnReport on_report, OnCommitted on_committed,
                      OnTrouble on_trouble, const std::atomic<bool>* give_up,
                      FenceSource fence = {});
  ~TransactionalSender();
  TransactionalSender(const TransactionalSender&) = delete;
  TransactionalSender& operator=(const TransactionalSender&) = delete;

  void stop();
  // False once the producer hit a fatal error (e.g. fenced by a newer instance): nothing more
  // is sent until a restart.
  bool healthy() const { return healthy_; }

 private:
  struct Item {
    std::uint64_t seq = 0;
    SpoolEntry entry;
  };
  void run();
  bool ready();  // init_transactions done
  std::vector<Item> collect(std::uint64_t after);
  // One attempt at the batch. Returns true when committed; drops entries Kafka refused for
  // good from `batch` (reporting them) before the next attempt.
  bool send(std::vector<Item>& batch, const Fence* fence);
  // Reports the entries whose sources this instance no longer owns as handed over.
  void hand_over(std::vector<Item>& batch, const Fence& fence);
  bool stopping() const { return stop_ || (give_up_ && *give_up_); }
  // After a fatal error: a new producer (renew_when_fatal), or none until a restart.
  void on_fatal();

  Spool& spool_;
  KafkaPublisher& publisher_;
  Options options_;
  SpoolSender::OnReport on_report_;
  OnCommitted on_committed_;
  OnTrouble on_trouble_;
  const std::atomic<bool>* give_up_;
  FenceSource fence_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> healthy_{true};
  bool initialised_ = false;
  std::thread thread_;
};

}  // namespace newswired
