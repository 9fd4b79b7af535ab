#pragma once
// The /status page: the instance and every source, as JSON (/status.json, read by
// `newswired status`) and as a self-contained HTML page (/status). Fields: docs/status.md.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/ops/source_status.h"

namespace newswired {

struct InstanceStatus {
  std::string version;
  std::int64_t started_at = 0;  // unix seconds
  bool ready = false;
  bool kafka_connected = false;
  std::uint64_t spool_records = 0;
  std::uint64_t spool_bytes = 0;
  std::uint64_t spool_limit_bytes = 0;
};

struct StatusSnapshot {
  InstanceStatus instance;
  std::vector<SourceStatus> sources;
};

// Worst health first, then by name.
void sort_worst_first(std::vector<SourceStatus>& sources, std::int64_t now);

// `now` in unix seconds: ages and states are as of then.
nlohmann::json status_json(StatusSnapshot snapshot, std::int64_t now);
// Serialized; bytes that are not UTF-8 (an error text from a remote server) become U+FFFD.
std::string status_json_text(StatusSnapshot snapshot, std::int64_t now);
std::string status_html(StatusSnapshot snapshot, std::int64_t now);

// "42s", "17m", "5h", "3d": ages and durations in a table cell.
std::string short_duration(double seconds);
// "512 B", "3.2 MiB", "1.0 GiB".
std::string binary_size(std::uint64_t bytes);

}  // namespace newswired
