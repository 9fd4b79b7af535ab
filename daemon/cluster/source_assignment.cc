#include "daemon/cluster/source_assignment.h"

#include <chrono>
#include <limits>

#include <librdkafka/rdkafka.h>

#include "daemon/cluster/source_table_kafka.h"
#include "daemon/ops/log.h"

namespace newswired {
namespace {

constexpr int kWatermarkTimeoutMs = 5000;
constexpr std::int64_t kEndUnknown = std::numeric_limits<std::int64_t>::max();

}  // namespace

std::optional<SourceConfig> source_from_table(const std::string& name, const std::string& value,
                                              const std::filesystem::path& base_dir,
                                              const Environment& env) {
  auto loaded = load_source_entry(value, "sources table, " + name, base_dir, env);
  if (!loaded.ok()) {
    log::error({.source = name, .stage = "cluster", .error = loaded.reason()},
               "source in the table skipped: it does not load");
    return std::nullopt;
  }
  if (loaded.value().name != name) {
    log::error({.source = name,
                .stage = "cluster",
                .error = "its entry names '" + loaded.value().name + "'"},
               "source in the table skipped: key and name differ");
    return std::nullopt;
  }
  return std::move(loaded.value());
}

struct SourceAssignment::Callbacks {
  static void rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* self = static_cast<SourceAssignment*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      self->assigned(parts);
      return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
      self->revoked(parts, rd_kafka_assignment_lost(rk) == 1);
      if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, parts)) {
        log::error({.stage = "cluster", .error = rd_kafka_error_string(e)},
                   "cannot give partitions back");
        rd_kafka_error_destroy(e);
      }
      return;
    }
    log::error({.stage = "cluster", .error = rd_kafka_err2str(err)}, "rebalance failed");
    self->revoked(nullptr, true);
    rd_kafka_assign(rk, nullptr);
  }
  static void error(rd_kafka_t*, int err, const char* reason, void*) {
    // Kafka unreachable for a while: the group hands the sources on; say why.
    log::warn({.stage = "cluster", .error = reason}, "consumer of the sources table: {}",
              rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)));
  }
  static void quiet(const rd_kafka_t*, int, const char*, const char*) {}
};

SourceAssignment::SourceAssignment(const Config& config, OnOwned on_owned, SourceTakeOver take_over)
    : topic_(sources_topic_name(*config.cluster)),
      base_dir_(std::filesystem::absolute(config.path).parent_path()),
      env_(process_env()),
      on_owned_(std::move(on_owned)),
      take_over_(std::move(take_over)) {}

Outcome<std::unique_ptr<SourceAssignment>> SourceAssignment::start(const Config& config,
                                                                   OnOwned on_owned,
                                                                   SourceTakeOver take_over) {
  std::unique_ptr<SourceAssignment> self(
      new SourceAssignment(config, std::move(on_owned), std::move(take_over)));
  const ClusterConfig& cluster = *config.cluster;
  std::string error;
  rd_kafka_conf_t* conf = cluster_client_conf(
      {config.kafka.brokers, config.kafka.producer},
      {{"group.id", cluster.group},
       {"client.id", cluster.instance},
       // The table is read whole on every assignment: no position to keep.
       {"enable.auto.commit", "false"},
       {"enable.auto.offset.store", "false"},
       {"enable.partition.eof", "true"},
       {"auto.offset.reset", "earliest"},
       // The group's offsets are read only once no transaction that commits them is open.
       {"isolation.level", "read_committed"},
       // Cooperative: a rebalance moves only the partitions that must move, and revokes each
       // before it is assigned elsewhere, so no source is ever owned by two instances at once
       // and the sources that stay are not interrupted.
       {"partition.assignment.strategy", "cooperative-sticky"},
       {"session.timeout.ms", std::to_string(cluster.session_timeout.count())},
       {"heartbeat.interval.ms", std::to_string(cluster.session_timeout.count() / 5)}},
      error);
  if (!conf) return Failure{"consumer of the sources table: " + error};
  char err[512];
  rd_kafka_conf_set_opaque(conf, self.get());
  rd_kafka_conf_set_rebalance_cb(conf, &Callbacks::rebalance);
  rd_kafka_conf_set_error_cb(conf, &Callbacks::error);
  rd_kafka_conf_set_log_cb(conf, &Callbacks::quiet);
  self->rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!self->rk_) {
    rd_kafka_conf_destroy(conf);
    return Failure{std::string("consumer of the sources table: ") + err};
  }
  rd_kafka_poll_set_consumer(self->rk_);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, self->topic_.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(self->rk_, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(self->rk_);
    self->rk_ = nullptr;
    return Failure{"subscribing to " + self->topic_ + ": " + rd_kafka_err2str(subscribed)};
  }
  log::info({.stage = "cluster"}, "joining group {} as {}: sources come from {}", cluster.group,
            cluster.instance, self->topic_);
  self->thread_ = std::thread([raw = self.get()] { raw->loop(); });
  return self;
}

