#include "daemon/runtime/tagging.h"

#include "pipeline/tag/source_tagger.h"

namespace newswired {

TaggerChain build_tagger(const Config& config) {
  std::map<std::string, SourceFacts> facts;
  for (const auto& s : config.sources) facts[s.name] = SourceFacts{s.language, s.agencies};
  TaggerChain chain;
  chain.add(std::make_unique<SourceTagger>(std::move(facts)));
  return chain;
}

}  // namespace newswired
