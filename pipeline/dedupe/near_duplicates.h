#pragma once
// The near-duplicate memory: the in-RAM LshIndex plus its rows (with the signatures) in the
// state store. An entry
// is reserved in RAM when an article is checked (so two copies of one story in flight at once
// still match), written to the store when Kafka acknowledged the article, and dropped again if
// it was not delivered. Not thread-safe: the Deduplicator serialises calls.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/core/state_store.h"
#include "pipeline/dedupe/dedupe_records.h"
#include "pipeline/dedupe/lsh_index.h"

namespace newswired {

class NearDuplicates {
 public:
  struct Found {
    dedupe::NearRecord record;
    double similarity = 0;  // estimated Jaccard similarity of the shingle sets
  };
  // Candidates confirmed per lookup at most (each is one store read).
  static constexpr std::size_t kMaxCandidates = 64;

  explicit NearDuplicates(std::shared_ptr<StateStore> store);

  // Fills the index from the store (at start); returns how many entries it read.
  std::size_t load();
  // The most similar remembered story at `min_similarity` or above whose time is >= not_before;
  // among equally similar ones the oldest, which is the story's first copy.
  std::optional<Found> nearest(const MinHash& signature, double min_similarity,
                               std::uint32_t not_before) const;
  // The same, reading the stored entries from `snapshot`.
  std::optional<Found> nearest(const MinHash& signature, double min_similarity,
                               std::uint32_t not_before,
                               const StateStore::Snapshot& snapshot) const;
  // Holds the entry in RAM only; returns its reference.
  std::uint32_t reserve(dedupe::NearRecord record);
  // Holds an entry reserved before a restart under the reference it had then (its write is
  // waiting in the spool under that reference).
  void reserve_as(std::uint32_t ref, dedupe::NearRecord record);
  // The write that makes a reserved entry durable; call confirmed() once it is stored.
  StateStore::Write persist(std::uint32_t ref) const;
  void confirmed(std::uint32_t ref);
  void release(std::uint32_t ref);
  // Forgets up to `limit` stored entries older than `not_before`, oldest first; returns how
  // many it removed (== limit: there may be more).
  std::size_t expire(std::uint32_t not_before, std::size_t limit);

  std::size_t size() const { return index_.size(); }
  // The index and the rows cached for lookups (a fixed 0.5 MB; the index's buckets alone are 8).
  std::size_t memory_bytes() const {
    return index_.memory_bytes() + cached_.capacity() * sizeof(CachedRow);
  }

 private:
  std::shared_ptr<StateStore> store_;
  LshIndex index_;
  std::uint32_t next_ref_ = 1;
  std::unordered_map<std::uint32_t, dedupe::NearRecord> pending_;  // reserved, not yet stored
  mutable std::vector<std::uint32_t> candidates_;  // a lookup's, kept for its capacity
  // Signatures and times of stored rows read lately, by reference modulo the size: a story's
  // copies are each other's candidates, so the rows of a busy story are read again and again.
  // A stored row never changes under its reference (references are not reused), and one
  // deleted by expire() is gone from the index too, so an entry is never stale when used; an
  // entry is still dropped whenever this class writes or deletes its row.
  struct CachedRow {
    std::uint32_t ref = 0;  // 0: empty
    std::uint32_t time = 0;
    MinHash signature{};
  };
  static constexpr std::size_t kCachedRows = 4096;
  mutable std::vector<CachedRow> cached_ = std::vector<CachedRow>(kCachedRows);
  void forget_cached(std::uint32_t ref);
};

}  // namespace newswired