SourceAssignment::~SourceAssignment() { stop(); }

void SourceAssignment::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  rd_kafka_t* rk = nullptr;
  {
    std::lock_guard lock(fence_mu_);
    fence_ready_ = false;
    std::swap(rk, rk_);
  }
  if (rk) rd_kafka_destroy(rk);
}

std::optional<GroupFence> SourceAssignment::fence() const {
  std::lock_guard lock(fence_mu_);
  if (!fence_ready_ || !rk_) return std::nullopt;
  GroupFence f;
  f.group = GroupMetadata(rd_kafka_consumer_group_metadata(rk_),
                          &rd_kafka_consumer_group_metadata_destroy);
  f.topic = topic_;
  f.offsets.assign(next_offset_.begin(), next_offset_.end());
  f.owned_since = sources_since_;
  return f;
}

void SourceAssignment::loop() {
  while (!stopping_) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 100);
    if (!m) {
      if (dirty_ && reading_.empty()) report();
      continue;
    }
    const std::int32_t partition = m->partition;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      caught_up(partition);
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      log::warn({.stage = "cluster", .error = rd_kafka_message_errstr(m)}, "reading {} [{}]",
                topic_, partition);
    } else if (m->key) {  // a record without a key names no source
      std::optional<std::string> value;
      if (m->payload) value.emplace(static_cast<const char*>(m->payload), m->len);
      on_record(partition, m->offset, std::string(static_cast<const char*>(m->key), m->key_len),
                std::move(value));
    }
    rd_kafka_message_destroy(m);
  }
  // Leaving the group now hands the partitions to the others without waiting for the session
  // timeout; the revocation it brings reports an empty set.
  rd_kafka_consumer_close(rk_);
}

void SourceAssignment::assigned(rd_kafka_topic_partition_list_t* parts) {
  const std::uint64_t generation = ++generation_;
  // Partitions that stay are not in `parts`: they keep their sources and their continuity.
  // One that comes back was revoked first (and forgotten then), so it starts anew here.
  for (int i = 0; i < parts->cnt; ++i) {
    auto& p = parts->elems[i];
    p.offset = RD_KAFKA_OFFSET_BEGINNING;
    owned_[p.partition].clear();
    owned_since_[p.partition] = generation;
    taken_over_.push_back(p.partition);
    std::int64_t low = 0, high = 0;
    const auto e = rd_kafka_query_watermark_offsets(rk_, topic_.c_str(), p.partition, &low, &high,
                                                    kWatermarkTimeoutMs);
    {
      std::lock_guard lock(fence_mu_);
      next_offset_[p.partition] = e == RD_KAFKA_RESP_ERR_NO_ERROR ? high : 0;
    }
    // Unknown: the end-of-partition event tells when it is read.
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      reading_[p.partition] = kEndUnknown;
    else if (high > low)
      reading_[p.partition] = high;
  }
  assigned_ = !owned_.empty();
  if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk_, parts)) {
    log::error({.stage = "cluster", .error = rd_kafka_error_string(e)}, "cannot read {}", topic_);
    rd_kafka_error_destroy(e);
  }
  dirty_ = true;
  if (reading_.empty()) report();
}

