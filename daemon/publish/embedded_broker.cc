#include "daemon/publish/embedded_broker.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace newswired {

struct EmbeddedBroker::Impl {
  rd_kafka_t* host = nullptr;  // the mock cluster lives inside a client handle
  rd_kafka_mock_cluster_t* cluster = nullptr;
  std::string bootstrap;

  ~Impl() {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
    if (host) rd_kafka_destroy(host);
  }
};

Outcome<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::start(
    const std::vector<std::string>& topics, int partitions) {
  if (partitions < 1) return Failure{"partitions must be at least 1"};
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The host handle never connects anywhere; without this it would log a notice that it has
  // no bootstrap.servers.
  if (rd_kafka_conf_set(conf, "log_level", "4", err, sizeof err) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return Failure{err};
  }
  auto impl = std::make_unique<Impl>();
  impl->host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!impl->host) {
    rd_kafka_conf_destroy(conf);  // rd_kafka_new owns it only on success
    return Failure{err};
  }
  impl->cluster = rd_kafka_mock_cluster_new(impl->host, 1);
  if (!impl->cluster) return Failure{"could not create the mock cluster"};
  for (const auto& topic : topics) {
    const rd_kafka_resp_err_t e =
        rd_kafka_mock_topic_create(impl->cluster, topic.c_str(), partitions, 1);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Failure{"topic " + topic + ": " + rd_kafka_err2str(e)};
  }
  impl->bootstrap = rd_kafka_mock_cluster_bootstraps(impl->cluster);
  return std::unique_ptr<EmbeddedBroker>(new EmbeddedBroker(std::move(impl)));
}

EmbeddedBroker::EmbeddedBroker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmbeddedBroker::~EmbeddedBroker() = default;

const std::string& EmbeddedBroker::bootstrap() const { return impl_->bootstrap; }

rd_kafka_mock_cluster_s* EmbeddedBroker::mock_cluster() const { return impl_->cluster; }

}  // namespace newswired
