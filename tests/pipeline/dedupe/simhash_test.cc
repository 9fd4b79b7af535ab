#include "pipeline/dedupe/simhash.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

const char* kText =
    "The central bank left its main interest rate unchanged on Thursday, citing stubborn "
    "inflation in services and a labour market that remains tight. The governor told a news "
    "conference that rate cuts were not yet on the table and that the board would watch wage "
    "settlements in the spring closely. Markets had expected the decision; the currency barely "
    "moved. Two of the nine board members voted for a quarter-point cut.";

TEST(SimHash, WordsAreCaseFoldedWithoutPunctuationOrStopwords) {
  EXPECT_EQ(simhash_words("The Governor's RATE-cut, said: \"not yet\".", true),
            (std::vector<std::string>{"governor", "rate", "cut", "yet"}));
  EXPECT_EQ(simhash_words("The cut", false), (std::vector<std::string>{"the", "cut"}));
  EXPECT_EQ(simhash_words("Zürich Bahn", true), (std::vector<std::string>{"zürich", "bahn"}));
}

TEST(SimHash, SameTextSameFingerprintRegardlessOfCaseAndPunctuation) {
  std::string shouted = kText;
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_TRUE(simhash(kText));
  EXPECT_EQ(simhash(kText), simhash(shouted));
}

TEST(SimHash, SmallEditMovesFewBitsUnrelatedTextMany) {
  const auto a = simhash(kText);
  const auto edited = simhash(std::string(kText) + " Reporting by Jane Doe; editing by John Roe.");
  const auto other = simhash(
      "A landslide blocked the only road into the mountain village after days of heavy rain, "
      "leaving about three hundred residents cut off. Helicopters flew in food and medicine "
      "while engineers assessed whether the slope had stabilised enough for diggers to start "
      "clearing the mud. Schools in the valley will remain closed until next week.");
  ASSERT_TRUE(a && edited && other);
  EXPECT_LE(hamming_distance(*a, *edited), 6);
  EXPECT_GT(hamming_distance(*a, *other), 12);
}

TEST(SimHash, TooFewShinglesGiveNoFingerprint) {
  EXPECT_FALSE(simhash("Rates unchanged"));
  SimHashOptions few;
  few.min_shingles = 2;
  EXPECT_TRUE(simhash("Central bank keeps rates unchanged", few));
  SimHashOptions many;
  many.min_shingles = 1000;
  EXPECT_FALSE(simhash(kText, many));
}

TEST(SimHash, SimilarityIsTheShareOfAgreeingBits) {
  EXPECT_DOUBLE_EQ(simhash_similarity(0), 1.0);
  EXPECT_DOUBLE_EQ(simhash_similarity(16), 0.75);
}

}  // namespace
}  // namespace newswired
