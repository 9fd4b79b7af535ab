// The text passes as normalize applies them to feed items: the same story in a feed's
// content:encoded comes out clean, with its caption, credit and agency line in their fields.
#include "pipeline/normalize/body_cleanup.h"

#include <gtest/gtest.h>

#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/normalize.h"

namespace newswired {
namespace {

Article normalized(const std::string& content, std::vector<std::string> authors = {}) {
  RawItem item;
  item.title = "Headline";
  item.link = "https://news.example/a";
  item.content = content;
  item.authors = std::move(authors);
  Document doc;
  doc.source.name = "test";
  doc.source.format = "rss";
  return normalize_fields(item, FeedMeta{}, doc);
}

TEST(CleanArticleText, FeedContentBecomesTheCleanArticle) {
  const Article a = normalized(
      "<p>BERLIN (dpa) - The lede.</p><div class=\"social-share\"><a>Facebook</a></div>"
      "<figure><img src=\"/k.jpg\"><figcaption>Kerry and Lavrov Image: Reuters/J. Roberts"
      "</figcaption></figure><p>Second.</p><p>Advertisement</p><p>ksb/kms (Reuters, AFP)</p>",
      {"DW"});
  EXPECT_EQ(a.body_text, "BERLIN (dpa) - The lede.\n\nSecond.");
  EXPECT_EQ(a.authors, (std::vector<std::string>{"DW", "ksb", "kms"}));
  ASSERT_FALSE(a.media.empty());
  EXPECT_EQ(a.media.back().caption, "Kerry and Lavrov");
  EXPECT_EQ(a.media.back().credit, "Reuters/J. Roberts");

  ASSERT_EQ(a.tags.agencies.size(), 3u);
  EXPECT_EQ(a.tags.agencies[0].id, "agency:reuters");
  EXPECT_EQ(a.tags.agencies[0].type, "agency");
  EXPECT_TRUE(a.tags.agencies[0].evidence.empty());  // its line is no longer in the body
  EXPECT_EQ(a.tags.agencies[1].name, "AFP");
  const Tag& dpa = a.tags.agencies[2];
  EXPECT_EQ(dpa.id, "agency:dpa");
  EXPECT_LT(dpa.score, 1.0);
  ASSERT_EQ(dpa.evidence.size(), 1u);
  EXPECT_EQ(dpa.evidence[0].field, "body_text");
  EXPECT_EQ(a.body_text.substr(dpa.evidence[0].start, dpa.evidence[0].end - dpa.evidence[0].start),
            "dpa");
}

TEST(CleanArticleText, ContentHashIsOverTheCleanText) {
  const Article plain = normalized("<p>The lede.</p><p>Second.</p>");
  const Article chrome = normalized(
      "<p>Skip to content</p><p>The lede.</p><p>Share</p><p>Second.</p><p>Related</p><p>Other "
      "story</p>");
  EXPECT_EQ(chrome.body_text, plain.body_text);
  EXPECT_EQ(chrome.content_hash, plain.content_hash);
}

TEST(CleanArticleText, SummaryOnlyItem) {
  Article a;
  a.summary = "Short item.\n\n(AFP)";
  a.body_text = a.summary;
  clean_article_text(a);
  EXPECT_EQ(a.body_text, "Short item.");
  EXPECT_EQ(a.summary, "Short item.");
  ASSERT_EQ(a.tags.agencies.size(), 1u);
  EXPECT_EQ(a.tags.agencies[0].name, "AFP");
}

TEST(CleanArticleText, CleanTextUnchanged) {
  Article a;
  a.summary = "The lede.";
  a.body_text = "The lede.\n\nA heading\n\nMore text (as Reuters reported).";
  const Article before = a;
  clean_article_text(a);
  EXPECT_EQ(a.body_text, before.body_text);
  EXPECT_EQ(a.summary, before.summary);
  EXPECT_TRUE(a.media.empty());
  EXPECT_TRUE(a.authors.empty());
  EXPECT_TRUE(a.tags.agencies.empty());
}

TEST(HtmlToText, ChromeContainersDropped) {
  EXPECT_EQ(html_to_text("<p>Story.</p><aside class=\"share-buttons\"><p>Share</p></aside>"
                         "<div id=\"cookie_consent\">We use cookies</div>"
                         "<section class=\"c-related-links\"><a>Other</a></section>"
                         "<aside class=\"factbox\"><p>Fact.</p></aside>"),
            "Story.\n\nFact.");
  // Words inside class names do not count: "shared", "download", "header".
  EXPECT_EQ(html_to_text("<div class=\"shared-header download\"><p>Kept.</p></div>"), "Kept.");
}

}  // namespace
}  // namespace newswired
