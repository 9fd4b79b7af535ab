#pragma once
// The sources topic on a Kafka cluster: created compacted, read to its end, written to with
// every record acknowledged. Each call waits at most `timeout` for the cluster.

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "daemon/cluster/source_table.h"
#include "pipeline/core/outcome.h"

struct rd_kafka_conf_s;

namespace newswired {

struct KafkaAccess {
  std::string brokers;
  // `kafka.producer` of the configuration: its security settings apply to every client.
  std::vector<std::pair<std::string, std::string>> properties;
  std::chrono::milliseconds timeout{std::chrono::seconds(15)};
};

// What every client of the fleet's topics starts from: `kafka.properties` (producer-only keys
// mean nothing to the other clients, and librdkafka ignores them there), the brokers, then
// `settings`. Null, with `error` naming the key, when librdkafka refuses one of `settings`.
rd_kafka_conf_s* cluster_client_conf(
    const KafkaAccess& kafka, const std::vector<std::pair<std::string, std::string>>& settings,
    std::string& error);

// Creates `topic` with cleanup.policy=compact, `partitions` and the cluster's default
// replication unless it exists; gives its partition count as the cluster has it. `settings`
// are further topic configs (or override cleanup.policy).
Outcome<int> ensure_compacted_topic(
    const KafkaAccess& kafka, const std::string& topic, int partitions,
    const std::vector<std::pair<std::string, std::string>>& settings = {});

// Every live record of `topic`, read from the beginning of each partition to its end.
Outcome<SourceTable> read_source_table(const KafkaAccess& kafka, const std::string& topic,
                                       int partitions);

// Idempotent producer with acks=all; fails unless Kafka acknowledged every record.
Outcome<std::size_t> write_source_table(const KafkaAccess& kafka, const std::string& topic,
                                        const std::vector<TableWrite>& writes);

}  // namespace newswired
