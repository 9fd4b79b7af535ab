#include "pipeline/parse/atom_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::fixture_document;
using parse_test::make_document;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ParsedFeed parse_ok(const Document& doc) { return parse_test::parse_ok<AtomParser>(doc); }

TEST(AtomParser, FeedMetaAndXmlBase) {
  ParsedFeed feed = parse_ok(fixture_document("atom_xhtml_base.xml", "atom"));
  EXPECT_EQ(feed.meta.format, "atom");
  EXPECT_EQ(feed.meta.title, "Example Blog");
  EXPECT_EQ(feed.meta.link, "https://blog.example.net/");  // the link without rel, not self
  EXPECT_EQ(feed.meta.language, "en");
  EXPECT_EQ(feed.meta.base_url, "https://blog.example.net/");
  ASSERT_EQ(feed.items.size(), 4u);
}

TEST(AtomParser, EntryWithXhtmlContent) {
  ParsedFeed feed = parse_ok(fixture_document("atom_xhtml_base.xml", "atom"));
  ASSERT_FALSE(feed.items.empty());
  const RawItem& e = feed.items[0];
  EXPECT_EQ(e.guid, "tag:blog.example.net,2024:1");
  EXPECT_EQ(e.title, "Hello <em>world</em>");
  EXPECT_EQ(e.link, "hello.html");  // rel=alternate, not the earlier rel=edit
  // Relative xml:base on the entry, resolved against the feed's.
  EXPECT_EQ(e.base_url, "https://blog.example.net/posts/2024/");
  EXPECT_EQ(e.summary, "Short summary.");
  // The xhtml wrapper div is dropped; its children become HTML without namespace noise.
  EXPECT_EQ(e.content,
            "<p>First <b>bold</b> <i>italic</i> paragraph.</p>\n"
            "        <p>A &amp; B<br>line two <img src=\"pic.png\" alt=\"a &quot;pic&quot;\"></p>");
  EXPECT_THAT(e.authors, ElementsAre("Alice", "bob@example.net"));
  EXPECT_THAT(e.categories, ElementsAre("news", "Only a label"));
  EXPECT_EQ(e.published, "2024-03-01T10:00:00Z");
  EXPECT_EQ(e.updated, "2024-03-02T10:00:00Z");
  EXPECT_EQ(e.language, "");  // xml:lang="fr" is on the content, not the entry
}

TEST(AtomParser, AuthorsInheritedFromFeedOrSource) {
  ParsedFeed feed = parse_ok(fixture_document("atom_xhtml_base.xml", "atom"));
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_THAT(feed.items[1].authors, ElementsAre("Feed Author"));
  EXPECT_THAT(feed.items[2].authors, ElementsAre("Source Author"));
}

TEST(AtomParser, LinkFallbacksAndOwnXmlBase) {
  ParsedFeed feed = parse_ok(fixture_document("atom_xhtml_base.xml", "atom"));
  ASSERT_EQ(feed.items.size(), 4u);
  // Only an enclosure link: that is not the story's page (nor feedparser's link), and taking
  // such links would let dedupe merge entries sharing a self or license link.
  EXPECT_EQ(feed.items[1].link, "");
  EXPECT_EQ(feed.items[1].content, "<p>Escaped <b>HTML</b></p>");
  EXPECT_EQ(feed.items[1].language, "de");
  EXPECT_EQ(feed.items[1].base_url, "https://blog.example.net/");
  // The link carries its own xml:base, which RawItem cannot hold: resolved here.
  EXPECT_EQ(feed.items[2].link, "https://other.example.com/other/3");
}

TEST(AtomParser, EntryWithNothingUsableIsKeptWithWarning) {
  ParsedFeed feed = parse_ok(fixture_document("atom_xhtml_base.xml", "atom"));
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 4:"));
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_TRUE(feed.items[3].title.empty());
}

TEST(AtomParser, PrefixedAtomNamespaceAndDecoyDefaultNamespace) {
  ParsedFeed feed = parse_ok(fixture_document("atom_prefixed.xml", "atom"));
  EXPECT_EQ(feed.meta.title, "Prefixed Atom");
  EXPECT_EQ(feed.meta.link, "https://prefixed.example.com/");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Real entry title");
  EXPECT_EQ(feed.items[0].guid, "urn:example:entry:1");
  EXPECT_EQ(feed.items[0].link, "https://prefixed.example.com/1");
  EXPECT_EQ(feed.items[0].content, "<p>Para with <a href=\"https://x.example/\">a link</a>.</p>");
}

