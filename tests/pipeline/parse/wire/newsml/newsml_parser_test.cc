#include "pipeline/parse/wire/newsml/newsml_parser.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/parse/sniff.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

using newswired::testing::read_test_file;

std::string fixture_text(const std::string& name) {
  return read_test_file(fs::path(NW_FIXTURES) / "wire" / "newsml" / name);
}

Document document(std::string body) {
  Document d;
  d.source = {"wire", "", "newsml"};
  d.body = std::move(body);
  d.fetched_at = "2026-03-01T10:00:00Z";
  return d;
}

ParsedFeed parsed_body(std::string body) {
  Outcome<ParsedFeed> out = NewsmlParser().parse(document(std::move(body)));
  EXPECT_TRUE(out.ok()) << out.reason();
  return out.ok() ? out.value() : ParsedFeed{};
}

ParsedFeed parsed(const std::string& name) { return parsed_body(fixture_text(name)); }

const RawSubject* subject(const RawItem& item, const std::string& name) {
  for (const RawSubject& s : item.wire->subjects)
    if (s.name == name) return &s;
  return nullptr;
}

bool has_warning(const ParsedFeed& feed, const std::string& part) {
  for (const std::string& w : feed.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

using Strings = std::vector<std::string>;

TEST(NewsmlParser, TextNewsItemMetadata) {
  const ParsedFeed feed = parsed("LISTING_1_A_NewsML-G2_News_Item.xml");
  EXPECT_EQ(feed.meta.format, "newsml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "urn:newsml:acmenews.com:20161018:US-FINANCE-FED");
  EXPECT_EQ(item.title, "Fed to halt QE to avert \"bubble\"");
  EXPECT_EQ(item.published, "2016-10-18T13:12:21-05:00");
  EXPECT_EQ(item.updated, "2018-10-21T16:25:32-05:00");
  EXPECT_EQ(item.created, "2016-10-18T11:12:00-05:00");
  EXPECT_EQ(item.authors, Strings{"Meredith Jameson"});
  EXPECT_EQ(item.language, "en-GB");
  EXPECT_EQ(item.link, "");
  // The listing's inlineXML holds only comments: no body.
  EXPECT_EQ(item.content, "");
  ASSERT_TRUE(item.wire);
  const RawWire& wire = *item.wire;
  EXPECT_EQ(wire.version, "11");
  EXPECT_EQ(wire.pub_status, "usable");
  EXPECT_EQ(wire.signals, Strings{"update"});
  EXPECT_EQ(wire.slugline, "US-Finance-Fed");
  EXPECT_EQ(wire.genre, "genre:interview");
  EXPECT_EQ(wire.located, "Berlin");
  ASSERT_EQ(wire.subjects.size(), 2u);
  EXPECT_EQ(wire.subjects[0].qcode, "medtop:04000000");
  EXPECT_EQ(wire.subjects[0].name, "economy, business and finance");
  EXPECT_EQ(wire.subjects[0].kind, "topic");
  // Of the English and German names, the one in the item's language.
  EXPECT_EQ(wire.subjects[1].qcode, "medtop:20000523");
  EXPECT_EQ(wire.subjects[1].name, "labour market");
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(NewsmlParser, TextDocumentWithNitfBodyParagraphs) {
  const ParsedFeed feed = parsed("LISTING_2_NewsML-G2_Text_Document.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "urn:newsml:acmenews.com:20161121:US-FINANCE-FED");
  EXPECT_EQ(item.language, "en-US");
  EXPECT_EQ(item.published, "");  // no firstCreated
  EXPECT_EQ(item.updated, "2018-11-21T16:25:32-05:00");
  EXPECT_TRUE(item.content.starts_with("<p>(New York, NY - October 21) Et, sent luptat"))
      << item.content;
  EXPECT_NE(item.content.find("</p>"), std::string::npos);
  EXPECT_NE(item.content.find("<p>Ugiating ea feugait"), std::string::npos);
  // The NITF head (headline, byline) is not part of the body.
  EXPECT_EQ(item.content.find("hl1"), std::string::npos);
  EXPECT_EQ(item.content.find("Staff Reporter"), std::string::npos);
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->located, "New York, NY");
  EXPECT_EQ(item.wire->version, "11");
  ASSERT_EQ(item.wire->subjects.size(), 3u);
  EXPECT_EQ(item.wire->subjects[1].qcode, "medtop:20000350");
  EXPECT_EQ(item.wire->subjects[1].name, "central bank");
  EXPECT_EQ(item.wire->subjects[1].kind, "topic");
}

TEST(NewsmlParser, PhotoRenditionsBecomeMedia) {
  const ParsedFeed feed = parsed("LISTING_3_Photo_in_NewsML-G2.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "tag:gettyimages.com,2010:GYI0062134533");
  EXPECT_EQ(item.title,
            "Variety Of Recessionary Forces Leave Las Vegas\n            Economy Scarred");
  EXPECT_EQ(item.updated, "2018-10-12T06:42:04Z");
  EXPECT_EQ(item.authors, Strings{"Spencer Platt"});  // the creator, not the caption writer
  EXPECT_EQ(item.summary, "");                        // a caption describes the picture
  ASSERT_EQ(item.media.size(), 3u);
  const RawMedia& high = item.media[0];
  EXPECT_EQ(high.url, "./GYI0062134533.jpg");
  EXPECT_EQ(high.type, "image/jpeg");
  EXPECT_EQ(high.medium, "image");
  EXPECT_EQ(high.width, "1500");
  EXPECT_EQ(high.height, "1001");
  EXPECT_EQ(high.credit, "Getty Images");
  EXPECT_TRUE(high.caption.starts_with("A general view of part of downtown")) << high.caption;
  EXPECT_EQ(item.media[2].url, "file:///./GYI0062134533-thumb.gif");
  EXPECT_EQ(item.media[2].type, "image/gif");
  EXPECT_EQ(item.media[2].width, "80");

  const RawSubject* event = nullptr;
  for (const RawSubject& s : item.wire->subjects)
    if (s.qcode == "gyimeid:104530187") event = &s;
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->kind, "");  // an event is none of the kinds RawSubject names
  const RawSubject* boulevard = subject(item, "Las Vegas Boulevard");
  ASSERT_NE(boulevard, nullptr);
  EXPECT_EQ(boulevard->qcode, "");
  EXPECT_EQ(boulevard->kind, "place");
  const RawSubject* city = subject(item, "Las Vegas");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->qcode, "gycon:89109");
  EXPECT_EQ(city->kind, "place");
  EXPECT_EQ(subject(item, "unemployment")->kind, "topic");
}

TEST(NewsmlParser, PackageMembersAreItsItemRefs) {
  const ParsedFeed feed = parsed("LISTING_6_Simple_NewsML-G2_Package.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658");
  EXPECT_EQ(item.title, "UK");
  EXPECT_EQ(item.published, "2008-12-20T12:25:35Z");
  // No creator: the contributor stands in.
  EXPECT_EQ(item.authors, Strings{"Maurice Dancer"});
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->members, (Strings{"urn:newsml:iptc.org:20081007:tutorial-item-A",
                                         "urn:newsml:iptc.org:20081007:tutorial—item-B"}));
  EXPECT_EQ(item.wire->signals, Strings{"update"});
  EXPECT_EQ(item.wire->version, "11");
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(NewsmlParser, NewsMessageGivesOneItemPerItem) {
  const ParsedFeed feed = parsed("LISTING_24_News_Message_conveying_a_complete_News_Package.xml");
  ASSERT_EQ(feed.items.size(), 5u);
  EXPECT_EQ(feed.items[0].guid, "");
  EXPECT_EQ(feed.items[0].wire->members, (Strings{"N1", "N2", "N3", "N4"}));
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(feed.items[i].guid, "N" + std::to_string(i));
    ASSERT_TRUE(feed.items[i].wire);
    EXPECT_EQ(feed.items[i].wire->pub_status, "usable");
  }
  // The listing's package has no guid: a warning naming it, not a failure.
  EXPECT_TRUE(has_warning(feed, "item 1 (packageItem): no guid"))
      << ::testing::PrintToString(feed.warnings);
}

TEST(NewsmlParser, MembersDeliveredWithTheirPackageLinkBack) {
  const ParsedFeed feed = parsed("newswired_package_message.xml");
  ASSERT_EQ(feed.items.size(), 3u);
  const std::string package = "urn:newsml:example.org:20240601:floods-package";
  EXPECT_EQ(feed.items[0].wire->members, (Strings{"urn:newsml:example.org:20240601:floods-story",
                                                  "urn:newsml:example.org:20240601:floods-photo"}));
  EXPECT_TRUE(feed.items[0].wire->packages.empty());
  EXPECT_EQ(feed.items[1].wire->packages, Strings{package});
  EXPECT_EQ(feed.items[2].wire->packages, Strings{package});
  EXPECT_TRUE(feed.warnings.empty()) << ::testing::PrintToString(feed.warnings);
  // Without a guid, a package cannot be named by its members.
  for (const RawItem& item :
       parsed("LISTING_24_News_Message_conveying_a_complete_News_Package.xml").items)
    EXPECT_TRUE(item.wire->packages.empty());
}

TEST(NewsmlParser, SchemeAliasesFromInlineCatalogsAndUrisBecomeIptcsOwn) {
  const ParsedFeed feed = parsed("newswired_catalog_aliases.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  std::vector<std::string> qcodes;
  for (const RawSubject& s : feed.items[0].wire->subjects) qcodes.push_back(s.qcode);
  EXPECT_EQ(qcodes,
            (Strings{"medtop:20000639", "subj:04000000", "medtop:20000430", "exdesk:world"}));
  EXPECT_EQ(feed.items[0].wire->subjects[0].kind, "topic");
  EXPECT_EQ(feed.items[0].wire->subjects[1].kind, "topic");
}

TEST(NewsmlParser, NitfInInlineXml) {
  const std::string fragment =
      fixture_text("LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml");
  // The listing is a contentSet as the guidelines print it, not a document of its own.
  EXPECT_FALSE(NewsmlParser().sniff(fragment));
  Outcome<ParsedFeed> alone = NewsmlParser().parse(document(fragment));
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.reason().find("<contentSet>"), std::string::npos) << alone.reason();

  const ParsedFeed feed = parsed_body(
      "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:test:25\" "
      "version=\"1\">" +
      fragment + "</newsItem>");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_TRUE(item.content.starts_with("<p>(Sports Network) - With the Philadelphia Phillies"))
      << item.content;
  EXPECT_TRUE(item.content.ends_with("clash of the Titans.</p>")) << item.content;
  // Without contentMeta, the NITF headline and abstract stand in.
  EXPECT_TRUE(item.title.starts_with("Arizona Diamondbacks (29-23) at Philadelphia Phillies"))
      << item.title;
  EXPECT_TRUE(item.summary.starts_with("<p>A pair of teams coming off")) << item.summary;
}

TEST(NewsmlParser, XhtmlBodyInInlineXml) {
  const ParsedFeed feed = parsed("2.26_CR00201_charcount.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const std::string& content = feed.items[0].content;
  EXPECT_TRUE(content.starts_with("<p>Line one of two.</p>")) << content;
  EXPECT_TRUE(content.ends_with("<p>Line two of two.</p>")) << content;
  EXPECT_EQ(content.find("<title>"), std::string::npos);
}

TEST(NewsmlParser, SignalsFromQcodeAndUriCountOnce) {
  const ParsedFeed feed = parsed("2.20_CR00183_qcodetype_attributes_cardinality.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  ASSERT_TRUE(feed.items[0].wire);
  EXPECT_EQ(feed.items[0].guid, "simplest-test");
  EXPECT_EQ(feed.items[0].wire->signals, Strings{"correction"});
}

TEST(NewsmlParser, CanceledCorrectionWithPreviousVersion) {
  const std::string body = fixture_text("newswired_canceled_item.xml");
  EXPECT_TRUE(NewsmlParser().sniff(body));  // root bound to a prefix
  const ParsedFeed feed = parsed_body(body);
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  ASSERT_TRUE(item.wire);
  const RawWire& wire = *item.wire;
  EXPECT_EQ(wire.pub_status, "canceled");
  EXPECT_EQ(wire.signals, (Strings{"correction", "update"}));
  EXPECT_EQ(wire.previous_version, "urn:newsml:example.org:20240305:quake-update");
  EXPECT_EQ(wire.version, "3");
  EXPECT_EQ(wire.urgency, "2");
  EXPECT_EQ(wire.located, "Lima");
  EXPECT_EQ(wire.genre, "Correction");                        // no qcode: the label
  EXPECT_EQ(item.title, "Quake damage smaller than feared");  // not the short headline
  EXPECT_EQ(item.summary, "Officials revise the count.");
  EXPECT_EQ(item.authors, Strings{"Ana Ruiz"});
  EXPECT_EQ(item.content,
            "<p>Damage in Lima &amp; Callao was light.</p>\n"
            "<p>Schools reopen on Monday &lt;officials said&gt;.</p>\n");
  EXPECT_EQ(subject(item, "Ana Ruiz")->kind, "person");
  EXPECT_EQ(subject(item, "Red Cross")->kind, "organisation");
  EXPECT_EQ(subject(item, "Plaza Mayor")->kind, "place");
  EXPECT_EQ(subject(item, "unrest, conflicts and war")->kind, "topic");
  EXPECT_EQ(subject(item, "unrest, conflicts and war")->qcode, "subj:16000000");
}

TEST(NewsmlParser, WithheldItemConceptSkippedAndMissingGuidWarned) {
  const ParsedFeed feed = parsed("newswired_withheld_message.xml");
  ASSERT_EQ(feed.items.size(), 2u);
  const RawItem& withheld = feed.items[0];
  ASSERT_TRUE(withheld.wire);
  EXPECT_EQ(withheld.wire->pub_status, "withheld");
  EXPECT_EQ(withheld.wire->signals, Strings{"withhold"});
  EXPECT_EQ(withheld.content, "<p>The strike at the port <b>was called off</b>.</p>");
  EXPECT_EQ(feed.items[1].guid, "");
  EXPECT_EQ(feed.items[1].title, "Ferry timetable");
  EXPECT_EQ(feed.items[1].wire->pub_status, "usable");  // the default when absent
  EXPECT_TRUE(has_warning(feed,
                          "item 2 (conceptItem urn:newsml:example.org:concept:port): not "
                          "news content, skipped"))
      << ::testing::PrintToString(feed.warnings);
  EXPECT_TRUE(has_warning(feed, "item 3 (newsItem): no guid"))
      << ::testing::PrintToString(feed.warnings);
}

TEST(NewsmlParser, ConceptItemDocumentIsSkippedNotFailed) {
  const std::string body =
      fixture_text("LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml");
  EXPECT_FALSE(NewsmlParser().sniff(body));
  const ParsedFeed feed = parsed_body(body);
  EXPECT_TRUE(feed.items.empty());
  EXPECT_TRUE(has_warning(feed, "not news content, skipped"));
}

TEST(NewsmlParser, NewsMessageWithoutNewsContentIsEmpty) {
  const ParsedFeed feed = parsed_body(
      "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><header/>"
      "<itemSet/></newsMessage>");
  EXPECT_TRUE(feed.items.empty());
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(NewsmlParser, SniffsNewsmlRootsOnly) {
  const NewsmlParser parser;
  for (const char* name :
       {"LISTING_1_A_NewsML-G2_News_Item.xml", "LISTING_3_Photo_in_NewsML-G2.xml",
        "LISTING_6_Simple_NewsML-G2_Package.xml",
        "LISTING_24_News_Message_conveying_a_complete_News_Package.xml",
        "newswired_withheld_message.xml"})
    EXPECT_TRUE(parser.sniff(fixture_text(name))) << name;
  EXPECT_FALSE(parser.sniff(read_test_file(fs::path(NW_FIXTURES) / "feeds" / "Rss20Reuters.xml")));
  EXPECT_FALSE(
      parser.sniff(read_test_file(fs::path(NW_FIXTURES) / "feeds" / "AtomVergeAllPosts.xml")));
  EXPECT_FALSE(parser.sniff("{\"uri\": \"x\", \"versioncreated\": \"2024\"}"));
  // Another vocabulary's newsItem is not NewsML-G2; an undeclared namespace may be.
  EXPECT_FALSE(parser.sniff("<newsItem xmlns=\"http://example.com/other\" guid=\"a\"/>"));
  EXPECT_TRUE(parser.sniff("<newsItem guid=\"a\"/>"));
}

TEST(NewsmlParser, MalformedXmlIsAFailureWithReason) {
  const std::string whole = fixture_text("LISTING_2_NewsML-G2_Text_Document.xml");
  Outcome<ParsedFeed> truncated = NewsmlParser().parse(document(whole.substr(0, 1200)));
  ASSERT_FALSE(truncated.ok());
  EXPECT_FALSE(truncated.reason().empty());

  Outcome<ParsedFeed> rss = NewsmlParser().parse(
      document(read_test_file(fs::path(NW_FIXTURES) / "feeds" / "Rss20Reuters.xml")));
  ASSERT_FALSE(rss.ok());
  EXPECT_NE(rss.reason().find("not a NewsML-G2 document"), std::string::npos) << rss.reason();
}

// Every NewsML-G2 file of the corpus: no crash, and every sniffed newsItem yields an item with
// its guid.
TEST(NewsmlParser, Corpus) {
  const fs::path root = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "wire" / "newsml-g2";
  if (!fs::exists(root)) GTEST_SKIP() << "corpus absent: " << root;
  const NewsmlParser parser;
  int files = 0, sniffed = 0, ok = 0, failed = 0, items = 0, warnings = 0;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".xml") continue;
    ++files;
    const std::string body = read_test_file(entry.path());
    const bool is_newsml = parser.sniff(body);
    sniffed += is_newsml;
    const Outcome<ParsedFeed> out = parser.parse(document(body));
    if (!out.ok()) {
      ++failed;
      EXPECT_FALSE(is_newsml) << entry.path() << ": " << out.reason();
      continue;
    }
    ++ok;
    items += static_cast<int>(out.value().items.size());
    warnings += static_cast<int>(out.value().warnings.size());
    for (const RawItem& item : out.value().items) EXPECT_TRUE(item.wire) << entry.path();
    const std::optional<RootElement> root_element = sniff_root(body);
    if (is_newsml && root_element && root_element->local == "newsItem") {
      ASSERT_FALSE(out.value().items.empty()) << entry.path();
      EXPECT_FALSE(out.value().items[0].guid.empty()) << entry.path();
    }
  }
  std::cout << "newsml corpus: " << files << " files, " << sniffed << " sniffed, " << ok
            << " parsed, " << failed << " not NewsML-G2 items, " << items << " items, " << warnings
            << " warnings\n";
  EXPECT_GT(sniffed, 100);
}

}  // namespace
}  // namespace newswired
