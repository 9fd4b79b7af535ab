#include "pipeline/tag/rule_tagger.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(RuleTagger, ReloadSwapsRulesAndKeepsThemWhenTheNewFileIsBroken) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("nw-rule-tagger-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "r.tsv") << "medtop:15000000\ttopic\tsport\t\tfootball\n";
  auto tagger = RuleTagger::open(dir.string());
  ASSERT_TRUE(tagger.ok()) << tagger.reason();
  Article a;
  a.title = "Football and cricket";
  const auto before = tagger.value()->matcher();
  tagger.value()->tag(a);
  ASSERT_EQ(a.tags.topics.size(), 1u);

  std::ofstream(dir / "r.tsv") << "medtop:15000000\ttopic\tsport\t\tfootball|cricket\n"
                               << "broken line\n";
  auto failed = tagger.value()->reload();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.reason().find("r.tsv:2:"), std::string::npos) << failed.reason();
  EXPECT_EQ(tagger.value()->matcher(), before);

  std::ofstream(dir / "r.tsv") << "medtop:15000000\ttopic\tsport\t\tfootball|cricket\n";
  ASSERT_TRUE(tagger.value()->reload().ok());
  EXPECT_NE(tagger.value()->matcher(), before);
  Article b;
  b.title = "Football and cricket";
  tagger.value()->tag(b);
  ASSERT_EQ(b.tags.topics.size(), 1u);
  EXPECT_EQ(b.tags.topics[0].evidence.size(), 2u);
  // The old matcher is still whole for whoever holds it (the tag thread mid-article).
  Article c;
  c.title = "cricket";
  before->tag(c);
  EXPECT_TRUE(c.tags.topics.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newswired
