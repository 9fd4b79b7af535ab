#include "pipeline/parse/html_page/extractor.h"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/pipeline/parse/html_page/fixture.h"

namespace newswired::html_page {
namespace {

using html_page_test::gzip;
using html_page_test::read_html_fixture;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

ExtractedPage extract(const std::string& html, const std::string& url) {
  Outcome<ExtractedPage> out = extract_page(html, url);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.reason());
  return out.ok() ? out.value() : ExtractedPage{};
}

class NewsArticle : public ::testing::Test {
 protected:
  ExtractedPage page = extract(read_html_fixture("news_article.html"),
                               "https://courier.example/news/2024/bridge?utm_source=feed");
};

TEST_F(NewsArticle, TitlePrefersOpenGraph) {
  EXPECT_EQ(page.title, "Harbour bridge reopens after two years of repairs");
  EXPECT_EQ(page.site_name, "The Coastal Courier");
}

TEST_F(NewsArticle, MetadataFromJsonLdAndMeta) {
  EXPECT_EQ(page.published, "2024-03-05T08:30:00Z");  // JSON-LD before article:published_time
  EXPECT_EQ(page.modified, "2024-03-05T10:00:00Z");
  EXPECT_THAT(page.authors, ElementsAre("Ada Lovelace", "Tom Brunel"));
  EXPECT_EQ(page.description, "The old harbour bridge carries traffic again.");
  EXPECT_EQ(page.language, "en-GB");
}

TEST_F(NewsArticle, CanonicalAndImageAreAbsolute) {
  EXPECT_EQ(page.canonical_url, "https://courier.example/news/2024/harbour-bridge-reopens");
  EXPECT_EQ(page.image.url, "https://courier.example/images/bridge-wide.jpg");
}

TEST_F(NewsArticle, LeadImageCaptionAndCreditFromItsFigure) {
  EXPECT_EQ(page.image.caption, "The bridge at dawn on its first day open.");
  EXPECT_EQ(page.image.credit, "Photo: Jane Doe");
}

TEST_F(NewsArticle, KeepsTheArticleInOrder) {
  const std::string& t = page.body_text;
  EXPECT_TRUE(t.starts_with("The old harbour bridge opened to traffic again"));
  EXPECT_THAT(t, HasSubstr("called the day a new beginning for the town's east side.\n\n"
                           "What changed\n\nEvery one of the bridge's 48 cables"));
  EXPECT_THAT(t, HasSubstr("New cables, tested to twice the expected load"));
  EXPECT_THAT(t, HasSubstr("only stronger than he could have made it."));
  EXPECT_TRUE(t.ends_with("will not come back before summer."));
}

TEST_F(NewsArticle, DropsEveryKindOfFurniture) {
  const std::string& t = page.body_text;
  EXPECT_THAT(t, Not(HasSubstr("cookies")));                       // cookie banner
  EXPECT_THAT(t, Not(HasSubstr("Weather")));                       // navigation
  EXPECT_THAT(t, Not(HasSubstr("Share on social")));               // share widget
  EXPECT_THAT(t, Not(HasSubstr("By Ada Lovelace")));               // byline
  EXPECT_THAT(t, Not(HasSubstr("Advertisement")));                 // advert label
  EXPECT_THAT(t, Not(HasSubstr("morning briefing")));              // newsletter promotion
  EXPECT_THAT(t, Not(HasSubstr("End of article")));                // text for screen readers only
  EXPECT_THAT(t, Not(HasSubstr("Council approves")));              // related links
  EXPECT_THAT(t, Not(HasSubstr("marina")));                        // sidebar
  EXPECT_THAT(t, Not(HasSubstr("Finally!")));                      // comments
  EXPECT_THAT(t, Not(HasSubstr("Copyright")));                     // footer
  EXPECT_THAT(t, Not(HasSubstr("at dawn")));                       // figure caption
  EXPECT_THAT(t, Not(HasSubstr("Harbour bridge reopens after")));  // the headline itself
}

TEST_F(NewsArticle, BodyHtmlIsSimpleMarkup) {
  const std::string& h = page.body_html;
  EXPECT_TRUE(h.starts_with("<p>The old harbour bridge"));
  EXPECT_THAT(h, HasSubstr("<h2>What changed</h2>"));
  EXPECT_THAT(h, HasSubstr("<ul>\n<li>New cables, tested to twice the expected load</li>\n<li>"));
  EXPECT_THAT(h, HasSubstr("<blockquote><p>It is the same bridge"));
  EXPECT_THAT(h, Not(HasSubstr("class=")));
  EXPECT_THAT(h, Not(HasSubstr("<a ")));
}

TEST(Extractor, JsonLdGraphAndMetaTagsInWindows1252) {
  const ExtractedPage page =
      extract(read_html_fixture("graph_article.html"), "https://valley.example/news/cafes");
  EXPECT_EQ(page.title, "Café owners protest new rules");  // <title> without " - Valley Times"
  EXPECT_EQ(page.published, "2024-06-01T12:00:00+02:00");
  EXPECT_THAT(page.authors, ElementsAre("Marie Curie"));
  EXPECT_EQ(page.description, "Owners of cafes say the new rules on terraces go too far.");
  EXPECT_EQ(page.language, "fr");
  EXPECT_EQ(page.canonical_url, "");
  EXPECT_EQ(page.image.url, "https://valley.example/img/terrace.jpg");
  EXPECT_EQ(page.image.caption, "A terrace on the main square");
  EXPECT_EQ(page.image.credit, "Valley Times");
  EXPECT_TRUE(page.body_text.starts_with("Owners of cafés in the old town protested"));
  EXPECT_TRUE(page.body_text.ends_with("but that the rules would stay."));
}

TEST(Extractor, ArticleSplitAroundAnAdvertIsKeptWhole) {
  const ExtractedPage page =
      extract(read_html_fixture("split_article.html"), "https://rail.example/strike");
  EXPECT_TRUE(page.body_text.starts_with("The rail strike that stopped"));
  EXPECT_TRUE(page.body_text.ends_with("the operator said it would consider it."));
  EXPECT_THAT(page.body_text, Not(HasSubstr("link")));
  EXPECT_EQ(page.title, "Rail strike ends");
  EXPECT_EQ(page.language, "en");
}

TEST(Extractor, GzipPageReadsLikeThePlainOne) {
  const std::string html = read_html_fixture("news_article.html");
  const ExtractedPage plain = extract(html, "https://courier.example/a");
  const ExtractedPage inflated = extract(gzip(html), "https://courier.example/a");
  EXPECT_FALSE(plain.body_text.empty());
  EXPECT_EQ(inflated.body_text, plain.body_text);
  EXPECT_EQ(inflated.title, plain.title);
}

TEST(Extractor, CorruptGzipFails) {
  const std::string garbage = "\x1F\x8B" + std::string(64, 'x');
  Outcome<ExtractedPage> out = extract_page(garbage, "https://a.example/");
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), HasSubstr("gzip: corrupt stream"));
}

