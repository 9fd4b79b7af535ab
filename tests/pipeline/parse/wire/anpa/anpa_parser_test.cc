#include "pipeline/parse/wire/anpa/anpa_parser.h"

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

ParsedFeed parsed(const std::string& name) { return parsed_fixture(AnpaParser(), name); }

TEST(AnpaParser, StoryHeadingAndWireFields) {
  const ParsedFeed feed = parsed("newswired_story.anpa");
  EXPECT_EQ(feed.meta.format, "anpa");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  // Selector and keyword, without the cycle prefix: the same for every version of the story.
  EXPECT_EQ(item.guid, "anpa:nwsel/us--harbour-bridge");
  EXPECT_EQ(item.link, "");
  EXPECT_EQ(item.title, "Northport approves new harbour bridge");
  // The heading line between headline and byline is AP's abstract; notes are not published.
  EXPECT_EQ(item.summary,
            "<p>Council backs the crossing &amp; its cycle lanes after a long debate</p>\n");
  EXPECT_EQ(item.authors, (Strings{"MARIA OKAFOR", "SAM LINDQVIST"}));
  EXPECT_EQ(item.published, "2026-03-05T14:03:00Z");
  EXPECT_EQ(item.updated, "2026-03-05T14:03:00Z");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "1");
  EXPECT_TRUE(item.wire->signals.empty());
  EXPECT_EQ(item.wire->pub_status, "usable");
  EXPECT_EQ(item.wire->urgency, "5");  // r: regular
  EXPECT_EQ(item.wire->slugline, "BC-US--Harbour Bridge");
  EXPECT_EQ(item.wire->located, "NORTHPORT");
  ASSERT_EQ(item.wire->subjects.size(), 1u);
  EXPECT_EQ(item.wire->subjects[0].qcode, "anpa-cat:a");
  EXPECT_EQ(item.wire->subjects[0].name, "Domestic news");
  EXPECT_EQ(item.wire->subjects[0].kind, "topic");
}

TEST(AnpaParser, StoryBodyAsParagraphs) {
  const ParsedFeed feed = parsed("newswired_story.anpa");
  ASSERT_EQ(feed.items.size(), 1u);
  const std::string& content = feed.items[0].content;
  // AP's 7-bit dash and quotation marks as typography.
  EXPECT_TRUE(
      content.starts_with("<p>NORTHPORT, Maine (AP) \xE2\x80\x94 The city council voted 31 "
                          "to 9 on Tuesday for a new crossing over the harbour, ending a "
                          "debate that lasted most of a decade.</p>\n"))
      << content;
  EXPECT_TRUE(has(content,
                  "<p>\xE2\x80\x9CThis bridge joins the two halves of our city,\xE2\x80\x9D "
                  "council leader Maria Okafor said.</p>\n"))
      << content;
  EXPECT_TRUE(has(content, "less than &lt;$120 million&gt; and open in 2029 &amp; carry"))
      << content;
  EXPECT_TRUE(content.ends_with("<p>Sam Lindqvist contributed from Portland.</p>\n")) << content;
  EXPECT_FALSE(has(content, "AP Photo")) << content;
  EXPECT_FALSE(has(content, "Eds:")) << content;
  EXPECT_FALSE(has(content, "Associated Press")) << content;
  EXPECT_FALSE(has(content, "AP-WF")) << content;
}

TEST(AnpaParser, AgencyWithoutCaretHeadings) {
  const ParsedFeed feed = parsed("newswired_plain.anpa");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "anpa:quake-peru");  // no selector; PM- dropped
  EXPECT_EQ(item.title, "Strong earthquake shakes Peruvian coast");
  EXPECT_EQ(item.authors, (Strings{"Jane Doe"}));
  // Lines wrapped at a fixed width are one paragraph; an indented line starts the next.
  EXPECT_EQ(item.content,
            "<p>LIMA, Peru (AP) -- A strong earthquake shook the central coast of Peru on "
            "Tuesday, cracking walls and cutting power to parts of the capital.</p>\n"
            "<p>There were no immediate reports of deaths, the civil defence office said.</p>\n");
  EXPECT_EQ(item.updated, "2015-05-12T14:03:00-04:00");  // ED: Eastern Daylight
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->urgency, "2");  // b: bulletin
  EXPECT_EQ(item.wire->located, "LIMA");
  EXPECT_EQ(item.wire->slugline, "PM-Quake-Peru");
  ASSERT_EQ(item.wire->subjects.size(), 1u);
  EXPECT_EQ(item.wire->subjects[0].qcode, "anpa-cat:i");
  EXPECT_EQ(item.wire->subjects[0].name, "International news");
}

