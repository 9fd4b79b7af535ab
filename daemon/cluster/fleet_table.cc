#include "daemon/cluster/fleet_table.h"

#include <algorithm>
#include <charconv>
#include <map>

#include <librdkafka/rdkafka.h>

#include "daemon/cluster/source_table_kafka.h"
#include "daemon/ops/log.h"
#include "daemon/publish/changelog.h"

namespace newswired {
namespace {

using Clock = std::chrono::steady_clock;

// What one round of the follower applies in one state transaction at most. Large, so that a
// joining instance reading the whole table pays LMDB's commit seldom (5,000: 39,000-46,000
// records/s in bench/fleet_table_bench.cc, 1,000: 34,700-38,000).
constexpr int kBatch = 5000;

// The markers of one catch_up(): where each landed. Shared with the delivery reports, which
// may come after catch_up() gave up.
struct Markers {
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::int32_t, std::int64_t> offsets;
  std::string error;
  int pending = 0;
};

std::int64_t stored_offset(const StateStore& store, const std::string& key) {
  const auto v = store.get(kFleetOffsetsTable, key);
  std::int64_t offset = RD_KAFKA_OFFSET_BEGINNING;
  if (v) std::from_chars(v->data(), v->data() + v->size(), offset);
  return offset;
}

// A client of the cluster as this instance, with `settings`.
rd_kafka_t* client(const Config& config, rd_kafka_type_t type,
                   std::vector<std::pair<std::string, std::string>> settings, void* opaque,
                   std::string& error) {
  settings.emplace_back("client.id", config.cluster->instance);
  rd_kafka_conf_t* conf =
      cluster_client_conf({config.kafka.brokers, config.kafka.producer}, settings, error);
  if (!conf) return nullptr;
  char err[512];
  rd_kafka_conf_set_opaque(conf, opaque);
  // Problems show in the counts and the lag; librdkafka's lines would repeat the producer's.
  rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
  if (type == RD_KAFKA_PRODUCER)
    rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* m, void* o) {
      if (m->_private) {  // a marker of catch_up()
        std::unique_ptr<std::shared_ptr<Markers>> markers(
            static_cast<std::shared_ptr<Markers>*>(m->_private));
        std::lock_guard lock((*markers)->mu);
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
          (*markers)->offsets[m->partition] = m->offset;
        else
          (*markers)->error = rd_kafka_err2str(m->err);
        --(*markers)->pending;
        (*markers)->cv.notify_all();
        return;
      }
      auto* counts = static_cast<std::atomic<std::uint64_t>*>(o);
      ++counts[m->err == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : 1];
    });
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    error = err;
  }
  return rk;
}

}  // namespace

FleetTable::FleetTable(const Config& config, Options options, StateStore& store, Apply apply)
    : options_(std::move(options)),
      instance_(config.cluster->instance),
      store_(store),
      apply_(std::move(apply)) {}

std::string FleetTable::offset_key(std::int32_t partition) const {
  return options_.topic + "/" + std::to_string(partition);
}

Outcome<std::unique_ptr<FleetTable>> FleetTable::start(const Config& config, Options options,
                                                       StateStore& store, Apply apply) {
  std::unique_ptr<FleetTable> self(
      new FleetTable(config, std::move(options), store, std::move(apply)));
  const std::string& topic = self->options_.topic;
  const KafkaAccess kafka{config.kafka.brokers, config.kafka.producer};
  const auto partitions = ensure_compacted_topic(kafka, topic, config.cluster->partitions,
                                                 self->options_.topic_settings);
  if (!partitions.ok()) return Failure{topic + ": " + partitions.reason()};
  if (auto opened = self->open(config, partitions.value()); !opened.ok())
    return Failure{topic + ": " + opened.reason()};
  const auto began = Clock::now();
  const auto deadline = began + self->options_.catch_up;
  bool reading = true;
  while (reading && Clock::now() < deadline) reading = self->follow(std::chrono::milliseconds(100));
  const double took = std::chrono::duration<double>(Clock::now() - began).count();
  if (reading)
    log::warn({.stage = "cluster"},
              "{} not read to its end within {:.1f} s ({} records applied): following it while "
              "polling starts",
              topic, took, self->applied_.load());
  else
    log::info({.stage = "cluster"}, "{} read to its end in {:.1f} s: {} records of other instances",
              topic, took, self->applied_.load());
  self->thread_ = std::thread([raw = self.get()] { raw->loop(); });
  return self;
}

