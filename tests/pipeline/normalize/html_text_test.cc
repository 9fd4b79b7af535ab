#include "pipeline/normalize/html_text.h"

#include <string>

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(HtmlToText, BlocksBecomeParagraphs) {
  EXPECT_EQ(html_to_text("<p>First  para.</p>\n<p>Second\n para.</p>"),
            "First para.\n\nSecond para.");
  EXPECT_EQ(html_to_text("<div>a</div><div>b</div><h2>c</h2><blockquote>d</blockquote>"),
            "a\n\nb\n\nc\n\nd");
  EXPECT_EQ(html_to_text("<section><article><p>x</p></article></section><figure>y</figure>"),
            "x\n\ny");
}

TEST(HtmlToText, BrIsALineBreak) {
  EXPECT_EQ(html_to_text("line one<br>line two<br/>line three"), "line one\nline two\nline three");
  // Two breaks make one blank line, more never make more.
  EXPECT_EQ(html_to_text("a<br><br>b"), "a\n\nb");
  EXPECT_EQ(html_to_text("a<br><br><br><br><p></p><p> </p>b"), "a\n\nb");
}

TEST(HtmlToText, InlineMarkupKeepsTextTogether) {
  EXPECT_EQ(html_to_text("Hello <b>bold</b> and <a href='/x'>li<i>nk</i></a>!"),
            "Hello bold and link!");
}

TEST(HtmlToText, DecodesEntities) {
  EXPECT_EQ(html_to_text("AT&amp;T caf&eacute; a&nbsp;b &lt;tag&gt; &#8217; &#x20AC;"),
            "AT&T caf\u00e9 a b <tag> \u2019 \u20ac");
}

TEST(HtmlToText, DropsScriptsStylesAndChrome) {
  EXPECT_EQ(html_to_text("<style>p { color: red }</style><p>Text</p>"
                         "<script>var x = '<p>no</p>';</script>"
                         "<noscript>Enable JS</noscript><nav>Home | About</nav>"
                         "<form><button>Go</button></form><iframe>frame</iframe>"
                         "<svg><text>chart</text></svg><template><p>tpl</p></template>"
                         "<p>More</p>"),
            "Text\n\nMore");
}

TEST(HtmlToText, PlainTextPassesThrough) {
  EXPECT_EQ(html_to_text("Just a sentence, nothing else."), "Just a sentence, nothing else.");
  EXPECT_EQ(html_to_text("a < b and c > d"), "a < b and c > d");
  EXPECT_EQ(html_to_text("Profits at AT&T rose 5% & more"), "Profits at AT&T rose 5% & more");
  EXPECT_EQ(html_to_text("  spaced \n\n out  "), "spaced out");
}

TEST(HtmlToText, NestedLists) {
  EXPECT_EQ(html_to_text("<ul><li>one<ul><li>one.a</li><li>one.b</li></ul></li><li>two</li></ul>"),
            "one\n\none.a\n\none.b\n\ntwo");
  EXPECT_EQ(html_to_text("<ol><li>x</li><li>y</ol>tail"), "x\n\ny\n\ntail");
}

TEST(HtmlToText, TableCellsAreSeparated) {
  EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr>"
                         "</table>"),
            "a b\n\nc d");
}

TEST(HtmlToText, RecoversBrokenMarkup) {
  EXPECT_EQ(html_to_text("<p>unclosed <b>bold<p>next"), "unclosed bold\n\nnext");
  EXPECT_EQ(html_to_text("</div></p>stray closers"), "stray closers");
  EXPECT_EQ(html_to_text("<!-- comment -->visible<![CDATA[x]]>"), "visible");
}

TEST(HtmlToText, InvalidUtf8IsReplacedNotFatal) {
  const std::string bad = "ok \xff\xfe bad \xc3( end";
  const std::string text = html_to_text(bad);
  EXPECT_EQ(text.substr(0, 3), "ok ");
  EXPECT_NE(text.find("\uFFFD"), std::string::npos);
  EXPECT_NE(text.find("end"), std::string::npos);
  EXPECT_EQ(text.find('\xff'), std::string::npos);
  // Control characters, NUL included, are dropped rather than replaced or cutting text short.
  EXPECT_EQ(html_to_text(std::string_view("a\0b\x01"
                                          "c\x1b<p>d\u0090</p>",
                                          16)),
            "abc\n\nd");
}

TEST(HtmlToText, EmptyAndWhitespaceOnly) {
  EXPECT_EQ(html_to_text(""), "");
  EXPECT_EQ(html_to_text(" \n "), "");
  EXPECT_EQ(html_to_text("<p> </p><img src='x.png'>"), "");
}

TEST(HtmlToText, DeepNestingDoesNotOverflow) {
  std::string html;
  for (std::size_t i = 0; i < kMaxHtmlTags; ++i) html += "<span>";
  html += "deep";
  EXPECT_EQ(html_to_text(html), "deep");
}

TEST(HtmlToText, ReadsLongFlatMarkupInFull) {
  std::string html;
  for (std::size_t i = 0; i < kMaxHtmlTags / 2; ++i) html += "<p>x</p>";
  const std::string text = html_to_text(html + "end");
  EXPECT_EQ(text.size(), kMaxHtmlTags / 2 * 3 + 3);
  EXPECT_EQ(text.substr(text.size() - 6), "x\n\nend");
}

TEST(HtmlToText, StopsReadingAtTheTagLimit) {
  // Parsed in full, this would take gumbo minutes; the text past the limit is not read.
  std::string html = "<p>first</p>";
  for (int i = 0; i < 200000; ++i) html += "<div>";
  html += "last";
  EXPECT_EQ(html_to_text(html), "first");
}

TEST(TitleText, IsOneLine) {
  EXPECT_EQ(title_text("<p>Breaking:</p><p>News &amp; more</p>"), "Breaking: News & more");
  EXPECT_EQ(title_text("  Plain\n title\t"), "Plain title");
  EXPECT_EQ(title_text("Line<br>break"), "Line break");
}

}  // namespace
}  // namespace newswired
