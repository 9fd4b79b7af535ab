#include "pipeline/dedupe/minhash.h"

#include <cctype>

#include <gtest/gtest.h>

#include "pipeline/dedupe/shingles.h"

namespace newswired {
namespace {

const char* kText =
    "The central bank left its main interest rate unchanged on Thursday, citing stubborn "
    "inflation in services and a labour market that remains tight. The governor told a news "
    "conference that rate cuts were not yet on the table and that the board would watch wage "
    "settlements in the spring closely. Markets had expected the decision; the currency barely "
    "moved. Two of the nine board members voted for a quarter-point cut.";

MinHash signature(const std::string& text) { return *minhash(story_shingles(text), 1); }

TEST(Shingles, WordsAreCaseFoldedWithoutPunctuationOrStopwords) {
  EXPECT_EQ(shingle_words("The Governor's RATE-cut, said: \"not yet\".", true),
            (std::vector<std::string>{"governor", "rate", "cut", "yet"}));
  EXPECT_EQ(shingle_words("The cut", false), (std::vector<std::string>{"the", "cut"}));
  EXPECT_EQ(shingle_words("Zürich Bahn", true), (std::vector<std::string>{"zürich", "bahn"}));
}

// Words are read 16 bytes at a time where the text allows: every byte class, at every offset
// from a block's start, and words longer than the 128 bytes that count, give what a byte-by-byte
// reading gives.
TEST(Shingles, WordsAreTheSameReadInBlocks) {
  auto by_bytes = [](const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const auto c = i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
      if (std::isalnum(c) || c >= 0x80) {
        if (word.size() < 128) word += static_cast<char>(std::tolower(c));
      } else if (!word.empty()) {
        out.push_back(word);
        word.clear();
      }
    }
    return out;
  };
  const std::string pieces[] = {"Rate",
                                "ZÜRICH",
                                "x",
                                "@[`{",
                                "09",
                                "\x7f ",
                                "\xff",
                                std::string(40, 'Q'),
                                std::string(150, 'k'),
                                "A-Z_a-z/0:9",
                                "Ünter.",
                                "\n\n"};
  std::string text;
  for (int round = 0; round < 40; ++round) {
    for (const auto& p : pieces) {
      text += p;
      if (round % 3 != 0) text += ' ';
      EXPECT_EQ(shingle_words(text, false), by_bytes(text)) << text.size();
    }
  }
}

TEST(Shingles, StayInsideSentencesSoReorderedSentencesKeepThem) {
  const auto a = story_shingles("Rain fell hard overnight. Rivers rose fast downstream.");
  const auto b = story_shingles("Rivers rose fast downstream. Rain fell hard overnight.");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 4u);  // two three-word runs in each sentence, none across them
  EXPECT_NE(story_shingles("3.2 million people voted"),
            story_shingles("3. 2 million people voted"));
}

TEST(MinHash, SameTextSameSignatureRegardlessOfCaseAndPunctuation) {
  std::string shouted = kText;
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(signature(kText), signature(shouted));
  EXPECT_DOUBLE_EQ(minhash_similarity(signature(kText), signature(shouted)), 1.0);
}

TEST(MinHash, SimilarityFollowsTheShareOfSharedShingles) {
  const std::string edited = std::string(kText) + " Reporting by Jane Doe; editing by John Roe.";
  const std::string other =
      "A landslide blocked the only road into the mountain village after days of heavy rain, "
      "leaving about three hundred residents cut off. Helicopters flew in food and medicine "
      "while engineers assessed whether the slope had stabilised enough for diggers to start "
      "clearing the mud. Schools in the valley will remain closed until next week.";
  const double close = minhash_similarity(signature(kText), signature(edited));
  const double far = minhash_similarity(signature(kText), signature(other));
  // The edit adds 6 shingles to about 40: Jaccard about 0.87; the other text shares none.
  EXPECT_GT(close, 0.7);
  EXPECT_LT(close, 1.0);
  EXPECT_LT(far, 0.1);
}

TEST(MinHash, TooFewShinglesGiveNoSignature) {
  const auto shingles = story_shingles("Central bank keeps rates unchanged");
  EXPECT_FALSE(minhash(shingles, 24));
  EXPECT_TRUE(minhash(shingles, 2));
  EXPECT_FALSE(minhash({}, 0));
}

TEST(MinHash, SignaturesAreStableAcrossReleases) {
  // Signatures are stored in the state: other hash functions (or shingles) in a later release
  // would orphan every remembered story. These values were computed once and must not change.
  const MinHash s = signature("Harbour ferry contract awarded.");
  EXPECT_EQ(std::vector<std::uint16_t>(s.begin(), s.begin() + 4),
            (std::vector<std::uint16_t>{3526, 18532, 18532, 3526}));
}

TEST(StoryMinHash, SameSignatureAsTheSortedShingleSet) {
  const std::string repeated = std::string(kText) + " " + kText + " The governor spoke.";
  for (const std::string& text : {std::string(kText), repeated}) {
    for (const ShingleOptions options : {ShingleOptions{}, ShingleOptions{2, false}}) {
      const auto sorted = minhash(story_shingles(text, options), 1);
      const auto streamed = story_minhash(text, options, 1);
      ASSERT_TRUE(sorted && streamed);
      EXPECT_EQ(*sorted, *streamed);
    }
  }
}

TEST(StoryMinHash, CountsDistinctShinglesForTheMinimum) {
  // Five sentences of the same three words: five shingles, one distinct.
  const std::string same =
      "Rain fell hard. Rain fell hard. Rain fell hard. Rain fell hard. "
      "Rain fell hard.";
  EXPECT_EQ(story_shingles(same).size(), 1u);
  EXPECT_TRUE(story_minhash(same, {}, 1));
  EXPECT_FALSE(story_minhash(same, {}, 2));
  EXPECT_EQ(story_minhash(kText, {}, 24).has_value(),
            minhash(story_shingles(kText), 24).has_value());
  EXPECT_FALSE(story_minhash("", {}, 0));
}

}  // namespace
}  // namespace newswired
