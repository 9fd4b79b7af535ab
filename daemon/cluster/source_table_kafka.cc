#include "daemon/cluster/source_table_kafka.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <librdkafka/rdkafka.h>

namespace newswired {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// One librdkafka client and what its callbacks saw.
struct Client {
  rd_kafka_t* rk = nullptr;
  bool consumer = false;
  std::string brokers;
  std::chrono::milliseconds timeout{0};
  std::mutex mu;
  std::string last_error;  // from the error callback: why the cluster cannot be reached
  std::size_t acknowledged = 0;
  std::string first_failure;

  ~Client() {
    if (!rk) return;
    if (consumer) rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }

  std::string unreachable(rd_kafka_resp_err_t err) {
    std::lock_guard lock(mu);
    return "Kafka at " + brokers + " did not answer within " +
           std::to_string(timeout.count() / 1000) +
           "s: " + (last_error.empty() ? rd_kafka_err2str(err) : last_error);
  }

  static void on_error(rd_kafka_t*, int, const char* reason, void* opaque) {
    auto* self = static_cast<Client*>(opaque);
    std::lock_guard lock(self->mu);
    self->last_error = reason;
  }
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<Client*>(opaque);
    std::lock_guard lock(self->mu);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
      ++self->acknowledged;
    else if (self->first_failure.empty())
      self->first_failure = rd_kafka_err2str(m->err);
  }
  // Problems go to the error callback; librdkafka's own log lines would only repeat them.
  static void on_log(const rd_kafka_t*, int, const char*, const char*) {}
};

Outcome<std::unique_ptr<Client>> open_client(
    const KafkaAccess& kafka, rd_kafka_type_t type,
    const std::vector<std::pair<std::string, std::string>>& settings) {
  auto client = std::make_unique<Client>();
  client->consumer = type == RD_KAFKA_CONSUMER;
  client->brokers = kafka.brokers;
  client->timeout = kafka.timeout;
  std::string error;
  rd_kafka_conf_t* conf = cluster_client_conf(kafka, settings, error);
  if (!conf) return Failure{"Kafka client: " + error};
  char err[512];
  rd_kafka_conf_set_opaque(conf, client.get());
  rd_kafka_conf_set_error_cb(conf, &Client::on_error);
  rd_kafka_conf_set_log_cb(conf, &Client::on_log);
  if (type == RD_KAFKA_PRODUCER) rd_kafka_conf_set_dr_msg_cb(conf, &Client::on_delivery);
  client->rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!client->rk) {
    rd_kafka_conf_destroy(conf);
    return Failure{std::string("Kafka client: ") + err};
  }
  return client;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(left.count(), 0));
}

// The topic's partition count once every partition has a leader (a topic just created has
// none for a moment).
Outcome<int> partition_count(Client& client, const std::string& topic, Clock::time_point deadline) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(client.rk, topic.c_str(), nullptr);
  rd_kafka_resp_err_t last = RD_KAFKA_RESP_ERR__TIMED_OUT;
  int count = 0;
  while (count == 0 && Clock::now() < deadline) {
    const rd_kafka_metadata_t* md = nullptr;
    last = rd_kafka_metadata(client.rk, 0, rkt, &md, std::max(remaining_ms(deadline), 1));
    if (last == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1) {
      const auto& t = md->topics[0];
      bool led = t.err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt > 0;
      for (int p = 0; led && p < t.partition_cnt; ++p) led = t.partitions[p].leader >= 0;
      if (led) count = t.partition_cnt;
      if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR) last = t.err;
    }
    if (md) rd_kafka_metadata_destroy(md);
    if (count == 0) std::this_thread::sleep_for(100ms);
  }
  rd_kafka_topic_destroy(rkt);
  if (count == 0) return Failure{client.unreachable(last)};
  return count;
}

}  // namespace

rd_kafka_conf_t* cluster_client_conf(
    const KafkaAccess& kafka, const std::vector<std::pair<std::string, std::string>>& settings,
    std::string& error) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [key, value] : kafka.properties)
    rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "bootstrap.servers", kafka.brokers.c_str(), err, sizeof err);
  for (const auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      error = key + ": " + err;
      return nullptr;
    }
  }
  return conf;
}

