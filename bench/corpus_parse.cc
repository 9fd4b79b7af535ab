// Parse throughput over a folder of real feeds (the shared corpus): every file read into memory
// first, then parse_document (and, on the second line, normalize) over all of them, `runs`
// times; the median run is reported. Its output is read by bench/corpus_vs_feedparser.sh.
//   corpus_parse DIR [RUNS] [parse-only]   (parse-only: skip the second line, for profiling)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/corpus_documents.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"

namespace {

using newswired::Document;

// One pass; returns seconds, counts items (and articles when normalizing).
double pass(const std::vector<Document>& docs, bool normalize, std::size_t& items) {
  const auto start = std::chrono::steady_clock::now();
  items = 0;
  for (const Document& d : docs) {
    newswired::Outcome<newswired::ParsedFeed> parsed = newswired::parse_document(d);
    if (!parsed.ok()) continue;
    items += parsed.value().items.size();
    if (!normalize) continue;
    for (const auto& item : parsed.value().items)
      (void)newswired::normalize_item(item, parsed.value().meta, d);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: corpus_parse DIR [RUNS] [parse-only]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  const std::vector<Document> docs = newswired::bench::corpus_documents(argv[1]);
  std::size_t bytes = 0;
  for (const Document& d : docs) bytes += d.body.size();
  const bool parse_only = argc > 3 && std::string(argv[3]) == "parse-only";
  for (bool normalize : {false, true}) {
    if (normalize && parse_only) break;
    std::vector<double> times;
    std::size_t items = 0;
    for (int i = 0; i < runs; ++i) times.push_back(pass(docs, normalize, items));
    std::sort(times.begin(), times.end());
    const double t = times[times.size() / 2];
    std::printf("%s files=%zu bytes=%zu items=%zu seconds=%.4f MB/s=%.2f items/s=%.0f\n",
                normalize ? "newswired-parse+normalize" : "newswired-parse", docs.size(), bytes,
                items, t, double(bytes) / 1e6 / t, double(items) / t);
  }
  return 0;
}
