#pragma once
// The in-memory near-duplicate index: locality-sensitive hashing over MinHash signatures
// (Indyk & Motwani 1998; Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3).
// The first kBands x kRows slots of a signature form kBands band keys; two stories whose
// shingle sets have Jaccard similarity J share at least one key with probability
// 1 - (1 - J^kRows)^kBands (J = 0.35: 0.48, 0.5: 0.76, 0.7: 0.97). Candidates are then
// confirmed on the whole signature by the caller. Measured choice of bands and rows:
// docs/dedupe.md.
//
// Each band is 65,536 buckets of {key, ref} entries (8 bytes), grown by a quarter, so an
// article costs kBands x 8 = 40 bytes plus slack; the signatures stay in the state store.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pipeline/dedupe/minhash.h"

namespace newswired {

class LshIndex {
 public:
  static constexpr int kBands = 5;
  static constexpr int kRows = 2;

  LshIndex();

  void insert(const MinHash& signature, std::uint32_t ref);
  // Removes the entries of this reference (and signature); false if it is not there.
  bool erase(const MinHash& signature, std::uint32_t ref);
  // References sharing at least one band with `signature`, newest (largest) first, at most
  // `limit` of them: a band shared by thousands (a feed's boilerplate that escaped cleaning)
  // must not turn one lookup into thousands of store reads.
  std::vector<std::uint32_t> candidates(const MinHash& signature, std::size_t limit) const;
  // The same into `out` (replacing what it held), allocating nothing once `out` and the
  // calling thread's working list have grown to fit: a lookup per article.
  void candidates(const MinHash& signature, std::size_t limit,
                  std::vector<std::uint32_t>& out) const;

  std::size_t size() const { return size_; }
  // Heap bytes held by the buckets (capacity, not size), for the memory budget.
  std::size_t memory_bytes() const;

 private:
  static constexpr int kBucketBits = 16;
  struct Entry {
    std::uint32_t key;
    std::uint32_t ref;
  };
  using Band = std::vector<std::vector<Entry>>;

  static std::uint32_t band_key(const MinHash& signature, int band);
  static std::uint32_t bucket_of(std::uint32_t key);

  std::array<Band, kBands> bands_;
  std::size_t size_ = 0;
};

}  // namespace newswired
