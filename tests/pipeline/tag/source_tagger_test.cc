#include "pipeline/tag/source_tagger.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

// The configured language is a declaration that normalize weighs against the feed's and the
// text (normalize_test: ConfiguredSourceLanguageIsTheLastDeclaration); tagging leaves it alone.
TEST(SourceTagger, LeavesLanguageToNormalize) {
  SourceTagger t({{"dw", SourceFacts{{"DW"}}}});
  Article undetected;
  undetected.source.name = "dw";
  t.tag(undetected);
  EXPECT_EQ(undetected.language, "");
  EXPECT_EQ(undetected.tags.agencies.size(), 1u);
  Article detected;
  detected.source.name = "dw";
  detected.language = "de";
  t.tag(detected);
  EXPECT_EQ(detected.language, "de");
}

TEST(SourceTagger, AgenciesAddedOnceAndOnlyForThatSource) {
  TaggerChain chain;
  chain.add(std::make_unique<SourceTagger>(
      std::map<std::string, SourceFacts>{{"wire", SourceFacts{{"dpa", "AFP"}}}}));
  Article a;
  a.source.name = "wire";
  a.tags.agencies = {Tag{"agency:afp", "AFP", "agency", "", 0.5, {{"body_text", 3, 6}}}};
  chain.tag(a);
  ASSERT_EQ(a.tags.agencies.size(), 2u);
  EXPECT_EQ(a.tags.agencies[0].id, "agency:afp");
  EXPECT_EQ(a.tags.agencies[0].score, 1.0);           // the configured credit is certain
  EXPECT_EQ(a.tags.agencies[0].evidence.size(), 1u);  // and the text's evidence is kept
  EXPECT_EQ(a.tags.agencies[1].id, "agency:dpa");
  EXPECT_EQ(a.tags.agencies[1].name, "dpa");
  Article other;
  other.source.name = "elsewhere";
  chain.tag(other);
  EXPECT_TRUE(other.tags.agencies.empty());
}

TEST(SourceTagger, AgencyIdsIgnoreCaseAndPunctuation) {
  EXPECT_EQ(agency_tag_id("Agence France-Presse"), "agency:agence-france-presse");
  EXPECT_EQ(agency_tag_id(" AP "), "agency:ap");
}

}  // namespace
}  // namespace newswired
