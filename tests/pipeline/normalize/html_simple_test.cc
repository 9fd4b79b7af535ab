// The simple-markup path of html_to_text (html_simple.h) must give the parser's text byte for
// byte: on random fragments built from tags, attributes, references and awkward text, and on
// every item of the feed fixtures and (when present) the shared corpus.

#include "pipeline/normalize/html_simple.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/normalize/html_text.h"
#include "pipeline/parse/registry.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& markup_pieces() {
  static const std::vector<std::string> p{"<p>",
                                          "</p>",
                                          "<P CLASS='lead'>",
                                          "</P >",
                                          "<b>",
                                          "</b>",
                                          "<i>",
                                          "</i>",
                                          "<em>",
                                          "</em>",
                                          "<strong>",
                                          "</strong>",
                                          "<a href=\"/x?a=1&amp;b=2\">",
                                          "<a href=x>",
                                          "</a>",
                                          "<br>",
                                          "<br/>",
                                          "</br>",
                                          "<div>",
                                          "</div>",
                                          "<div class=\"share-box\">",
                                          "<div id=main>",
                                          "<span>",
                                          "</span>",
                                          "<span class=ad>",
                                          "<h2>",
                                          "</h2>",
                                          "<h3>",
                                          "</h3>",
                                          "<ul>",
                                          "</ul>",
                                          "<ol>",
                                          "</ol>",
                                          "<li>",
                                          "</li>",
                                          "<blockquote>",
                                          "</blockquote>",
                                          "<hr>",
                                          "<hr/>",
                                          "<img src=\"a.jpg\" alt=\"a > b\">",
                                          "<img src=a.jpg>",
                                          "</img>",
                                          "<figure>",
                                          "</figure>",
                                          "<figcaption>",
                                          "</figcaption>",
                                          "<table>",
                                          "<tr>",
                                          "<td>",
                                          "</td>",
                                          "</table>",
                                          "<pre>",
                                          "</pre>",
                                          "<script>x()</script>",
                                          "<style>p{}</style>",
                                          "<!-- note -->",
                                          "<?xml?>",
                                          "<!doctype html>",
                                          "<custom-tag>",
                                          "</custom-tag>",
                                          "<p/>",
                                          "<b class=\"a\" class=\"share\">",
                                          "<p class=\"&amp;\">",
                                          "<a title='it\"s'>",
                                          "<p\nclass=x>",
                                          "<",
                                          "</",
                                          "<>",
                                          "< p>",
                                          "<p",
                                          "&amp;",
                                          "&lt;",
                                          "&gt;",
                                          "&quot;",
                                          "&apos;",
                                          "&nbsp;",
                                          "&#233;",
                                          "&#x2019;",
                                          "&#X2019;",
                                          "&#10;",
                                          "&#13;",
                                          "&#0;",
                                          "&#128;",
                                          "&#x110000;",
                                          "&#xFFFE;",
                                          "&eacute;",
                                          "&amp",
                                          "&",
                                          "&#;",
                                          "&#x;"};
  return p;
}

const std::vector<std::string>& text_pieces() {
  static const std::vector<std::string> p{
      "a",          "Word",   " ",       "  ",     "\n",
      "\r\n",       "\r",     "\t",      "\f",     "\v",
      "\x01",       "\u00a0", "\u00ad",  "\u200b", "\u2028",
      "\ufeff",     "\u00e9", "e\u0301", "\u2019", "\u65e5\u672c",
      "\U0001F600", "\xff",   "\xc3",    ">",      "\"",
      "'",          "=",      ";",       "#"};
  return p;
}

// Tags the simple path reads, nested and misnested at random: the hard part of the equivalence.
const std::vector<std::string>& simple_pieces() {
  static const std::vector<std::string> p{
      "<p>",   "</p>",  "<b>",    "</b>",   "<i>",         "</i>", "<a href=x>", "</a>",
      "<br>",  "<div>", "</div>", "<span>", "</span>",     "<h2>", "</h2>",      "<ul>",
      "</ul>", "<li>",  "</li>",  "<hr>",   "<img src=a>", "<em>", "</em>",      "<dd>",
      "<dt>",  "</dl>", "<dl>",   "&amp;",  "&#233;"};
  return p;
}

