#include "pipeline/parse/html_page/html_page_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/parse/registry.h"
#include "tests/pipeline/parse/fixture.h"
#include "tests/pipeline/parse/html_page/fixture.h"

namespace newswired {
namespace {

using html_page_test::gzip;
using html_page_test::read_html_fixture;
using parse_test::make_document;

TEST(HtmlPageParser, SniffsOnlyHtmlPages) {
  const HtmlPageParser html;
  EXPECT_TRUE(html.sniff("<!DOCTYPE html><html>"));
  EXPECT_TRUE(html.sniff("\xEF\xBB\xBF\n  <!doctype HTML>"));
  EXPECT_TRUE(html.sniff("<html lang=\"en\">"));
  EXPECT_TRUE(html.sniff("<!-- generated -->\n<HTML>"));
  EXPECT_TRUE(
      html.sniff("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">"));
  EXPECT_FALSE(html.sniff("<rss version=\"2.0\"><channel><description>&lt;html&gt;"));
  EXPECT_FALSE(html.sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_FALSE(html.sniff("{\"version\": \"https://jsonfeed.org/version/1.1\"}"));
  EXPECT_FALSE(html.sniff("<htmlfeed>"));
  EXPECT_FALSE(html.sniff("<p>a fragment</p>"));
  EXPECT_FALSE(html.sniff("<!-- never closed <html>"));
}

TEST(HtmlPageParser, IsTheLastFormatSniffed) {
  ASSERT_FALSE(all_parsers().empty());
  EXPECT_EQ(all_parsers().back()->format(), "html");
  ASSERT_NE(find_parser("html"), nullptr);
}

TEST(HtmlPageParser, AutoReadsFeedsAsFeedsAndPagesAsPages) {
  Outcome<ParsedFeed> feed = parse_document(
      make_document("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item>"
                    "<title>&lt;html&gt; in a title</title><link>https://a.example/1</link></item>"
                    "</channel></rss>"));
  ASSERT_TRUE(feed.ok()) << feed.reason();
  EXPECT_EQ(feed.value().meta.format, "rss");

  Outcome<ParsedFeed> page = parse_document(
      make_document(read_html_fixture("split_article.html"), "auto", "https://rail.example/x"));
  ASSERT_TRUE(page.ok()) << page.reason();
  EXPECT_EQ(page.value().meta.format, "html");
}

TEST(HtmlPageParser, OnePageIsOneItem) {
  Outcome<ParsedFeed> out = parse_document(make_document(
      read_html_fixture("news_article.html"), "html", "https://courier.example/news/bridge"));
  ASSERT_TRUE(out.ok()) << out.reason();
  const ParsedFeed& feed = out.value();
  EXPECT_EQ(feed.meta.format, "html");
  EXPECT_EQ(feed.meta.title, "The Coastal Courier");
  EXPECT_EQ(feed.meta.language, "en-GB");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.title, "Harbour bridge reopens after two years of repairs");
  EXPECT_EQ(item.link, "https://courier.example/news/2024/harbour-bridge-reopens");
  EXPECT_EQ(item.summary, "The old harbour bridge carries traffic again.");
  EXPECT_THAT(item.authors, ::testing::ElementsAre("Ada Lovelace", "Tom Brunel"));
  EXPECT_EQ(item.published, "2024-03-05T08:30:00Z");
  EXPECT_EQ(item.updated, "2024-03-05T10:00:00Z");
  EXPECT_EQ(item.language, "en-GB");
  EXPECT_TRUE(item.content.starts_with("<p>The old harbour bridge opened"));
}

TEST(HtmlPageParser, WithoutCanonicalTheLinkIsThePageUrl) {
  Outcome<ParsedFeed> out = parse_document(make_document(read_html_fixture("split_article.html"),
                                                         "html", "https://rail.example/strike"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value().items.at(0).link, "https://rail.example/strike");
}

TEST(HtmlPageParser, ReadsGzipAndItsOwnCharset) {
  // Named format: the bytes reach the parser as they are, gzip and windows-1252 alike.
  Outcome<ParsedFeed> out = parse_document(make_document(
      gzip(read_html_fixture("graph_article.html")), "html", "https://valley.example/cafes"));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items.at(0).title, "Café owners protest new rules");
}

TEST(HtmlPageParser, PageWithNothingFails) {
  Outcome<ParsedFeed> out = parse_document(
      make_document("<!doctype html><html><body><nav>x</nav></body></html>", "html"));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), ::testing::HasSubstr("no article found"));
}

}  // namespace
}  // namespace newswired
