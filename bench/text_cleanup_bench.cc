// Cost of the text passes per article: chrome, captions and agency line (clean_article_text),
// the plain-text parser, and the body_html sanitizer, on article-sized input (~6 KB of text).

#include <string>

#include <benchmark/benchmark.h>

#include "bench/feed_generator.h"
#include "pipeline/core/article.h"
#include "pipeline/normalize/body_cleanup.h"
#include "pipeline/normalize/html_sanitize.h"
#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"
#include "pipeline/parse/text_parser.h"

namespace newswired {
namespace {

constexpr const char* kParagraph =
    "Speaking at a news conference on Tuesday, the minister said the meeting had helped both "
    "sides to \u201cbetter understand each other\u201d, and that it was absolutely necessary to "
    "avoid steps that could further harm relations between the two countries.";

std::string scraped_text() {
  std::string t =
      "1. Skip to content\n2. Skip to main menu\n\nA headline for the bench\n\n"
      "May 12, 2015\n\n";
  for (int i = 0; i < 20; ++i) {
    t += kParagraph;
    t += "\n\n";
    if (i == 2) t += "https://p.example/p/1\nA caption for the picture\nImage: Reuters/J. Doe\n\n";
    if (i == 8) t += "Share\nFacebook Twitter WhatsApp\n\n";
  }
  return t + "ksb/kms (Reuters, AFP, AP, dpa)\n";
}

std::string article_html() {
  std::string h;
  for (int i = 0; i < 20; ++i) {
    h += "<p>";
    h += kParagraph;
    h += " <a href=\"/story/";
    h += std::to_string(i);
    h += "\" onclick=\"track()\">more</a></p>";
    if (i == 2)
      h += "<figure><img src=\"/i.jpg\" alt=\"x\"><figcaption>A caption Image: AP</figcaption>"
           "</figure><script>var x = 1;</script>";
  }
  return h + "<p>ksb/kms (Reuters, AFP)</p>";
}

void BM_CleanArticleText(benchmark::State& state) {
  const std::string body = html_to_text(article_html());
  for (auto _ : state) {
    Article a;
    a.body_text = body;
    clean_article_text(a);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_CleanArticleText);

// The share of the normalize stage: the same synthetic feed items as pipeline_bench's
// BM_Normalize, already normalized, cleaned once more (the work is the same: nothing matches).
void BM_CleanFeedItems(benchmark::State& state) {
  Document doc;
  doc.source = {"bench", "https://bench.example/rss", "auto"};
  doc.url = doc.source.url;
  doc.body = bench::generate_rss(100);
  const auto parsed = parse_document(doc);
  std::vector<Article> articles;
  for (const auto& item : parsed.value().items)
    articles.push_back(normalize_fields(item, parsed.value().meta, doc));
  for (auto _ : state) {
    for (const Article& original : articles) {
      Article a = original;
      clean_article_text(a);
      benchmark::DoNotOptimize(a);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(articles.size()));
}
BENCHMARK(BM_CleanFeedItems);

void BM_TextParser(benchmark::State& state) {
  Document doc;
  doc.source = {"bench", "", "text"};
  doc.body = scraped_text();
  const TextParser parser;
  for (auto _ : state) benchmark::DoNotOptimize(parser.parse(doc));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.body.size()));
}
BENCHMARK(BM_TextParser);

void BM_SanitizeHtml(benchmark::State& state) {
  const std::string html = article_html();
  for (auto _ : state) benchmark::DoNotOptimize(sanitize_html(html, "https://news.example/a"));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(html.size()));
}
BENCHMARK(BM_SanitizeHtml);

}  // namespace
}  // namespace newswired
