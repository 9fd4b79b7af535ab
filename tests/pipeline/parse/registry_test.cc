#include "pipeline/parse/registry.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::fixture_document;
using parse_test::make_document;
using ::testing::ElementsAre;
using ::testing::StartsWith;

// UTF-16LE with BOM, for ASCII text: every byte followed by a zero.
std::string utf16le(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(Registry, ListsParsersInSniffingOrder) {
  ASSERT_EQ(all_parsers().size(), 10u);
  EXPECT_EQ(all_parsers()[0]->format(), "rss");
  EXPECT_EQ(all_parsers()[1]->format(), "atom");
  EXPECT_EQ(all_parsers()[2]->format(), "jsonfeed");
  EXPECT_EQ(all_parsers()[3]->format(), "newsml");
  EXPECT_EQ(all_parsers()[4]->format(), "nitf");
  EXPECT_EQ(all_parsers()[5]->format(), "ninjs");  // after JSON Feed, which it must not take
  EXPECT_EQ(all_parsers()[6]->format(), "anpa");   // sniffed by their control characters
  EXPECT_EQ(all_parsers()[7]->format(), "iptc7901");
  EXPECT_EQ(all_parsers()[8]->format(), "text");  // never sniffed: its place does not matter
  EXPECT_EQ(all_parsers()[9]->format(), "html");  // web pages last: feeds are never misread
  EXPECT_THAT(known_formats(), ElementsAre("auto", "rss", "atom", "jsonfeed", "newsml", "nitf",
                                           "ninjs", "anpa", "iptc7901", "text", "html"));
  ASSERT_NE(find_parser("atom"), nullptr);
  EXPECT_EQ(find_parser("atom")->format(), "atom");
  EXPECT_EQ(find_parser("json"), nullptr);
  EXPECT_EQ(find_parser("auto"), nullptr);
}

struct AutoCase {
  const char* fixture;
  const char* format;
  std::size_t items;
  const char* first_title;
};

class AutoDetection : public ::testing::TestWithParam<AutoCase> {};

TEST_P(AutoDetection, SniffsAndParses) {
  const AutoCase& c = GetParam();
  Outcome<ParsedFeed> out = parse_document(fixture_document(c.fixture, "auto"));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().meta.format, c.format);
  ASSERT_EQ(out.value().items.size(), c.items);
  EXPECT_EQ(out.value().items[0].title, c.first_title);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, AutoDetection,
    ::testing::Values(AutoCase{"rss2_modules.xml", "rss", 4, "Talks resume in Geneva"},
                      AutoCase{"rss1_rdf.xml", "rss", 2, "Erste Meldung"},
                      AutoCase{
                          "Rss20Reuters.xml", "rss", 10,
                          "Iraq says deal reached over withdrawal of Turkish forces from Bashiqa"},
                      AutoCase{"rss2.0NSwithModulesNoDefNSLocalNameClash.xml", "rss", 1,
                               "Test Item - RSS2.0 w/ NS, no default NS, localName clash"},
                      AutoCase{"atom_xhtml_base.xml", "atom", 4, "Hello <em>world</em>"},
                      AutoCase{"atom_prefixed.xml", "atom", 1, "Real entry title"},
                      AutoCase{"atom03.xml", "atom", 1, "Legacy entry"},
                      AutoCase{"AtomVergeAllPosts.xml", "atom", 10,
                               "This is the new Hulu experience with live TV"}));

TEST(Registry, AutoDetectsUtf16WithByteOrderMark) {
  Outcome<ParsedFeed> out = parse_document(make_document(utf16le(
      "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<!-- wide -->\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>Wide</title></entry></feed>")));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().meta.format, "atom");
  ASSERT_EQ(out.value().items.size(), 1u);
  EXPECT_EQ(out.value().items[0].title, "Wide");
}

TEST(Registry, NamedFormatUsesThatParser) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("rss1_rdf.xml", "rss"));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items.size(), 2u);
}

TEST(Registry, NamedFormatWithWrongRootFailsNamingTheRoot) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("rss2_modules.xml", "atom"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not an Atom document: root element is <rss>");
}

TEST(Registry, UnknownRootIsUnrecognisedWhenSniffing) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("unknown_root.xml", "auto"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(),
            "unrecognised format: <?xml version=\"1.0\"?>\\x0A<note>\\x0A  <to>Tove<...");
}

TEST(Registry, UnknownRootWithNamedFormatFailsNamingTheRoot) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("unknown_root.xml", "rss"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "not an RSS document: root element is <note>");
}

TEST(Registry, NonXmlIsUnrecognised) {
  Outcome<ParsedFeed> json = parse_document(make_document("{\"version\": \"1.1\"}"));
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.reason(), "unrecognised format: {\"version\": \"1.1\"}");

  Outcome<ParsedFeed> empty = parse_document(make_document(""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.reason(), "unrecognised format: empty document");
}

TEST(Registry, UnknownFormatName) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("rss2_modules.xml", "newsml1"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "unknown format: newsml1");
}

TEST(Registry, MalformedXmlFailsWithOffsetEvenWhenSniffingSucceeds) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("malformed.xml", "auto"));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), StartsWith("XML error at byte "));
}

}  // namespace
}  // namespace newswired
