#pragma once
// Reads a YAML config, validates every key against the schema, applies environment overrides.
// All problems are reported together, each as "FILE:LINE:COL: KEY: what is wrong".

#include <filesystem>
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

// One `sources:` entry on its own (as YAML or JSON, e.g. from the fleet's table of sources),
// checked exactly as in a file; relative paths are relative to `base_dir`. Errors start with
// `where`.
Outcome<SourceConfig> load_source_entry(std::string_view text, const std::string& where,
                                        const std::filesystem::path& base_dir,
                                        const Environment& env);

// The process environment.
Environment process_env();

}  // namespace newswired
