#include "pipeline/parse/rss_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::fixture_document;
using parse_test::make_document;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ParsedFeed parse_ok(const Document& doc) { return parse_test::parse_ok<RssParser>(doc); }

TEST(RssParser, Rss2WithDublinCoreAndContent) {
  ParsedFeed feed = parse_ok(fixture_document("rss2_modules.xml", "rss"));
  EXPECT_EQ(feed.meta.format, "rss");
  EXPECT_EQ(feed.meta.title, "Example Wire: World");
  // The atom:link beside <link> is another namespace's element and must not win.
  EXPECT_EQ(feed.meta.link, "https://news.example.com/world/");
  EXPECT_EQ(feed.meta.language, "en-gb");
  EXPECT_EQ(feed.meta.base_url, "");
  ASSERT_EQ(feed.items.size(), 4u);

  const RawItem& first = feed.items[0];
  EXPECT_EQ(first.title, "Talks resume in Geneva");
  EXPECT_EQ(first.link, "https://news.example.com/world/2024/03/01/geneva-talks");
  EXPECT_EQ(first.guid, "example-wire-100234");
  EXPECT_EQ(first.summary, "<p>Delegations met again on <b>Friday</b>.</p>");
  EXPECT_EQ(first.content, "<p>Delegations met again on Friday.</p><p>More talks are planned.</p>");
  EXPECT_THAT(first.authors, ElementsAre("Jane Doe", "John Roe"));
  EXPECT_THAT(first.categories, ElementsAre("World", "Diplomacy", "Europe"));
  EXPECT_EQ(first.published, "Fri, 01 Mar 2024 09:30:00 +0000");
  EXPECT_EQ(first.updated, "");
  EXPECT_EQ(first.language, "");

  const RawItem& second = feed.items[1];
  // Entities are decoded; HTML that was escaped is HTML now.
  EXPECT_EQ(second.title, "Markets & \u201Cquotes\u201D in the title");
  EXPECT_EQ(second.summary, "Shares <i>rose</i> & fell, then rose again.");
  EXPECT_THAT(second.authors, ElementsAre("desk@example.com (Market Desk)"));
  // A guid is a permalink by default, so it stands in for the missing <link>.
  EXPECT_EQ(second.guid, "https://news.example.com/markets/2024/03/01/close");
  EXPECT_EQ(second.link, "https://news.example.com/markets/2024/03/01/close");
  EXPECT_EQ(second.updated, "2024-03-01T17:00:00Z");  // dc:date
  EXPECT_EQ(second.language, "en-us");

  // Surrounding whitespace and line breaks are trimmed.
  EXPECT_EQ(feed.items[3].title, "Final item");
  EXPECT_EQ(feed.items[3].link, "https://news.example.com/world/2024/03/01/final");
}

// feedparser counts it as an entry too; normalize decides whether it becomes an article.
TEST(RssParser, ItemWithNothingUsableIsKeptWithWarning) {
  ParsedFeed feed = parse_ok(fixture_document("rss2_modules.xml", "rss"));
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 3:"));
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_TRUE(feed.items[2].title.empty());
}

TEST(RssParser, Rss1RdfItemsBesideChannel) {
  ParsedFeed feed = parse_ok(fixture_document("rss1_rdf.xml", "rss"));
  EXPECT_EQ(feed.meta.format, "rss");
  EXPECT_EQ(feed.meta.title, "Agency Example: Top stories");
  EXPECT_EQ(feed.meta.link, "https://agency.example.org/");
  EXPECT_EQ(feed.meta.language, "de");
  ASSERT_EQ(feed.items.size(), 2u);  // the <image> beside them is not an item

  const RawItem& first = feed.items[0];
  EXPECT_EQ(first.title, "Erste Meldung");
  EXPECT_EQ(first.link, "https://agency.example.org/story/1");
  EXPECT_EQ(first.guid, "https://agency.example.org/story/1");  // rdf:about
  EXPECT_EQ(first.summary, "Die erste Meldung des Tages.");
  EXPECT_THAT(first.authors, ElementsAre("Agentur"));
  EXPECT_THAT(first.categories, ElementsAre("Politik"));
  // dc:date does not say which date it is; read as feedparser does, as the updated date
  // (normalize falls back to it for published_at).
  EXPECT_EQ(first.published, "");
  EXPECT_EQ(first.updated, "2024-03-02T06:00:00+01:00");

  EXPECT_EQ(feed.items[1].title, "Zweite Meldung");
  // No <link>: rdf:about names the item but is not said to be its page (feedparser agrees).
  EXPECT_EQ(feed.items[1].link, "");
  EXPECT_EQ(feed.items[1].guid, "https://agency.example.org/story/2");
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(RssParser, NewsboatRss10) {
  ParsedFeed feed = parse_ok(fixture_document("rss10_1.xml", "rss"));
  EXPECT_EQ(feed.meta.title, "Example Dot Org");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "New Status Updates");
  EXPECT_EQ(feed.items[0].link, "http://www.example.org/status/foo");
  EXPECT_EQ(feed.items[0].guid, "http://www.example.org/status/");
  EXPECT_EQ(feed.items[0].updated, "2008-12-30T08:20:00+01:00");  // dc:date
}

