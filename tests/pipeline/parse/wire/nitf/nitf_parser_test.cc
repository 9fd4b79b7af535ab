#include "pipeline/parse/wire/nitf/nitf_parser.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "pipeline/parse/encoding.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

using newswired::testing::read_test_file;

Document document(std::string body) {
  Document d;
  d.source = {"wire", "", "nitf"};
  d.body = std::move(body);
  d.fetched_at = "2026-03-05T10:00:00Z";
  return d;
}

std::string fixture_body(const std::string& name) {
  return read_test_file(fs::path(NW_FIXTURES) / "wire" / "nitf" / name);
}

ParsedFeed parsed(const std::string& name) {
  auto out = NitfParser().parse(document(fixture_body(name)));
  EXPECT_TRUE(out.ok()) << out.reason();
  return out.ok() ? out.value() : ParsedFeed{};
}

const RawSubject* subject_named(const RawItem& item, std::string_view name) {
  for (const RawSubject& s : item.wire->subjects) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

TEST(NitfParser, FullArticleHeadAndBodyHead) {
  const ParsedFeed feed = parsed("newswired_full_article.xml");
  EXPECT_EQ(feed.meta.format, "nitf");
  EXPECT_EQ(feed.meta.language, "en-GB");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "nwx.20260301.0042");
  // hl1 wins over head/title, which is the slug here; its inline markup stays.
  EXPECT_EQ(item.title, "Northport approves <em>new</em> harbour bridge");
  EXPECT_EQ(item.summary,
            "<p>The council voted 31 to 9 for the crossing &amp; its cycle lanes.</p>");
  EXPECT_EQ(item.link, "https://news.example.com/2026/03/01/harbour-bridge");
  EXPECT_EQ(item.authors, (std::vector<std::string>{"Maria Okafor", "Sam Lindqvist"}));
  // Dates as written: normalize reads the ISO 8601 basic format.
  EXPECT_EQ(item.published, "20260301T101500Z");
  EXPECT_EQ(item.created, "20260301T094500Z");
  EXPECT_EQ(item.language, "en-GB");
  EXPECT_EQ(item.categories, (std::vector<std::string>{"Northern Region", "Local News"}));
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "3");  // du-key version, not its generation
  EXPECT_EQ(item.wire->pub_status, "usable");
  EXPECT_EQ(item.wire->urgency, "3");
  EXPECT_EQ(item.wire->genre, "Current");
  EXPECT_EQ(item.wire->located, "Northport");
  EXPECT_TRUE(item.wire->signals.empty());
  EXPECT_TRUE(item.wire->previous_version.empty());
}

