// The extractor on the article-extraction benchmark's 181 pages (github.com/scrapinghub/
// article-extraction-benchmark), scored with the benchmark's own metric. Published F1 for
// comparison: readability-lxml 0.922, newspaper4k 0.949, trafilatura 0.958.

#include <filesystem>

#include <gtest/gtest.h>

#include "pipeline/parse/html_page/eval/benchmark_corpus.h"
#include "pipeline/parse/html_page/eval/shingle_score.h"
#include "pipeline/parse/html_page/extractor.h"

namespace newswired::html_page {
namespace {

namespace fs = std::filesystem;

const fs::path kBenchmark =
    fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "html" / "article-extraction-benchmark";

TEST(ExtractionBenchmark, F1AtLeast095) {
  if (!fs::exists(kBenchmark / "ground-truth.json")) {
    GTEST_SKIP() << "corpus absent: ../shared/corpus/html/article-extraction-benchmark not found";
  }
  auto pages = eval::load_benchmark(kBenchmark);
  ASSERT_TRUE(pages.ok()) << pages.reason();
  ASSERT_EQ(pages.value().size(), 181u);
  std::vector<eval::PageMatch> matches;
  int failed = 0;
  for (const eval::BenchmarkPage& page : pages.value()) {
    Outcome<ExtractedPage> out = extract_page(page.bytes, page.url);  // the .gz as published
    failed += out.ok() ? 0 : 1;
    matches.push_back(eval::match_page(page.truth, out.ok() ? out.value().body_text : ""));
  }
  EXPECT_EQ(failed, 0);
  const eval::Scores s = eval::score_pages(matches);
  RecordProperty("f1", std::to_string(s.f1));
  std::printf("F1 %.3f  precision %.3f  recall %.3f  accuracy %.3f\n", s.f1, s.precision, s.recall,
              s.accuracy);
  EXPECT_GE(s.f1, 0.95);
  EXPECT_GE(s.precision, 0.93);
  EXPECT_GE(s.recall, 0.93);
}

}  // namespace
}  // namespace newswired::html_page
