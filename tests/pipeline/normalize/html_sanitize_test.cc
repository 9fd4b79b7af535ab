#include "pipeline/normalize/html_sanitize.h"

#include <string>

#include <gtest/gtest.h>

namespace newswired {
namespace {

constexpr const char* kBase = "https://news.example/world/story.html";

std::string clean(const std::string& html) { return sanitize_html(html, kBase); }

TEST(SanitizeHtml, KeepsTheAllowlist) {
  EXPECT_EQ(clean("<p>One <em>two</em> <strong>three</strong> <b>b</b> <i>i</i><br>four</p>"
                  "<h2>Head</h2><h6>Small</h6><ul><li>a</li></ul><ol><li>b</li></ol>"
                  "<blockquote>q</blockquote>"),
            "<p>One <em>two</em> <strong>three</strong> <b>b</b> <i>i</i><br>four</p>"
            "<h2>Head</h2><h6>Small</h6><ul><li>a</li></ul><ol><li>b</li></ol>"
            "<blockquote>q</blockquote>");
  EXPECT_EQ(clean("<h1>Title</h1>"), "<h2>Title</h2>");
}

TEST(SanitizeHtml, UnwrapsOtherElementsAndDropsAttributes) {
  EXPECT_EQ(clean("<div class=\"x\" style=\"color:red\"><p id=\"p1\" onclick=\"evil()\">Text "
                  "<span title=\"t\">here</span> <u>u</u></p></div>"),
            "<p>Text here u</p>");
}

TEST(SanitizeHtml, LinksAbsoluteHttpOnly) {
  EXPECT_EQ(clean("<a href=\"/other\" target=\"_blank\" onmouseover=\"x()\">rel</a>"),
            "<a href=\"https://news.example/other\">rel</a>");
  EXPECT_EQ(clean("<a href=\"https://a.example/?q=1&amp;r=2\">q</a>"),
            "<a href=\"https://a.example/?q=1&amp;r=2\">q</a>");
  for (const char* hostile :
       {"<a href=\"javascript:alert(1)\">x</a>", "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" java\tscript:alert(1)\">x</a>", "<a href=\"\x01javascript:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>", "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<a href=\"vbscript:x\">x</a>",
        "<a href=\"mailto:a@b.example\">x</a>", "<a>x</a>"}) {
    EXPECT_EQ(clean(hostile), "x") << hostile;
  }
}

TEST(SanitizeHtml, ImagesAndFigures) {
  EXPECT_EQ(clean("<figure><img src=\"/i.jpg\" alt=\"Kerry &amp; Lavrov\" onerror=\"x()\" "
                  "width=\"5\"><figcaption>Cap</figcaption></figure>"),
            "<figure><img src=\"https://news.example/i.jpg\" alt=\"Kerry &amp; Lavrov\">"
            "<figcaption>Cap</figcaption></figure>");
  EXPECT_EQ(clean("<img src=\"javascript:x\"><img src=\"data:image/png;base64,AAAA\">t"), "t");
}

TEST(SanitizeHtml, DropsScriptsEmbedsAndChromeWithTheirContent) {
  EXPECT_EQ(clean("<p>a</p><script>alert('<p>x</p>')</script><style>p{}</style>"
                  "<iframe src=\"https://evil.example\"><p>inner</p></iframe>"
                  "<svg onload=\"x()\"><script>y()</script><text>chart</text></svg>"
                  "<math><mi>x</mi></math><form><input value=\"v\"><button>Go</button></form>"
                  "<object data=\"x\">fallback</object><nav>menu</nav>"
                  "<aside class=\"share-tools\">Share</aside><div id=\"cookie-banner\">ok</div>"
                  "<my-widget>w</my-widget><p>b</p>"),
            "<p>a</p><p>b</p>");
}

TEST(SanitizeHtml, NestedIframesAndUnclosedTags) {
  EXPECT_EQ(clean("<iframe><iframe><p>deep</p></iframe></iframe><p>after"), "<p>after</p>");
  EXPECT_EQ(clean("<p>unclosed <b>bold<p>next"), "<p>unclosed <b>bold</b></p><p><b>next</b></p>");
  EXPECT_EQ(clean("<p><a href=\"https://a.example/\">open link<p>para"),
            "<p><a href=\"https://a.example/\">open link</a></p>"
            "<p><a href=\"https://a.example/\">para</a></p>");
}

TEST(SanitizeHtml, EscapesTextAndDropsEmptyElements) {
  EXPECT_EQ(clean("<p>a &lt;b&gt; &amp; \"c\"</p><p></p><p><script>x</script></p>"),
            "<p>a &lt;b&gt; &amp; \"c\"</p>");
  EXPECT_EQ(clean("plain &lt;script&gt;"), "plain &lt;script&gt;");
  EXPECT_EQ(clean(""), "");
  EXPECT_EQ(clean("<p>a\x01\x7f"
                  "b</p>"),
            "<p>ab</p>");
}

TEST(SanitizeHtml, OutputIsAFixedPoint) {
  // Sanitizing sanitized HTML changes nothing: nothing the allowlist writes is refused by it.
  const std::string once = clean(
      "<div><h1>T</h1><p>x <a href=\"/r\">l</a><img src=\"/i.png\" alt=\"a\"></p><ul><li>i"
      "</ul><script>s</script></div>");
  EXPECT_EQ(clean(once), once);
}

TEST(ItemBodyHtml, ContentElseSummary) {
  RawItem item;
  item.summary = "<p>Summary <script>x</script></p>";
  EXPECT_EQ(item_body_html(item, kBase), "<p>Summary </p>");
  item.content = "<p>Full <a href=\"x.html\">text</a></p>";
  EXPECT_EQ(item_body_html(item, kBase),
            "<p>Full <a href=\"https://news.example/world/x.html\">text</a></p>");
}

}  // namespace
}  // namespace newswired
