// The near-duplicate index at scale: memory per remembered article (RSS growth and the
// index's own count), lookup time, and the rebuild from the state store at start.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include "pipeline/core/state_store.h"
#include "pipeline/dedupe/dedupe_records.h"
#include "pipeline/dedupe/lsh_index.h"
#include "pipeline/dedupe/minhash.h"
#include "pipeline/dedupe/near_duplicates.h"
#include "pipeline/dedupe/shingles.h"

namespace newswired {
namespace {

double rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// Heap bytes in use: unlike RSS, not hidden by memory an earlier run freed and kept.
double heap_bytes() {
  const struct mallinfo2 m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd);
}

MinHash random_signature(std::mt19937_64& rng) {
  MinHash s;
  for (auto& slot : s) slot = static_cast<std::uint16_t>(rng());
  return s;
}

void fill(LshIndex& index, std::int64_t n, std::mt19937_64& rng) {
  for (std::int64_t i = 1; i <= n; ++i)
    index.insert(random_signature(rng), static_cast<std::uint32_t>(i));
}

// Arg: remembered articles. Counters: RSS and heap growth, the index's own count of bytes per
// article (RSS growth is only right on the first run of an Arg: later runs reuse freed memory).
void BM_NearDuplicateLookup(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::mt19937_64 rng(42);
  const double rss_before = rss_bytes();
  const double heap_before = heap_bytes();
  LshIndex index;
  fill(index, n, rng);
  const double rss_after = rss_bytes();
  const double heap_after = heap_bytes();
  std::vector<MinHash> queries(4096);
  for (auto& q : queries) q = random_signature(rng);
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    auto m = index.candidates(queries[i++ % queries.size()], NearDuplicates::kMaxCandidates);
    hits += m.size();
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["rss_bytes_per_article"] = (rss_after - rss_before) / static_cast<double>(n);
  state.counters["heap_bytes_per_article"] = (heap_after - heap_before) / static_cast<double>(n);
  state.counters["index_bytes_per_article"] =
      static_cast<double>(index.memory_bytes()) / static_cast<double>(n);
  state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK(BM_NearDuplicateLookup)->Arg(10'000'000)->Arg(1'000'000)->Unit(benchmark::kNanosecond);

// Shingling and signing one article of about 600 words.
void BM_MinHash600Words(benchmark::State& state) {
  std::mt19937 rng(7);
  std::string text;
  for (int w = 0; w < 600; ++w) {
    text += "word" + std::to_string(rng() % 3000) + (w % 15 == 14 ? ". " : " ");
  }
  for (auto _ : state) benchmark::DoNotOptimize(minhash(story_shingles(text), 24));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MinHash600Words);

// Start-up: reading 1M remembered articles from LMDB into the index.
void BM_RebuildFromState(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const auto dir = std::filesystem::temp_directory_path() / "nw-bench-dedupe-rebuild";
  std::filesystem::remove_all(dir);
  auto store = StateStore::open(dir.string(),
                                {dedupe::kSeenTable, dedupe::kMinHashTable, dedupe::kExpiryTable})
                   .value();
  std::mt19937_64 rng(3);
  std::vector<StateStore::Write> batch;
  for (std::int64_t i = 1; i <= n; ++i) {
    dedupe::NearRecord r{random_signature(rng), static_cast<std::uint32_t>(1'700'000'000 + i),
                         "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"};
    batch.push_back(
        {dedupe::kMinHashTable, dedupe::ref_key(static_cast<std::uint32_t>(i)), r.encode()});
    if (batch.size() == 10000) {
      store->put(batch);
      batch.clear();
    }
  }
  store->put(batch);
  for (auto _ : state) {
    NearDuplicates near(store);
    benchmark::DoNotOptimize(near.load());
  }
  state.SetItemsProcessed(state.iterations() * n);
  // A lookup that finds its story: the candidate's row is read from the store and compared.
  NearDuplicates near(store);
  near.load();
  std::mt19937_64 again(3);
  const MinHash first = random_signature(again);
  MinHash retold = first;
  for (int slot = kMinHashSlots / 2; slot < kMinHashSlots; ++slot) retold[slot] ^= 1;
  const auto t0 = std::chrono::steady_clock::now();
  constexpr int kLookups = 100'000;
  std::size_t found = 0;
  for (int k = 0; k < kLookups; ++k) found += near.nearest(retold, 0.3, 0).has_value();
  const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - t0;
  state.counters["hit_lookup_us"] = took.count() / kLookups;
  state.counters["hits"] = static_cast<double>(found);
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RebuildFromState)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace newswired
