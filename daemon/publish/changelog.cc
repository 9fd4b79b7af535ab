#include "daemon/publish/changelog.h"

#include <charconv>
#include <memory>

#include <librdkafka/rdkafka.h>

#include "daemon/publish/spool.h"

namespace newswired {
namespace {

constexpr const char* kOffsetKey = "offset";

std::optional<std::int64_t> applied_offset(const StateStore& store) {
  auto v = store.get(kChangelogTable, kOffsetKey);
  std::int64_t offset = 0;
  if (!v || std::from_chars(v->data(), v->data() + v->size(), offset).ec != std::errc())
    return std::nullopt;
  return offset;
}

struct KafkaHandle {
  rd_kafka_t* rk = nullptr;
  ~KafkaHandle() {
    if (rk) {
      rd_kafka_consumer_close(rk);
      rd_kafka_destroy(rk);
    }
  }
};

}  // namespace

std::string ChangelogEntry::encode() const {
  // The spool's own format, with the record reduced to its number: one codec to keep.
  SpoolEntry e;
  e.role = "changelog";
  e.source = instance;
  e.record.key = std::to_string(seq);
  e.on_ack = writes;
  return e.encode();
}

std::optional<ChangelogEntry> ChangelogEntry::decode(std::string_view bytes) {
  auto e = SpoolEntry::decode(bytes);
  if (!e || e->role != "changelog") return std::nullopt;
  ChangelogEntry out;
  const auto& key = e->record.key;
  if (std::from_chars(key.data(), key.data() + key.size(), out.seq).ec != std::errc())
    return std::nullopt;
  out.instance = std::move(e->source);
  out.writes = std::move(e->on_ack);
  return out;
}

Record changelog_record(const std::string& topic, const ChangelogEntry& entry) {
  Record r;
  r.topic = topic;
  r.key = entry.instance + "/" + std::to_string(entry.seq);
  r.value = entry.encode();
  r.partition = 0;
  return r;
}

StateStore::Write changelog_offset_write(std::int64_t offset) {
  return {kChangelogTable, kOffsetKey, std::to_string(offset)};
}

Outcome<ChangelogRestore> restore_from_changelog(const std::string& bootstrap,
                                                 const KafkaConfig& config,
                                                 const std::string& instance, StateStore& store,
                                                 std::chrono::milliseconds timeout) {
  const std::string& topic = config.topics.changelog;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // Security and client settings apply to this reader too; producer-only ones are ignored.
  for (const auto& [key, value] : config.producer)
    rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err);
  for (const auto& [key, value] :
       {std::pair<const char*, std::string>{"bootstrap.servers", bootstrap},
        {"isolation.level", "read_committed"},
        {"enable.partition.eof", "true"},
        {"enable.auto.commit", "false"},
        {"group.id", "newswired-changelog-restore"},
        {"log_level", "3"}}) {
    if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Failure{std::string("changelog reader: ") + err};
    }
  }
  KafkaHandle h;
  h.rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!h.rk) return Failure{std::string("changelog reader: ") + err};

  std::int64_t low = 0, high = 0;
  const rd_kafka_resp_err_t q = rd_kafka_query_watermark_offsets(
      h.rk, topic.c_str(), 0, &low, &high, static_cast<int>(timeout.count()));
  ChangelogRestore out;
  if (q == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || q == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
    return out;  // never written: nothing to restore
  if (q != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Failure{"cannot read the changelog " + topic + ": " + rd_kafka_err2str(q)};
  const std::optional<std::int64_t> applied = applied_offset(store);
  out.last_offset = applied.value_or(-1);
  const std::int64_t from = applied ? *applied + 1 : low;
  if (from >= high) return out;

  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = from;
  rd_kafka_assign(h.rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (std::chrono::steady_clock::now() > deadline)
      return Failure{"reading the changelog " + topic + " timed out at offset " +
                     std::to_string(out.last_offset)};
    rd_kafka_message_t* m = rd_kafka_consumer_poll(h.rk, 200);
    if (!m) continue;
    std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> msg(
        m, rd_kafka_message_destroy);
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) break;  // at the last stable offset
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Failure{"reading the changelog " + topic + ": " + rd_kafka_message_errstr(m)};
    std::vector<StateStore::Write> writes;
    auto entry =
        ChangelogEntry::decode(std::string_view(static_cast<const char*>(m->payload), m->len));
    if (entry && entry->instance == instance) {
      writes = std::move(entry->writes);
      writes.push_back(Spool::erase_write(entry->seq));
      ++out.applied;
    }
    writes.push_back(changelog_offset_write(m->offset));
    if (auto e = store.put(writes); !e.empty())
      return Failure{"applying the changelog to the state store: " + e};
    out.last_offset = m->offset;
  }
  return out;
}

}  // namespace newswired
