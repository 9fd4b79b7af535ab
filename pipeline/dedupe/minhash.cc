#include "pipeline/dedupe/minhash.h"

#include <algorithm>
#include <limits>

namespace newswired {
namespace {

std::uint64_t mix(std::uint64_t z) {  // SplitMix64's finalizer
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr int kSlotBits = 6;
static_assert(kMinHashSlots == 1 << kSlotBits);

}  // namespace

// One permutation hashing (Li, Owen & Zhang 2012): one hash per shingle, whose top bits pick a
// slot and whose low bits compete for that slot's minimum; O(shingles + slots) instead of a
// hash per shingle and slot. Slots no shingle fell into take the value of a slot chosen by a
// fixed pseudo-random probe sequence of their own ("optimal densification", Shrivastava, ICML
// 2017), which keeps the equal-slot share an unbiased Jaccard estimate. The shingle hashes are
// XXH3 values already; mixing them again keeps slot and value independent of how they were
// made. Everything is fixed: signatures are stored and must not change between releases.
MinHashSketch::MinHashSketch() { lowest_.fill(std::numeric_limits<std::uint32_t>::max()); }

void MinHashSketch::add(std::uint64_t shingle) {
  const std::uint64_t h = mix(shingle);
  const auto slot = static_cast<int>(h >> (64 - kSlotBits));
  lowest_[slot] = std::min(lowest_[slot], static_cast<std::uint32_t>(h));
  filled_ |= std::uint64_t{1} << slot;
}

MinHash MinHashSketch::signature() const {
  MinHash signature;
  for (int i = 0; i < kMinHashSlots; ++i) {
    int from = i;
    for (std::uint64_t attempt = 1; !(filled_ >> from & 1); ++attempt)
      from = static_cast<int>(mix((static_cast<std::uint64_t>(i) << 32) + attempt) >>
                              (64 - kSlotBits));
    signature[i] = static_cast<std::uint16_t>(lowest_[from]);
  }
  return signature;
}

std::optional<MinHash> minhash(const std::vector<std::uint64_t>& shingles,
                               std::size_t min_shingles) {
  if (shingles.size() < std::max<std::size_t>(min_shingles, 1)) return std::nullopt;
  MinHashSketch sketch;
  for (const std::uint64_t x : shingles) sketch.add(x);
  return sketch.signature();
}

double minhash_similarity(const MinHash& a, const MinHash& b) {
  int equal = 0;
  for (int i = 0; i < kMinHashSlots; ++i) equal += a[i] == b[i] ? 1 : 0;
  return static_cast<double>(equal) / kMinHashSlots;
}

}  // namespace newswired
