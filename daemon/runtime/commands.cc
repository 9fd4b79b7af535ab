#include "daemon/runtime/commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/config/config_loader.h"
#include "daemon/config/config_schema.h"
#include "daemon/ops/log.h"
#include "daemon/runtime/tagging.h"
#include "daemon/runtime/topology.h"
#include "pipeline/core/article_json.h"
#include "pipeline/core/clock.h"
#include "pipeline/normalize/html_sanitize.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/html_page/page_input.h"
#include "pipeline/parse/registry.h"
#include "pipeline/tag/tagger.h"

namespace newswired {

int run_command(const std::string& config_path, bool once) {
  block_signals();  // before any thread exists, so that only run() sees the signals
  auto config = load_config_file(config_path, process_env());
  if (!config.ok()) {
    std::cerr << config.reason() << "\n";
    return kExitConfig;
  }
  log::init(config.value().log);
  if (const auto& cluster = config.value().cluster) {
    if (once) {
      std::cerr << config_path
                << ": --once polls the sources of its own file; with cluster: the group "
                   "assigns them to running instances\n";
      return kExitConfig;
    }
    if (config.value().kafka.brokers == "embedded") {
      std::cerr << config_path
                << ": kafka.brokers: fleet mode needs the fleet's Kafka cluster, not embedded\n";
      return kExitConfig;
    }
    if (!config.value().sources.empty())
      log::info({.stage = "config"},
                "fleet mode (group {}, instance {}): the {} sources of {} are ignored; "
                "`newswired sources apply {}` writes them to the fleet's table",
                cluster->group, cluster->instance, config.value().sources.size(), config_path,
                config_path);
    config.value().sources.clear();
  }
  auto topology = Topology::build(config.value());
  if (!topology.ok()) {
    log::error({.stage = "runtime", .error = topology.reason()}, "cannot start");
    return kExitStartFailed;
  }
  return topology.value()->run(once);
}

int check_config_command(const std::string& config_path) {
  auto config = load_config_file(config_path, process_env());
  if (!config.ok()) {
    std::cerr << config.reason() << "\n";
    return kExitConfig;
  }
  std::cout << config_path << ": ok, " << config.value().sources.size() << " sources\n";
  return kExitOk;
}

int config_reference_command() {
  std::cout << config_reference_markdown();
  return kExitOk;
}

namespace {

std::string default_tagging_dir() {
  // NW_TAGGING_DIRS: the install location first, then the source tree for a build-tree binary.
  std::istringstream dirs(NW_TAGGING_DIRS);
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (std::filesystem::is_directory(dir)) return dir;
  return "";
}

}  // namespace

int parse_command(const ParseOptions& options) {
  // stdout carries the articles; only problems are worth a line on stderr.
  log::init(LogConfig{"warn", "text"});
  if (options.format != "auto" && !find_parser(options.format)) {
    std::cerr << "--format: unknown format '" << options.format << "'\n";
    return kExitConfig;
  }
  Config config;
  SourceConfig source;
  source.name = options.source;
  source.format = options.format;
  config.sources.push_back(source);
  config.tagging.dir = options.tagging == "default" ? default_tagging_dir()
                       : options.tagging == "none"  ? ""
                                                    : options.tagging;
  auto rules = open_rule_tagger(config);
  if (!rules.ok()) {
    std::cerr << rules.reason() << "\n";
    return kExitConfig;
  }
  const TaggerChain tagger = build_tagger(config, std::move(rules.value()));
  int failures = 0;
  for (const auto& file : options.files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << file << ": cannot read\n";
      ++failures;
      continue;
    }
    std::ostringstream body;
    body << in.rdbuf();
    std::string bytes = body.str();
    // Saved pages and archived feeds are often gzip files: read them as what they hold.
    if (html_page::is_gzip(bytes)) {
      Outcome<std::string> inflated = html_page::gunzip(bytes, html_page::kMaxPageBytes);
      if (!inflated.ok()) {
        std::cerr << file << ": " << inflated.reason() << "\n";
        ++failures;
        continue;
      }
      bytes = std::move(inflated.value());
    }
    const std::string url = "file://" + std::filesystem::absolute(file).string();
    Document doc{{options.source, url, options.format}, url, "", std::move(bytes), now_rfc3339()};
    auto parsed = parse_document(doc);
    if (!parsed.ok()) {
      std::cerr << file << ": " << parsed.reason() << "\n";
      ++failures;
      continue;
    }
    for (const auto& w : parsed.value().warnings) std::cerr << file << ": warning: " << w << "\n";
    for (const auto& item : parsed.value().items) {
      std::vector<std::string> warnings;
      auto article = normalize_item(item, parsed.value().meta, doc, &warnings);
      const std::string which = item.link.empty() ? "" : " (" + item.link + ")";
      for (const auto& w : warnings) std::cerr << file << ": warning: " << w << which << "\n";
      if (!article.ok()) {
        std::cerr << file << ": item skipped: " << article.reason() << "\n";
        continue;
      }
      if (options.body_html) article.value().body_html = item_body_html(item, article.value().url);
      tagger.tag(article.value());
      std::cout << article_to_json_string(article.value()) << "\n";
    }
  }
  return failures == 0 ? kExitOk : 1;
}

}  // namespace newswired
