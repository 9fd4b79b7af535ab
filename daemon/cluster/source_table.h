#pragma once
// The fleet's table of sources (docs/fleet.md): the compacted topic newswired.<group>.sources,
// one record per source keyed by its name, its value the source's configuration entry as
// JSON, a tombstone once the source is removed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config/config.h"

namespace YAML {
class Node;
}

namespace newswired {

std::string sources_topic_name(const ClusterConfig& cluster);
// The fleet tables (fleet_table.h): dedupe state and fetch state.
std::string seen_topic_name(const ClusterConfig& cluster);
std::string fetch_state_topic_name(const ClusterConfig& cluster);

// A `sources:` entry as the user wrote it, as JSON: mappings become objects in the same key
// order, sequences arrays, scalars strings (the schema reads every value from its text, so an
// instance reads the entry back with the same schema and the same result).
std::string source_entry_json(const YAML::Node& entry);

// What the topic holds: each name's live values by partition. One partition per name once an
// apply has finished; while reading, a name moved to another partition can show up in both.
using SourceTable = std::map<std::string, std::map<std::int32_t, std::string>>;
// A record read from the topic, in the order of its partition; no value: a tombstone.
void apply_record(SourceTable& table, const std::string& name, std::int32_t partition,
                  std::optional<std::string> value);

struct WantedSource {
  std::int32_t partition = 0;
  std::string value;
};
using WantedSources = std::map<std::string, WantedSource>;  // by name

struct TableWrite {
  std::string name;
  std::int32_t partition = 0;
  std::optional<std::string> value;  // none: a tombstone
};

struct ApplyPlan {
  std::vector<TableWrite> writes;
  int added = 0;
  int changed = 0;  // new value, or moved to another partition
  int removed = 0;
  int unchanged = 0;
  std::string summary() const;  // "N added, M changed, K removed, L unchanged"
};

// The records that turn `current` into `wanted`: none for a source already as wanted, a
// tombstone for every partition a source no longer lives on.
ApplyPlan plan_apply(const SourceTable& current, const WantedSources& wanted);

}  // namespace newswired
