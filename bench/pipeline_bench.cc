// Per-stage throughput on synthetic agency-shaped feeds: items/s is the figure to watch.

#include <filesystem>

#include <benchmark/benchmark.h>

#include "bench/feed_generator.h"
#include "pipeline/core/article_json.h"
#include "pipeline/dedupe/deduplicator.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"

namespace newswired {
namespace {

Document bench_doc(int items) {
  Document d;
  d.source = {"bench", "https://bench.example/rss", "auto"};
  d.url = d.source.url;
  d.body = bench::generate_rss(items);
  d.fetched_at = "2026-01-01T00:00:00Z";
  return d;
}

void BM_Parse(benchmark::State& state) {
  const Document doc = bench_doc(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(parse_document(doc));
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.body.size()));
}
BENCHMARK(BM_Parse)->Arg(100)->Arg(1000);

void BM_Normalize(benchmark::State& state) {
  const Document doc = bench_doc(100);
  const auto parsed = parse_document(doc);
  for (auto _ : state)
    for (const auto& item : parsed.value().items)
      benchmark::DoNotOptimize(normalize_item(item, parsed.value().meta, doc));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_Normalize);

void BM_ParseNormalizeSerialize(benchmark::State& state) {
  const Document doc = bench_doc(100);
  for (auto _ : state) {
    auto parsed = parse_document(doc);
    for (const auto& item : parsed.value().items) {
      auto a = normalize_item(item, parsed.value().meta, doc);
      benchmark::DoNotOptimize(article_to_json_string(a.value()));
    }
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_ParseNormalizeSerialize);

void BM_DedupeCheckAndDeliver(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / "nw-bench-dedupe";
  std::filesystem::remove_all(dir);
  auto store = StateStore::open(dir.string(), Deduplicator::tables()).value();
  Deduplicator dedupe(store);
  int64_t n = 0;
  for (auto _ : state) {
    Article a;
    a.id = std::to_string(n);
    a.canonical_url = "https://bench.example/" + a.id;
    a.content_hash = "h" + a.id;
    const auto d = dedupe.check(a);
    dedupe.delivered(a, d);
    ++n;
  }
  state.SetItemsProcessed(n);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_DedupeCheckAndDeliver);

}  // namespace
}  // namespace newswired
