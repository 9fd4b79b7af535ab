// Tag stage throughput with the shipped rule set (configs/tagging) on news-sized articles
// (2-4 KB of title, summary and body), and the cost of building the matcher.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "pipeline/tag/rule_tagger.h"

namespace newswired {
namespace {

// NW_TAG_RULES: another rule directory, to compare rule sets.
const std::string kRules = std::getenv("NW_TAG_RULES")
                               ? std::getenv("NW_TAG_RULES")
                               : std::string(NW_SOURCE_DIR) + "/configs/tagging";

// Paragraphs in the style of wire copy, written for newswired, six stories mixed in one text:
// denser in topic words than a real article, so a harder case than the seed below.
const char* kParagraphs[] = {
    "Speaking at a news conference in Geneva on Tuesday, the foreign minister said the talks had "
    "helped both sides to better understand each other, but that many differences remained. ",
    "The government in Berlin announced new sanctions against several companies accused of "
    "helping to evade the export ban, a spokesman for the economy ministry said. ",
    "Heavy rain caused flooding along the river, and rescue workers evacuated hundreds of "
    "residents from their homes overnight, local officials told reporters. ",
    "Shares in the carmaker fell sharply after it cut its profit forecast for the year, citing "
    "weaker demand in China and higher costs for batteries and raw materials. ",
    "The striker scored twice in the second half as the home side won the championship final, "
    "their first title in more than a decade, in front of a sell-out crowd. ",
    "Researchers at the university published a study suggesting that the new vaccine reduced "
    "hospital admissions among older patients by almost half during the winter. ",
};

Article make_article(std::size_t index, std::size_t bytes) {
  Article a;
  a.title = "Ministers meet as talks on the ceasefire resume";
  a.summary = "Delegations from Ukraine and Russia met in Istanbul, with the UN as observer.";
  for (std::size_t i = index; a.body_text.size() < bytes; ++i)
    a.body_text += kParagraphs[i % std::size(kParagraphs)];
  a.body_text += "\n\n(Reuters, AFP, dpa)";
  return a;
}

std::shared_ptr<const TagMatcher> matcher() {
  static auto m = load_tag_matcher(kRules);
  if (!m.ok()) {
    std::cerr << m.reason() << "\n";
    std::abort();
  }
  return m.value();
}

void BM_TagArticle(benchmark::State& state) {
  const auto m = matcher();
  std::vector<Article> articles;
  for (std::size_t i = 0; i < 16; ++i)
    articles.push_back(make_article(i, static_cast<std::size_t>(state.range(0))));
  std::size_t bytes = 0, n = 0;
  for (auto _ : state) {
    Article a = articles[n++ % articles.size()];
    m->tag(a);
    bytes += a.title.size() + a.summary.size() + a.body_text.size();
    benchmark::DoNotOptimize(a.tags);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_TagArticle)->Arg(2048)->Arg(3072)->Arg(4096);

// The DW seed article (about 2.5 KB, one story), when the shared corpus is there.
void BM_TagSeedArticle(benchmark::State& state) {
  std::ifstream in(std::string(NW_SOURCE_DIR) +
                   "/../shared/seeds/dw-2015-05-12-no-breakthrough-in-us-russia-talks.txt");
  if (!in) {
    state.SkipWithError("corpus absent");
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  Article seed;
  seed.title = "'No breakthrough' in US-Russia talks";
  seed.body_text = text.str();
  const auto m = matcher();
  for (auto _ : state) {
    Article a = seed;
    m->tag(a);
    benchmark::DoNotOptimize(a.tags);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TagSeedArticle);

void BM_BuildMatcher(benchmark::State& state) {
  auto rules = load_tag_rules(kRules);
  if (!rules.ok()) state.SkipWithError(rules.reason().c_str());
  std::size_t db_bytes = 0, patterns = 0;
  for (auto _ : state) {
    auto m = TagMatcher::build(rules.value());
    db_bytes = m.value()->database_bytes();
    patterns = m.value()->pattern_count();
  }
  state.counters["rules"] = static_cast<double>(rules.value().size());
  state.counters["terms"] = static_cast<double>(patterns);
  state.counters["database_KiB"] = static_cast<double>(db_bytes) / 1024.0;
}
BENCHMARK(BM_BuildMatcher)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace newswired
