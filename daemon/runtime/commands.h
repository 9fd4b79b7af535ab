#pragma once
// The subcommands of the `newswired` binary; each returns the process exit code.

#include <string>
#include <vector>

namespace newswired {

int run_command(const std::string& config_path, bool once);
int check_config_command(const std::string& config_path);
int config_reference_command();
// Prints the running daemon's /status.json as a table. `url`: its HTTP endpoint, e.g.
// http://127.0.0.1:9464; empty: the config's metrics.listen, else the default address.
int status_command(const std::string& url, const std::string& config_path);

struct ParseOptions {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string source = "cli";
  // Directory of tag rule files; "default": the installed starter set (or, in a build tree,
  // the source tree's configs/tagging); "none": no text tagging.
  std::string tagging = "default";
  bool body_html = false;  // as a source's `body_html: true`
};
int parse_command(const ParseOptions& options);

}  // namespace newswired