// Fragments of `length` pieces, `markup_share` of them from `markup`; returns how many the
// simple path took that had tags in them, after checking each against the parser.
int compare_random(const std::vector<std::string>& markup, double markup_share, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick_markup(0, markup.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_text(0, text_pieces().size() - 1);
  std::uniform_int_distribution<int> length(0, 30);
  std::bernoulli_distribution is_markup(markup_share);
  int simple = 0;
  for (int n = 0; n < 30000; ++n) {
    std::string s;
    for (int k = length(rng); k > 0; --k)
      s += is_markup(rng) ? markup[pick_markup(rng)] : text_pieces()[pick_text(rng)];
    EXPECT_EQ(html_to_text(s), html_to_text_parsed(s)) << "input: " << ::testing::PrintToString(s);
    if (::testing::Test::HasFailure()) return simple;
    simple += simple_markup_text(s).has_value() && s.find('<') != std::string::npos;
  }
  return simple;
}

TEST(HtmlSimpleMarkup, SameTextAsTheParserOnRandomFragments) {
  // The comparisons mean something only if the simple path took a fair share of the fragments
  // with tags in them.
  const int any = compare_random(markup_pieces(), 0.35, 20261129);
  std::printf("any markup: the simple path took %d of 30000 fragments with tags\n", any);
  EXPECT_GT(any, 1000);
  const int nested = compare_random(simple_pieces(), 0.5, 20261130);
  std::printf("simple tags: the simple path took %d of 30000 fragments with tags\n", nested);
  EXPECT_GT(nested, 1000);
}

TEST(HtmlSimpleMarkup, TakesParagraphsLinksAndEmphasis) {
  const auto text = simple_markup_text(
      "<p>The <b>port</b> reopened &amp; <a href=\"/f\">ferries</a> ran.</p><p>Second.<br>Line"
      "</p><ul><li>one<li>two</ul>");
  ASSERT_TRUE(text);
  EXPECT_EQ(html_to_text("<p>a</p><p>b<br>c</p>"), "a\n\nb\nc");
}

TEST(HtmlSimpleMarkup, LeavesTheRestToTheParser) {
  for (const char* html :
       {"<table><tr><td>a</td></tr></table>", "<script>x</script>", "<p>a<!-- c -->b</p>",
        "<div class=\"share-tools\">Share</div>", "<b><p>x</b>y</p>", "a</p>b", "&eacute;",
        "<pre>\ncode</pre>", "<custom-tag>x</custom-tag>", "<p class=\"a&amp;b\">x</p>", "<p",
        "&#128;"}) {
    EXPECT_FALSE(simple_markup_text(html)) << html;
    EXPECT_EQ(html_to_text(html), html_to_text_parsed(html)) << html;
  }
}

// Every summary and content of every feed under `dir`: the two paths must agree.
void compare_feeds(const fs::path& dir, int& items, int& simple) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    Document d;
    d.source = {"corpus", "", "auto"};
    d.body = newswired::testing::read_test_file(e.path());
    const auto parsed = parse_document(d);
    if (!parsed.ok()) continue;
    for (const RawItem& item : parsed.value().items) {
      for (const std::string* html : {&item.title, &item.summary, &item.content}) {
        ASSERT_EQ(html_to_text(*html), html_to_text_parsed(*html))
            << e.path() << ": " << ::testing::PrintToString(*html);
        ++items;
        simple += simple_markup_text(*html).has_value();
      }
    }
  }
}

TEST(HtmlSimpleMarkup, SameTextOnEveryFixtureItem) {
  int items = 0, simple = 0;
  compare_feeds(fs::path(NW_FIXTURES) / "feeds", items, simple);
  EXPECT_GT(items, 100);
  std::printf("fixture fields: %d, simple markup: %d\n", items, simple);
}

TEST(HtmlSimpleMarkup, SameTextOnEveryCorpusItem) {
  const fs::path corpus = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "feeds";
  if (!fs::exists(corpus)) GTEST_SKIP() << "corpus absent: " << corpus << " not found";
  int items = 0, simple = 0;
  compare_feeds(corpus, items, simple);
  EXPECT_GT(items, 1000);
  std::printf("corpus fields: %d, simple markup: %d\n", items, simple);
}

}  // namespace
}  // namespace newswired
