#pragma once
// MinHash signatures (Broder 1997) of a story's shingle set: the share of equal slots in two
// signatures estimates the Jaccard similarity of the two sets (docs/dedupe.md). Each slot keeps
// the low 16 bits of its minimum (b-bit MinHash, Li & König 2010): 128 bytes a signature, and
// two different minima agree by chance once in 65,536.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace newswired {

inline constexpr int kMinHashSlots = 64;
using MinHash = std::array<std::uint16_t, kMinHashSlots>;

// The signature of a sorted, unique shingle set, or nothing when it has fewer than
// `min_shingles` shingles: below that a signature says more about boilerplate than about the
// story (title-only items), and such items take no part in near-duplicate matching.
std::optional<MinHash> minhash(const std::vector<std::uint64_t>& shingles,
                               std::size_t min_shingles);

// The signature built one shingle at a time, in any order, repeats allowed: what minhash()
// makes of the sorted, unique set.
class MinHashSketch {
 public:
  MinHashSketch();
  void add(std::uint64_t shingle);
  // Needs at least one shingle added.
  MinHash signature() const;

 private:
  std::array<std::uint32_t, kMinHashSlots> lowest_;
  std::uint64_t filled_ = 0;  // bit i: slot i has a shingle of its own
};

// Estimated Jaccard similarity: the share of equal slots.
double minhash_similarity(const MinHash& a, const MinHash& b);

}  // namespace newswired
