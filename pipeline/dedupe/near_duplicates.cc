#include "pipeline/dedupe/near_duplicates.h"

namespace newswired {

using dedupe::NearRecord;

NearDuplicates::NearDuplicates(std::shared_ptr<StateStore> store) : store_(std::move(store)) {}

std::size_t NearDuplicates::load() {
  std::size_t n = 0;
  store_->scan(dedupe::kSimHashTable, "", [&](std::string_view key, std::string_view value) {
    const std::uint32_t ref = dedupe::ref_of(key);
    if (auto r = NearRecord::decode(value); r && ref != 0) {
      index_.insert({r->simhash, r->time, ref});
      ++n;
    }
    if (ref >= next_ref_) next_ref_ = ref + 1;
    return true;
  });
  return n;
}

std::optional<NearDuplicates::Found> NearDuplicates::nearest(std::uint64_t simhash,
                                                             int max_distance,
                                                             std::uint32_t not_before) const {
  const auto match = index_.nearest(simhash, max_distance, not_before);
  if (!match) return std::nullopt;
  if (auto it = pending_.find(match->entry.ref); it != pending_.end())
    return Found{it->second, match->distance};
  auto stored = store_->get(dedupe::kSimHashTable, dedupe::ref_key(match->entry.ref));
  if (!stored) return std::nullopt;
  auto record = NearRecord::decode(*stored);
  if (!record) return std::nullopt;
  return Found{std::move(*record), match->distance};
}

std::uint32_t NearDuplicates::reserve(NearRecord record) {
  // References only grow (4 billion articles outlast any window), so store order is age order.
  const std::uint32_t ref = next_ref_++;
  index_.insert({record.simhash, record.time, ref});
  pending_.emplace(ref, std::move(record));
  return ref;
}

StateStore::Write NearDuplicates::persist(std::uint32_t ref) const {
  auto it = pending_.find(ref);
  if (it == pending_.end()) return {};
  return {dedupe::kSimHashTable, dedupe::ref_key(ref), it->second.encode()};
}

void NearDuplicates::confirmed(std::uint32_t ref) { pending_.erase(ref); }

void NearDuplicates::release(std::uint32_t ref) {
  auto it = pending_.find(ref);
  if (it == pending_.end()) return;
  index_.erase(it->second.simhash, ref);
  pending_.erase(it);
}

std::size_t NearDuplicates::expire(std::uint32_t not_before, std::size_t limit) {
  std::vector<StateStore::Write> erase;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> gone;
  store_->scan(dedupe::kSimHashTable, "", [&](std::string_view key, std::string_view value) {
    if (erase.size() >= limit) return false;
    auto r = NearRecord::decode(value);
    // Rows are in insertion order; one still inside the window ends the sweep (a row slightly
    // out of order waits for the next sweep, lookups ignore it meanwhile).
    if (r && r->time >= not_before) return false;
    erase.push_back({dedupe::kSimHashTable, std::string(key), "", true});
    if (r) gone.emplace_back(r->simhash, dedupe::ref_of(key));
    return true;
  });
  if (erase.empty() || !store_->put(erase).empty()) return 0;
  for (const auto& [simhash, ref] : gone) index_.erase(simhash, ref);
  return erase.size();
}

}  // namespace newswired
