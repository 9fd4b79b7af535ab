#pragma once
// The in-memory near-duplicate index (Manku, Jain & Das Sarma, WWW 2007): a 64-bit fingerprint
// is cut into four 16-bit blocks; two fingerprints at Hamming distance <= 3 agree exactly on at
// least one block (pigeonhole), so looking up four buckets, one per block, finds every match.
//
// Table 0 holds the entries themselves (fingerprint, time, reference: 16 bytes), bucketed by
// block 0; tables 1-3 hold only the fingerprint (8 bytes), bucketed by their block. A hit in
// tables 1-3 is resolved through table 0's bucket for that fingerprint. Buckets are contiguous
// arrays grown by a quarter, so a lookup is four short linear scans and an article costs
// 40 bytes plus at most 25% slack (docs/dedupe.md has the arithmetic).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace newswired {

class SimHashIndex {
 public:
  static constexpr int kMaxDistance = 3;  // what four blocks guarantee to find

  struct Entry {
    std::uint64_t simhash;
    std::uint32_t time;  // Unix seconds
    std::uint32_t ref;   // the caller's handle for the article (its key in the state store)
  };
  struct Match {
    Entry entry;
    int distance;
  };

  SimHashIndex();

  void insert(const Entry& e);
  // Removes the entry with this reference (and fingerprint); false if it is not there.
  bool erase(std::uint64_t simhash, std::uint32_t ref);
  // The closest entry within `max_distance` (<= kMaxDistance) whose time is >= not_before;
  // among equally close ones the oldest, which is the story's first copy.
  std::optional<Match> nearest(std::uint64_t simhash, int max_distance,
                               std::uint32_t not_before) const;

  std::size_t size() const { return size_; }
  // Heap bytes held by the buckets (capacity, not size), for the memory budget.
  std::size_t memory_bytes() const;

 private:
  static constexpr int kTables = 4;
  static constexpr int kBuckets = 1 << 16;
  static std::uint32_t block(std::uint64_t simhash, int table) {
    return static_cast<std::uint32_t>(simhash >> (16 * table)) & 0xFFFF;
  }
  template <typename T>
  static void append(std::vector<T>& bucket, const T& value);

  std::vector<std::vector<Entry>> entries_;  // table 0
  std::array<std::vector<std::vector<std::uint64_t>>, kTables - 1> fingerprints_;
  std::size_t size_ = 0;
};

}  // namespace newswired