TEST(RssParser, ModulesMatchedByNamespaceNotPrefix) {
  ParsedFeed feed = parse_ok(fixture_document("rss2_prefixed.xml", "rss"));
  EXPECT_EQ(feed.meta.language, "nl");  // who:language is dc:language
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_THAT(item.authors, ElementsAre("Real Creator"));  // not the fake dc:creator
  EXPECT_THAT(item.categories, ElementsAre("Real Subject"));
  EXPECT_EQ(item.content, "<p>Full text.</p>");
  EXPECT_EQ(item.updated, "2024-03-05T12:00:00Z");  // dc:date
}

TEST(RssParser, CoreElementsInUserlandNamespaceWithPrefix) {
  // feedparser's test: every RSS element is r:-prefixed, and szf:description elements with
  // the same local name but another namespace surround the real one.
  ParsedFeed feed = parse_ok(fixture_document("rss2.0NSwithModulesNoDefNSLocalNameClash.xml"));
  EXPECT_EQ(feed.meta.title, "RSS Tests - RSS2.0 w/ NS, no default NS, localName clash");
  EXPECT_EQ(feed.meta.language, "en-gb");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Test Item - RSS2.0 w/ NS, no default NS, localName clash");
  EXPECT_EQ(feed.items[0].link,
            "http://www.pocketsoap.com/weblog/rssTests/"
            "rss2.0NSwithModulesNoDefNSLocalNameClash.xml#1");
  EXPECT_EQ(feed.items[0].summary, "correct description");
  EXPECT_EQ(feed.items[0].updated, "2002-09-28T20:01:19Z");  // dcterms:modified
}

TEST(RssParser, RealFeedReutersWorldNews) {
  ParsedFeed feed = parse_ok(fixture_document("Rss20Reuters.xml", "rss"));
  EXPECT_EQ(feed.meta.title, "Reuters: World News");
  EXPECT_EQ(feed.meta.link, "http://www.reuters.com");
  EXPECT_EQ(feed.meta.language, "en-us");
  ASSERT_EQ(feed.items.size(), 10u);
  const RawItem& first = feed.items[0];
  EXPECT_EQ(first.title, "Iraq says deal reached over withdrawal of Turkish forces from Bashiqa");
  EXPECT_EQ(first.link,
            "http://feeds.reuters.com/~r/Reuters/worldNews/~3/xROvFa03AOc/"
            "us-mideast-crisis-iraq-turkey-abadi-idUSKBN14R0D4");
  EXPECT_EQ(first.guid,
            "http://www.reuters.com/article/us-mideast-crisis-iraq-turkey-abadi-idUSKBN14R0D4"
            "?feedType=RSS&feedName=worldNews");
  EXPECT_THAT(first.summary, ::testing::StartsWith("BAGHDAD (Reuters) - Iraq's Prime Minister"));
  EXPECT_THAT(first.summary, HasSubstr("<div class=\"feedflare\">"));
  EXPECT_THAT(first.categories, ElementsAre("worldNews"));
  EXPECT_EQ(first.published, "Sat, 07 Jan 2017 08:52:27 -0500");
  EXPECT_EQ(feed.items[9].title, "Syrian rebels deny report of ceasefire near Damascus");
}

TEST(RssParser, RealFeedBbcPodcast) {
  ParsedFeed feed = parse_ok(fixture_document("rss_2.0_bbc.xml", "rss"));
  EXPECT_EQ(feed.meta.title, "In Our Time");  // not <image><title>
  EXPECT_EQ(feed.meta.link, "http://www.bbc.co.uk/programmes/b006qykl");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Marcus Aurelius");
  EXPECT_EQ(feed.items[0].guid, "urn:bbc:podcast:m000sjxt");
  EXPECT_EQ(feed.items[0].link, "http://www.bbc.co.uk/programmes/m000sjxt");
}

TEST(RssParser, NonPermalinkGuidIsNotALink) {
  ParsedFeed feed = parse_ok(
      make_document("<rss><channel><item><guid isPermaLink=\"false\">https://a.example/1</guid>"
                    "</item></channel></rss>"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].guid, "https://a.example/1");
  EXPECT_EQ(feed.items[0].link, "");
}

TEST(RssParser, ItemXmlBaseIsResolvedAgainstAncestorsAndDocumentUrl) {
  ParsedFeed feed = parse_ok(
      make_document("<rss xml:base=\"/feeds/\"><channel xml:base=\"world/\"><title>T</title>"
                    "<item xml:base=\"2024/\"><title>A</title><link>a.html</link></item>"
                    "<item><title>B</title></item></channel></rss>",
                    "rss", "https://host.example/index.xml"));
  EXPECT_EQ(feed.meta.base_url, "https://host.example/feeds/world/");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].link, "a.html");  // kept as written, relative to base_url
  EXPECT_EQ(feed.items[0].base_url, "https://host.example/feeds/world/2024/");
  EXPECT_EQ(feed.items[1].base_url, "https://host.example/feeds/world/");
}

