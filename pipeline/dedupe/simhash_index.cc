#include "pipeline/dedupe/simhash_index.h"

#include <algorithm>
#include <bit>

namespace newswired {

SimHashIndex::SimHashIndex() : entries_(kBuckets) {
  for (auto& table : fingerprints_) table.resize(kBuckets);
}

template <typename T>
void SimHashIndex::append(std::vector<T>& bucket, const T& value) {
  // Growing by a quarter instead of doubling keeps the slack under 25% of the index.
  if (bucket.size() == bucket.capacity()) bucket.reserve(bucket.size() + bucket.size() / 4 + 2);
  bucket.push_back(value);
}

void SimHashIndex::insert(const Entry& e) {
  append(entries_[block(e.simhash, 0)], e);
  for (int t = 1; t < kTables; ++t) append(fingerprints_[t - 1][block(e.simhash, t)], e.simhash);
  ++size_;
}

bool SimHashIndex::erase(std::uint64_t simhash, std::uint32_t ref) {
  auto& bucket = entries_[block(simhash, 0)];
  auto it = std::find_if(bucket.begin(), bucket.end(),
                         [&](const Entry& e) { return e.ref == ref && e.simhash == simhash; });
  if (it == bucket.end()) return false;
  *it = bucket.back();
  bucket.pop_back();
  for (int t = 1; t < kTables; ++t) {
    auto& fps = fingerprints_[t - 1][block(simhash, t)];
    if (auto f = std::find(fps.begin(), fps.end(), simhash); f != fps.end()) {
      *f = fps.back();
      fps.pop_back();
    }
  }
  --size_;
  return true;
}

std::optional<SimHashIndex::Match> SimHashIndex::nearest(std::uint64_t simhash, int max_distance,
                                                         std::uint32_t not_before) const {
  max_distance = std::clamp(max_distance, 0, kMaxDistance);
  std::optional<Match> best;
  auto consider = [&](const Entry& e, int distance) {
    if (e.time < not_before) return;
    if (!best || distance < best->distance ||
        (distance == best->distance && e.time < best->entry.time))
      best = Match{e, distance};
  };
  for (const Entry& e : entries_[block(simhash, 0)]) {
    const int d = std::popcount(e.simhash ^ simhash);
    if (d <= max_distance) consider(e, d);
  }
  for (int t = 1; t < kTables; ++t) {
    for (const std::uint64_t fp : fingerprints_[t - 1][block(simhash, t)]) {
      const int d = std::popcount(fp ^ simhash);
      // Block 0 equal means table 0 already saw it.
      if (d > max_distance || block(fp, 0) == block(simhash, 0)) continue;
      for (const Entry& e : entries_[block(fp, 0)])
        if (e.simhash == fp) consider(e, d);
    }
  }
  return best;
}

std::size_t SimHashIndex::memory_bytes() const {
  std::size_t bytes = entries_.capacity() * sizeof(std::vector<Entry>);
  for (const auto& b : entries_) bytes += b.capacity() * sizeof(Entry);
  for (const auto& table : fingerprints_) {
    bytes += table.capacity() * sizeof(std::vector<std::uint64_t>);
    for (const auto& b : table) bytes += b.capacity() * sizeof(std::uint64_t);
  }
  return bytes;
}

}  // namespace newswired
