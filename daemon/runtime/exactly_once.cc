// Exactly-once mode's setup: the producer's transactional id, and the state restored from the
// changelog before anything else reads the state store.

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <unistd.h>

#include "daemon/ops/log.h"
#include "daemon/publish/changelog.h"
#include "daemon/runtime/topology_impl.h"

namespace newswired {
namespace {

// FNV-1a: a stable hash (std::hash may differ between library versions, and the id must not).
std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

bool stop_requested() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

}  // namespace

KafkaConfig Topology::Impl::producer_config() const {
  KafkaConfig c = config.kafka;
  if (!exactly_once() || !c.transactional_id.empty()) return c;
  if (fleet()) {
    // Instance names are unique in a group: a restart of the same instance fences its
    // predecessor, and the group's generation fences one the others presumed dead.
    c.transactional_id =
        fmt::format("newswired-{}-{}", config.cluster->group, config.cluster->instance);
    // A dead instance's id is not used again: its open transaction holds back what
    // read_committed consumers see until the broker aborts it after this timeout (Kafka
    // Streams' choice too; librdkafka's default is a minute).
    for (const char* key : {"transaction.timeout.ms", "message.timeout.ms"})
      if (std::none_of(c.producer.begin(), c.producer.end(),
                       [&](const auto& kv) { return kv.first == key; }))
        c.producer.emplace_back(key, "10000");
    return c;
  }
  // One id per host and state directory: a restart fences its own predecessor, two daemons
  // with their own state never fence each other.
  char host[256] = "localhost";
  gethostname(host, sizeof host - 1);
  std::error_code ec;
  const auto dir = std::filesystem::absolute(config.state_dir, ec).lexically_normal().string();
  c.transactional_id = fmt::format("newswired-{}-{:08x}", host, stable_hash(dir) & 0xffffffffu);
  return c;
}

std::chrono::milliseconds Topology::Impl::transaction_timeout() const {
  if (!exactly_once()) return std::chrono::milliseconds(0);
  const KafkaConfig c = producer_config();
  const auto set = std::find_if(c.producer.begin(), c.producer.end(), [](const auto& kv) {
    return kv.first == "transaction.timeout.ms";
  });
  std::int64_t ms = 60000;  // librdkafka's default
  if (set != c.producer.end())
    std::from_chars(set->second.data(), set->second.data() + set->second.size(), ms);
  return std::chrono::milliseconds(ms);
}

Outcome<bool> Topology::Impl::restore_state(const std::string& bootstrap) {
  const KafkaConfig kafka = producer_config();
  for (int attempt = 1;; ++attempt) {
    auto restored = restore_from_changelog(bootstrap, kafka, kafka.transactional_id, *state,
                                           std::chrono::seconds(10));
    if (restored.ok()) {
      log::info("", "exactly-once: changelog {} read up to offset {}, {} records applied",
                kafka.topics.changelog, restored.value().last_offset, restored.value().applied);
      return true;
    }
    // Without it the state may be behind what Kafka committed: nothing starts before it.
    log::warn({.stage = "publish", .error = restored.reason()},
              "exactly-once: waiting for Kafka to restore state (attempt {})", attempt);
    for (int i = 0; i < 20; ++i) {
      if (stop_requested()) return Failure{"stopped while waiting to restore state from Kafka"};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace newswired
