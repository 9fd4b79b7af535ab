#pragma once
// Sends the spool to Kafka in sequence order, one thread. librdkafka's bounded queue is its
// window: when Kafka is slow or away, produce() blocks here while the spool keeps taking the
// pipeline's records on disk, so memory stays bounded however long the outage.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "daemon/publish/kafka_publisher.h"
#include "daemon/publish/spool.h"

namespace newswired {

class SpoolSender {
 public:
  // Runs on the publisher's poll thread for every entry sent; `entry` has no record value
  // any more (Kafka has its copy).
  using OnReport =
      std::function<void(std::uint64_t seq, SpoolEntry&& entry, const DeliveryReport& report)>;
  // An entry this version cannot read: it stays in the spool and is skipped.
  using OnUnreadable = std::function<void(std::uint64_t seq)>;

  // While `give_up` is set, a record waiting for room in librdkafka's queue is reported
  // undelivered (retriable) instead.
  SpoolSender(Spool& spool, KafkaPublisher& publisher, OnReport on_report,
              OnUnreadable on_unreadable, const std::atomic<bool>* give_up);
  ~SpoolSender();
  SpoolSender(const SpoolSender&) = delete;
  SpoolSender& operator=(const SpoolSender&) = delete;

  // Sends the entry again, before anything not sent yet (its delivery timed out).
  void resend(std::uint64_t seq);
  // Sends nothing more; what is already with Kafka still reports.
  void stop();

 private:
  void run();
  void send(const Spool::Raw& raw);

  Spool& spool_;
  KafkaPublisher& publisher_;
  OnReport on_report_;
  OnUnreadable on_unreadable_;
  const std::atomic<bool>* give_up_;
  std::atomic<bool> stop_{false};
  std::mutex resend_mu_;
  std::set<std::uint64_t> resend_;
  std::atomic<bool> resending_{false};  // resend_ is not empty
  Record record_;                       // the one being sent, decoded on the sender's thread
  std::thread thread_;
};

}  // namespace newswired
