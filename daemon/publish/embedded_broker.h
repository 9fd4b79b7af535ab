#pragma once
// An in-process Kafka-protocol broker (librdkafka's mock cluster) for the demo configuration:
// `kafka.brokers: embedded`. Real clients such as kcat can read from it.

#include <memory>
#include <string>
#include <vector>

#include "pipeline/core/outcome.h"

struct rd_kafka_mock_cluster_s;  // librdkafka's, declared here to keep its header out

namespace newswired {

class EmbeddedBroker {
 public:
  static Outcome<std::unique_ptr<EmbeddedBroker>> start(const std::vector<std::string>& topics,
                                                        int partitions = 3);
  ~EmbeddedBroker();
  // "127.0.0.1:PORT", what clients use as bootstrap.servers.
  const std::string& bootstrap() const;
  // For fault injection in tests (rd_kafka_mock_*); the broker keeps ownership.
  rd_kafka_mock_cluster_s* mock_cluster() const;

 private:
  struct Impl;
  explicit EmbeddedBroker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswired
