#include "pipeline/dedupe/simhash_index.h"

#include <bit>
#include <random>

#include <gtest/gtest.h>

namespace newswired {
namespace {

// `v` with `n` distinct bits flipped.
std::uint64_t flip_bits(std::uint64_t v, int n, std::mt19937_64& rng) {
  std::uint64_t mask = 0;
  while (std::popcount(mask) < n) mask |= std::uint64_t{1} << (rng() % 64);
  return v ^ mask;
}

TEST(SimHashIndex, FindsExactlyWhatALinearScanFinds) {
  std::mt19937_64 rng(7);
  SimHashIndex index;
  std::vector<SimHashIndex::Entry> all;
  for (std::uint32_t i = 1; i <= 5000; ++i) {
    // Every tenth entry is a near copy of an earlier one, so there is something to find.
    const std::uint64_t fp =
        (i % 10 == 0) ? flip_bits(all[rng() % all.size()].simhash, static_cast<int>(rng() % 5), rng)
                      : rng();
    SimHashIndex::Entry e{fp, 1000 + i, i};
    index.insert(e);
    all.push_back(e);
  }
  EXPECT_EQ(index.size(), all.size());
  int found = 0;
  for (int q = 0; q < 2000; ++q) {
    const std::uint64_t query = flip_bits(all[rng() % all.size()].simhash, q % 6, rng);
    for (int k = 0; k <= 3; ++k) {
      int best = 99;
      for (const auto& e : all) best = std::min(best, std::popcount(e.simhash ^ query));
      const auto m = index.nearest(query, k, 0);
      if (best <= k) {
        ASSERT_TRUE(m) << "query " << q << " k " << k;
        EXPECT_EQ(m->distance, best);
        EXPECT_EQ(std::popcount(m->entry.simhash ^ query), best);
        ++found;
      } else {
        EXPECT_FALSE(m) << "query " << q << " k " << k;
      }
    }
  }
  EXPECT_GT(found, 1000);
}

TEST(SimHashIndex, PrefersTheOldestOfEquallyCloseAndHonoursNotBefore) {
  SimHashIndex index;
  index.insert({0xABCDEF0123456789u, 200, 2});
  index.insert({0xABCDEF0123456789u, 100, 1});
  index.insert({0xABCDEF0123456788u, 300, 3});
  auto m = index.nearest(0xABCDEF0123456789u, 3, 0);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->entry.ref, 1u);
  m = index.nearest(0xABCDEF0123456789u, 3, 150);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->entry.ref, 2u);
  m = index.nearest(0xABCDEF0123456789u, 3, 250);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->entry.ref, 3u);
  EXPECT_EQ(m->distance, 1);
}

TEST(SimHashIndex, EraseRemovesFromEveryTable) {
  SimHashIndex index;
  const std::uint64_t fp = 0x0123456789ABCDEFu;
  index.insert({fp, 1, 1});
  index.insert({fp ^ 0x3, 1, 2});
  EXPECT_TRUE(index.erase(fp, 1));
  EXPECT_FALSE(index.erase(fp, 1));
  EXPECT_EQ(index.size(), 1u);
  // Only the other entry is left, two bits away, found through any block.
  for (std::uint64_t flip : {0x0ull, 0x10000ull, 0x100000000ull, 0x1000000000000ull}) {
    auto m = index.nearest(fp ^ flip, 3, 0);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->entry.ref, 2u);
  }
  EXPECT_TRUE(index.erase(fp ^ 0x3, 2));
  EXPECT_FALSE(index.nearest(fp, 3, 0));
  EXPECT_EQ(index.size(), 0u);
}

TEST(SimHashIndex, MemoryStaysWithinBudget) {
  SimHashIndex index;
  std::mt19937_64 rng(1);
  const std::size_t empty = index.memory_bytes();
  constexpr std::uint32_t kN = 200000;
  for (std::uint32_t i = 1; i <= kN; ++i) index.insert({rng(), i, i});
  const double per_article = static_cast<double>(index.memory_bytes() - empty) / kN;
  EXPECT_LE(per_article, 64.0);
  EXPECT_GE(per_article, 40.0);  // 16 + 3 * 8 bytes held at the least
}

}  // namespace
}  // namespace newswired
