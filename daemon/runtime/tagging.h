#pragma once

#include <memory>

#include "daemon/config/config.h"
#include "pipeline/core/outcome.h"
#include "pipeline/tag/rule_tagger.h"
#include "pipeline/tag/tagger.h"

namespace newswired {

// The tagger chain for a configuration, in the order the taggers run: the source's facts
// first, then the rule tagger when `rules` is given (the chain owns it).
TaggerChain build_tagger(const Config& config, std::unique_ptr<RuleTagger> rules = nullptr);

// The rule tagger over `tagging.dir`; null when none is configured. Fails with the rule
// files' errors (file:line).
Outcome<std::unique_ptr<RuleTagger>> open_rule_tagger(const Config& config);

// SIGHUP: re-reads the rule files and swaps the new rules in; logs the outcome. A broken file
// leaves the running rules in place.
void reload_tag_rules(RuleTagger& rules);

}  // namespace newswired
