// The article extractor on the article-extraction benchmark: quality by the benchmark's own
// metric (F1, precision, recall, exact-match accuracy, bootstrap spread) and speed in pages
// and MB of HTML per second, one thread.
//
//   extraction_bench [CORPUS_DIR] [--rounds N] [--worst N] [--dump ID]
//
// CORPUS_DIR defaults to the shared corpus next to the source tree; without it the program
// says so and exits 0, so that `make bench` runs where the corpus is not installed.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/parse/html_page/eval/benchmark_corpus.h"
#include "pipeline/parse/html_page/eval/shingle_score.h"
#include "pipeline/parse/html_page/extractor.h"
#include "pipeline/parse/html_page/page_input.h"

using namespace newswired::html_page;

int main(int argc, char** argv) {
  std::string dir =
      std::string(NW_SOURCE_DIR) + "/../shared/corpus/html/article-extraction-benchmark";
  int rounds = 3;
  int worst = 0;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--worst" && i + 1 < argc) {
      worst = std::atoi(argv[++i]);
    } else if (arg == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      dir = arg;
    }
  }
  if (!std::filesystem::exists(std::filesystem::path(dir) / "ground-truth.json")) {
    std::printf("extraction_bench: corpus absent (%s), skipped\n", dir.c_str());
    return 0;
  }
  auto loaded = eval::load_benchmark(dir);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.reason().c_str());
    return 1;
  }
  // Inflated once up front: the timing is of extraction from HTML, not of zlib.
  std::vector<std::string> html;
  std::size_t html_bytes = 0;
  for (const eval::BenchmarkPage& p : loaded.value()) {
    auto inflated = gunzip(p.bytes, kMaxPageBytes);
    html.push_back(inflated.ok() ? std::move(inflated.value()) : std::string());
    html_bytes += html.back().size();
  }
  const std::vector<eval::BenchmarkPage>& pages = loaded.value();
  std::vector<std::string> bodies(pages.size());
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < pages.size(); ++i) {
      auto page = extract_page(html[i], pages[i].url);
      bodies[i] = page.ok() ? std::move(page.value().body_text) : std::string();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / rounds;

  std::vector<eval::PageMatch> matches;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    matches.push_back(eval::match_page(pages[i].truth, bodies[i]));
    if (pages[i].id.starts_with(dump) && !dump.empty()) {
      std::printf("== %s %s\n%s\n", pages[i].id.c_str(), pages[i].url.c_str(), bodies[i].c_str());
    }
  }
  const eval::Scores s = eval::score_pages(matches);
  const eval::Scores sd = eval::bootstrap_spread(matches, 1000, 42);
  std::printf("pages        %zu (%.1f MB of HTML)\n", pages.size(), html_bytes / 1e6);
  std::printf("F1           %.3f ± %.3f\n", s.f1, sd.f1);
  std::printf("precision    %.3f ± %.3f\n", s.precision, sd.precision);
  std::printf("recall       %.3f ± %.3f\n", s.recall, sd.recall);
  std::printf("accuracy     %.3f ± %.3f\n", s.accuracy, sd.accuracy);
  std::printf("speed        %.0f pages/s, %.1f MB/s (one thread, mean of %d rounds)\n",
              pages.size() / seconds, html_bytes / 1e6 / seconds, rounds);
  if (worst > 0) {
    std::vector<std::size_t> order(pages.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto f1 = [&](std::size_t i) {
      const eval::PageMatch& m = matches[i];
      return m.tp == 0 ? 0.0 : 2 * m.tp / (2 * m.tp + m.fp + m.fn);
    };
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return f1(a) < f1(b); });
    for (int k = 0; k < worst && k < static_cast<int>(order.size()); ++k) {
      const std::size_t i = order[k];
      std::printf("%.3f  P=%.2f R=%.2f  %.12s  %s\n", f1(i),
                  matches[i].tp / std::max(1e-9, matches[i].tp + matches[i].fp),
                  matches[i].tp / std::max(1e-9, matches[i].tp + matches[i].fn),
                  pages[i].id.c_str(), pages[i].url.c_str());
    }
  }
  return 0;
}
