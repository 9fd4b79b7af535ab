#pragma once
// A story's word shingles: the set near-duplicate detection compares (docs/dedupe.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/dedupe/minhash.h"

namespace newswired {

struct ShingleOptions {
  int words = 3;
  bool drop_stopwords = true;
};

// Case-folded (ASCII), punctuation-free words; optionally without English stopwords.
std::vector<std::string> shingle_words(std::string_view text, bool drop_stopwords);

// 64-bit hashes of the runs of `options.words` words inside each sentence, sorted, unique.
std::vector<std::uint64_t> story_shingles(std::string_view text,
                                          const ShingleOptions& options = {});

// minhash(story_shingles(text, options), min_shingles), without sorting the shingles: the
// signature does not depend on their order or repeats.
std::optional<MinHash> story_minhash(std::string_view text, const ShingleOptions& options,
                                     std::size_t min_shingles);

}  // namespace newswired
