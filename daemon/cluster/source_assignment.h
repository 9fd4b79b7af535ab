#pragma once
// Which sources this instance polls in fleet mode (docs/fleet.md): a consumer in the group
// `cluster.group`, subscribed to the table of sources. Each partition the group assigns is read
// from its beginning to its end (the table is compacted: its records are the sources as they
// are now), and the sources on the owned partitions are reported whole after every change:
// an assignment read, a revocation, a later `sources apply`.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/cluster/source_table.h"
#include "daemon/config/config.h"
#include "daemon/config/config_loader.h"
#include "daemon/publish/kafka_publisher.h"
#include "pipeline/core/outcome.h"

struct rd_kafka_s;
struct rd_kafka_topic_partition_list_s;

namespace newswired {

struct OwnedSources {
  std::vector<std::int32_t> partitions;
  std::vector<SourceConfig> sources;  // in name order; entries that failed to load left out
};

// What a transaction in exactly-once fleet mode may commit, and the group position it commits
// with (docs/fleet.md): Kafka refuses the transaction once the group has moved on, so an
// instance that lost its sources (a zombie) cannot commit records of them.
struct GroupFence {
  GroupMetadata group;
  std::string topic;                                           // the sources table
  std::vector<std::pair<std::int32_t, std::int64_t>> offsets;  // owned partitions, read up to
  // Each owned source, and the assignment (generation()) since which this instance has owned
  // it without a break.
  std::shared_ptr<const std::map<std::string, std::uint64_t>> owned_since;
};

// A table record's value read as a source: loaded with the schema of the config file, paths
// relative to `base_dir`. An entry that fails is logged with its name and reason and skipped.
std::optional<SourceConfig> source_from_table(const std::string& name, const std::string& value,
                                              const std::filesystem::path& base_dir,
                                              const Environment& env);

// Taking partitions over from another instance (docs/fleet.md): called on the assignment's
// thread once their last owner's transactions have ended, before their sources are
// reported, to learn what it committed. Its failure is logged; the sources are taken anyway.
struct SourceTakeOver {
  std::function<Outcome<bool>()> learn;
  // How long a transaction of the last owner may stay open (its transaction.timeout.ms).
  std::chrono::milliseconds settle{std::chrono::seconds(15)};
};

class SourceAssignment {
 public:
  using OnOwned = std::function<void(OwnedSources)>;

  // Joins the group of `config.cluster` on its own thread; `on_owned` is called from it.
  static Outcome<std::unique_ptr<SourceAssignment>> start(const Config& config, OnOwned on_owned,
                                                          SourceTakeOver take_over = {});
  // Leaves the group (the others take the partitions at once) within a few seconds.
  ~SourceAssignment();
  void stop();

  // How many assignments this instance has had; 1 is the first.
  std::uint64_t generation() const { return generation_; }
  // Nothing while the group rebalances, an assignment is still being read, or after stop().
  std::optional<GroupFence> fence() const;

 private:
  struct Callbacks;  // librdkafka's, in the .cc
  SourceAssignment(const Config& config, OnOwned on_owned, SourceTakeOver take_over);
  // The group's assignor is cooperative (incremental): `parts` are added to what this
  // instance owns, and a revocation takes only the partitions it names.
  void assigned(rd_kafka_topic_partition_list_s* parts);
  // `parts`: the partitions taken away (all of them when null). `lost`: taken away without
  // this instance's part in the rebalance (it was presumed dead), so another may have owned
  // them meanwhile.
  void revoked(const rd_kafka_topic_partition_list_s* parts, bool lost);
  void loop();
  void on_record(std::int32_t partition, std::int64_t offset, const std::string& name,
                 std::optional<std::string> value);
  void caught_up(std::int32_t partition);
  // Waits until the group's offsets of `partitions` are stable: no transaction that commits
  // them is still open (KIP-447), so what their last owner committed is in Kafka.
  void settle(const std::vector<std::int32_t>& partitions);
  bool dirty_ = false;  // the owned sources changed since the last report
  void report();

  std::string topic_;
  std::filesystem::path base_dir_;
  Environment env_;
  OnOwned on_owned_;
  SourceTakeOver take_over_;
  rd_kafka_s* rk_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  // Owned partitions: their sources, and the offset each must reach before it counts as read.
  std::map<std::int32_t, std::map<std::string, SourceConfig>> owned_;
  std::map<std::int32_t, std::int64_t> reading_;  // partition -> its end when assigned

  std::atomic<std::uint64_t> generation_{0};
  bool assigned_ = false;  // owns partitions: between an assignment and its last revocation
  // Partition -> the assignment since which it has been this instance's without a break.
  std::map<std::int32_t, std::uint64_t> owned_since_;
  std::vector<std::int32_t> taken_over_;  // of the assignment being read: new to this instance
  mutable std::mutex fence_mu_;           // guards the rest, and rk_ in fence()
  bool fence_ready_ = false;
  std::map<std::int32_t, std::int64_t> next_offset_;  // owned partition -> read up to
  std::shared_ptr<const std::map<std::string, std::uint64_t>> sources_since_;
};

}  // namespace newswired
