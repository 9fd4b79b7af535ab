#include "pipeline/normalize/normalize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/core/hashing.h"

namespace newswired {
namespace {

using ::testing::ElementsAre;

Document make_doc() {
  Document doc;
  doc.source = {"wire", "https://example.com/feeds/world.xml", "rss"};
  doc.url = "https://example.com/feeds/world.xml";
  doc.fetched_at = "2015-05-12T13:00:00Z";
  return doc;
}

RawItem make_item() {
  RawItem item;
  item.guid = "urn:example:story:42";
  item.link = "https://example.com/world/42?utm_source=rss#top";
  item.title = "Storm &amp; floods <b>hit</b> coast";
  item.summary = "<p>Heavy rain.</p>";
  item.content = "<p>Heavy rain fell.</p><p>Roads closed.</p><script>track()</script>";
  item.authors = {" Jane Doe ", "", "Jane Doe", "<b>John</b> Roe"};
  item.published = "Tue, 12 May 2015 14:03:00 +0200";
  item.updated = "2015-05-12T15:00:00+02:00";
  item.categories = {"World", " world ", "World", "Weather"};
  return item;
}

TEST(NormalizeItem, ProducesCleanArticle) {
  const Outcome<Article> out = normalize_item(make_item(), FeedMeta{}, make_doc());
  ASSERT_TRUE(out.ok()) << out.reason();
  const Article& a = out.value();
  EXPECT_EQ(a.url, "https://example.com/world/42?utm_source=rss#top");
  EXPECT_EQ(a.canonical_url, "https://example.com/world/42");
  EXPECT_EQ(a.title, "Storm & floods hit coast");
  EXPECT_EQ(a.summary, "Heavy rain.");
  EXPECT_EQ(a.body_text, "Heavy rain fell.\n\nRoads closed.");
  EXPECT_THAT(a.authors, ElementsAre("Jane Doe", "John Roe"));
  EXPECT_THAT(a.categories, ElementsAre("World", "world", "Weather"));
  EXPECT_EQ(a.published_at, "2015-05-12T12:03:00Z");
  EXPECT_EQ(a.updated_at, "2015-05-12T13:00:00Z");
  EXPECT_EQ(a.fetched_at, "2015-05-12T13:00:00Z");
  EXPECT_EQ(a.source.name, "wire");
  EXPECT_EQ(a.source.format, "rss");
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.id, hash128_hex("wire\nurn:example:story:42"));
  EXPECT_EQ(a.content_hash,
            hash128_hex("Storm & floods hit coast\nHeavy rain fell.\n\nRoads closed."));
}

TEST(NormalizeItem, IdIsStableAndPerSource) {
  const Article first = normalize_item(make_item(), FeedMeta{}, make_doc()).value();
  const Article again = normalize_item(make_item(), FeedMeta{}, make_doc()).value();
  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(first.id.size(), 32u);

  Document other = make_doc();
  other.source.name = "other-wire";
  EXPECT_NE(normalize_item(make_item(), FeedMeta{}, other).value().id, first.id);

  // The guid is the identity: an edited title or moved link keeps the id.
  RawItem edited = make_item();
  edited.title = "Storm update";
  edited.link = "https://example.com/world/42-updated";
  EXPECT_EQ(normalize_item(edited, FeedMeta{}, make_doc()).value().id, first.id);
}

TEST(NormalizeItem, IdFallsBackToCanonicalUrl) {
  RawItem item = make_item();
  item.guid = "  ";
  const Article a = normalize_item(item, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.id, hash128_hex("wire\nhttps://example.com/world/42"));

  // Tracking parameters and fragments do not make another article.
  item.link = "https://EXAMPLE.com/world/42?fbclid=zz";
  EXPECT_EQ(normalize_item(item, FeedMeta{}, make_doc()).value().id, a.id);
}

TEST(NormalizeItem, IdFallsBackToTitleAndDate) {
  RawItem item = make_item();
  item.guid.clear();
  item.link.clear();
  const Article a = normalize_item(item, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.url, "");
  EXPECT_EQ(a.canonical_url, "");
  EXPECT_EQ(a.id, hash128_hex("wire\nStorm & floods hit coast\nTue, 12 May 2015 14:03:00 +0200"));
}

TEST(NormalizeItem, ContentHashIgnoresMarkup) {
  RawItem plain = make_item();
  plain.title = "Storm & floods hit coast";
  plain.content = "<p>Heavy   rain fell.</p>\n<p>Roads closed.</p>";
  RawItem fancy = make_item();
  fancy.title = "<span>Storm</span> &amp; floods\n hit coast";
  fancy.content =
      "<div class='x'><p><em>Heavy</em> rain&nbsp;fell.</p></div><p>Roads "
      "<a href='/r'>closed</a>.</p><style>p{}</style>";
  const Article a = normalize_item(plain, FeedMeta{}, make_doc()).value();
  const Article b = normalize_item(fancy, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.content_hash, b.content_hash);

  RawItem changed = make_item();
  changed.content = "<p>Heavy rain fell.</p><p>Roads reopened.</p>";
  EXPECT_NE(normalize_item(changed, FeedMeta{}, make_doc()).value().content_hash, a.content_hash);
}

TEST(NormalizeItem, ContentHashIsTheHashOfTitleAndBodyJoined) {
  const Article a = normalize_item(make_item(), FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.content_hash, hash128_hex(a.title + "\n" + a.body_text));
  EXPECT_EQ(hash128_hex_of_parts({"", "x", "", "yz"}), hash128_hex("xyz"));
  EXPECT_EQ(hash128_hex_of_parts({}), hash128_hex(""));
}

TEST(NormalizeItem, BodyFallsBackToSummary) {
  RawItem item = make_item();
  item.content.clear();
  EXPECT_EQ(normalize_item(item, FeedMeta{}, make_doc()).value().body_text, "Heavy rain.");
  item.content = "<img src='photo.jpg'>";
  EXPECT_EQ(normalize_item(item, FeedMeta{}, make_doc()).value().body_text, "Heavy rain.");
}

TEST(NormalizeItem, FailsWithoutTitleLinkOrText) {
  RawItem item;
  item.guid = "urn:x";
  item.title = "<b> </b>";
  item.summary = "<script>only()</script>";
  item.published = "2015-05-12";
  const Outcome<Article> out = normalize_item(item, FeedMeta{}, make_doc());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "item has no title, link or text");
}

