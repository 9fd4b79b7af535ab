#include "daemon/runtime/tagging.h"

#include <chrono>

#include "daemon/ops/log.h"
#include "daemon/ops/systemd_notify.h"
#include "pipeline/tag/source_tagger.h"

namespace newswired {

TaggerChain build_tagger(const Config& config, std::unique_ptr<RuleTagger> rules) {
  std::map<std::string, SourceFacts> facts;
  for (const auto& s : config.sources) facts[s.name] = SourceFacts{s.agencies};
  TaggerChain chain;
  chain.add(std::make_unique<SourceTagger>(std::move(facts)));
  if (rules) chain.add(std::move(rules));
  return chain;
}

Outcome<std::unique_ptr<RuleTagger>> open_rule_tagger(const Config& config) {
  if (config.tagging.dir.empty()) return std::unique_ptr<RuleTagger>();
  auto rules = RuleTagger::open(config.tagging.dir);
  if (!rules.ok()) return Failure{"tagging.dir: " + rules.reason()};
  const auto m = rules.value()->matcher();
  log::info("", "tag rules: {} rules, {} terms from {}", m->rule_count(), m->pattern_count(),
            config.tagging.dir);
  return rules;
}

void reload_tag_rules(RuleTagger& rules) {
  const auto start = std::chrono::steady_clock::now();
  // Compiling a large rule set takes seconds; the watchdog must not take that for a hang.
  Outcome<std::shared_ptr<const TagMatcher>> reloaded = Failure{"not compiled"};
  systemd::keep_alive_during([&] { reloaded = rules.reload(); });
  if (!reloaded.ok()) {
    log::error({.stage = "tag", .error = reloaded.reason()},
               "SIGHUP: tag rules not reloaded, the running rules stay");
    return;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  log::info("", "SIGHUP: tag rules reloaded: {} rules, {} terms from {} in {} ms",
            reloaded.value()->rule_count(), reloaded.value()->pattern_count(), rules.dir(),
            ms.count());
}

}  // namespace newswired
