#include "tests/support/kafka_reader.h"

#include <chrono>
#include <memory>
#include <stdexcept>

#include <librdkafka/rdkafka.h>

namespace newswired::testing {
namespace {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};

void set(rd_kafka_conf_t* conf, const char* k, const std::string& v) {
  char err[256];
  if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
    throw std::runtime_error(std::string(k) + ": " + err);
}

}  // namespace

std::vector<ConsumedRecord> read_topic(const std::string& bootstrap, const std::string& topic) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", bootstrap);
  set(conf, "group.id", "newswired-test-reader");
  set(conf, "enable.partition.eof", "true");
  set(conf, "enable.auto.commit", "false");
  set(conf, "isolation.level", "read_committed");
  char err[512];
  std::unique_ptr<rd_kafka_t, KafkaDeleter> rk(
      rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err));
  if (!rk) throw std::runtime_error(err);

  rd_kafka_topic_t* t = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const auto rc = rd_kafka_metadata(rk.get(), 0, t, &md, 10000);
  rd_kafka_topic_destroy(t);
  if (rc != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("metadata for " + topic + ": " + rd_kafka_err2str(rc));
  int partitions = 0;
  if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
    partitions = md->topics[0].partition_cnt;
  rd_kafka_metadata_destroy(md);
  std::vector<ConsumedRecord> out;
  if (partitions == 0) return out;

  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk.get(), list);
  rd_kafka_topic_partition_list_destroy(list);

  int at_eof = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (at_eof < partitions) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("timed out reading " + topic);
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 500);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++at_eof;
    } else if (m->err) {
      const std::string what = rd_kafka_message_errstr(m);
      rd_kafka_message_destroy(m);
      throw std::runtime_error("consuming " + topic + ": " + what);
    } else {
      ConsumedRecord r;
      r.partition = m->partition;
      if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
      if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
      rd_kafka_headers_t* hdrs = nullptr;
      if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* val;
        size_t size;
        for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &val, &size); ++i)
          r.headers[name] = std::string(static_cast<const char*>(val), size);
      }
      out.push_back(std::move(r));
    }
    rd_kafka_message_destroy(m);
  }
  return out;
}

}  // namespace newswired::testing
