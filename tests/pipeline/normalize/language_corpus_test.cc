// The function-word shortcut over every item of the shared feed corpus: where it confirms a
// declared language, CLD2 would have kept that declaration too; and whatever an item declares,
// its text never reads as a listed language that CLD2 reliably sees as another.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/normalize/function_words.h"
#include "pipeline/normalize/language.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

TEST(FunctionWordsCorpus, AConfirmedDeclarationIsWhatDetectionKeeps) {
  const fs::path corpus = fs::path(NW_SOURCE_DIR) / "../shared/corpus/feeds";
  if (!fs::exists(corpus)) GTEST_SKIP() << "corpus absent: " << corpus;
  int declared = 0;
  int confirmed = 0;
  int overruled = 0;
  int misread = 0;
  std::map<std::string, int> declared_by, confirmed_by;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string url = "file://" + e.path().string();
    const Document doc{{"corpus", url, "auto"}, url, "", bytes.str(), "2026-01-01T00:00:00Z"};
    auto parsed = parse_document(doc);
    if (!parsed.ok()) continue;
    for (const auto& item : parsed.value().items) {
      auto a = normalize_item(item, parsed.value().meta, doc);
      if (!a.ok()) continue;
      const std::string stated = primary_language(a.value().language_declared);
      const std::string whole = a.value().title + "\n\n" + a.value().body_text;
      const std::string seen = language_by_detection("", whole);
      for (const char* listed : {"en", "de", "fr", "es", "it", "pt", "nl", "af"}) {
        if (!reads_as(listed, whole) || seen.empty() || seen == listed) continue;
        ++misread;
        ADD_FAILURE() << e.path().filename() << ": reads as " << listed << ", CLD2 reads " << seen
                      << ": " << whole.substr(0, 300);
      }
      if (!has_function_words(stated)) continue;
      ++declared;
      ++declared_by[stated];
      const std::string text = a.value().title + "\n\n" + a.value().body_text;
      if (!reads_as(stated, text)) continue;
      ++confirmed;
      ++confirmed_by[stated];
      const std::string detected = language_by_detection(stated, text);
      if (detected != stated) {
        ++overruled;
        ADD_FAILURE() << e.path().filename() << ": declared " << stated << ", CLD2 reads "
                      << detected << ": " << text.substr(0, 300);
      }
    }
  }
  std::cout << declared << " items declare a language with a function-word list; " << confirmed
            << " confirmed by their function words, " << overruled
            << " of those overruled by CLD2; " << misread
            << " items read as a language CLD2 reliably sees as another\n";
  for (const auto& [language, n] : declared_by)
    std::cout << "  " << language << ": " << confirmed_by[language] << " of " << n << "\n";
  EXPECT_GT(declared, 1000);
  EXPECT_GT(confirmed, declared / 3);
}

}  // namespace
}  // namespace newswired
