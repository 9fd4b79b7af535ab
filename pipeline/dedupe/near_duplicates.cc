#include "pipeline/dedupe/near_duplicates.h"

namespace newswired {

using dedupe::NearRecord;

NearDuplicates::NearDuplicates(std::shared_ptr<StateStore> store) : store_(std::move(store)) {}

std::size_t NearDuplicates::load() {
  std::size_t n = 0;
  store_->scan(dedupe::kMinHashTable, "", [&](std::string_view key, std::string_view value) {
    const std::uint32_t ref = dedupe::ref_of(key);
    if (auto r = NearRecord::decode(value); r && ref != 0) {
      index_.insert(r->signature, ref);
      ++n;
    }
    if (ref >= next_ref_) next_ref_ = ref + 1;
    return true;
  });
  return n;
}

std::optional<NearDuplicates::Found> NearDuplicates::nearest(const MinHash& signature,
                                                             double min_similarity,
                                                             std::uint32_t not_before) const {
  return nearest(signature, min_similarity, not_before, store_->snapshot());
}

std::optional<NearDuplicates::Found> NearDuplicates::nearest(
    const MinHash& signature, double min_similarity, std::uint32_t not_before,
    const StateStore::Snapshot& snapshot) const {
  // Candidates are compared on their signatures; the ids are read for the best one only.
  std::optional<double> best_similarity;
  const NearRecord* best_pending = nullptr;
  index_.candidates(signature, kMaxCandidates, candidates_);
  std::uint32_t best_ref = 0;
  for (const std::uint32_t ref : candidates_) {
    const NearRecord* pending = nullptr;
    const MinHash* candidate = nullptr;
    std::uint32_t time = 0;
    CachedRow& cached = cached_[ref % kCachedRows];
    if (auto it = pending_.find(ref); it != pending_.end()) {
      pending = &it->second;
      candidate = &pending->signature;
      time = pending->time;
    } else if (cached.ref == ref) {
      candidate = &cached.signature;
      time = cached.time;
    } else if (auto stored = snapshot.get(dedupe::kMinHashTable, dedupe::ref_key(ref))) {
      if (auto header = NearRecord::decode_signature(*stored)) {
        cached = {ref, header->time, header->signature};
        candidate = &cached.signature;
        time = cached.time;
      }
    }
    if (candidate == nullptr || time < not_before) continue;
    const double similarity = minhash_similarity(signature, *candidate);
    if (similarity < min_similarity) continue;
    // Candidates come newest first: an equal similarity later in the list is an older copy.
    if (!best_similarity || similarity >= *best_similarity) {
      best_similarity = similarity;
      best_pending = pending;
      best_ref = ref;
    }
  }
  if (!best_similarity) return std::nullopt;
  if (best_pending != nullptr) return Found{*best_pending, *best_similarity};
  // Only the best one's ids are read: it is in the store, as its signature was.
  auto stored = snapshot.get(dedupe::kMinHashTable, dedupe::ref_key(best_ref));
  auto record = stored ? NearRecord::decode(*stored) : std::nullopt;
  if (!record) return std::nullopt;
  return Found{std::move(*record), *best_similarity};
}

std::uint32_t NearDuplicates::reserve(NearRecord record) {
  // References only grow (4 billion articles outlast any window), so store order is age order.
  const std::uint32_t ref = next_ref_++;
  index_.insert(record.signature, ref);
  pending_.emplace(ref, std::move(record));
  return ref;
}

void NearDuplicates::reserve_as(std::uint32_t ref, NearRecord record) {
  if (ref == 0 || pending_.contains(ref)) return;
  if (ref >= next_ref_) next_ref_ = ref + 1;
  index_.insert(record.signature, ref);
  pending_.emplace(ref, std::move(record));
}

StateStore::Write NearDuplicates::persist(std::uint32_t ref) const {
  auto it = pending_.find(ref);
  if (it == pending_.end()) return {};
  return {dedupe::kMinHashTable, dedupe::ref_key(ref), it->second.encode()};
}

void NearDuplicates::confirmed(std::uint32_t ref) {
  pending_.erase(ref);
  forget_cached(ref);
}

void NearDuplicates::forget_cached(std::uint32_t ref) {
  if (CachedRow& cached = cached_[ref % kCachedRows]; cached.ref == ref) cached = {};
}

void NearDuplicates::release(std::uint32_t ref) {
  auto it = pending_.find(ref);
  if (it == pending_.end()) return;
  index_.erase(it->second.signature, ref);
  pending_.erase(it);
}

std::size_t NearDuplicates::expire(std::uint32_t not_before, std::size_t limit) {
  std::vector<StateStore::Write> erase;
  std::vector<std::pair<MinHash, std::uint32_t>> gone;
  store_->scan(dedupe::kMinHashTable, "", [&](std::string_view key, std::string_view value) {
    if (erase.size() >= limit) return false;
    auto r = NearRecord::decode(value);
    // Rows are in insertion order; one still inside the window ends the sweep (a row slightly
    // out of order waits for the next sweep, lookups ignore it meanwhile).
    if (r && r->time >= not_before) return false;
    erase.push_back({dedupe::kMinHashTable, std::string(key), "", true});
    if (r) gone.emplace_back(r->signature, dedupe::ref_of(key));
    return true;
  });
  if (erase.empty() || !store_->put(erase).empty()) return 0;
  for (const auto& [signature, ref] : gone) {
    index_.erase(signature, ref);
    forget_cached(ref);
  }
  return erase.size();
}

}  // namespace newswired
