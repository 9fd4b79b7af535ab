// The publish stage alone against a real broker: every line of FILE (one record value per
// line, as `kcat -P -l FILE` sends them) published to TOPIC with the daemon's producer settings
// (KafkaPublisher's defaults), waiting for every acknowledgement. Prints records/s and MB/s.
//
//   publish_bench publisher BOOTSTRAP TOPIC FILE   KafkaPublisher::produce, then flush
//   publish_bench spool BOOTSTRAP TOPIC FILE DIR   the daemon's path: records appended to the
//       spool in DIR 64 to a write (as the publish stage takes what queued up), sent by a
//       SpoolSender, marked erased on their acknowledgement, one LMDB transaction per poll's
//       reports
//   publish_bench create-topic BOOTSTRAP TOPIC PARTITIONS [NAME=VALUE...]
//       create a topic (replication 1) with topic settings, e.g.
//       message.timestamp.type=LogAppendTime
//
// The time runs from the producer's creation (so connecting is counted, as it is for kcat) to
// the last acknowledgement; reading FILE is not counted.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "daemon/publish/kafka_publisher.h"
#include "daemon/publish/spool.h"
#include "daemon/publish/spool_sender.h"
#include "pipeline/core/state_store.h"

namespace newswired {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

int usage() {
  std::fprintf(stderr,
               "usage: publish_bench publisher BOOTSTRAP TOPIC FILE\n"
               "       publish_bench spool BOOTSTRAP TOPIC FILE STATE_DIR\n"
               "       publish_bench create-topic BOOTSTRAP TOPIC PARTITIONS [NAME=VALUE...]\n");
  return 2;
}

int create_topic(int argc, char** argv) {
  if (argc < 5) return usage();
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", argv[2], err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    std::fprintf(stderr, "publish_bench: %s\n", err);
    return 1;
  }
  rd_kafka_NewTopic_t* topic =
      rd_kafka_NewTopic_new(argv[3], std::stoi(argv[4]), 1, err, sizeof err);
  for (int i = 5; topic && i < argc; ++i) {
    const std::string setting = argv[i];
    const auto eq = setting.find('=');
    if (eq == std::string::npos) return usage();
    rd_kafka_NewTopic_set_config(topic, setting.substr(0, eq).c_str(),
                                 setting.substr(eq + 1).c_str());
  }
  std::string error = topic ? "" : err;
  if (topic) {
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &topic, 1, nullptr, queue);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
    const rd_kafka_CreateTopics_result_t* result =
        event ? rd_kafka_event_CreateTopics_result(event) : nullptr;
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        result ? rd_kafka_CreateTopics_result_topics(result, &n) : nullptr;
    if (!event) {
      error = "no answer within 30 s";
    } else if (rd_kafka_event_error(event)) {
      error = rd_kafka_event_error_string(event);
    } else if (n == 1 && rd_kafka_topic_result_error(results[0])) {
      error = rd_kafka_topic_result_error_string(results[0]);
    }
    if (event) rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy(topic);
  }
  rd_kafka_destroy(rk);
  if (!error.empty()) {
    std::fprintf(stderr, "publish_bench: creating %s: %s\n", argv[3], error.c_str());
    return 1;
  }
  return 0;
}

// Counts acknowledgements and wakes the waiter when the last one arrives.
struct Acks {
  std::mutex mu;
  std::condition_variable all;
  std::size_t ok = 0, failed = 0;

  void add(bool delivered) {
    std::lock_guard lock(mu);
    ++(delivered ? ok : failed);
    all.notify_all();
  }
  void wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    all.wait(lock, [&] { return ok + failed >= n; });
  }
};