TEST(NormalizeItem, TitleOnlyOrLinkOnlyIsEnough) {
  RawItem title_only;
  title_only.title = "Headline";
  EXPECT_TRUE(normalize_item(title_only, FeedMeta{}, make_doc()).ok());
  RawItem link_only;
  link_only.link = "/a";
  const Outcome<Article> out = normalize_item(link_only, FeedMeta{}, make_doc());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value().url, "https://example.com/a");
}

TEST(NormalizeItem, DeclaredLanguageFromItemElseFeedElseSource) {
  FeedMeta feed;
  feed.language = " en-US ";
  RawItem item = make_item();  // too little text to overrule a declaration
  Document doc = make_doc();
  doc.language = "de";
  Article a = normalize_item(item, feed, doc).value();
  EXPECT_EQ(a.language_declared, "en-US");  // as the source said it
  EXPECT_EQ(a.language, "en");              // the primary subtag, lower case
  item.language = "fr-CA";
  a = normalize_item(item, feed, doc).value();
  EXPECT_EQ(a.language_declared, "fr-CA");
  EXPECT_EQ(a.language, "fr");
  item.language.clear();
  a = normalize_item(item, FeedMeta{}, doc).value();
  EXPECT_EQ(a.language_declared, "de");
  EXPECT_EQ(a.language, "de");
}

// What the source tagger used to fill in is a declaration like the feed's: it may be
// overruled by the text like any other.
TEST(NormalizeItem, ConfiguredSourceLanguageIsTheLastDeclaration) {
  RawItem item = make_item();
  item.content =
      "<p>The storm brought heavy rain to the whole coast on Tuesday, and the regional "
      "government closed several roads and two bridges while emergency crews worked through "
      "the night to pump water out of flooded homes and shops in the old town.</p>";
  Document doc = make_doc();
  doc.language = "de";
  const Article a = normalize_item(item, FeedMeta{}, doc).value();
  EXPECT_EQ(a.language_declared, "de");
  EXPECT_EQ(a.language, "en");
  doc.language.clear();
  item.content = "<p>Kurz.</p>";
  const Article b = normalize_item(item, FeedMeta{}, doc).value();
  EXPECT_EQ(b.language_declared, "");
}

TEST(NormalizeItem, DatesFallBackAndStayEmptyWhenUnreadable) {
  RawItem item = make_item();
  item.published = "not a date";
  Article a = normalize_item(item, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.published_at, "2015-05-12T13:00:00Z");  // from updated
  EXPECT_EQ(a.updated_at, "2015-05-12T13:00:00Z");

  item.published = "2015-05-12T10:00:00Z";
  item.updated.clear();
  a = normalize_item(item, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.published_at, "2015-05-12T10:00:00Z");
  EXPECT_EQ(a.updated_at, std::nullopt);

  item.published.clear();
  EXPECT_EQ(normalize_item(item, FeedMeta{}, make_doc()).value().published_at, std::nullopt);
}

