#include "tests/daemon/publish/kafka_test_util.h"

#include <set>

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

namespace newswired::testing {

std::vector<Consumed> consume_all(const std::string& bootstrap, const std::string& topic,
                                  int partitions, std::chrono::milliseconds timeout) {
  std::vector<Consumed> out;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : {std::pair{"bootstrap.servers", bootstrap.c_str()},
                             {"group.id", "newswired-publish-test"},
                             {"enable.auto.commit", "false"},
                             {"enable.partition.eof", "true"}}) {
    if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) {
      ADD_FAILURE() << k << ": " << err;
      rd_kafka_conf_destroy(conf);
      return out;
    }
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) {
    ADD_FAILURE() << err;
    rd_kafka_conf_destroy(conf);
    return out;
  }
  rd_kafka_poll_set_consumer(rk);
  // Assigned, not subscribed: no group coordination, just read every partition from offset 0.
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  EXPECT_EQ(rd_kafka_assign(rk, parts), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(parts);

  std::set<int32_t> at_end;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (static_cast<int>(at_end.size()) < partitions &&
         std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (m->err) {
      ADD_FAILURE() << "consume: " << rd_kafka_message_errstr(m);
    } else {
      Consumed c;
      c.partition = m->partition;
      c.offset = m->offset;
      if (m->key) c.key.assign(static_cast<const char*>(m->key), m->key_len);
      if (m->payload) c.value.assign(static_cast<const char*>(m->payload), m->len);
      rd_kafka_headers_t* hdrs = nullptr;
      if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* value;
        size_t size;
        for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &value, &size); ++i)
          c.headers.emplace(name, std::string(static_cast<const char*>(value), size));
      }
      out.push_back(std::move(c));
    }
    rd_kafka_message_destroy(m);
  }
  EXPECT_EQ(static_cast<int>(at_end.size()), partitions)
      << "did not reach the end of " << topic << " in time";
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

}  // namespace newswired::testing