TEST(AtomParser, Atom03) {
  ParsedFeed feed = parse_ok(fixture_document("atom03.xml", "atom"));
  EXPECT_EQ(feed.meta.title, "Old &lt;Atom&gt;");
  EXPECT_EQ(feed.meta.link, "http://old.example.com/");
  EXPECT_EQ(feed.meta.language, "en");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& e = feed.items[0];
  EXPECT_EQ(e.title, "Legacy entry");
  EXPECT_EQ(e.link, "http://old.example.com/2004/1");
  EXPECT_EQ(e.published, "2004-01-01T10:00:00Z");  // issued
  EXPECT_EQ(e.updated, "2004-01-02T10:00:00Z");    // modified
  EXPECT_EQ(e.summary, "Base64 summary");
  EXPECT_EQ(e.content, "<p>Escaped body</p>");
  EXPECT_THAT(e.authors, ElementsAre("Old Author"));
}

TEST(AtomParser, RealFeedTheVerge) {
  ParsedFeed feed = parse_ok(fixture_document("AtomVergeAllPosts.xml", "atom"));
  EXPECT_EQ(feed.meta.title, "The Verge -  All Posts");
  EXPECT_EQ(feed.meta.link, "http://www.theverge.com/");
  EXPECT_EQ(feed.meta.language, "en");
  ASSERT_EQ(feed.items.size(), 10u);
  const RawItem& first = feed.items[0];
  EXPECT_EQ(first.title, "This is the new Hulu experience with live TV");
  EXPECT_EQ(first.link,
            "http://www.theverge.com/ces/2017/1/7/14195588/"
            "hulu-live-tv-streaming-internet-ces-2017");
  EXPECT_EQ(first.guid, first.link);
  EXPECT_THAT(first.authors, ElementsAre("Chris Welch"));
  EXPECT_EQ(first.published, "2017-01-07T09:00:01-05:00");
  EXPECT_THAT(first.content, ::testing::StartsWith("<img alt=\"\" src=\"https://cdn0.vox-cdn"));
  EXPECT_THAT(feed.items[1].authors, ElementsAre("Verge Staff"));
  EXPECT_EQ(feed.items[9].title,
            "This Dell 2-in-1 laptop can wirelessly charge through its keyboard");
}

TEST(AtomParser, SingleEntryDocument) {
  ParsedFeed feed =
      parse_ok(make_document("<entry xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"
                             "<id>urn:example:only</id><title>Only entry</title>"
                             "<link href=\"https://only.example/\"/></entry>"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Only entry");
  EXPECT_EQ(feed.items[0].link, "https://only.example/");
  EXPECT_EQ(feed.meta.language, "en");
}

TEST(AtomParser, OutOfLineContentIsEmpty) {
  ParsedFeed feed = parse_ok(make_document(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>x</id>"
      "<content type=\"text/html\" src=\"https://elsewhere.example/body\"/></entry></feed>"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].content, "");
}

TEST(AtomParser, RejectsOtherRootNamingIt) {
  Outcome<ParsedFeed> out = AtomParser().parse(fixture_document("rss1_rdf.xml", "atom"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not an Atom document: root element is <rdf:RDF>");
}

TEST(AtomParser, IdAsLinkCreatedDateAndMislabelledTitles) {
  ParsedFeed feed = parse_ok(make_document(R"(<feed xmlns="http://www.w3.org/2005/Atom">
    <entry><id>https://blog.example/p/1</id><created>2004-01-01T19:48:21Z</created>
      <title type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title>
      <link rel="related" href="https://elsewhere.example/"/></entry>
    <entry><id>urn:uuid:2</id><title type="application/x-custom">test</title></entry>
    <item><title>RSS habit</title></item>
  </feed>)"));
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[2].title, "RSS habit");
  EXPECT_EQ(feed.items[0].link, "https://blog.example/p/1");  // the id, not the related link
  EXPECT_EQ(feed.items[0].published, "");
  EXPECT_EQ(feed.items[0].created, "2004-01-01T19:48:21Z");
  EXPECT_EQ(feed.items[0].title, "Example <b>Atom</b>");  // base64
  EXPECT_EQ(feed.items[1].link, "");                      // urn: is a name, not a place
  EXPECT_EQ(feed.items[1].title, "test");                 // not base64 after all
  EXPECT_FALSE(feed.items[0].authors_inherited);
}

}  // namespace
}  // namespace newswired