TEST(NormalizeItem, UnreadableDateIsNullWithWarning) {
  RawItem item = make_item();
  item.published = "sometime last week";
  item.updated = "";
  std::vector<std::string> warnings;
  Article a = normalize_item(item, FeedMeta{}, make_doc(), &warnings).value();
  EXPECT_EQ(a.published_at, std::nullopt);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "published date not understood: \"sometime last week\"");
}

TEST(NormalizeItem, CreatedDateComesBeforeUpdated) {
  RawItem item = make_item();
  item.published.clear();
  item.created = "2015-05-11T08:00:00Z";
  Article a = normalize_item(item, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.published_at, "2015-05-11T08:00:00Z");
  EXPECT_EQ(a.updated_at, "2015-05-12T13:00:00Z");
}

// An entry with only an author and a date is an entry of the feed (parse keeps it), but there
// is nothing to publish: normalize_item refuses it, normalize_fields still reads it.
TEST(NormalizeItem, AuthorOnlyEntryIsRefusedButReadable) {
  RawItem item;
  item.authors = {"Jo Writer"};
  item.published = "Tue, 12 May 2015 14:03:00 +0200";
  EXPECT_FALSE(normalize_item(item, FeedMeta{}, make_doc()).ok());
  const Article a = normalize_fields(item, FeedMeta{}, make_doc());
  EXPECT_THAT(a.authors, ElementsAre("Jo Writer"));
  EXPECT_EQ(a.published_at, "2015-05-12T12:03:00Z");
}

TEST(NormalizeItem, RelativeLinkResolvesAgainstDocumentUrl) {
  RawItem item = make_item();
  item.link = "../world/43.html";
  EXPECT_EQ(normalize_item(item, FeedMeta{}, make_doc()).value().url,
            "https://example.com/world/43.html");
}

TEST(NormalizeItem, FileDocumentResolvesAgainstFeedLink) {
  RawItem item = make_item();
  item.link = "/world/44";
  Document doc = make_doc();
  doc.url = "file:///var/spool/feeds/world.xml";
  FeedMeta feed;
  feed.link = "https://news.example/world/";
  EXPECT_EQ(normalize_item(item, feed, doc).value().url, "https://news.example/world/44");
  // An http document stays the base even when the feed names another site.
  EXPECT_EQ(normalize_item(item, feed, make_doc()).value().url, "https://example.com/world/44");
}

TEST(NormalizeItem, RelativeLinkResolvesAgainstXmlBase) {
  RawItem item = make_item();
  item.link = "43.html";
  FeedMeta feed;
  feed.base_url = "https://static.example.net/stories/";
  EXPECT_EQ(normalize_item(item, feed, make_doc()).value().url,
            "https://static.example.net/stories/43.html");

  // An item's xml:base wins over the feed's.
  item.base_url = "https://m.example.org/a/";
  EXPECT_EQ(normalize_item(item, feed, make_doc()).value().url, "https://m.example.org/a/43.html");
}

TEST(NormalizeItem, RelativeXmlBaseResolvesAgainstDocumentUrl) {
  RawItem item = make_item();
  item.link = "43.html";
  FeedMeta feed;
  feed.base_url = "/archive/2015/";
  EXPECT_EQ(normalize_item(item, feed, make_doc()).value().url,
            "https://example.com/archive/2015/43.html");

  // A relative item base builds on the feed's base.
  item.base_url = "may/";
  EXPECT_EQ(normalize_item(item, feed, make_doc()).value().url,
            "https://example.com/archive/2015/may/43.html");
}

TEST(NormalizeItem, AutoFormatTakesDetectedOne) {
  Document doc = make_doc();
  doc.source.format = "auto";
  FeedMeta feed;
  feed.format = "atom";
  EXPECT_EQ(normalize_item(make_item(), feed, doc).value().source.format, "atom");
  doc.source.format = "rss";
  EXPECT_EQ(normalize_item(make_item(), feed, doc).value().source.format, "rss");
}

TEST(NormalizeItem, ControlCharactersAreRemoved) {
  RawItem item = make_item();
  item.title = "Bad\x01 title\x7f";
  item.content = "line\x1b one<br>line two";
  item.authors = {"Ja\x02ne"};
  item.link = " https://example.com/x\n";
  item.guid = "\x03guid ";
  const Article a = normalize_item(item, FeedMeta{}, make_doc()).value();
  EXPECT_EQ(a.title, "Bad title");
  EXPECT_EQ(a.body_text, "line one\nline two");
  EXPECT_THAT(a.authors, ElementsAre("Jane"));
  EXPECT_EQ(a.url, "https://example.com/x");
  EXPECT_EQ(a.id, hash128_hex("wire\nguid"));
}

}  // namespace
}  // namespace newswired
