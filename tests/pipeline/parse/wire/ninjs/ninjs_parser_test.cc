#include "pipeline/parse/wire/ninjs/ninjs_parser.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/normalize/normalize.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

using newswired::testing::read_test_file;

Document fixture(const std::string& name) {
  Document d;
  d.source = {"wire", "", "ninjs"};
  d.body = read_test_file(fs::path(NW_FIXTURES) / "wire" / "ninjs" / name);
  d.fetched_at = "2026-03-01T10:00:00Z";
  return d;
}

ParsedFeed parsed(const std::string& name) {
  auto out = NinjsParser().parse(fixture(name));
  EXPECT_TRUE(out.ok()) << out.reason();
  return out.ok() ? out.value() : ParsedFeed{};
}

TEST(NinjsParser, Version1TextItem) {
  const ParsedFeed feed = parsed("1.4_ninjsExSimpleText1.json");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "http://ninjs.example.com/newsitems/20130709simp123");
  EXPECT_EQ(item.title, "Captain of wrecked cruise ship on trial in Italy");
  EXPECT_EQ(item.authors, (std::vector<std::string>{"Paulo Santalucia and Frances d'Emilio"}));
  EXPECT_EQ(item.updated, "2013-07-09T10:37:00Z");
  // body_xhtml wins over body_text: it keeps the paragraphs.
  EXPECT_TRUE(item.content.starts_with("<p>GROSSETO, Italy (AP) -- The trial")) << item.content;
  ASSERT_TRUE(item.wire);
  EXPECT_TRUE(feed.warnings.empty());
}

TEST(NinjsParser, Version1SubjectsPeoplePlacesAndAssociatedPicture) {
  const ParsedFeed feed = parsed("1.4_ninjsExComplex1.json");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->located, "Grossetto, Italy");
  bool italy = false, schettino = false, costa = false;
  for (const RawSubject& s : item.wire->subjects) {
    if (s.name == "Italy") italy = s.kind == "place" && s.qcode == "iso3166:IT";
    if (s.name == "Francesco Schettino") schettino = s.kind == "person";
    if (s.name == "Costa Crociere SpA") costa = s.kind == "organisation";
  }
  EXPECT_TRUE(italy && schettino && costa);
  ASSERT_FALSE(item.media.empty());
  EXPECT_EQ(item.media[0].medium, "image");
  EXPECT_FALSE(item.media[0].url.empty());
}

TEST(NinjsParser, Version2HeadlinesBodiesAndStatus) {
  const ParsedFeed feed = parsed("2.1_dpa_text.json");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "urn:newsml:dpa.com:20090101:190510-99-167362");
  EXPECT_EQ(item.title, "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?");
  EXPECT_TRUE(item.content.starts_with("<section class=\"main\"><p>Für Lucien Favre"));
  EXPECT_EQ(item.authors, (std::vector<std::string>{"Von Christian Hollmann, dpa"}));
  EXPECT_EQ(item.language, "de");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "2");
  EXPECT_EQ(item.wire->pub_status, "usable");
  EXPECT_EQ(item.wire->urgency, "4");
}

TEST(NinjsParser, PictureItemIsItsOwnMediaWithCaptionAndCredit) {
  const ParsedFeed feed = parsed("2.1_ap_image.json");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  ASSERT_EQ(item.media.size(), 1u);
  EXPECT_EQ(item.media[0].medium, "image");
  EXPECT_EQ(item.media[0].width, "3000");  // the widest rendition
  EXPECT_EQ(item.media[0].credit, "ASSOCIATED PRESS");
  EXPECT_TRUE(item.media[0].caption.starts_with("FILE - In this Monday"));
  // The caption describes the picture: it is not the item's summary.
  EXPECT_EQ(item.summary, "");
}

