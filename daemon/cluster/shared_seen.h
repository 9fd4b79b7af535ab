#pragma once
// Fleet mode's shared memory of what was seen (docs/fleet.md). Every instance writes the dedupe
// state of each record it delivered to the compacted topic newswired.<group>.seen, and applies
// the other instances' records to its own state store: an article, URL, text or story that
// one instance published is a duplicate for all of them. Consistent after the lag of that
// topic: two instances that take the same story within it may both publish it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/config/config.h"
#include "pipeline/core/outcome.h"
#include "pipeline/dedupe/deduplicator.h"

struct rd_kafka_s;

namespace newswired {

// The local table that keeps how far each partition of the topic has been applied.
inline constexpr const char* kSharedSeenTable = "fleet_seen";

std::string seen_topic_name(const ClusterConfig& cluster);

class SharedSeen {
 public:
  struct Stats {
    std::uint64_t applied = 0;         // records of other instances applied here
    std::uint64_t published = 0;       // of this instance's, acknowledged by Kafka
    std::uint64_t publish_failed = 0;  // the others will not learn of these
    // From a record's acknowledgement to its application here, for the last one applied: the
    // consistency window as it is now.
    double lag_seconds = 0;
  };

  // Creates the topic unless it exists, reads it from where `dedupe`'s store stopped to its end
  // (at most `catch_up`: a fetch that starts before then may publish what another instance
  // did), then follows it on its own thread.
  static Outcome<std::unique_ptr<SharedSeen>> start(const Config& config, Deduplicator& dedupe,
                                                    StateStore& store,
                                                    std::chrono::milliseconds catch_up);
  ~SharedSeen();
  SharedSeen(const SharedSeen&) = delete;
  SharedSeen& operator=(const SharedSeen&) = delete;

  // After the local commit of acknowledged records: their writes, for the other instances.
  // Does not wait for Kafka.
  void publish(const std::vector<const Delivery*>& deliveries);
  Stats stats() const;

 private:
  SharedSeen(const Config& config, Deduplicator& dedupe, StateStore& store);
  Outcome<bool> open(const Config& config, int partitions);
  // Every partition, from where this instance's state says it stopped.
  Outcome<bool> assign_from_state();
  // Applies what arrives for up to `wait`; false once the end of every partition was reached.
  bool follow(std::chrono::milliseconds wait);
  void loop();

  std::string topic_;
  std::string instance_;
  Deduplicator& dedupe_;
  StateStore& store_;
  rd_kafka_s* producer_ = nullptr;
  rd_kafka_s* consumer_ = nullptr;
  int partitions_ = 0;
  std::set<std::int32_t> at_end_;  // partitions whose end was reached once
  std::atomic<std::uint64_t> applied_{0};
  std::atomic<std::uint64_t> counts_[2] = {0, 0};  // publish(): acknowledged, failed
  std::atomic<double> lag_seconds_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace newswired
