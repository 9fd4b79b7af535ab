#pragma once
// The Kafka sink: an idempotent librdkafka producer (acks=all) with asynchronous delivery
// reports. An item counts as delivered only when its report says so.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/config/config.h"
#include "pipeline/core/outcome.h"

struct rd_kafka_consumer_group_metadata_s;

namespace newswired {

struct Record {
  std::string topic;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
  int32_t partition = -1;  // -1: by key (librdkafka's partitioner)
};

// A failed transaction step, classified as librdkafka does: retry the same call, abort the
// transaction and start again, or give the producer up.
struct TxnError {
  std::string message;
  bool retriable = false;
  bool abortable = false;
  bool fatal = false;
};

struct DeliveryReport {
  bool ok = false;
  std::string error;  // librdkafka's reason when !ok
  // Not delivered, but Kafka did not refuse the record itself either (an outage, a timeout,
  // shutting down): it is worth sending again. False for refusals such as a too-large record.
  bool retriable = false;
  // Not sent at all: in fleet mode its source belongs to another instance now, which reads it
  // again (docs/fleet.md, Exactly-once with a fleet).
  bool handed_over = false;
  int32_t partition = -1;
  int64_t offset = -1;
};

// A consumer group's member as of one moment (rd_kafka_consumer_group_metadata): a transaction
// that commits offsets with it is refused once the group has moved to a later generation.
using GroupMetadata = std::shared_ptr<rd_kafka_consumer_group_metadata_s>;

using DeliveryCallback = std::function<void(const DeliveryReport&)>;

// A record's value that stays where it is (the spool's mapped file) instead of being copied
// into the producer's queue: `keep` holds that memory until the record's delivery report.
struct BorrowedValue {
  std::string_view bytes;
  std::shared_ptr<const void> keep;
};
// Receives librdkafka's log lines and errors (syslog severity: 3 error ... 7 debug), from any
// of its threads. Without one they go to stderr in librdkafka's own format.
using KafkaLogSink = std::function<void(int severity, const std::string& message)>;

class KafkaPublisher {
 public:
  // `bootstrap` is the resolved broker list (the embedded broker's address when configured
  // "embedded"). Fails on settings librdkafka rejects, naming the key.
  static Outcome<std::unique_ptr<KafkaPublisher>> create(const KafkaConfig& config,
                                                         const std::string& bootstrap,
                                                         KafkaLogSink log = {});
  ~KafkaPublisher();

  // Queues a record; blocks while the producer's queue is full (backpressure) until `give_up`
  // is set. The callback runs on the publisher's poll thread exactly once. Returns false only
  // if the record could not even be queued (e.g. unknown topic settings, or given up); the
  // callback then has already run, on the calling thread.
  bool produce(const Record& record, DeliveryCallback on_delivery,
               const std::atomic<bool>* give_up = nullptr);
  // The same with the value borrowed, not copied; `record.value` is not read.
  bool produce(const Record& record, BorrowedValue value, DeliveryCallback on_delivery,
               const std::atomic<bool>* give_up = nullptr);
  // Runs on the poll thread after each poll that served delivery reports, before those
  // reports count as settled (flush() returns after it): the callbacks of one poll can leave
  // work for it to do once for all of them. Set it before producing.
  void after_reports(std::function<void()> hook);
  // Waits until everything queued is delivered or failed, at most `timeout`.
  // Returns the number of records still undelivered (0 = all settled).
  int flush(std::chrono::milliseconds timeout);
  // Transactions (exactly-once delivery; needs `transactional.id`). Each returns nothing on
  // success. commit_transaction() waits for every record's delivery report.
  std::optional<TxnError> init_transactions(std::chrono::milliseconds timeout);
  std::optional<TxnError> begin_transaction();
  std::optional<TxnError> commit_transaction(std::chrono::milliseconds timeout);
  std::optional<TxnError> abort_transaction(std::chrono::milliseconds timeout);
  // Adds the group's consumer positions to the open transaction (KIP-447).
  std::optional<TxnError> send_offsets_to_transaction(
      const std::string& topic, const std::vector<std::pair<int32_t, int64_t>>& offsets,
      const GroupMetadata& group, std::chrono::milliseconds timeout);

  // Fails everything queued or in flight now (reported retriable) and waits for the reports.
  void purge();
  // Replaces a producer that failed for good with a new one of the same settings (a fenced
  // transactional producer, say); what was queued is purged first. Only from the one thread
  // that uses the publisher. Returns librdkafka's reason if the new one cannot be made.
  std::string renew();
  // True once the producer hit a fatal error (e.g. an idempotence violation, or fenced): it
  // takes nothing more, and only a new producer (a restart) helps.
  bool failed_for_good() const;
  // True once the cluster answered a metadata request.
  bool connected() const;
  std::size_t in_flight() const;

 private:
  struct Impl;
  explicit KafkaPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswired
