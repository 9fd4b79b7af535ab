#pragma once
// Reads a YAML config, validates every key against the schema, applies environment overrides.
// All problems are reported together, each as "FILE:LINE:COL: KEY: what is wrong".

#include <map>
#include <string>
#include <string_view>

#include "daemon/config/config.h"
#include "pipeline/core/outcome.h"

namespace newswired {

// Environment variables by name; tests pass their own.
using Environment = std::map<std::string, std::string, std::less<>>;

Outcome<Config> load_config_file(const std::string& path, const Environment& env);
Outcome<Config> load_config_text(std::string_view yaml, const std::string& file_name,
                                 const Environment& env);

// The process environment.
Environment process_env();

}  // namespace newswired
