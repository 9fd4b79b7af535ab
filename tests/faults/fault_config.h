#pragma once
// The configuration every fault scenario shares around its own sources: the scenario's topics
// on the broker, its metrics port and state directory, and a 30 s drain.

#include <filesystem>
#include <sstream>
#include <string>

namespace newswired::testing {

// `sources` is the YAML list under `sources:`; `extra` more top-level YAML (fetch, delivery).
inline std::string fault_config(const std::string& sources, const std::string& bootstrap,
                                const std::string& topic_prefix, int metrics_port,
                                const std::filesystem::path& state_dir,
                                const std::string& extra = "") {
  std::ostringstream out;
  out << "sources:\n"
      << sources << extra << "kafka:\n  brokers: " << bootstrap
      << "\n  topics: { articles: " << topic_prefix << ".articles, duplicates: " << topic_prefix
      << ".duplicates, dead_letter: " << topic_prefix << ".deadletter, kills: " << topic_prefix
      << ".kills, changelog: " << topic_prefix << ".changelog }\n"
      << "  flush_timeout: 30s\n"
      << "metrics: { listen: 127.0.0.1:" << metrics_port << " }\n"
      << "state_dir: " << state_dir.string() << "\n";
  return out.str();
}

}  // namespace newswired::testing
