// The starter set over real feeds: prints how many articles get each kind of tag and the most
// frequent tags, so that a rule change that floods or starves the tags shows up.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"
#include "pipeline/tag/rule_tagger.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

TEST(StarterSetCorpus, PrintsTagRatesOverRealFeeds) {
  const fs::path corpus = fs::path(NW_SOURCE_DIR) / "../shared/corpus/feeds";
  if (!fs::exists(corpus)) GTEST_SKIP() << "corpus absent: " << corpus;
  auto m = load_tag_matcher(std::string(NW_SOURCE_DIR) + "/configs/tagging");
  ASSERT_TRUE(m.ok()) << m.reason();
  std::size_t articles = 0;
  std::map<std::string, std::size_t> with, tag_count;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (!e.is_regular_file() || e.file_size() < 20000) continue;  // real feeds, not test snippets
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string url = "file://" + e.path().string();
    Document doc{{"corpus", url, "auto"}, url, "", bytes.str(), "2026-01-01T00:00:00Z"};
    auto parsed = parse_document(doc);
    if (!parsed.ok()) continue;
    for (const auto& item : parsed.value().items) {
      auto a = normalize_item(item, parsed.value().meta, doc);
      if (!a.ok()) continue;
      m.value()->tag(a.value());
      ++articles;
      const Tags& t = a.value().tags;
      for (const auto& [kind, list] : {std::pair{"topics", &t.topics},
                                       {"entities", &t.entities},
                                       {"places", &t.places},
                                       {"agencies", &t.agencies}}) {
        if (!list->empty()) ++with[kind];
        for (const auto& tag : *list) ++tag_count[tag.id + " " + tag.name];
      }
    }
  }
  ASSERT_GT(articles, 100u);
  std::cout << articles << " articles\n";
  for (const auto& [kind, n] : with)
    std::cout << "  with " << kind << ": " << 100.0 * n / articles << "%\n";
  std::multimap<std::size_t, std::string, std::greater<>> top;
  for (const auto& [id, n] : tag_count) top.emplace(n, id);
  int shown = 0;
  for (const auto& [n, id] : top) {
    if (++shown > 40) break;
    std::cout << "  " << n << "\t" << id << "\n";
  }
  EXPECT_GT(with["places"], 0u);
  EXPECT_GT(with["topics"], 0u);
}

}  // namespace
}  // namespace newswired