TEST(AnpaParser, EveryMessageOfAFile) {
  const ParsedFeed feed = parsed("newswired_multi.anpa");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 3u);

  const RawItem& sport = feed.items[0];
  EXPECT_EQ(sport.guid, "anpa:soc--northport-cup");  // "-----": no selector
  EXPECT_EQ(sport.title, "Northport reach the cup final");
  EXPECT_EQ(sport.authors, (Strings{"TOM BRANDT"}));
  // No year in the trailer: the one nearest the fetch time.
  EXPECT_EQ(sport.published, "2026-03-04T21:50:00Z");
  ASSERT_TRUE(sport.wire);
  EXPECT_EQ(sport.wire->urgency, "3");  // u: urgent
  ASSERT_EQ(sport.wire->subjects.size(), 1u);
  EXPECT_EQ(sport.wire->subjects[0].qcode, "anpa-cat:s");
  EXPECT_EQ(sport.wire->subjects[0].name, "Sports");

  // An alert has no heading: its text, without the dateline, is the headline. All alerts
  // share the keyword, so the message number tells them apart.
  const RawItem& alert = feed.items[1];
  EXPECT_EQ(alert.guid, "anpa:us--apnewsalert/b0102");
  EXPECT_EQ(alert.title,
            "Harbour authority says the old ferry pier will close for good on Friday.");
  EXPECT_TRUE(alert.content.starts_with("<p>NORTHPORT, Maine (AP) \xE2\x80\x94 Harbour"))
      << alert.content;
  EXPECT_EQ(alert.wire->urgency, "2");

  // Tabular matter (format identifier DC2) keeps its lines.
  const RawItem& table = feed.items[2];
  EXPECT_EQ(table.title, "Coastal League Table");
  EXPECT_EQ(table.authors, (Strings{"The Associated Press"}));
  EXPECT_EQ(table.content,
            "<pre>;P;W;D;L;Pts\nNorthport;20;14;3;3;45\nEast Field;20;12;4;4;40</pre>");
  EXPECT_EQ(table.updated, "2026-03-05T06:15:00Z");
}

TEST(AnpaParser, WriteThroughAndCorrectionShareTheGuid) {
  const ParsedFeed feed = parsed("newswired_writethru.anpa");
  EXPECT_TRUE(feed.warnings.empty()) << feed.warnings.front();
  ASSERT_EQ(feed.items.size(), 3u);
  for (const RawItem& item : feed.items) {
    EXPECT_EQ(item.guid, "anpa:nwsel/us--ferry-strike");
    ASSERT_TRUE(item.wire);
    EXPECT_EQ(item.wire->slugline, "BC-US--Ferry Strike");
    EXPECT_EQ(item.wire->pub_status, "usable");
  }
  EXPECT_EQ(feed.items[0].wire->version, "1");
  EXPECT_TRUE(feed.items[0].wire->signals.empty());
  EXPECT_EQ(feed.items[0].published, "2026-03-05T09:05:00Z");

  // 2nd Ld: the third version.
  EXPECT_EQ(feed.items[1].title, "Ferry strike ends after talks");
  EXPECT_EQ(feed.items[1].wire->version, "3");
  EXPECT_EQ(feed.items[1].wire->signals, (Strings{"update"}));
  EXPECT_EQ(feed.items[1].published, "");  // not the first version: only updated
  EXPECT_EQ(feed.items[1].updated, "2026-03-05T19:30:00Z");
  EXPECT_FALSE(has(feed.items[1].content, "Updates with")) << feed.items[1].content;

  // A correction says a new version without its number.
  EXPECT_EQ(feed.items[2].wire->version, "");
  EXPECT_EQ(feed.items[2].wire->signals, (Strings{"correction"}));
  EXPECT_TRUE(has(feed.items[2].content, "seven hours")) << feed.items[2].content;
}