void SourceAssignment::revoked(const rd_kafka_topic_partition_list_t* parts, bool lost) {
  std::vector<std::int32_t> gone;
  if (parts && !lost) {
    for (int i = 0; i < parts->cnt; ++i) gone.push_back(parts->elems[i].partition);
  } else {
    // Lost: what is left may have been another instance's meanwhile too.
    for (const auto& [partition, sources] : owned_) gone.push_back(partition);
  }
  {
    std::lock_guard lock(fence_mu_);
    for (const std::int32_t p : gone) next_offset_.erase(p);
  }
  for (const std::int32_t p : gone) {
    owned_.erase(p);
    reading_.erase(p);
    owned_since_.erase(p);
    std::erase(taken_over_, p);
  }
  assigned_ = !owned_.empty();
  report();
}

void SourceAssignment::on_record(std::int32_t partition, std::int64_t offset,
                                 const std::string& name, std::optional<std::string> value) {
  auto it = owned_.find(partition);
  if (it == owned_.end()) return;  // of a partition revoked since it was fetched
  {
    std::lock_guard lock(fence_mu_);
    auto& next = next_offset_[partition];
    next = std::max(next, offset + 1);
  }
  auto& sources = it->second;
  sources.erase(name);
  if (value)
    if (auto source = source_from_table(name, *value, base_dir_, env_))
      sources.emplace(name, std::move(*source));
  dirty_ = true;
  if (auto r = reading_.find(partition); r != reading_.end() && offset + 1 >= r->second)
    caught_up(partition);
}

void SourceAssignment::caught_up(std::int32_t partition) {
  if (reading_.erase(partition) && reading_.empty()) report();
}

void SourceAssignment::settle(const std::vector<std::int32_t>& partitions) {
  const auto began = std::chrono::steady_clock::now();
  const auto deadline = began + take_over_.settle;
  rd_kafka_topic_partition_list_t* parts =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (const std::int32_t p : partitions)
    rd_kafka_topic_partition_list_add(parts, topic_.c_str(), p);
  for (;;) {
    // librdkafka asks with RequireStable and retries a few times itself; this outlasts that.
    rd_kafka_resp_err_t e = rd_kafka_committed(rk_, parts, 2000);
    for (int i = 0; i < parts->cnt && e == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) e = parts->elems[i].err;
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    if (stopping_ || std::chrono::steady_clock::now() > deadline) {
      log::warn({.stage = "cluster", .error = rd_kafka_err2str(e)},
                "the last owner's transactions on {} partitions of {} did not settle within "
                "{:.1f} s: taking them over anyway; what it commits later may be published twice",
                partitions.size(), topic_,
                std::chrono::duration<double>(take_over_.settle).count());
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  rd_kafka_topic_partition_list_destroy(parts);
  // Stopping: nothing will be polled, and the stop must not wait for the table.
  if (take_over_.learn && !stopping_)
    if (auto learned = take_over_.learn(); !learned.ok())
      log::warn({.stage = "cluster", .error = learned.reason()},
                "taking over {} partitions without knowing all their last owner did: some items "
                "may be published twice",
                partitions.size());
  log::info({.stage = "cluster"}, "took over {} partitions of {} in {:.2f} s", partitions.size(),
            topic_,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
}

void SourceAssignment::report() {
  dirty_ = false;
  // Before the sources of a new assignment are reported or its fence is ready.
  if (assigned_ && reading_.empty() && !taken_over_.empty()) {
    settle(taken_over_);
    taken_over_.clear();
  }
  OwnedSources owned;
  std::map<std::string, SourceConfig> by_name;
  for (const auto& [partition, sources] : owned_) {
    owned.partitions.push_back(partition);
    for (const auto& [name, source] : sources) by_name.emplace(name, source);
  }
  {
    auto since = std::make_shared<std::map<std::string, std::uint64_t>>();
    for (const auto& [partition, sources] : owned_)
      for (const auto& [name, source] : sources) since->emplace(name, owned_since_[partition]);
    std::lock_guard lock(fence_mu_);
    sources_since_ = std::move(since);
    // An assignment counts once it is read whole; a revocation has none until the next.
    fence_ready_ = assigned_ && reading_.empty();
  }
  for (auto& [name, source] : by_name) owned.sources.push_back(std::move(source));
  on_owned_(std::move(owned));
}

}  // namespace newswired
