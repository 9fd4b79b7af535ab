#include "pipeline/tag/tag_rules.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(TagRules, ParsesColumnsTermsAndOptions) {
  auto rules = parse_tag_rules(
      "# comment\n\niso3166:GE\tcountry\tGeorgia\tGE\tGeorgia|Georgian@0.5|tbilisi\t"
      "near=Tbilisi|Caucasus;not_near=Atlanta;window=200;min=2;weight=0.9\n"
      "agency:afp\tagency\tAFP\tFR\tAFP\tcredit\n",
      "x.tsv");
  ASSERT_TRUE(rules.ok()) << rules.reason();
  ASSERT_EQ(rules.value().size(), 2u);
  const TagRule& ge = rules.value()[0];
  EXPECT_EQ(ge.origin, "x.tsv:3");
  ASSERT_EQ(ge.terms.size(), 3u);
  EXPECT_FALSE(ge.terms[0].caseless);
  EXPECT_DOUBLE_EQ(ge.terms[1].weight, 0.5);
  EXPECT_TRUE(ge.terms[2].caseless);
  EXPECT_EQ(ge.near.size(), 2u);
  EXPECT_EQ(ge.not_near.size(), 1u);
  EXPECT_EQ(ge.window, 200u);
  EXPECT_DOUBLE_EQ(ge.min_evidence, 2);
  EXPECT_DOUBLE_EQ(ge.weight, 0.9);
  EXPECT_TRUE(rules.value()[1].credit_only);
}

TEST(TagRules, ErrorsNameFileAndLine) {
  auto rules = parse_tag_rules(
      "ok:1\ttopic\tok\t\tok\n"
      "bad\ttopic\tno scheme\t\tx\n"
      "x:1\tplanet\tMars\t\tMars\n"
      "x:2\tcountry\tFrance\tfr\tFrance\n"
      "x:3\ttopic\tt\t\ta||b\n"
      "x:4\ttopic\tt\t\ta\tmin=lots\n"
      "x:5\ttopic\tt\n",
      "rules/bad.tsv");
  ASSERT_FALSE(rules.ok());
  const std::string& e = rules.reason();
  EXPECT_EQ(e.find("bad.tsv:1"), std::string::npos) << e;
  for (const char* want :
       {"rules/bad.tsv:2: id 'bad' must be scheme:value", "rules/bad.tsv:3: unknown type 'planet'",
        "rules/bad.tsv:4: country 'fr'", "rules/bad.tsv:5: empty term",
        "rules/bad.tsv:6: option min: not a number", "rules/bad.tsv:7: expected 5 or 6"})
    EXPECT_NE(e.find(want), std::string::npos) << want << "\n" << e;
}

TEST(TagRules, DirectoryLoadChecksBroaderIds) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("nw-tag-rules-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.tsv") << "medtop:1\ttopic\tparent\t\tparent\n";
  std::ofstream(dir / "b.tsv") << "medtop:2\ttopic\tchild\t\tchild\tbroader=medtop:1\n";
  std::ofstream(dir / "notes.txt") << "not a rule file\n";
  auto ok = load_tag_rules(dir.string());
  ASSERT_TRUE(ok.ok()) << ok.reason();
  EXPECT_EQ(ok.value().size(), 2u);
  std::ofstream(dir / "c.tsv") << "medtop:3\ttopic\torphan\t\torphan\tbroader=medtop:9\n";
  auto bad = load_tag_rules(dir.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.reason().find("c.tsv:1: broader id 'medtop:9' has no rule"), std::string::npos)
      << bad.reason();
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(load_tag_rules(dir.string()).ok());
}

}  // namespace
}  // namespace newswired
