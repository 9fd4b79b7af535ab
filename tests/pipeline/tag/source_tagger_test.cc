#include "pipeline/tag/source_tagger.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(SourceTagger, DeclaredLanguageOnlyWhenFeedSaysNone) {
  SourceTagger t({{"dw", SourceFacts{"en", {}}}});
  Article silent;
  silent.source.name = "dw";
  t.tag(silent);
  EXPECT_EQ(silent.language, "en");
  Article declared;
  declared.source.name = "dw";
  declared.language = "de";
  t.tag(declared);
  EXPECT_EQ(declared.language, "de");
}

TEST(SourceTagger, AgenciesAddedOnceAndOnlyForThatSource) {
  TaggerChain chain;
  chain.add(std::make_unique<SourceTagger>(
      std::map<std::string, SourceFacts>{{"wire", SourceFacts{"", {"dpa", "AFP"}}}}));
  Article a;
  a.source.name = "wire";
  a.tags.agencies = {"AFP"};
  chain.tag(a);
  EXPECT_EQ(a.tags.agencies, (std::vector<std::string>{"AFP", "dpa"}));
  Article other;
  other.source.name = "elsewhere";
  chain.tag(other);
  EXPECT_TRUE(other.tags.agencies.empty());
}

}  // namespace
}  // namespace newswired
