#pragma once
// Which partition of the sources topic a source lives on (docs/fleet.md). Sources are placed
// by host, so that the instance owning a partition owns every feed of its hosts and the
// per-host politeness limits hold across the fleet.

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/config/config.h"

namespace newswired {

// The lowercased host of the source's URL, without credentials or port; for local files
// (file:) and drop directories, the directory their path lies in.
std::string placement_key(const SourceConfig& source);

// XXH64 of the key modulo `partitions`: the same on every machine and in every release, so
// that every instance and every `sources apply` agree.
std::int32_t partition_for(std::string_view placement_key, int partitions);

}  // namespace newswired
