#include "pipeline/parse/wire/anpa/iptc7901_parser.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/pipeline/parse/wire/anpa/plain_wire_fixture.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

using testing::has;
using testing::parsed_fixture;
using testing::read_test_file;
using testing::wire_document;
using testing::wire_fixture;
using Strings = std::vector<std::string>;

ParsedFeed parsed(const std::string& name) { return parsed_fixture(Iptc7901Parser(), name); }

TEST(Iptc7901Parser, Story) {
  const ParsedFeed feed = parsed("newswired_story.txt");
  EXPECT_EQ(feed.meta.format, "iptc7901");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "iptc7901:nwx/northport-politics/bridge/2026-03-05");
  EXPECT_EQ(item.title, "Northport council approves harbour bridge");
  // Wrapped lines joined; the notebook, what is not for publication and the initials dropped.
  EXPECT_EQ(item.content,
            "<p>Northport (nwx) - The city council on Tuesday approved a new bridge over the "
            "harbour &amp; its cycle lanes, ending a debate that lasted most of a decade.</p>\n"
            "<p>\"This bridge joins the two halves of our city,\" council leader Maria Okafor "
            "said. Construction is to start in &lt;spring&gt;.</p>\n");
  EXPECT_EQ(item.published, "2026-03-05T14:03:00Z");
  EXPECT_EQ(item.updated, "2026-03-05T14:03:00Z");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "1");
  EXPECT_TRUE(item.wire->signals.empty());
  EXPECT_EQ(item.wire->pub_status, "usable");
  EXPECT_EQ(item.wire->urgency, "4");
  EXPECT_EQ(item.wire->slugline, "Northport-politics/bridge");
  EXPECT_EQ(item.wire->located, "Northport");
  ASSERT_EQ(item.wire->subjects.size(), 1u);
  EXPECT_EQ(item.wire->subjects[0].qcode, "iptc7901-cat:POL");
  EXPECT_EQ(item.wire->subjects[0].name, "Politics");
  EXPECT_EQ(item.wire->subjects[0].kind, "topic");
}

TEST(Iptc7901Parser, EveryMessageOfAFile) {
  const ParsedFeed feed = parsed("newswired_multi.txt");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 2u);
  const RawItem& cup = feed.items[0];
  EXPECT_EQ(cup.title, "Northport reach the cup final");  // the EXTRA label is not headline
  EXPECT_EQ(cup.wire->urgency, "2");
  EXPECT_EQ(cup.wire->version, "1");
  EXPECT_EQ(cup.updated, "2026-03-04T21:50:00Z");
  const RawItem& weather = feed.items[1];
  EXPECT_EQ(weather.title, "Mild weekend ahead");
  EXPECT_EQ(weather.updated, "2026-03-04T11:20:00Z");  // no year: the fetch time's
  ASSERT_EQ(weather.wire->subjects.size(), 1u);
  EXPECT_EQ(weather.wire->subjects[0].qcode, "iptc7901-cat:i");
  EXPECT_EQ(weather.wire->subjects[0].name, "");  // the agency's own code
}

TEST(Iptc7901Parser, LeadAndCorrectionShareTheGuid) {
  const ParsedFeed feed = parsed("newswired_lead.txt");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 3u);
  for (const RawItem& item : feed.items)
    EXPECT_EQ(item.guid, "iptc7901:nwx/northport-ferry/strike/2026-03-05");
  EXPECT_EQ(feed.items[0].wire->version, "1");
  EXPECT_EQ(feed.items[1].wire->version, "2");  // 1ST LEAD
  EXPECT_EQ(feed.items[1].wire->signals, (Strings{"update"}));
  EXPECT_EQ(feed.items[1].title, "Ferry strike ends after talks");
  EXPECT_EQ(feed.items[1].authors, (Strings{"Sam Lindqvist"}));
  EXPECT_EQ(feed.items[1].published, "");
  EXPECT_EQ(feed.items[1].updated, "2026-03-05T19:30:00Z");
  EXPECT_EQ(feed.items[2].wire->version, "");
  EXPECT_EQ(feed.items[2].wire->signals, (Strings{"correction"}));
  EXPECT_TRUE(has(feed.items[2].content, "seven hours")) << feed.items[2].content;
}

TEST(Iptc7901Parser, KillIsCanceled) {
  const ParsedFeed feed = parsed("newswired_kill.txt");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "iptc7901:nwx/northport-ferry/strike/2026-03-05");
  EXPECT_EQ(item.title, "Ferry strike ends after talks");
  EXPECT_EQ(item.wire->pub_status, "canceled");
  EXPECT_EQ(item.wire->urgency, "1");
}

