#include "daemon/cluster/sources_apply.h"

#include <iostream>

#include <yaml-cpp/yaml.h>

#include "daemon/cluster/source_placement.h"
#include "daemon/cluster/source_table.h"
#include "daemon/cluster/source_table_kafka.h"
#include "daemon/config/config_loader.h"
#include "daemon/runtime/topology.h"

namespace newswired {
namespace {

// The table's values are the entries as written, not as loaded: relative paths and defaults
// stay for each instance's own loader to resolve.
Outcome<WantedSources> wanted_sources(const Config& config, int partitions) {
  YAML::Node entries;
  try {
    entries = YAML::LoadFile(config.path)["sources"];
  } catch (const YAML::Exception& e) {
    return Failure{config.path + ": " + e.what()};
  }
  if (!entries.IsSequence() || entries.size() != config.sources.size())
    return Failure{config.path + ": sources: changed while being read"};
  WantedSources wanted;
  for (std::size_t i = 0; i < config.sources.size(); ++i) {
    const SourceConfig& source = config.sources[i];
    wanted[source.name] = {partition_for(placement_key(source), partitions),
                           source_entry_json(entries[i])};
  }
  return wanted;
}

}  // namespace

int sources_apply_command(const std::string& config_path, std::chrono::seconds timeout) {
  auto loaded = load_config_file(config_path, process_env());
  if (!loaded.ok()) {
    std::cerr << loaded.reason() << "\n";
    return kExitConfig;
  }
  const Config& config = loaded.value();
  if (!config.cluster) {
    std::cerr << config_path
              << ": cluster: missing; sources apply writes the sources of the fleet that "
                 "cluster.group names\n";
    return kExitConfig;
  }
  if (config.kafka.brokers == "embedded") {
    std::cerr << config_path
              << ": kafka.brokers: sources apply needs the fleet's Kafka cluster, not embedded\n";
    return kExitConfig;
  }
  const KafkaAccess kafka{config.kafka.brokers, config.kafka.producer, timeout};
  const std::string topic = sources_topic_name(*config.cluster);
  const auto partitions = ensure_compacted_topic(kafka, topic, config.cluster->partitions);
  if (!partitions.ok()) {
    std::cerr << "sources apply: " << partitions.reason() << "\n";
    return kExitStartFailed;
  }
  const auto wanted = wanted_sources(config, partitions.value());
  if (!wanted.ok()) {
    std::cerr << wanted.reason() << "\n";
    return kExitConfig;
  }
  const auto current = read_source_table(kafka, topic, partitions.value());
  if (!current.ok()) {
    std::cerr << "sources apply: " << current.reason() << "\n";
    return kExitStartFailed;
  }
  const ApplyPlan plan = plan_apply(current.value(), wanted.value());
  if (!plan.writes.empty()) {
    const auto written = write_source_table(kafka, topic, plan.writes);
    if (!written.ok()) {
      std::cerr << "sources apply: " << written.reason() << "\n";
      return kExitStartFailed;
    }
  }
  std::cout << topic << ": " << plan.summary() << "\n";
  return kExitOk;
}

}  // namespace newswired
