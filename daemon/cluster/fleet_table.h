#pragma once
// A table the instances of a fleet share through a compacted topic (docs/fleet.md): each
// instance produces its own writes to it, reads every partition, and hands the other
// instances' writes to `apply`, which lands them in its state store together with how far it
// read (the `fleet_offsets` table), so a restart goes on from there. Two of them: what was
// seen (newswired.<group>.seen, applied to dedupe) and fetch state
// (newswired.<group>.fetch-state, applied to the fetch table). Consistent after the lag of the
// topic.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/publish/kafka_publisher.h"
#include "pipeline/core/outcome.h"
#include "pipeline/core/state_store.h"

struct rd_kafka_s;

namespace newswired {

// The local table that keeps how far each partition of each fleet table has been applied.
inline constexpr const char* kFleetOffsetsTable = "fleet_offsets";

class FleetTable {
 public:
  // Lands other instances' writes and `offsets` in one state transaction; the store's error.
  using Apply = std::function<std::string(std::vector<StateStore::Write> remote,
                                          std::vector<StateStore::Write> offsets)>;
  struct Options {
    std::string topic;
    std::vector<std::pair<std::string, std::string>> topic_settings;  // when it is created
    // How long start() reads before it returns (what another instance did may be missed by
    // a fetch that starts before the end is reached).
    std::chrono::milliseconds catch_up{std::chrono::seconds(30)};
  };
  struct Stats {
    std::uint64_t applied = 0;         // records of other instances applied here
    std::uint64_t published = 0;       // of this instance's, acknowledged by Kafka
    std::uint64_t publish_failed = 0;  // the others will not learn of these
    // From a record's write to its application here, for the last one applied: the
    // consistency window as it is now.
    double lag_seconds = 0;
  };

  // Creates the topic unless it exists, reads it to its end, then follows it on its own thread.
  static Outcome<std::unique_ptr<FleetTable>> start(const Config& config, Options options,
                                                    StateStore& store, Apply apply);
  ~FleetTable();
  FleetTable(const FleetTable&) = delete;
  FleetTable& operator=(const FleetTable&) = delete;

  // This instance's writes under `key` (compaction keeps the last per key), to `partition`
  // (-1: by the key's hash). Never waits for Kafka: what cannot be sent is counted.
  void publish(const std::string& key, const std::vector<StateStore::Write>& writes,
               std::int32_t partition = -1);
  // The record publish() sends for `writes` under `key`, for a producer of its own (one whose
  // transaction must commit it with the articles).
  Record record(const std::string& key, const std::vector<StateStore::Write>& writes) const;
  // Sends what publish() queued, waiting at most `timeout`.
  void flush(std::chrono::milliseconds timeout);
  // Returns once every record written to the topic before the call is applied here: a marker
  // is written to each partition and waited for, and a read_committed reader reaches it only
  // after every transaction that wrote before it has ended. The lag of the table is then no
  // longer a window (docs/fleet.md, taking a source over). Fails after `timeout`, naming what
  // it waited for.
  Outcome<bool> catch_up(std::chrono::milliseconds timeout);
  Stats stats() const;

 private:
  FleetTable(const Config& config, Options options, StateStore& store, Apply apply);
  Outcome<bool> open(const Config& config, int partitions);
  // Every partition, from where this instance's state says it stopped.
  Outcome<bool> assign_from_state();
  // Applies what arrives for up to `wait`; false once the end of every partition was reached.
  bool follow(std::chrono::milliseconds wait);
  void loop();
  std::string offset_key(std::int32_t partition) const;

  Options options_;
  std::string instance_;
  StateStore& store_;
  Apply apply_;
  rd_kafka_s* producer_ = nullptr;
  rd_kafka_s* consumer_ = nullptr;
  int partitions_ = 0;
  std::set<std::int32_t> at_end_;  // partitions whose end was reached once
  std::atomic<std::uint64_t> applied_{0};
  std::atomic<std::uint64_t> counts_[2] = {0, 0};  // publish(): acknowledged, failed
  std::atomic<double> lag_seconds_{0};
  // Partition -> the offset after the last record applied, for catch_up().
  std::mutex applied_mu_;
  std::condition_variable applied_cv_;
  std::map<std::int32_t, std::int64_t> applied_up_to_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace newswired
