// Loose reading: documents that are not well-formed XML still give their items, and every
// repair is reported with reason and byte offset.

#include "pipeline/parse/recovery.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/parse/registry.h"
#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::make_document;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::string rss(const std::string& items) {
  return "<rss version=\"2.0\"><channel><title>t</title>" + items + "</channel></rss>";
}

TEST(Recovery, HtmlEntitiesBecomeCharacters) {
  const std::string body =
      rss("<item><title>caf&eacute;&nbsp;&mdash; &hellip;&amp;</title>"
          "<link>https://example.com/?a=1&amp;b=&lt;</link></item>");
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(1));
  EXPECT_EQ(out.value().items[0].title, "caf\xC3\xA9\xC2\xA0\xE2\x80\x94 \xE2\x80\xA6&");
  EXPECT_EQ(out.value().items[0].link, "https://example.com/?a=1&b=<");
  const std::size_t first = body.find("&eacute;");
  EXPECT_THAT(out.value().warnings,
              ElementsAre("replaced 4 HTML entity reference(s) XML does not define (first "
                          "&eacute; at byte " +
                          std::to_string(first) + ")"));
}

TEST(Recovery, Html5OnlyNamesAndMarkupCharactersAreDecodedSafely) {
  // &bigstar; is HTML5-only; &LT; (upper case, HTML's) must not become markup.
  std::string text = "<a>&bigstar; &LT;b&GT;</a>";
  std::vector<std::string> warnings;
  EXPECT_TRUE(repair_entities(text, warnings));
  EXPECT_EQ(text, "<a>\xE2\x98\x85 &#60;b></a>");
}

TEST(Recovery, CdataCommentsAndDeclaredEntitiesAreLeftAlone) {
  std::string text =
      "<!DOCTYPE rss [<!ENTITY nbsp \"x\">]><rss><!-- &eacute; --><![CDATA[&eacute; & ]]>"
      "&nbsp;&unknownname;</rss>";
  const std::string before = text;
  std::vector<std::string> warnings;
  EXPECT_FALSE(repair_entities(text, warnings));
  EXPECT_EQ(text, before);
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("kept 1 undefined entity reference(s) as text "
                                              "(first &unknownname; at byte")));
}

TEST(Recovery, BareAmpersandsAreEscapedAndReported) {
  const std::string body =
      rss("<item><title>Q&A: salt & pepper</title><link>https://e.com/?a=1&b=2</link></item>");
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items[0].title, "Q&A: salt & pepper");
  EXPECT_EQ(out.value().items[0].link, "https://e.com/?a=1&b=2");
  EXPECT_THAT(out.value().warnings, ElementsAre("escaped 3 bare '&' (first at byte " +
                                                std::to_string(body.find("&A")) + ")"));
}

TEST(Recovery, TruncatedDocumentKeepsItsCompleteItems) {
  const std::string complete =
      rss("<item><title>one</title><link>https://e.com/1</link></item>"
          "<item><title>two</title><link>https://e.com/2</link></item>"
          "<item><title>three</title><link>https://e.com/3</link></item>");
  const std::string body = complete.substr(0, complete.find("three") + 3);
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(2));
  EXPECT_EQ(out.value().items[1].title, "two");
  EXPECT_EQ(out.value().meta.title, "t");
  ASSERT_THAT(out.value().warnings, SizeIs(1));
  EXPECT_THAT(out.value().warnings[0], HasSubstr("XML error at byte "));
  const std::size_t cut = complete.find("<item><title>three");
  EXPECT_THAT(out.value().warnings[0], HasSubstr("kept the items before it (document cut at byte " +
                                                 std::to_string(cut) + ")"));
}

TEST(Recovery, TruncatedAtomKeepsCompleteEntries) {
  const std::string body =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
      "<entry><id>1</id><title>one</title></entry>"
      "<entry><id>2</id><title>tw";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(1));
  EXPECT_EQ(out.value().items[0].title, "one");
}

TEST(Recovery, BrokenMarkupAfterTheLastGoodItemIsCutOff) {
  const std::string body =
      rss("<item><title>ok</title><link>https://e.com/1</link></item>"
          "<item><title>bad</titel></item>");
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(1));
  EXPECT_THAT(out.value().warnings, ElementsAre(HasSubstr("Start-end tags mismatch")));
}

TEST(Recovery, BrokenItemInTheMiddleIsSkipped) {
  const std::string body =
      rss("<item><title>one</title><link>https://e.com/1</link></item>"
          "<item><title>two</titel><link>https://e.com/2</link></item>"
          "<item><title>three</title><link>https://e.com/3</link></item>");
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(2));
  EXPECT_EQ(out.value().items[0].title, "one");
  EXPECT_EQ(out.value().items[1].title, "three");
  const std::size_t from = body.find("<item><title>two");
  const std::size_t to = body.find("<item><title>three");
  EXPECT_THAT(out.value().warnings,
              ElementsAre(HasSubstr("Start-end tags mismatch; skipped the broken item (bytes " +
                                    std::to_string(from) + " to " + std::to_string(to) + ")")));
}

TEST(Recovery, BrokenFirstEntryIsSkipped) {
  const std::string body =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
      "<entry><id>1</id><source><logo>x</source></entry>"
      "<entry><id>2</id><title>two</title></entry>"
      "<entry><id>3</id><title>three &amp; <b>four</title></entry>"
      "<entry><id>5</id><title>five</title></entry></feed>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(2));
  EXPECT_EQ(out.value().items[0].guid, "2");
  EXPECT_EQ(out.value().items[1].guid, "5");
  EXPECT_THAT(out.value().warnings, SizeIs(2));
}

TEST(Recovery, NothingRecoverableStillFails) {
  Outcome<ParsedFeed> out = parse_document(make_document("<rss><channel><item><title>cut"));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), ::testing::StartsWith("XML error at byte "));
}

TEST(Recovery, GarbageAfterTheRootIsReported) {
  const std::string feed = rss("<item><title>a</title><link>https://e.com/1</link></item>");
  const std::string body = feed + "\n<!-- fine -->\n<p>junk & more</p>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_THAT(out.value().items, SizeIs(1));
  const std::size_t junk = body.find("<p>");
  EXPECT_THAT(out.value().warnings,
              ::testing::Contains("ignored " + std::to_string(body.size() - junk) +
                                  " bytes after the root element (from byte " +
                                  std::to_string(junk) + ")"));
}

TEST(Recovery, WrongEncodingDeclarationIsReadAsWhatTheBytesAre) {
  // Declared UTF-8, written in windows-1252.
  const std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
                           rss("<item><title>caf\xE9 \x93quoted\x94</title>"
                               "<link>https://e.com/1</link></item>");
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items[0].title, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
  EXPECT_THAT(out.value().warnings,
              ElementsAre("document declared as utf-8, but parsed as windows-1252"));
}

}  // namespace
}  // namespace newswired
