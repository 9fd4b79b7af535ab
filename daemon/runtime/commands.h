#pragma once
// The subcommands of the `newswired` binary; each returns the process exit code.

#include <string>
#include <vector>

namespace newswired {

int run_command(const std::string& config_path, bool once);
int check_config_command(const std::string& config_path);
int config_reference_command();

struct ParseOptions {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string source = "cli";
};
int parse_command(const ParseOptions& options);

}  // namespace newswired
