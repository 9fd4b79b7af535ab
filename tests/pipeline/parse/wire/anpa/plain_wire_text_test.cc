// The helpers ANPA 1312 and IPTC 7901 share (trailer dates, version words, bylines,
// datelines), and both formats through the registry's auto-detection.

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/parse/registry.h"
#include "pipeline/parse/wire/anpa/story_text.h"
#include "pipeline/parse/wire/anpa/trailer_dates.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

using newswired::testing::read_test_file;
using Strings = std::vector<std::string>;
using namespace wire_text;

TEST(TrailerDates, AnpaMonthFirstWithZone) {
  EXPECT_EQ(anpa_trailer_date("AP-WF-11-13-13 1509GMT<", "").rfc3339, "2013-11-13T15:09:00Z");
  EXPECT_EQ(anpa_trailer_date("05-12-15 1403ED", "").rfc3339, "2015-05-12T14:03:00-04:00");
  EXPECT_EQ(anpa_trailer_date("01-20-2016 0900PST", "").rfc3339, "2016-01-20T09:00:00-08:00");
  EXPECT_EQ(anpa_trailer_date("no date here", "2026-03-05T10:00:00Z").rfc3339, "");
  EXPECT_EQ(anpa_trailer_date("no date here", "2026-03-05T10:00:00Z").problem, "");
}

TEST(TrailerDates, MissingYearIsTheOneNearestTheFetch) {
  EXPECT_EQ(anpa_trailer_date("12-05 1403GMT", "2026-12-06T08:00:00Z").rfc3339,
            "2026-12-05T14:03:00Z");
  // Across New Year, both ways.
  EXPECT_EQ(anpa_trailer_date("12-31 2350GMT", "2026-01-01T00:10:00Z").rfc3339,
            "2025-12-31T23:50:00Z");
  EXPECT_EQ(anpa_trailer_date("01-01 0010GMT", "2025-12-31T23:00:00Z").rfc3339,
            "2026-01-01T00:10:00Z");
  const TrailerDate unknown = anpa_trailer_date("12-05 1403GMT", "");
  EXPECT_EQ(unknown.rfc3339, "");
  EXPECT_EQ(unknown.problem, "date '12-05 1403GMT' has no year and the fetch time is unknown");
}

TEST(TrailerDates, ProblemsAreSaid) {
  EXPECT_EQ(anpa_trailer_date("05-12-15 1403XQ", "").problem,
            "date '05-12-15 1403XQ' has an unknown time zone 'XQ'");
  EXPECT_EQ(anpa_trailer_date("02-30-15 1403GMT", "").problem,
            "date '02-30-15 1403GMT' is not a date");
  EXPECT_EQ(anpa_trailer_date("13-01-15 1403GMT", "").rfc3339, "");
}

TEST(TrailerDates, Iptc7901DayFirstWithMonthName) {
  EXPECT_EQ(iptc7901_trailer_date("131137 GMT Nov 13 ", "").rfc3339, "2013-11-13T11:37:00Z");
  EXPECT_EQ(iptc7901_trailer_date("071341 GMT Okt 15", "").rfc3339, "2015-10-07T13:41:00Z");
  EXPECT_EQ(iptc7901_trailer_date("211259 Nov 18", "").rfc3339, "2018-11-21T12:59:00Z");
  EXPECT_EQ(iptc7901_trailer_date("051000 MESZ Mai 26", "").rfc3339, "2026-05-05T10:00:00+02:00");
  EXPECT_EQ(iptc7901_trailer_date("051000 GMT Mar", "2026-03-09T00:00:00Z").rfc3339,
            "2026-03-05T10:00:00Z");
  EXPECT_TRUE(is_iptc7901_date_line("  131137 GMT Nov 13 "));
  EXPECT_FALSE(is_iptc7901_date_line("131137 GMT Nov 13 and more words"));
  EXPECT_FALSE(is_iptc7901_date_line("123456 tickets sold"));
}

