// The shortcut in html_to_text for text without markup must not change a single byte of output.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/normalize/html_text.h"

namespace newswired {
namespace {

// Pieces that stress what the parser does with plain text: line breaks of every kind, Unicode
// spaces and invisible characters, control characters, invalid UTF-8, non-ASCII letters,
// combining marks and odd quotes.
const std::vector<std::string>& pieces() {
  static const std::vector<std::string> p{"a",
                                          "Word",
                                          " ",
                                          "  ",
                                          "\n",
                                          "\r\n",
                                          "\r",
                                          "\t",
                                          "\f",
                                          "\v",
                                          std::string(1, '\0'),
                                          "\x01",
                                          "\x1b",
                                          "\x7f",
                                          "\u0085",
                                          "\u009f",
                                          "\u00a0",
                                          "\u00ad",
                                          "\u2002",
                                          "\u200b",
                                          "\u200c",
                                          "\u200d",
                                          "\u2028",
                                          "\u202f",
                                          "\u2060",
                                          "\u3000",
                                          "\ufeff",
                                          "\u00e9",
                                          "e\u0301",
                                          "\u201f",
                                          "\u201b",
                                          "\u201e",
                                          "\u2019",
                                          "\u2033",
                                          "\u65e5\u672c",
                                          "\U0001F600",
                                          "\xff",
                                          "\xc3",
                                          "\xed\xa0\x80",
                                          "\xc0\xaf",
                                          "\xf4\x90\x80\x80",
                                          "\ufffe",
                                          "\ufdd0",
                                          ">",
                                          "\"",
                                          "'",
                                          "=",
                                          "/",
                                          "?",
                                          "]]>",
                                          ";",
                                          "#"};
  return p;
}

TEST(HtmlTextFastPath, SameTextAsTheParserOnRandomPlainStrings) {
  std::mt19937 rng(20240517);
  std::uniform_int_distribution<std::size_t> pick(0, pieces().size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  int compared = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (int k = length(rng); k > 0; --k) s += pieces()[pick(rng)];
    ASSERT_EQ(html_to_text(s), html_to_text_parsed(s)) << "input: " << testing::PrintToString(s);
    ++compared;
  }
  EXPECT_EQ(compared, 20000);
}

TEST(HtmlTextFastPath, SameTextOnEachPieceAlone) {
  for (const std::string& p : pieces()) {
    for (const std::string& s : {p, " " + p + " ", "x" + p + "y", p + p}) {
      EXPECT_EQ(html_to_text(s), html_to_text_parsed(s)) << testing::PrintToString(s);
    }
  }
}

TEST(HtmlTextFastPath, MarkupAndEntitiesStillParsed) {
  EXPECT_EQ(html_to_text("AT&amp;T"), "AT&T");
  EXPECT_EQ(html_to_text("a<b>c</b>"), "ac");
  EXPECT_EQ(html_to_text("line\none"), "line one");
}

}  // namespace
}  // namespace newswired