int publish(const std::string& mode, const std::string& bootstrap, const std::string& topic,
            const std::vector<std::string>& values, const std::string& state_dir) {
  KafkaConfig config;  // the daemon's producer settings: KafkaPublisher's defaults
  config.brokers = bootstrap;
  Acks acks;
  const auto start = Clock::now();
  auto publisher =
      KafkaPublisher::create(config, bootstrap, [](int severity, const std::string& m) {
        if (severity <= 4) std::fprintf(stderr, "librdkafka: %s\n", m.c_str());
      });
  if (!publisher.ok()) {
    std::fprintf(stderr, "publish_bench: %s\n", publisher.reason().c_str());
    return 1;
  }
  KafkaPublisher& kafka = *publisher.value();
  if (mode == "publisher") {
    for (const auto& v : values)
      kafka.produce(Record{topic, "", v, {}, -1},
                    [&acks](const DeliveryReport& r) { acks.add(r.ok); });
    acks.wait_for(values.size());
  } else {
    auto store = StateStore::open(state_dir, {Spool::kTable});
    if (!store.ok()) {
      std::fprintf(stderr, "publish_bench: %s\n", store.reason().c_str());
      return 1;
    }
    Spool spool(store.value(), std::uint64_t{1} << 30);
    std::atomic<bool> give_up{false};
    // As the daemon does: the acknowledgements of one poll are erased in one transaction, and
    // what queued up is appended in one.
    std::mutex acked_mu;
    std::vector<std::uint64_t> acked;
    kafka.after_reports([&] {
      std::vector<std::uint64_t> batch;
      {
        std::lock_guard lock(acked_mu);
        batch.swap(acked);
      }
      std::vector<StateStore::Write> erases;
      for (const auto seq : batch) erases.push_back(Spool::erase_write(seq));
      const bool ok = store.value()->put(erases).empty();
      if (ok) spool.erased(batch);
      for (std::size_t i = 0; i < batch.size(); ++i) acks.add(ok);
    });
    std::unique_ptr<SpoolSender> sender;
    sender = std::make_unique<SpoolSender>(
        spool, kafka,
        [&](std::uint64_t seq, SpoolEntry&&, const DeliveryReport& r) {
          if (!r.ok && r.retriable) return sender->resend(seq);
          if (!r.ok) return acks.add(false);
          std::lock_guard lock(acked_mu);
          acked.push_back(seq);
        },
        [](std::uint64_t) {}, &give_up);
    constexpr std::size_t kBatch = 64;  // the daemon's publish stage takes up to this many
    std::vector<SpoolEntry> entries;
    for (std::size_t i = 0; i < values.size(); i += kBatch) {
      entries.clear();
      for (std::size_t j = i; j < std::min(values.size(), i + kBatch); ++j) {
        SpoolEntry& entry = entries.emplace_back();
        entry.role = "articles";
        entry.source = "bench";
        entry.record = Record{topic, "", values[j], {}, -1};
      }
      std::vector<const SpoolEntry*> batch;
      for (const auto& e : entries) batch.push_back(&e);
      spool.append_all(
          batch, [] { return true; }, [](const std::string&) {}, [](std::size_t, std::uint64_t) {});
    }
    acks.wait_for(values.size());
    sender->stop();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t bytes = 0;
  for (const auto& v : values) bytes += v.size();
  std::printf("%s: %zu records (%zu failed), %.1f MB in %.2f s: %.0f records/s, %.1f MB/s\n",
              mode.c_str(), values.size(), acks.failed, bytes / 1e6, seconds,
              values.size() / seconds, bytes / 1e6 / seconds);
  return acks.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace newswired

int main(int argc, char** argv) {
  if (argc < 2) return newswired::usage();
  const std::string mode = argv[1];
  if (mode == "create-topic") return newswired::create_topic(argc, argv);
  if (!((mode == "publisher" && argc == 5) || (mode == "spool" && argc == 6)))
    return newswired::usage();
  std::ifstream in(argv[4]);
  if (!in) {
    std::fprintf(stderr, "publish_bench: cannot read %s\n", argv[4]);
    return 1;
  }
  std::vector<std::string> values;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) values.push_back(std::move(line));
  return newswired::publish(mode, argv[2], argv[3], values, argc == 6 ? argv[5] : "");
}