TEST(AnpaParser, KillIsCanceled) {
  const ParsedFeed feed = parsed("newswired_kill.anpa");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.guid, "anpa:nwsel/us--ferry-strike");  // the killed story's
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->pub_status, "canceled");
  EXPECT_EQ(item.wire->version, "");
  EXPECT_EQ(item.wire->urgency, "1");  // f: flash
  EXPECT_TRUE(has(item.content, "is withdrawn")) << item.content;
}

TEST(AnpaParser, Latin1MessageReadAsUtf8) {
  const ParsedFeed feed = parsed("newswired_latin1.anpa");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  EXPECT_EQ(item.title, "Z\xC3\xBCrich caf\xC3\xA9 wins award");
  EXPECT_EQ(item.authors, (Strings{"REN\xC3\x89 M\xC3\x9CLLER"}));
  EXPECT_TRUE(has(item.content,
                  "cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                  "e prize"))
      << item.content;
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->located, "Z\xC3\x9CRICH");
}

TEST(AnpaParser, TruncatedMessageIsAWarningAndTheOthersComeOut) {
  const ParsedFeed feed = parsed("newswired_truncated.anpa");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Storm warning for the coast");
  EXPECT_EQ(feed.items[1].title, "New library opens");
  EXPECT_EQ(feed.warnings,
            (Strings{"message 2 (BC-US--School-Budget): truncated: no end of text (ETX) or of "
                     "transmission (EOT), skipped"}));
}

TEST(AnpaParser, MessageWithoutStartOfText) {
  const ParsedFeed feed = [] {
    auto out = AnpaParser().parse(
        wire_document("anpa",
                      "\x01\r\nr a\x13\x11 BC-US--Cut-Short   03-05 0010\r\nno STX here\r\n\x04"
                      "\x01\r\nr a\x13\x11 BC-US--Fine   03-05 0010\r\n\x02\t   Fine text.\r\n\x03"
                      "03-05 1000GMT\r\n\x04"));
    EXPECT_TRUE(out.ok()) << out.reason();
    return out.ok() ? out.value() : ParsedFeed{};
  }();
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].guid, "anpa:us--fine");
  EXPECT_EQ(feed.items[0].updated, "2026-03-05T10:00:00Z");
  EXPECT_EQ(feed.warnings,
            (Strings{"message 1 (BC-US--Cut-Short): no start of text (STX), skipped"}));
}

TEST(AnpaParser, SniffsAnpaOnly) {
  const AnpaParser parser;
  for (const char* name : {"newswired_story.anpa", "newswired_plain.anpa", "newswired_multi.anpa",
                           "newswired_writethru.anpa", "newswired_kill.anpa",
                           "newswired_latin1.anpa", "newswired_truncated.anpa"}) {
    EXPECT_TRUE(parser.sniff(wire_fixture("anpa", name))) << name;
  }
  EXPECT_FALSE(parser.sniff(
      read_test_file(fs::path(NW_FIXTURES) / "wire" / "iptc7901" / "newswired_story.txt")));
  EXPECT_FALSE(parser.sniff(
      read_test_file(fs::path(NW_FIXTURES) / "wire" / "iptc7901" / "newswired_telex.txt")));
  EXPECT_FALSE(parser.sniff(read_test_file(fs::path(NW_FIXTURES) / "feeds" / "rss_2.0_bbc.xml")));
  EXPECT_FALSE(parser.sniff("Plain text that mentions r a and BC-US--Slug"));
}

TEST(AnpaParser, OtherDocumentIsFailure) {
  const auto out =
      AnpaParser().parse(wire_document("anpa", "<rss version=\"2.0\"><channel/></rss>"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not an ANPA 1312 document: no message starts with SOH");
}

}  // namespace
}  // namespace newswired