Outcome<bool> FleetTable::open(const Config& config, int partitions) {
  partitions_ = partitions;
  std::string error;
  producer_ = client(config, RD_KAFKA_PRODUCER,
                     {{"enable.idempotence", "true"}, {"acks", "all"}, {"linger.ms", "20"}},
                     counts_, error);
  if (!producer_) return Failure{"producer: " + error};
  consumer_ = client(config, RD_KAFKA_CONSUMER,
                     {// Assigned, not subscribed: every instance reads every partition, and
                      // where it stopped is kept in its own state, with what it applied.
                      {"group.id", options_.topic + "." + instance_},
                      {"enable.auto.commit", "false"},
                      {"enable.partition.eof", "true"},
                      // What an aborted transaction wrote was never seen (exactly-once mode).
                      {"isolation.level", "read_committed"},
                      // The consistency window: a record waits at most this long at the broker.
                      {"fetch.wait.max.ms", "100"},
                      {"auto.offset.reset", "earliest"}},
                     nullptr, error);
  if (!consumer_) return Failure{"consumer: " + error};
  return assign_from_state();
}

Outcome<bool> FleetTable::assign_from_state() {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions_);
  for (std::int32_t p = 0; p < partitions_; ++p)
    rd_kafka_topic_partition_list_add(parts, options_.topic.c_str(), p)->offset =
        stored_offset(store_, offset_key(p));
  const auto e = rd_kafka_assign(consumer_, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Failure{std::string("assign: ") + rd_kafka_err2str(e)};
  return true;
}

FleetTable::~FleetTable() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (producer_) {
    rd_kafka_flush(producer_, 5000);
    // What could not be sent is given up, so that its delivery report, served here, frees
    // what a marker carries.
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(producer_, 1000);
    rd_kafka_destroy(producer_);
  }
  if (consumer_) {
    rd_kafka_consumer_close(consumer_);
    rd_kafka_destroy(consumer_);
  }
}

Record FleetTable::record(const std::string& key,
                          const std::vector<StateStore::Write>& writes) const {
  Record r;
  r.topic = options_.topic;
  r.key = key;
  r.value = ChangelogEntry{instance_, 0, writes}.encode();
  return r;
}

void FleetTable::publish(const std::string& key, const std::vector<StateStore::Write>& writes,
                         std::int32_t partition) {
  const std::string value = record(key, writes).value;
  const auto err =
      rd_kafka_producev(producer_, RD_KAFKA_V_TOPIC(options_.topic.c_str()),
                        RD_KAFKA_V_PARTITION(partition < 0 ? RD_KAFKA_PARTITION_UA : partition),
                        RD_KAFKA_V_KEY(key.data(), key.size()),
                        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  // Never waits: the delivery path must not stall on a fleet table.
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) ++counts_[1];
}

void FleetTable::flush(std::chrono::milliseconds timeout) {
  rd_kafka_flush(producer_, static_cast<int>(timeout.count()));
}