TEST(NinjsParser, Version3CamelCaseMembers) {
  const ParsedFeed feed = parsed("3.0_tt_text_image_3.json");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.title, "Militärövning i jätteformat hålls 2023");
  EXPECT_EQ(item.updated, "2021-05-26T13:40:18+02:00");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->pub_status, "usable");
  EXPECT_EQ(item.wire->slugline, "militärövning");
  EXPECT_EQ(item.wire->genre, "http://tt.se/spec/sector/1.0/INR");
  EXPECT_EQ(item.wire->urgency, "3");
  ASSERT_EQ(item.media.size(), 1u);
  EXPECT_EQ(item.media[0].credit, "Karl Melander/TT");
  EXPECT_EQ(item.media[0].width, "4724");
  // Of four bodies (text, two HTML documents, the agency's own XML) an HTML one is taken.
  EXPECT_NE(item.content.find("<article>"), std::string::npos) << item.content.substr(0, 200);
}

TEST(NinjsParser, NormalizedRecordCarriesWireFieldsAndStatedSubjects) {
  const Document doc = fixture("3.0_tt_text_image_3.json");
  const ParsedFeed feed = parsed("3.0_tt_text_image_3.json");
  auto a = normalize_item(feed.items[0], feed.meta, doc);
  ASSERT_TRUE(a.ok()) << a.reason();
  ASSERT_TRUE(a.value().wire);
  EXPECT_EQ(a.value().wire->version, "1");
  EXPECT_EQ(a.value().wire->urgency, 3);
  bool war = false;
  for (const Tag& t : a.value().tags.topics) war |= t.name == "Krig, konflikter och oroligheter";
  EXPECT_TRUE(war);
  bool gotland = false;
  for (const Tag& t : a.value().tags.places) gotland |= t.name == "Gotland";
  EXPECT_TRUE(gotland);
}

TEST(NinjsParser, ListOfItemsAndBrokenOnes) {
  Document d;
  d.body = R"([{"uri": "urn:a", "headline": "One", "versioncreated": "2026-01-01T00:00:00Z",
               "pubstatus": "canceled"},
              7,
              {"headline": "No id"}])";
  auto out = NinjsParser().parse(d);
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_EQ(out.value().items.size(), 2u);
  EXPECT_EQ(out.value().items[0].wire->pub_status, "canceled");
  ASSERT_EQ(out.value().warnings.size(), 2u);
  EXPECT_EQ(out.value().warnings[0], "item 2: not a JSON object, skipped");
  EXPECT_EQ(out.value().warnings[1], "item 3: no uri");
  d.body = "{\"uri\": \"urn:a\", ";
  EXPECT_EQ(NinjsParser().parse(d).reason(), "not valid JSON");
  d.body = "\"text\"";
  EXPECT_FALSE(NinjsParser().parse(d).ok());
}

TEST(NinjsParser, SniffsNinjsButNotJsonFeedOrOtherJson) {
  const NinjsParser p;
  for (const char* name :
       {"1.4_ninjsExSimpleText1.json", "2.1_dpa_text.json", "3.0_tt_text_image_3.json"})
    EXPECT_TRUE(p.sniff(fixture(name).body)) << name;
  EXPECT_FALSE(p.sniff(R"({"version": "https://jsonfeed.org/version/1.1", "items": []})"));
  EXPECT_FALSE(p.sniff(R"({"uri": "x", "name": "not news"})"));
  EXPECT_FALSE(p.sniff("<rss version=\"2.0\"/>"));
}

// Every example and validation document of the ninjs repository in the shared corpus: no
// crash, and every document the sniffer takes gives items with an id or a warning saying so.
TEST(NinjsCorpus, EveryExampleParses) {
  const fs::path corpus = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "wire" / "ninjs";
  if (!fs::exists(corpus)) GTEST_SKIP() << "corpus absent: " << corpus << " not found";
  int files = 0, sniffed = 0, items = 0;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    ++files;
    Document d;
    d.body = read_test_file(e.path());
    const NinjsParser p;
    auto out = p.parse(d);  // must not crash on should_fail documents either
    if (!p.sniff(d.body)) continue;
    ++sniffed;
    if (!out.ok()) continue;
    for (const RawItem& item : out.value().items) {
      ++items;
      const bool warned = !out.value().warnings.empty();
      EXPECT_TRUE(!item.guid.empty() || warned) << e.path();
    }
  }
  std::printf("ninjs corpus: %d files, %d sniffed as ninjs, %d items\n", files, sniffed, items);
  EXPECT_GT(sniffed, 50);
}

}  // namespace
}  // namespace newswired