TEST(VersionWords, LeadsWriteThroughsCorrectionsKillsTakes) {
  const VersionWords lead = read_version_words("1stLd-Writethru");
  EXPECT_EQ(lead.lead, 1);
  EXPECT_EQ(version_of(lead), "2");
  EXPECT_EQ(signals_of(lead), (Strings{"update"}));

  const VersionWords both = read_version_words("2nd Ld-Writethru, Correction");
  EXPECT_EQ(version_of(both), "3");
  EXPECT_EQ(signals_of(both), (Strings{"update", "correction"}));

  EXPECT_EQ(version_of(read_version_words("")), "1");
  EXPECT_EQ(version_of(read_version_words("Correction")), "");
  EXPECT_EQ(version_of(read_version_words("1ST LEAD")), "2");
  EXPECT_TRUE(read_version_words("Mandatory Kill").kill);
  EXPECT_TRUE(read_version_words("Elimination").kill);
  EXPECT_FALSE(read_version_words("EXTRA").kill);

  const VersionWords take = read_version_words("1st Add");
  EXPECT_EQ(take.take, 1);
  EXPECT_EQ(version_of(take), "1");  // a take is its own item, not a new version
  EXPECT_TRUE(signals_of(take).empty());
}

TEST(StoryText, LabelLines) {
  EXPECT_TRUE(is_label_line("1ST LEAD"));
  EXPECT_TRUE(is_label_line("EXTRA"));
  EXPECT_TRUE(is_label_line("(Achtung)"));
  EXPECT_TRUE(is_label_line("REFILE"));
  EXPECT_TRUE(is_label_line("2ndLd-Writethru"));
  EXPECT_FALSE(is_label_line("German football saddened by illness"));
  EXPECT_FALSE(is_label_line(""));
}

TEST(StoryText, Bylines) {
  EXPECT_EQ(byline_names("By PAUL BYRNE and ALMUDENA CALATRAVA="),
            (Strings{"PAUL BYRNE", "ALMUDENA CALATRAVA"}));
  EXPECT_EQ(byline_names("By Manuel Schwarz, dpa ="), (Strings{"Manuel Schwarz"}));
  EXPECT_EQ(byline_names("By Tom Roe, The Daily Planet"), (Strings{"Tom Roe"}));
  EXPECT_EQ(byline_names("By Ann Lee, Bo Chan and Cy Diaz"),
            (Strings{"Ann Lee", "Bo Chan", "Cy Diaz"}));
  EXPECT_EQ(byline_names("By The Associated Press"), (Strings{"The Associated Press"}));
  EXPECT_EQ(byline_names("By dpa correspondents"), (Strings{"dpa correspondents"}));
  EXPECT_TRUE(byline_names("By the time the police came, it was over.").empty());
  EXPECT_TRUE(byline_names("Bystanders watched").empty());
}

TEST(StoryText, Datelines) {
  const auto ap = read_dateline("CHATHAM, Mass. (AP) _ A lobster died.");
  ASSERT_TRUE(ap);
  EXPECT_EQ(ap->located, "CHATHAM");
  EXPECT_EQ(ap->rest, "A lobster died.");
  const auto dpa = read_dateline("Berlin (dpa) - Negotiations could fail.");
  ASSERT_TRUE(dpa);
  EXPECT_EQ(dpa->located, "Berlin");
  const auto em = read_dateline("WASHINGTON (AP) \xE2\x80\x94 The Senate voted.");
  ASSERT_TRUE(em);
  EXPECT_EQ(em->rest, "The Senate voted.");
  EXPECT_FALSE(read_dateline("the council (and the mayor) - agreed"));
  EXPECT_FALSE(read_dateline("No dateline in this paragraph."));
}

TEST(StoryText, ParagraphsFromWrappedAndIndentedLines) {
  const std::vector<TextLine> lines{{"   First line", true},
                                    {"continues here.", false},
                                    {"", false},
                                    {"Second.", false},
                                    {"\tThird.", true}};
  EXPECT_EQ(join_paragraphs(lines), (Strings{"First line continues here.", "Second.", "Third."}));
}