TEST(Extractor, HttpCharsetWinsOverTheMetaOne) {
  // "é" in windows-1252 is one byte; in UTF-8 two. The page claims UTF-8, the server Latin-1.
  const std::string page =
      "<html><head><meta charset=\"utf-8\"><title>x</title></head><body><p>Un caf\xE9 "
      "tr\xE8s long, avec des phrases, des virgules, et encore du texte pour la mesure.</p>"
      "</body></html>";
  Outcome<ExtractedPage> out =
      extract_page(page, "https://a.example/", "text/html; charset=iso-8859-1");
  ASSERT_TRUE(out.ok());
  EXPECT_THAT(out.value().body_text, HasSubstr("Un café très long"));
}

TEST(Extractor, DeepNestingIsCutNotQuadratic) {
  // 100,000 unclosed <div>s take gumbo minutes; the page is read up to the depth limit.
  std::string page =
      "<html><body><p>The first paragraph is read, with its commas, clauses, and words, "
      "before the nesting starts.</p>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "<p>Nothing after the limit is read, however it is written.</p>";
  const auto start = std::chrono::steady_clock::now();
  const ExtractedPage out = extract(page, "https://a.example/");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_THAT(out.body_text, HasSubstr("The first paragraph is read"));
  EXPECT_THAT(out.body_text, Not(HasSubstr("Nothing after")));
}

TEST(Extractor, PageWithoutProseHasNoBody) {
  const ExtractedPage page = extract(
      "<!doctype html><html><head><title>Login</title></head><body><form><input name=u>"
      "<button>Sign in</button></form><nav><a href=/>Home</a></nav></body></html>",
      "https://a.example/login");
  EXPECT_EQ(page.title, "Login");
  EXPECT_EQ(page.body_text, "");
  EXPECT_EQ(page.body_html, "");
}

}  // namespace
}  // namespace newswired::html_page
