#include "pipeline/dedupe/lsh_index.h"

#include <algorithm>

namespace newswired {

static_assert(LshIndex::kBands * LshIndex::kRows <= kMinHashSlots);
static_assert(LshIndex::kRows == 2, "a band key packs two 16-bit slots into 32 bits");

LshIndex::LshIndex() {
  for (Band& band : bands_) band.resize(std::size_t{1} << kBucketBits);
}

std::uint32_t LshIndex::band_key(const MinHash& signature, int band) {
  return std::uint32_t{signature[band * kRows]} << 16 | signature[band * kRows + 1];
}

std::uint32_t LshIndex::bucket_of(std::uint32_t key) {
  return (key * 0x9E3779B1u) >> (32 - kBucketBits);  // Fibonacci hashing: all bits count
}

void LshIndex::insert(const MinHash& signature, std::uint32_t ref) {
  for (int b = 0; b < kBands; ++b) {
    const std::uint32_t key = band_key(signature, b);
    auto& bucket = bands_[b][bucket_of(key)];
    // Growing by a quarter instead of doubling keeps the slack under 25% of the index.
    if (bucket.size() == bucket.capacity()) bucket.reserve(bucket.size() + bucket.size() / 4 + 2);
    bucket.push_back({key, ref});
  }
  ++size_;
}

bool LshIndex::erase(const MinHash& signature, std::uint32_t ref) {
  bool found = false;
  for (int b = 0; b < kBands; ++b) {
    auto& bucket = bands_[b][bucket_of(band_key(signature, b))];
    auto it =
        std::find_if(bucket.begin(), bucket.end(), [&](const Entry& e) { return e.ref == ref; });
    if (it == bucket.end()) continue;
    *it = bucket.back();
    bucket.pop_back();
    found = true;
  }
  if (found) --size_;
  return found;
}

std::vector<std::uint32_t> LshIndex::candidates(const MinHash& signature, std::size_t limit) const {
  std::vector<std::uint32_t> out;
  candidates(signature, limit, out);
  return out;
}

void LshIndex::candidates(const MinHash& signature, std::size_t limit,
                          std::vector<std::uint32_t>& out) const {
  thread_local std::vector<std::uint32_t> refs;
  refs.clear();
  out.clear();
  std::array<std::size_t, kBands + 1> band_start{};  // each band's matches in refs
  bool ascending = true;
  for (int b = 0; b < kBands; ++b) {
    band_start[b] = refs.size();
    const std::uint32_t key = band_key(signature, b);
    for (const Entry& e : bands_[b][bucket_of(key)]) {
      if (e.key != key) continue;
      ascending = ascending && (refs.size() == band_start[b] || refs.back() < e.ref);
      refs.push_back(e.ref);
    }
  }
  band_start[kBands] = refs.size();
  if (!ascending) {
    std::sort(refs.begin(), refs.end(), std::greater<>());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
    out.assign(refs.begin(),
               refs.begin() + static_cast<std::ptrdiff_t>(std::min(refs.size(), limit)));
    return;
  }
  // Buckets are appended to in reference order, so each band's matches come out ascending
  // unless an erase moved an entry: then merging them from their ends, largest first, gives
  // the same list as sorting, without the sort.
  std::array<std::size_t, kBands> left;  // matches of band b not taken yet
  for (int b = 0; b < kBands; ++b) left[b] = band_start[b + 1] - band_start[b];
  out.reserve(std::min(refs.size(), limit));
  while (out.size() < limit) {
    int from = -1;
    for (int b = 0; b < kBands; ++b)
      if (left[b] > 0 &&
          (from < 0 || refs[band_start[b] + left[b] - 1] > refs[band_start[from] + left[from] - 1]))
        from = b;
    if (from < 0) break;
    const std::uint32_t ref = refs[band_start[from] + --left[from]];
    if (out.empty() || out.back() != ref) out.push_back(ref);
  }
}

std::size_t LshIndex::memory_bytes() const {
  std::size_t bytes = 0;
  for (const Band& band : bands_) {
    bytes += band.capacity() * sizeof(std::vector<Entry>);
    for (const auto& bucket : band) bytes += bucket.capacity() * sizeof(Entry);
  }
  return bytes;
}

}  // namespace newswired
