#include "pipeline/tag/source_tagger.h"

#include <cctype>

namespace newswired {

// "Agence France-Presse" -> "agence-france-presse": an id that does not depend on spelling case.
std::string agency_tag_id(std::string_view name) {
  std::string slug;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      slug += static_cast<char>(std::tolower(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return "agency:" + slug;
}

void SourceTagger::tag(Article& a) const {
  auto it = by_source_.find(a.source.name);
  if (it == by_source_.end()) return;
  const SourceFacts& facts = it->second;
  for (const auto& agency : facts.agencies) {
    // Configured, not inferred: full confidence, and no evidence in the text to point at.
    merge_tag(a.tags.agencies, Tag{agency_tag_id(agency), agency, "agency", "", 1.0, {}});
  }
}

}  // namespace newswired
