#pragma once
// Tags from what is known about the source itself: the agencies it credits. (Its configured
// language is a declaration normalize weighs with the feed's, see pipeline/normalize/language.h.)

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/tag/tagger.h"

namespace newswired {

// The id of an agency tag: "agency:" and the name in lower case, words joined by '-'.
std::string agency_tag_id(std::string_view name);

struct SourceFacts {
  std::vector<std::string> agencies;
};

class SourceTagger : public Tagger {
 public:
  explicit SourceTagger(std::map<std::string, SourceFacts> by_source)
      : by_source_(std::move(by_source)) {}
  std::string_view name() const override { return "source"; }
  void tag(Article& a) const override;

 private:
  std::map<std::string, SourceFacts> by_source_;
};

}  // namespace newswired