// Lines of a megabyte (a broken or hostile feed): read without exhausting the stack.
TEST(PlainWireHostile, LongLines) {
  const std::string a(1 << 20, 'a');
  const std::string anpa = "\x01\r\nr a\x13\x11 BC-" + a + " 1stLd-" + a +
                           " 03-05 0010\r\n\x02^BC-" + a + ",<\r\n^By " + a + "=\r\n\t   " + a +
                           " (AP) _ " + a + "\r\n\x03" + a + "\x04";
  const Outcome<ParsedFeed> out = parse_document(Document{{"wire", "", "anpa"}, "", "", anpa, ""});
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_EQ(out.value().items.size(), 1u);
  EXPECT_EQ(out.value().items[0].content, "<p>" + a + " (AP) \xE2\x80\x94 " + a + "</p>\n");

  const std::string iptc = "ZCZC\r\nNWX1 4 FIN 40 " + a + "\r\n" + a + "/\r\n\x02" + a +
                           " =\r\n\r\n   " + a + " (nwx) - " + a + "\r\n\x03" + a + "\r\nNNNN";
  const Outcome<ParsedFeed> out7901 =
      parse_document(Document{{"wire", "", "auto"}, "", "", iptc, "2026-03-05T22:00:00Z"});
  ASSERT_TRUE(out7901.ok()) << out7901.reason();
  EXPECT_EQ(out7901.value().meta.format, "iptc7901");
  ASSERT_EQ(out7901.value().items.size(), 1u);
  EXPECT_EQ(out7901.value().items[0].title.size(), a.size());
}

Document auto_document(const std::string& dir, const std::string& name) {
  Document d;
  d.source = {"wire", "", "auto"};
  d.body = read_test_file(fs::path(NW_FIXTURES) / "wire" / dir / name);
  d.fetched_at = "2026-03-05T22:00:00Z";
  return d;
}

TEST(PlainWireAutoDetection, SniffedBeforeTextAndDecodedPerMessage) {
  struct Case {
    const char* dir;
    const char* name;
    const char* format;
    const char* first_title;
  };
  for (const Case& c : {
           Case{"anpa", "newswired_story.anpa", "anpa", "Northport approves new harbour bridge"},
           Case{"anpa", "newswired_latin1.anpa", "anpa", "Z\xC3\xBCrich caf\xC3\xA9 wins award"},
           Case{"iptc7901", "newswired_story.txt", "iptc7901",
                "Northport council approves harbour bridge"},
           Case{"iptc7901", "newswired_telex.txt", "iptc7901", "Stocks rise in early trade"},
           Case{"iptc7901", "newswired_latin1.txt", "iptc7901",
                "K\xC3\xB6lner Museum zeigt M\xC3\xBCller-Sammlung"},
       }) {
    const Outcome<ParsedFeed> out = parse_document(auto_document(c.dir, c.name));
    ASSERT_TRUE(out.ok()) << c.name << ": " << out.reason();
    EXPECT_EQ(out.value().meta.format, c.format) << c.name;
    ASSERT_FALSE(out.value().items.empty()) << c.name;
    EXPECT_EQ(out.value().items[0].title, c.first_title) << c.name;
  }
}

TEST(PlainWireAutoDetection, MessagesInDifferentEncodingsInOneFile) {
  // A UTF-8 message after a Latin-1 one: each is read in its own encoding.
  Document d = auto_document("anpa", "newswired_latin1.anpa");
  d.body +=
      "\x16\x16\x01"
      "a0302\x1fnwsel\r\nr i\x13\x11 BC-EU--Geneva-Fete   03-05 0010\r\n\x02"
      "^BC-EU--Geneva Fete,10<\r\n^Gen\xC3\xA8ve f\xC3\xAAte<\r\n\t   GENEVA (AP) _ Text.\r\n"
      "\x03"
      "AP-WF-03-05-26 1200GMT<\r\n\x04";
  const Outcome<ParsedFeed> out = parse_document(d);
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_EQ(out.value().items.size(), 2u);
  EXPECT_EQ(out.value().items[0].title, "Z\xC3\xBCrich caf\xC3\xA9 wins award");
  EXPECT_EQ(out.value().items[1].title, "Gen\xC3\xA8ve f\xC3\xAAte");
}

TEST(PlainWireAutoDetection, ConfiguredFormatIsUsed) {
  Document d = auto_document("iptc7901", "newswired_story.txt");
  d.source.format = "iptc7901";
  const Outcome<ParsedFeed> out = parse_document(d);
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().meta.format, "iptc7901");
  d.source.format = "anpa";
  const Outcome<ParsedFeed> as_anpa = parse_document(d);
  ASSERT_TRUE(as_anpa.ok()) << as_anpa.reason();
  EXPECT_EQ(as_anpa.value().meta.format, "anpa");
  // Read as ANPA, a 7901 header has no priority line: said, not hidden.
  ASSERT_FALSE(as_anpa.value().warnings.empty());
  EXPECT_EQ(as_anpa.value().warnings.front(),
            "message 1: no priority and category line in the header");
}

}  // namespace
}  // namespace newswired