TEST(NitfParser, FullArticleBodyAsHtml) {
  const ParsedFeed feed = parsed("newswired_full_article.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const std::string& content = feed.items[0].content;
  EXPECT_TRUE(content.starts_with("<p>NORTHPORT (NWX) - The city council")) << content;
  // The picture as a figure, its first rendition standing for the others.
  EXPECT_TRUE(has(content,
                  "<figure><img src=\"https://media.example.com/nwx/bridge-2000.jpg\" "
                  "alt=\"An artist's drawing of the planned bridge.\"><figcaption>An artist's "
                  "drawing of the planned bridge.</figcaption></figure>"))
      << content;
  EXPECT_FALSE(has(content, "bridge-640.jpg"));
  EXPECT_TRUE(has(content, "<h2>Cost</h2>")) << content;
  EXPECT_TRUE(has(content, "<blockquote><p>\"This bridge joins the two halves of our city.\"</p>"))
      << content;
  EXPECT_TRUE(has(content, "<p>Maria Okafor, council leader</p>\n</blockquote>")) << content;
  EXPECT_TRUE(content.ends_with("<p>Reporting by Maria Okafor; editing by Sam Lindqvist</p>"))
      << content;
  // NITF's containers and media metadata are not HTML to show.
  EXPECT_FALSE(has(content, "<block ")) << content;
  EXPECT_FALSE(has(content, "</block>")) << content;
  EXPECT_FALSE(has(content, "media-")) << content;
}

TEST(NitfParser, FullArticleSubjects) {
  const ParsedFeed feed = parsed("newswired_full_article.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  ASSERT_TRUE(item.wire);

  // tobject.subject: the most specific tier named, IPTC codes as "subj:".
  const RawSubject* executive = subject_named(item, "Executive (government)");
  ASSERT_NE(executive, nullptr);
  EXPECT_EQ(executive->qcode, "subj:11006005");
  EXPECT_EQ(executive->kind, "topic");
  const RawSubject* construction = subject_named(item, "Construction");
  ASSERT_NE(construction, nullptr);
  EXPECT_EQ(construction->qcode, "subj:04005000");  // ipr defaults to IPTC
  const auto own_code = std::find_if(item.wire->subjects.begin(), item.wire->subjects.end(),
                                     [](const RawSubject& s) { return s.qcode == "NWX:INF-07"; });
  ASSERT_NE(own_code, item.wire->subjects.end());
  EXPECT_EQ(own_code->kind, "topic");

  // key-list: keywords without a kind.
  for (const char* key : {"bridge", "harbour"}) {
    const RawSubject* keyword = subject_named(item, key);
    ASSERT_NE(keyword, nullptr) << key;
    EXPECT_EQ(keyword->kind, "");
    EXPECT_EQ(keyword->qcode, "");
  }

  // identified-content.
  const RawSubject* okafor = subject_named(item, "Maria Okafor");
  ASSERT_NE(okafor, nullptr);
  EXPECT_EQ(okafor->kind, "person");
  EXPECT_EQ(okafor->qcode, "nwx-people:P1138");
  const RawSubject* reyes = subject_named(item, "Tom Reyes");  // name.given + name.family
  ASSERT_NE(reyes, nullptr);
  EXPECT_EQ(reyes->kind, "person");
  const RawSubject* company = subject_named(item, "Harbour Bridge Company");
  ASSERT_NE(company, nullptr);
  EXPECT_EQ(company->kind, "organisation");
  EXPECT_EQ(company->qcode, "ticker:HBC");
  const RawSubject* place = subject_named(item, "Northport, United Kingdom");
  ASSERT_NE(place, nullptr);
  EXPECT_EQ(place->kind, "place");
  EXPECT_EQ(place->qcode, "iso3166-2:GB-NTL");
  const RawSubject* desk = subject_named(item, "Infrastructure");
  ASSERT_NE(desk, nullptr);
  EXPECT_EQ(desk->kind, "");
  EXPECT_EQ(desk->qcode, "nwx-desk:infra");

  EXPECT_EQ(item.wire->subjects.size(), 10u);
}

TEST(NitfParser, FullArticleMediaRenditions) {
  const ParsedFeed feed = parsed("newswired_full_article.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const std::vector<RawMedia>& media = feed.items[0].media;
  ASSERT_EQ(media.size(), 2u);
  EXPECT_EQ(media[0].url, "https://media.example.com/nwx/bridge-2000.jpg");
  EXPECT_EQ(media[0].type, "image/jpeg");
  EXPECT_EQ(media[0].medium, "image");
  EXPECT_EQ(media[0].width, "2000");
  EXPECT_EQ(media[0].height, "1333");
  EXPECT_EQ(media[0].caption, "An artist's drawing of the planned bridge.");
  EXPECT_EQ(media[0].credit, "Northport City Council");
  EXPECT_EQ(media[1].url, "https://media.example.com/nwx/bridge-640.jpg");
  EXPECT_EQ(media[1].width, "640");
  EXPECT_EQ(media[1].caption, media[0].caption);
}

TEST(NitfParser, MinimalDocumentKeptWithWarningAboutMissingDocId) {
  const ParsedFeed feed = parsed("newswired_minimal.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "");
  EXPECT_EQ(item.title, "Ferry services resume after storm");
  EXPECT_EQ(item.content, "<p>Ferries between the islands sailed again on Monday.</p>");
  EXPECT_TRUE(item.summary.empty());
  EXPECT_TRUE(item.authors.empty());
  EXPECT_TRUE(item.published.empty());
  ASSERT_TRUE(item.wire);  // always set for wire items, even with nothing in it
  EXPECT_TRUE(item.wire->version.empty());
  EXPECT_TRUE(item.wire->subjects.empty());
  EXPECT_EQ(feed.warnings, (std::vector<std::string>{"item 1: no doc-id"}));
}

TEST(NitfParser, CorrectionFromCorrectionElementAndEditorialMessage) {
  const ParsedFeed feed = parsed("newswired_correction.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "nwx.20260302.0107");
  EXPECT_EQ(item.title, "Stocks end higher as oil prices ease");
  EXPECT_EQ(item.published, "20260302T213000-0500");
  // A byline without <person>: its text, without the title.
  EXPECT_EQ(item.authors, (std::vector<std::string>{"By Ann Whitfield"}));
  EXPECT_EQ(item.language, "en-US");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "2");
  EXPECT_EQ(item.wire->pub_status, "usable");
  // <correction> and ed-msg msg-type="Correction" say the same once.
  EXPECT_EQ(item.wire->signals, (std::vector<std::string>{"correction"}));
  EXPECT_EQ(item.wire->previous_version, "nwx.20260302.0101");
  EXPECT_EQ(item.wire->urgency, "5");
  EXPECT_EQ(item.wire->located, "NEW YORK, March 2");  // a dateline of plain text, as written
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(NitfParser, KillInManagementStatusWithPrefixedNames) {
  const ParsedFeed feed = parsed("newswired_kill.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "nwx.20260303.0031");
  EXPECT_EQ(item.title, "KILL: Factory fire story");
  EXPECT_EQ(item.summary, "");  // hl2 only repeats the headline
  EXPECT_EQ(item.content,
            "<p>The story \"Factory fire closes plant\" is withdrawn. Please delete it.</p>");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->pub_status, "canceled");
  EXPECT_EQ(item.wire->previous_version, "nwx.20260303.0020");
  EXPECT_EQ(item.wire->urgency, "1");
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(NitfParser, MediaOfEveryKindAndEventLocation) {
  const ParsedFeed feed = parsed("newswired_media.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  // Without an abstract, the subtitle summarises.
  EXPECT_EQ(item.summary, "Four nights of light in the old town");
  // Only media that point somewhere: the third carries metadata alone.
  ASSERT_EQ(item.media.size(), 2u);
  EXPECT_EQ(item.media[0].url, "https://media.example.com/nwx/lanterns.jpg");
  EXPECT_EQ(item.media[0].medium, "image");
  EXPECT_EQ(item.media[0].type, "");
  EXPECT_EQ(item.media[0].width, "1200");
  EXPECT_EQ(item.media[0].height, "800");
  EXPECT_EQ(item.media[0].caption, "Lanterns over the Saone river on Friday.");
  EXPECT_EQ(item.media[0].credit, "NWX/J. Martin");  // the reference's source-credit
  EXPECT_EQ(item.media[1].url, "https://media.example.com/nwx/lanterns.mp4");
  EXPECT_EQ(item.media[1].medium, "video");
  EXPECT_EQ(item.media[1].type, "video/mp4");
  EXPECT_EQ(item.media[1].caption, "The opening parade.");
  EXPECT_EQ(item.media[1].credit, "NWX Video");
  // The picture is shown in the body; the video is not.
  EXPECT_TRUE(has(item.content, "<figure><img src=\"https://media.example.com/nwx/lanterns.jpg\""))
      << item.content;
  EXPECT_FALSE(has(item.content, "lanterns.mp4")) << item.content;
  // A byline of only a title names the author.
  EXPECT_EQ(item.authors, (std::vector<std::string>{"Newswire Example Agency"}));
  // Without date.issue, date.release is the publication date.
  EXPECT_EQ(item.published, "20260304T120000+0100");
  ASSERT_TRUE(item.wire);
  // No dateline: the event location stands in.
  EXPECT_EQ(item.wire->located, "Lyon, Auvergne-Rhone-Alpes, FR");
}

TEST(NitfParser, SniffsNitfRootsOnly) {
  const NitfParser parser;
  for (const char* name :
       {"newswired_full_article.xml", "newswired_minimal.xml", "newswired_correction.xml",
        "newswired_kill.xml", "newswired_media.xml"}) {
    EXPECT_TRUE(parser.sniff(fixture_body(name))) << name;
  }
  const fs::path fixtures(NW_FIXTURES);
  EXPECT_FALSE(parser.sniff(read_test_file(fixtures / "feeds" / "rss_2.0_bbc.xml")));
  EXPECT_FALSE(parser.sniff(read_test_file(fixtures / "feeds" / "AtomVergeAllPosts.xml")));
  // NITF wrapped in a NewsML-G2 document is that document's content, not a NITF document.
  EXPECT_FALSE(parser.sniff(
      read_test_file(fixtures / "wire" / "newsml" /
                     "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml")));
  EXPECT_FALSE(parser.sniff(read_test_file(fixtures / "wire" / "ninjs" / "2.1_dpa_text.json")));
}

TEST(NitfParser, MalformedXmlIsFailureWithReason) {
  const auto out = NitfParser().parse(document(fixture_body("newswired_malformed.xml")));
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(out.reason().starts_with("XML error at byte ")) << out.reason();
}

TEST(NitfParser, EntitiesAreNeitherExpandedNorFetched) {
  const ParsedFeed feed = parsed("newswired_entities.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "nwx.hostile");
  EXPECT_FALSE(has(item.title, "lollol")) << item.title;
  EXPECT_LT(item.title.size(), 40u) << item.title;
  EXPECT_TRUE(item.content.starts_with("<p>Secret: ")) << item.content;
  EXPECT_FALSE(has(item.content, "root:")) << item.content;
}

TEST(NitfParser, OtherRootIsFailure) {
  const auto out = NitfParser().parse(
      document(read_test_file(fs::path(NW_FIXTURES) / "feeds" / "rss_2.0_bbc.xml")));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not a NITF document: root element is <rss>");
}

// Whether a headline or title with text is anywhere in the document, asked of pugixml directly.
bool has_headline(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return false;
  return !doc.select_nodes("//*[local-name()='hl1' or local-name()='title'][normalize-space()]")
              .empty();
}

// Every NITF document of the shared corpus (read here, never copied: some are AGPL): no
// crash, and one item each, with a title unless the document has none (one AAP sample's
// title and hedline are empty).
TEST(NitfParser, CorpusDocumentsAllYieldTitledItems) {
  const fs::path root = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "wire";
  if (!fs::exists(root)) GTEST_SKIP() << "corpus absent: " << root;

  // INDEX.tsv: path, format, root element.
  int indexed = 0;
  {
    std::istringstream index(read_test_file(root / "INDEX.tsv"));
    for (std::string line; std::getline(index, line);) {
      if (line.ends_with("\tnitf")) ++indexed;
    }
  }

  const NitfParser parser;
  int files = 0, sniffed = 0, items = 0, titled = 0, with_guid = 0, with_content = 0;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    ++files;
    // As the pipeline hands documents over: decoded to UTF-8 first (some are ISO-8859-1).
    const DecodedText decoded = decode_to_utf8(read_test_file(path), "");
    if (!parser.sniff(decoded.utf8)) continue;
    ++sniffed;
    const auto out = parser.parse(document(decoded.utf8));
    ASSERT_TRUE(out.ok()) << path << ": " << out.reason();
    ASSERT_EQ(out.value().items.size(), 1u) << path;
    const RawItem& item = out.value().items[0];
    ++items;
    EXPECT_TRUE(!item.title.empty() || !has_headline(decoded.utf8)) << path;
    titled += item.title.empty() ? 0 : 1;
    with_guid += item.guid.empty() ? 0 : 1;
    with_content += item.content.empty() ? 0 : 1;
    EXPECT_TRUE(item.wire) << path;
  }
  std::printf(
      "nitf corpus: %d files, %d indexed as nitf, %d sniffed, %d items, %d titled, "
      "%d with doc-id, %d with content\n",
      files, indexed, sniffed, items, titled, with_guid, with_content);
  EXPECT_EQ(sniffed, indexed);
  EXPECT_GT(sniffed, 0);
}

}  // namespace
}  // namespace newswired
