#include "daemon/cluster/source_table.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace newswired {
namespace {

nlohmann::ordered_json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto out = nlohmann::ordered_json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = to_json(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::ordered_json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return node.Scalar();
    default:
      return nullptr;
  }
}

}  // namespace

std::string sources_topic_name(const ClusterConfig& cluster) {
  return "newswired." + cluster.group + ".sources";
}

std::string seen_topic_name(const ClusterConfig& cluster) {
  return "newswired." + cluster.group + ".seen";
}

std::string fetch_state_topic_name(const ClusterConfig& cluster) {
  return "newswired." + cluster.group + ".fetch-state";
}

std::string source_entry_json(const YAML::Node& entry) { return to_json(entry).dump(); }

void apply_record(SourceTable& table, const std::string& name, std::int32_t partition,
                  std::optional<std::string> value) {
  if (value) {
    table[name][partition] = std::move(*value);
    return;
  }
  const auto it = table.find(name);
  if (it == table.end()) return;
  it->second.erase(partition);
  if (it->second.empty()) table.erase(it);
}

std::string ApplyPlan::summary() const {
  return std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
         std::to_string(removed) + " removed, " + std::to_string(unchanged) + " unchanged";
}

ApplyPlan plan_apply(const SourceTable& current, const WantedSources& wanted) {
  ApplyPlan plan;
  for (const auto& [name, want] : wanted) {
    const auto it = current.find(name);
    if (it == current.end()) {
      ++plan.added;
      plan.writes.push_back({name, want.partition, want.value});
      continue;
    }
    const auto& live = it->second;
    const auto here = live.find(want.partition);
    const bool value_in_place = here != live.end() && here->second == want.value;
    if (value_in_place && live.size() == 1) {
      ++plan.unchanged;
      continue;
    }
    ++plan.changed;
    if (!value_in_place) plan.writes.push_back({name, want.partition, want.value});
    for (const auto& [partition, value] : live)
      if (partition != want.partition) plan.writes.push_back({name, partition, std::nullopt});
  }
  for (const auto& [name, live] : current) {
    if (wanted.contains(name)) continue;
    ++plan.removed;
    for (const auto& [partition, value] : live) plan.writes.push_back({name, partition, {}});
  }
  return plan;
}

}  // namespace newswired
