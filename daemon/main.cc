#include <chrono>
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <malloc.h>

#include "daemon/cluster/sources_apply.h"
#include "daemon/ops/version.h"
#include "daemon/runtime/commands.h"
#include "daemon/runtime/topology.h"

namespace {

// CLD2 (language detection) allocates some 175 KB of scratch space per call and frees it on
// return. With glibc's defaults, when nothing else holds the top of the heap, that space goes
// back to the system on every free and is faulted in again on the next call: 12 µs a call,
// the cost of detecting 300 bytes. Keeping that much free at the top of each heap avoids it.
constexpr int kHeapTopPad = 512 * 1024;

}  // namespace

int main(int argc, char** argv) {
  mallopt(M_TOP_PAD, kHeapTopPad);
  // A file size limit (ulimit -f) then fails the state store's write with EFBIG, which is
  // reported and retried like a full disk, instead of killing the daemon.
  signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"newswired: newswire feeds in, clean versioned articles out on Kafka"};
  app.set_version_flag("--version", std::string("newswired ") + newswired::kVersion);
  app.require_subcommand(1);

  std::string config_path;
  bool once = false;
  auto* run = app.add_subcommand("run", "Poll the configured sources and publish to Kafka");
  run->add_option("--config,-c", config_path, "Configuration file")->required();
  run->add_flag("--once", once, "Poll every source once, drain, flush and exit");

  bool reference = false;
  auto* check = app.add_subcommand("check-config", "Validate a configuration file and exit");
  check->add_option("file", config_path, "Configuration file");
  check->add_flag("--reference", reference, "Print the configuration reference (Markdown)");

  newswired::ParseOptions parse_opts;
  auto* parse = app.add_subcommand(
      "parse", "Parse, normalize and tag local files; print one JSON article per line");
  parse->add_option("files", parse_opts.files, "Feed files")->required();
  parse->add_option("--format", parse_opts.format, "Format name, or auto");
  parse->add_option("--source", parse_opts.source, "Source name to put in the records");
  parse->add_option("--tagging", parse_opts.tagging,
                    "Directory of tag rule files (*.tsv), default or none");
  parse->add_flag("--body-html", parse_opts.body_html, "Also write sanitized HTML as body_html");

  std::string status_url;
  auto* status = app.add_subcommand(
      "status", "Show how the running daemon's sources are doing (from its /status.json)");
  status->add_option("--url", status_url,
                     "The daemon's HTTP endpoint (default: the config's metrics.listen, else "
                     "http://127.0.0.1:9464)");
  status->add_option("--config,-c", config_path, "Configuration file of the daemon to ask");

  auto* sources = app.add_subcommand("sources", "The sources of a fleet (docs/fleet.md)");
  sources->require_subcommand(1);
  std::string sources_file;
  int kafka_timeout_s = 15;
  auto* apply = sources->add_subcommand(
      "apply", "Write FILE's sources to the fleet's sources topic, and remove the ones not in it");
  apply->add_option("file", sources_file, "Configuration file with cluster: and sources:")
      ->required();
  apply->add_option("--timeout", kafka_timeout_s, "Seconds to wait for Kafka at each step")
      ->check(CLI::Range(1, 3600));

  CLI11_PARSE(app, argc, argv);
  if (*apply)
    return newswired::sources_apply_command(sources_file, std::chrono::seconds(kafka_timeout_s));
  if (*run) return newswired::run_command(config_path, once);
  if (*check) {
    if (reference) return newswired::config_reference_command();
    if (config_path.empty()) {
      std::cerr << "check-config: a configuration file is required\n";
      return newswired::kExitConfig;
    }
    return newswired::check_config_command(config_path);
  }
  if (*status) return newswired::status_command(status_url, config_path);
  return newswired::parse_command(parse_opts);
}
