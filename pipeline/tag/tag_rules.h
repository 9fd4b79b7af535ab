#pragma once
// Tag rules as the rule files state them (format: docs/tagging.md). One line is one rule: an id,
// a type, a name, a country, the terms that mention it and options that say when a mention
// counts.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/core/outcome.h"

namespace newswired {

struct TagTerm {
  std::string text;
  bool caseless = false;  // written in lower case: "sanctions" also matches "Sanctions"
  double weight = 1.0;    // "Iranian@0.5": a demonym is weaker evidence than the name
};

struct TagRule {
  std::string id;       // "iso3166:GE", "medtop:11000000", "person:sergei-lavrov"
  std::string type;     // topic | country | region | city | person | organisation | agency
  std::string name;     // preferred English label
  std::string country;  // ISO 3166-1 alpha-2 for places
  std::vector<TagTerm> terms;
  std::vector<TagTerm> near;         // at least one must occur (in `window` bytes, or anywhere)
  std::vector<TagTerm> not_near;     // none may occur there
  std::size_t window = 0;            // 0: anywhere in the article
  double min_evidence = 1.0;         // weighted mentions needed, see docs/tagging.md
  double weight = 1.0;               // scales the score
  bool credit_only = false;          // agencies: only in credit positions ("(Reuters)", "AFP/")
  std::vector<std::string> broader;  // topics: ids of broader topics to add as well
  std::string origin;                // "file:line", for messages
};

// Which `Tags` list a rule's tags go to: "topics", "entities", "places" or "agencies";
// empty for an unknown type.
std::string_view tag_list_of(std::string_view type);

// Parses one rule file's text; errors name `file:line`.
Outcome<std::vector<TagRule>> parse_tag_rules(std::string_view text, const std::string& file);

// Reads every `*.tsv` file of `dir` (in name order) and checks that `broader` ids exist.
Outcome<std::vector<TagRule>> load_tag_rules(const std::string& dir);

}  // namespace newswired
