#include "pipeline/tag/rule_tagger.h"

namespace newswired {

Outcome<std::shared_ptr<const TagMatcher>> load_tag_matcher(const std::string& dir) {
  auto rules = load_tag_rules(dir);
  if (!rules.ok()) return Failure{rules.reason()};
  auto matcher = TagMatcher::build(std::move(rules.value()));
  if (!matcher.ok()) return Failure{dir + ": " + matcher.reason()};
  return matcher;
}

Outcome<std::unique_ptr<RuleTagger>> RuleTagger::open(std::string dir) {
  auto matcher = load_tag_matcher(dir);
  if (!matcher.ok()) return Failure{matcher.reason()};
  return std::unique_ptr<RuleTagger>(new RuleTagger(std::move(dir), std::move(matcher.value())));
}

Outcome<std::shared_ptr<const TagMatcher>> RuleTagger::reload() {
  auto matcher = load_tag_matcher(dir_);
  if (matcher.ok()) matcher_.store(matcher.value());
  return matcher;
}

}  // namespace newswired