Outcome<bool> FleetTable::catch_up(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto markers = std::make_shared<Markers>();
  markers->pending = partitions_;
  // Keyed apart from any article and value-less (a tombstone): compaction drops them, and
  // follow() applies nothing for them.
  const std::string key = "catch-up/" + instance_;
  for (std::int32_t p = 0; p < partitions_; ++p) {
    auto* opaque = new std::shared_ptr<Markers>(markers);
    const auto err = rd_kafka_producev(
        producer_, RD_KAFKA_V_TOPIC(options_.topic.c_str()), RD_KAFKA_V_PARTITION(p),
        RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      delete opaque;
      return Failure{"cannot write a marker to " + options_.topic + ": " + rd_kafka_err2str(err)};
    }
  }
  std::map<std::int32_t, std::int64_t> wanted;
  {
    std::unique_lock lock(markers->mu);
    while (markers->pending > 0 && markers->error.empty()) {
      lock.unlock();
      rd_kafka_poll(producer_, 50);  // the follower's thread polls too; either serves
      lock.lock();
      if (Clock::now() > deadline)
        return Failure{"the markers written to " + options_.topic + " were not acknowledged"};
    }
    if (!markers->error.empty())
      return Failure{"a marker written to " + options_.topic + " failed: " + markers->error};
    wanted = markers->offsets;
  }
  std::unique_lock lock(applied_mu_);
  const bool reached = applied_cv_.wait_until(lock, deadline, [&] {
    return std::all_of(wanted.begin(), wanted.end(), [&](const auto& w) {
      const auto at = applied_up_to_.find(w.first);
      return at != applied_up_to_.end() && at->second > w.second;
    });
  });
  if (!reached)
    return Failure{options_.topic +
                   " was not read up to the markers (a transaction of another instance still "
                   "open, or the table cannot be applied)"};
  return true;
}

bool FleetTable::follow(std::chrono::milliseconds wait) {
  std::vector<StateStore::Write> writes;
  std::vector<StateStore::Write> offsets;
  std::map<std::int32_t, std::int64_t> next;
  std::int64_t newest_ms = -1;
  std::size_t remote = 0;
  for (int n = 0; n < kBatch; ++n) {
    rd_kafka_message_t* m =
        rd_kafka_consumer_poll(consumer_, n == 0 ? static_cast<int>(wait.count()) : 0);
    if (!m) break;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end_.insert(m->partition);
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      log::warn({.stage = "cluster", .error = rd_kafka_message_errstr(m)}, "reading {} [{}]",
                options_.topic, m->partition);
    } else {
      next[m->partition] = m->offset + 1;
      const std::string_view bytes(static_cast<const char*>(m->payload), m->len);
      // This instance's own records are in its state already.
      if (auto entry = ChangelogEntry::decode(bytes); entry && entry->instance != instance_) {
        writes.insert(writes.end(), std::make_move_iterator(entry->writes.begin()),
                      std::make_move_iterator(entry->writes.end()));
        ++remote;
        newest_ms = rd_kafka_message_timestamp(m, nullptr);
      }
    }
    rd_kafka_message_destroy(m);
  }
  if (!next.empty()) {
    for (const auto& [partition, offset] : next)
      offsets.push_back({kFleetOffsetsTable, offset_key(partition), std::to_string(offset)});
    if (auto err = apply_(std::move(writes), std::move(offsets)); !err.empty()) {
      // Read again from where the state stopped, once the store takes writes again.
      log::error({.stage = "cluster", .error = err}, "could not apply {} records of {}", remote,
                 options_.topic);
      assign_from_state();
      std::this_thread::sleep_for(std::chrono::seconds(1));  // a full disk: not a busy loop
      return true;
    }
    applied_ += remote;
    {
      std::lock_guard lock(applied_mu_);
      for (const auto& [partition, offset] : next) applied_up_to_[partition] = offset;
    }
    applied_cv_.notify_all();
    if (newest_ms >= 0) {
      const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
      lag_seconds_ = static_cast<double>(now_ms - newest_ms) / 1000.0;
    }
  }
  return static_cast<int>(at_end_.size()) < partitions_;
}

void FleetTable::loop() {
  while (!stop_) {
    follow(std::chrono::milliseconds(100));
    rd_kafka_poll(producer_, 0);  // delivery reports of publish()
  }
}

FleetTable::Stats FleetTable::stats() const {
  return {applied_.load(), counts_[0].load(), counts_[1].load(), lag_seconds_.load()};
}

}  // namespace newswired
