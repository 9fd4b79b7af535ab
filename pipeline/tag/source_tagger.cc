#include "pipeline/tag/source_tagger.h"

#include <algorithm>

namespace newswired {

void SourceTagger::tag(Article& a) const {
  auto it = by_source_.find(a.source.name);
  if (it == by_source_.end()) return;
  const SourceFacts& facts = it->second;
  if (a.language.empty()) a.language = facts.language;
  for (const auto& agency : facts.agencies) {
    auto& list = a.tags.agencies;
    if (std::find(list.begin(), list.end(), agency) == list.end()) list.push_back(agency);
  }
}

}  // namespace newswired
