#include "pipeline/dedupe/lsh_index.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

namespace newswired {
namespace {

MinHash random_signature(std::mt19937_64& rng) {
  MinHash s;
  for (auto& slot : s) slot = static_cast<std::uint16_t>(rng());
  return s;
}

// Whether two signatures share a whole band: what the index promises to find.
bool share_band(const MinHash& a, const MinHash& b) {
  for (int band = 0; band < LshIndex::kBands; ++band) {
    const int from = band * LshIndex::kRows;
    if (std::equal(a.begin() + from, a.begin() + from + LshIndex::kRows, b.begin() + from))
      return true;
  }
  return false;
}

TEST(LshIndex, FindsExactlyTheEntriesSharingABand) {
  std::mt19937_64 rng(7);
  LshIndex index;
  std::vector<MinHash> all;
  for (std::uint32_t ref = 1; ref <= 3000; ++ref) {
    MinHash s = random_signature(rng);
    // Every fifth entry copies one band of an earlier one, so there is something to find.
    if (ref % 5 == 0) {
      const int band = static_cast<int>(rng() % LshIndex::kBands);
      const MinHash& earlier = all[rng() % all.size()];
      std::copy_n(earlier.begin() + band * LshIndex::kRows, LshIndex::kRows,
                  s.begin() + band * LshIndex::kRows);
    }
    index.insert(s, ref);
    all.push_back(s);
  }
  EXPECT_EQ(index.size(), all.size());
  std::size_t found = 0;
  for (std::size_t q = 0; q < all.size(); q += 3) {
    std::vector<std::uint32_t> expected;
    for (std::size_t i = all.size(); i-- > 0;)
      if (share_band(all[q], all[i])) expected.push_back(static_cast<std::uint32_t>(i + 1));
    EXPECT_EQ(index.candidates(all[q], 1000), expected) << "query " << q;
    found += expected.size();
  }
  EXPECT_GT(found, all.size() / 3 + 100);  // more than the queries finding themselves
}

TEST(LshIndex, CandidatesAreNewestFirstAndCapped) {
  std::mt19937_64 rng(3);
  const MinHash s = random_signature(rng);
  LshIndex index;
  for (std::uint32_t ref = 1; ref <= 10; ++ref) index.insert(s, ref);
  EXPECT_EQ(index.candidates(s, 3), (std::vector<std::uint32_t>{10, 9, 8}));
  EXPECT_TRUE(index.candidates(random_signature(rng), 3).empty());
}

TEST(LshIndex, CandidatesStayNewestFirstAfterErasesReorderBuckets) {
  // An erase moves a bucket's last entry into the hole, so buckets are no longer in reference
  // order; the candidates must still come newest first, each once, capped.
  std::mt19937_64 rng(9);
  const MinHash s = random_signature(rng);
  MinHash other = random_signature(rng);
  std::copy_n(s.begin() + LshIndex::kRows, LshIndex::kRows, other.begin() + LshIndex::kRows);
  LshIndex index;
  for (std::uint32_t ref = 1; ref <= 20; ++ref) index.insert(ref % 2 ? s : other, ref);
  EXPECT_TRUE(index.erase(s, 3));
  EXPECT_TRUE(index.erase(other, 8));
  EXPECT_EQ(index.candidates(s, 6), (std::vector<std::uint32_t>{20, 19, 18, 17, 16, 15}));
  std::vector<std::uint32_t> all = index.candidates(s, 100);
  EXPECT_EQ(all.size(), 18u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), std::greater<>()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  EXPECT_EQ(std::count(all.begin(), all.end(), 3u) + std::count(all.begin(), all.end(), 8u), 0);
}

TEST(LshIndex, EraseRemovesFromEveryBand) {
  std::mt19937_64 rng(5);
  const MinHash a = random_signature(rng);
  MinHash b = random_signature(rng);
  std::copy_n(a.begin(), LshIndex::kRows, b.begin());  // b shares a's first band only
  LshIndex index;
  index.insert(a, 1);
  index.insert(b, 2);
  EXPECT_EQ(index.candidates(a, 10), (std::vector<std::uint32_t>{2, 1}));
  EXPECT_TRUE(index.erase(a, 1));
  EXPECT_FALSE(index.erase(a, 1));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.candidates(a, 10), (std::vector<std::uint32_t>{2}));
  EXPECT_TRUE(index.erase(b, 2));
  EXPECT_TRUE(index.candidates(a, 10).empty());
  EXPECT_EQ(index.size(), 0u);
}

TEST(LshIndex, MemoryStaysWithinBudget) {
  LshIndex index;
  std::mt19937_64 rng(1);
  const std::size_t empty = index.memory_bytes();
  constexpr std::uint32_t kN = 200000;
  for (std::uint32_t i = 1; i <= kN; ++i) index.insert(random_signature(rng), i);
  const double per_article = static_cast<double>(index.memory_bytes() - empty) / kN;
  EXPECT_LE(per_article, 64.0);
  EXPECT_GE(per_article, 8.0 * LshIndex::kBands);  // one {key, ref} per band at the least
}

}  // namespace
}  // namespace newswired