TEST(Iptc7901Parser, Latin1MessageReadAsUtf8) {
  const ParsedFeed feed = parsed("newswired_latin1.txt");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.title, "K\xC3\xB6lner Museum zeigt M\xC3\xBCller-Sammlung");
  EXPECT_TRUE(has(item.content, "Grete M\xC3\xBCller, teilte")) << item.content;
  EXPECT_EQ(item.wire->located, "K\xC3\xB6ln");
  EXPECT_EQ(item.updated, "2026-03-05T10:00:00+01:00");  // MEZ, German month name
  EXPECT_EQ(item.wire->subjects[0].name, "Arts, culture and entertainment");
}

TEST(Iptc7901Parser, TruncatedMessageIsAWarningAndTheOthersComeOut) {
  const ParsedFeed feed = parsed("newswired_truncated.txt");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Storm warning for the coast");
  EXPECT_EQ(feed.items[1].title, "New library opens");
  EXPECT_EQ(feed.warnings, (Strings{"message 2 (nwx0151): truncated: no end of text (ETX) or of "
                                    "transmission (EOT), skipped"}));
}

TEST(Iptc7901Parser, TelexFramingWithAndWithoutTextControls) {
  const ParsedFeed feed = parsed("newswired_telex.txt");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 2u);
  // No STX or ETX: header, keyword and date lines known by their shape.
  const RawItem& stocks = feed.items[0];
  EXPECT_EQ(stocks.guid, "iptc7901:nwx/markets/stocks/2026-03-05");
  EXPECT_EQ(stocks.title, "Stocks rise in early trade");
  EXPECT_EQ(stocks.content,
            "<p>London (nwx) - Shares rose in early trade on Thursday as bank stocks "
            "recovered.</p>\n");
  EXPECT_EQ(stocks.updated, "2026-03-05T09:02:00Z");
  EXPECT_EQ(stocks.wire->urgency, "3");
  EXPECT_EQ(stocks.wire->slugline, "markets/stocks");
  EXPECT_EQ(stocks.wire->subjects[0].name, "Economy, business and finance");
  const RawItem& pound = feed.items[1];
  EXPECT_EQ(pound.title, "Pound steady against the dollar");
  EXPECT_EQ(pound.updated, "2026-03-05T09:15:00Z");
}

TEST(Iptc7901Parser, TelexMessageWithoutEnd) {
  const auto out = Iptc7901Parser().parse(wire_document(
      "iptc7901",
      "ZCZC\r\nNWX0170 4 FIN 40\r\nmarkets/\r\nShares fall\r\n\r\n   London (nwx) - Shares "
      "fell.\r\n\r\n051000 GMT Mar 26\r\nNNNN\r\nZCZC\r\nNWX0171 4 FIN 40\r\nmarkets/\r\n"
      "Cut off\r\n\r\n   London (nwx) - Sha"));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_EQ(out.value().items.size(), 1u);
  EXPECT_EQ(out.value().items[0].title, "Shares fall");
  EXPECT_EQ(out.value().warnings,
            (Strings{"message 2 (NWX0171): truncated: no end of text (ETX) or of message "
                     "(NNNN), skipped"}));
}

TEST(Iptc7901Parser, TelexFrameAfterBlanksAndZczcInsideText) {
  const auto out = Iptc7901Parser().parse(wire_document(
      "iptc7901",
      "\r\n  ZCZC\r\nNWX0180 4 SCI 20\r\nradio/\r\nOld codes\r\n\r\n   Telex lines began "
      "with ZCZC and ended with NNNN.\r\n\r\n051000 GMT Mar 26\r\nNNNN\r\n"));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_TRUE(out.value().warnings.empty()) << out.value().warnings.front();
  ASSERT_EQ(out.value().items.size(), 1u);
  EXPECT_EQ(out.value().items[0].content,
            "<p>Telex lines began with ZCZC and ended with NNNN.</p>\n");
  EXPECT_EQ(out.value().items[0].wire->subjects[0].name, "Science and technology");
}

TEST(Iptc7901Parser, SniffsIptc7901Only) {
  const Iptc7901Parser parser;
  for (const char* name :
       {"newswired_story.txt", "newswired_multi.txt", "newswired_lead.txt", "newswired_kill.txt",
        "newswired_latin1.txt", "newswired_truncated.txt", "newswired_telex.txt"}) {
    EXPECT_TRUE(parser.sniff(wire_fixture("iptc7901", name))) << name;
  }
  EXPECT_FALSE(parser.sniff(
      read_test_file(fs::path(NW_FIXTURES) / "wire" / "anpa" / "newswired_story.anpa")));
  EXPECT_FALSE(parser.sniff(read_test_file(fs::path(NW_FIXTURES) / "feeds" / "rss_2.0_bbc.xml")));
  EXPECT_FALSE(parser.sniff("ZCZ and then some text"));
}

TEST(Iptc7901Parser, OtherDocumentIsFailure) {
  const auto out = Iptc7901Parser().parse(wire_document("iptc7901", "{\"uri\": \"x\"}"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not an IPTC 7901 document: no message starts with SOH or ZCZC");
}

}  // namespace
}  // namespace newswired