Outcome<int> ensure_compacted_topic(
    const KafkaAccess& kafka, const std::string& topic, int partitions,
    const std::vector<std::pair<std::string, std::string>>& settings) {
  auto opened = open_client(kafka, RD_KAFKA_PRODUCER, {});
  if (!opened.ok()) return Failure{opened.reason()};
  Client& client = *opened.value();
  const auto deadline = Clock::now() + kafka.timeout;
  char err[512];
  rd_kafka_NewTopic_t* new_topic =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, err, sizeof err);
  if (!new_topic) return Failure{"topic " + topic + ": " + err};
  if (std::none_of(settings.begin(), settings.end(),
                   [](const auto& kv) { return kv.first == "cleanup.policy"; }))
    rd_kafka_NewTopic_set_config(new_topic, "cleanup.policy", "compact");
  for (const auto& [key, value] : settings)
    rd_kafka_NewTopic_set_config(new_topic, key.c_str(), value.c_str());
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(client.rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  const int ms = static_cast<int>(kafka.timeout.count());
  rd_kafka_AdminOptions_set_request_timeout(options, ms, err, sizeof err);
  rd_kafka_AdminOptions_set_operation_timeout(options, ms, err, sizeof err);
  rd_kafka_queue_t* results = rd_kafka_queue_new(client.rk);
  rd_kafka_CreateTopics(client.rk, &new_topic, 1, options, results);
  rd_kafka_NewTopic_destroy(new_topic);
  rd_kafka_AdminOptions_destroy(options);

  rd_kafka_event_t* event = nullptr;
  // In slices, serving the error callback in between: it says why a broker is unreachable.
  while (!event && Clock::now() < deadline + 1s) {
    event = rd_kafka_queue_poll(results, 100);
    rd_kafka_poll(client.rk, 0);
  }
  rd_kafka_queue_destroy(results);
  if (!event) return Failure{client.unreachable(RD_KAFKA_RESP_ERR__TIMED_OUT)};
  std::unique_ptr<rd_kafka_event_t, void (*)(rd_kafka_event_t*)> owned(event,
                                                                       rd_kafka_event_destroy);
  if (const auto e = rd_kafka_event_error(event); e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (e == RD_KAFKA_RESP_ERR__TIMED_OUT || e == RD_KAFKA_RESP_ERR__TRANSPORT)
      return Failure{client.unreachable(e)};
    return Failure{"creating " + topic + ": " + rd_kafka_event_error_string(event)};
  }
  std::size_t n = 0;
  const rd_kafka_topic_result_t** created =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto e = rd_kafka_topic_result_error(created[i]);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) continue;
    const char* why = rd_kafka_topic_result_error_string(created[i]);
    return Failure{"creating " + topic + ": " + (why ? why : rd_kafka_err2str(e))};
  }
  return partition_count(client, topic, Clock::now() + kafka.timeout);
}

Outcome<SourceTable> read_source_table(const KafkaAccess& kafka, const std::string& topic,
                                       int partitions) {
  // Assigned, not subscribed: the whole table, without joining a group or committing.
  auto opened = open_client(kafka, RD_KAFKA_CONSUMER,
                            {{"group.id", "newswired-sources-apply"},
                             {"enable.auto.commit", "false"},
                             {"enable.partition.eof", "true"}});
  if (!opened.ok()) return Failure{opened.reason()};
  Client& client = *opened.value();
  rd_kafka_poll_set_consumer(client.rk);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(client.rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Failure{"reading " + topic + ": " + rd_kafka_err2str(assigned)};

  SourceTable table;
  std::set<std::int32_t> at_end;
  const auto deadline = Clock::now() + kafka.timeout;
  while (static_cast<int>(at_end.size()) < partitions) {
    if (Clock::now() > deadline)
      return Failure{"reading " + topic + ": " + client.unreachable(RD_KAFKA_RESP_ERR__TIMED_OUT)};
    rd_kafka_message_t* m = rd_kafka_consumer_poll(client.rk, 100);
    if (!m) continue;
    std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(
        m, rd_kafka_message_destroy);
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
      continue;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Failure{"reading " + topic + ": " + rd_kafka_message_errstr(m)};
    if (!m->key) continue;  // not written by newswired: no source to name
    std::optional<std::string> value;
    if (m->payload) value.emplace(static_cast<const char*>(m->payload), m->len);
    apply_record(table, std::string(static_cast<const char*>(m->key), m->key_len), m->partition,
                 std::move(value));
  }
  return table;
}

Outcome<std::size_t> write_source_table(const KafkaAccess& kafka, const std::string& topic,
                                        const std::vector<TableWrite>& writes) {
  auto opened = open_client(kafka, RD_KAFKA_PRODUCER,
                            {{"enable.idempotence", "true"},
                             {"acks", "all"},
                             {"message.timeout.ms", std::to_string(kafka.timeout.count())}});
  if (!opened.ok()) return Failure{opened.reason()};
  Client& client = *opened.value();
  for (const auto& w : writes) {
    void* value = w.value ? const_cast<char*>(w.value->data()) : nullptr;
    const std::size_t size = w.value ? w.value->size() : 0;
    rd_kafka_resp_err_t e;
    while ((e = rd_kafka_producev(
                client.rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(w.partition),
                RD_KAFKA_V_KEY(w.name.data(), w.name.size()), RD_KAFKA_V_VALUE(value, size),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END)) ==
           RD_KAFKA_RESP_ERR__QUEUE_FULL)
      rd_kafka_poll(client.rk, 100);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Failure{"writing " + w.name + " to " + topic + ": " + rd_kafka_err2str(e)};
  }
  // message.timeout.ms bounds every record; the margin lets the last reports arrive.
  const auto flushed = rd_kafka_flush(client.rk, static_cast<int>(kafka.timeout.count()) + 5000);
  std::lock_guard lock(client.mu);
  if (client.acknowledged == writes.size()) return client.acknowledged;
  if (flushed == RD_KAFKA_RESP_ERR__TIMED_OUT || client.first_failure.empty())
    return Failure{"writing " + topic + ": " + std::to_string(client.acknowledged) + " of " +
                   std::to_string(writes.size()) + " records acknowledged; " +
                   (client.last_error.empty() ? "timed out" : client.last_error)};
  return Failure{"writing " + topic + ": " + std::to_string(writes.size() - client.acknowledged) +
                 " records refused: " + client.first_failure};
}

}  // namespace newswired
