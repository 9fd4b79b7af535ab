#pragma once
// `newswired sources apply FILE`: makes the fleet's sources topic hold the sources of FILE.

#include <chrono>
#include <string>

namespace newswired {

// Exit code: 0 applied, 1 Kafka unreachable or refusing, 2 FILE invalid or not for a fleet.
int sources_apply_command(const std::string& config_path, std::chrono::seconds timeout);

}  // namespace newswired