TEST(RssParser, RejectsOtherRootNamingIt) {
  Outcome<ParsedFeed> out = RssParser().parse(fixture_document("atom_xhtml_base.xml", "rss"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not an RSS document: root element is <feed>");
}

TEST(RssParser, EmptyChannelIsAnEmptyFeed) {
  ParsedFeed feed = parse_ok(make_document("<rss version=\"2.0\"><channel/></rss>"));
  EXPECT_TRUE(feed.items.empty());
  EXPECT_TRUE(feed.warnings.empty());
}

// What feedparser reads from other vocabularies inside an RSS item.
TEST(RssParser, AuthorsDatesAndTitlesFromOtherVocabularies) {
  ParsedFeed feed = parse_ok(make_document(R"(<rss version="2.0"
      xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"
      xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/">
    <channel>
      <item><itunes:author>Pod Host</itunes:author><dc:author>Dc Author</dc:author>
        <dcterms:issued>2024-03-01T10:00:00Z</dcterms:issued>
        <dcterms:created>2024-02-01T10:00:00Z</dcterms:created>
        <enclosure url="https://x.example/a.mp3"><media:title>From media</media:title></enclosure>
      </item>
      <item><atom:author><atom:email>a@x.example</atom:email></atom:author>
        <atom:published>2024-03-02T10:00:00Z</atom:published>
        <pubDate>Sat, 02 Mar 2024 11:00:00 GMT</pubDate><title>Own title</title>
        <media:title>Not used</media:title><guid>abc123</guid></item>
    </channel></rss>)"));
  ASSERT_EQ(feed.items.size(), 2u);
  const RawItem& first = feed.items[0];
  EXPECT_THAT(first.authors, ElementsAre("Dc Author"));  // iTunes only when nothing else
  EXPECT_EQ(first.published, "2024-03-01T10:00:00Z");
  EXPECT_EQ(first.created, "2024-02-01T10:00:00Z");
  EXPECT_EQ(first.title, "From media");
  const RawItem& second = feed.items[1];
  EXPECT_THAT(second.authors, ElementsAre("a@x.example"));
  EXPECT_EQ(second.published, "Sat, 02 Mar 2024 11:00:00 GMT");  // RSS's own wins
  EXPECT_EQ(second.title, "Own title");
  EXPECT_EQ(second.link, "");  // a permalink guid that is not a URL is not a link
}

TEST(RssParser, ItunesAuthorWhenNoOtherInAnySpellingOfItsUri) {
  ParsedFeed feed = parse_ok(make_document(R"(<rss version="2.0"
      xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel>
      <item><title>t</title><itunes:author>Pod Host</itunes:author></item></channel></rss>)"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_THAT(feed.items[0].authors, ElementsAre("Pod Host"));
}

// The publisher's polling hints come with the parse; the fetcher reads them from FeedMeta.
TEST(RssParser, ChannelPollingHints) {
  ParsedFeed feed = parse_ok(make_document(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel><title>t</title><ttl> 45 </ttl><ttl>99</ttl>
<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
<skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>x</hour></skipHours>
<skipDays><day>Saturday</day><day>Sunday</day></skipDays>
<item><title>a</title><ttl>1</ttl></item></channel></rss>)"));
  EXPECT_EQ(feed.meta.ttl, "45");  // the first; an item's is not the channel's
  EXPECT_EQ(feed.meta.update_period, "hourly");
  EXPECT_EQ(feed.meta.update_frequency, "2");
  EXPECT_EQ(feed.meta.skip_hours, (std::vector<int>{0, 1, 0}));  // 24 is midnight, "x" no hour
  EXPECT_THAT(feed.meta.skip_days, ElementsAre("Saturday", "Sunday"));
  ASSERT_EQ(feed.items.size(), 1u);

  ParsedFeed rdf =
      parse_ok(make_document("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                             "xmlns=\"http://purl.org/rss/1.0/\" "
                             "xmlns:syn=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>"
                             "<syn:updatePeriod>daily</syn:updatePeriod></channel></rdf:RDF>"));
  EXPECT_EQ(rdf.meta.update_period, "daily");  // any prefix
  EXPECT_EQ(rdf.meta.ttl, "");
}

TEST(RssParser, ChannelSelfAndHubLinks) {
  ParsedFeed feed = parse_ok(fixture_document("rss2_media_geo.xml", "rss"));
  EXPECT_EQ(feed.meta.link, "https://news.example.com/pictures/");
  EXPECT_EQ(feed.meta.self_url, "https://news.example.com/pictures.rss");
  EXPECT_EQ(feed.meta.hub_url, "https://hub.example.net/");  // the first hub
  EXPECT_EQ(feed.meta.ttl, "30");
  EXPECT_EQ(feed.meta.update_frequency, "4");
  ParsedFeed vimeo = parse_ok(fixture_document("rss_2.0_vimeo_media.xml", "rss"));
  EXPECT_EQ(vimeo.meta.self_url, "https://vimeo.com/user110157601/videos/user110157601/videos/rss");
  EXPECT_EQ(vimeo.meta.hub_url, "http://vimeo.superfeedr.com");
}

}  // namespace
}  // namespace newswired
