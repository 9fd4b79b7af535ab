#pragma once
// 64-bit SimHash (Charikar) of a text's word shingles: texts that share most of their shingles
// get fingerprints a few bits apart, so near-duplicates are found by Hamming distance
// (docs/dedupe.md).

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newswired {

struct SimHashOptions {
  int shingle_words = 3;
  // Below this many distinct shingles a fingerprint says more about the boilerplate than
  // about the story (title-only items): no fingerprint, no near-duplicate matching.
  int min_shingles = 24;
  bool drop_stopwords = true;
};

// Case-folded (ASCII), punctuation-free words; optionally without English stopwords.
std::vector<std::string> simhash_words(std::string_view text, bool drop_stopwords);

// The fingerprint of `text`, or nothing when it has fewer than options.min_shingles shingles.
std::optional<std::uint64_t> simhash(std::string_view text, const SimHashOptions& options = {});

inline int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

// The similarity reported with a near-duplicate: the share of fingerprint bits that agree.
inline double simhash_similarity(int distance) { return 1.0 - distance / 64.0; }

}  // namespace newswired
