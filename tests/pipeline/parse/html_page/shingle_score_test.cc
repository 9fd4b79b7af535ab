#include "pipeline/parse/html_page/eval/shingle_score.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswired::html_page::eval {
namespace {

using ::testing::ElementsAre;

TEST(WordTokens, RunsOfLettersDigitsAndUnderscore) {
  EXPECT_THAT(word_tokens("Hello, world! It's snake_case 2019."),
              ElementsAre("Hello", "world", "It", "s", "snake_case", "2019"));
  EXPECT_THAT(word_tokens("café naïve — 東京 ½"), ElementsAre("café", "naïve", "東京", "½"));
  // A combining accent is a mark, not a letter: it ends the token, as Python's \w.
  EXPECT_THAT(word_tokens("cafe\xCC\x81 x"), ElementsAre("cafe", "x"));
  EXPECT_TRUE(word_tokens(" ... ").empty());
}

TEST(MatchPage, FourTokenShinglesNormalisedPerPage) {
  const PageMatch m = match_page("a b c d e", "a b c d");
  EXPECT_DOUBLE_EQ(m.tp, 0.5);  // (a b c d) found, (b c d e) missed
  EXPECT_DOUBLE_EQ(m.fp, 0.0);
  EXPECT_DOUBLE_EQ(m.fn, 0.5);
  EXPECT_FALSE(m.exact);
}

TEST(MatchPage, ShortTextsAreOneShingle) {
  const PageMatch same = match_page("a b", "a, b!");
  EXPECT_DOUBLE_EQ(same.tp, 1.0);
  EXPECT_TRUE(same.exact);
  const PageMatch other = match_page("a b", "a c");
  EXPECT_DOUBLE_EQ(other.tp, 0.0);
  EXPECT_DOUBLE_EQ(other.fp, 0.5);
  EXPECT_DOUBLE_EQ(other.fn, 0.5);
}

TEST(MatchPage, RepeatedShinglesCountAsMultisets) {
  const PageMatch m = match_page("x y z w", "x y z w x y z w");
  // Prediction shingles: xyzw twice, yzwx, zwxy, wxyz; truth: xyzw once.
  EXPECT_DOUBLE_EQ(m.tp, 1.0 / 5);
  EXPECT_DOUBLE_EQ(m.fp, 4.0 / 5);
  EXPECT_DOUBLE_EQ(m.fn, 0.0);
}

TEST(ScorePages, EmptyPredictionsCountForRecallOnly) {
  const std::vector<PageMatch> pages{match_page("a b c d e", "a b c d"), match_page("a b c d", "")};
  const Scores s = score_pages(pages);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.25);
  EXPECT_DOUBLE_EQ(s.f1, 2 * 1.0 * 0.25 / 1.25);  // of the means, not a mean of F1s
  EXPECT_DOUBLE_EQ(s.accuracy, 0.0);
}

TEST(ScorePages, PerfectPagesScoreOne) {
  const std::vector<PageMatch> pages{
      match_page("one two three four five", "one two three four five"), match_page("x", "x")};
  const Scores s = score_pages(pages);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);
  EXPECT_DOUBLE_EQ(s.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(bootstrap_spread(pages, 100, 1).f1, 0.0);
}

TEST(BootstrapSpread, VariesWithThePages) {
  std::vector<PageMatch> pages;
  for (int i = 0; i < 20; ++i) pages.push_back(match_page("a b c d e f", i % 2 ? "a b c d" : "q"));
  const Scores spread = bootstrap_spread(pages, 200, 7);
  EXPECT_GT(spread.recall, 0.01);
  EXPECT_LT(spread.recall, 0.5);
}

}  // namespace
}  // namespace newswired::html_page::eval
