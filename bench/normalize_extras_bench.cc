// Costs the normalize stage pays per item for language detection and URL canonicalization,
// and the RSS parser for the extension vocabularies (Media RSS, GeoRSS, iTunes).

#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "pipeline/normalize/language.h"
#include "pipeline/normalize/urls.h"
#include "pipeline/parse/registry.h"

namespace newswired {
namespace {

constexpr std::string_view kParagraph =
    "The central bank raised interest rates by a quarter of a percentage point on Wednesday, "
    "its third increase this year, saying that inflation remained stubbornly high even as "
    "economic growth slowed. ";

std::string article_text(std::size_t bytes) {
  std::string text;
  while (text.size() < bytes) text += kParagraph;
  return text;
}

void BM_DetectLanguage(benchmark::State& state) {
  const std::string text = article_text(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(language_in_effect("", text));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_DetectLanguage)->Arg(300)->Arg(4000)->Arg(32000);

void BM_CanonicalUrl(benchmark::State& state) {
  const std::string url =
      "HTTPS://News.Example.com:443/world/2024/05/caf%C3%A9-story.html?utm_source=rss&page=2"
      "&id=7&fbclid=abc&tag=b&tag=a#comments";
  for (auto _ : state) benchmark::DoNotOptimize(canonical_url(url));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CanonicalUrl);

void BM_ParseMediaFeed(benchmark::State& state) {
  std::ifstream in(std::string(NW_SOURCE_DIR) + "/tests/fixtures/feeds/rss2_media_geo.xml");
  std::stringstream body;
  body << in.rdbuf();
  Document doc;
  doc.source = {"bench", "https://news.example.com/pictures.rss", "auto"};
  doc.url = doc.source.url;
  doc.body = body.str();
  for (auto _ : state) benchmark::DoNotOptimize(parse_document(doc));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.body.size()));
}
BENCHMARK(BM_ParseMediaFeed);

}  // namespace
}  // namespace newswired
