// Decoding to UTF-8: feedparser's own encoding cases as the oracle, then one document per
// encoding the parse stage promises to read.

#include "pipeline/parse/encoding.h"

#include <filesystem>
#include <regex>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/parse/registry.h"
#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::make_document;
using parse_test::read_feed_fixture;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::string capture(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : std::string();
}

// Each feedparser file names the HTTP header it is served with and what feedparser makes of it
// ("not bozo and encoding == 'utf-16be'"): the same encoding, and a warning exactly when
// feedparser sets bozo for the encoding.
TEST(Encoding, AgreesWithFeedparsersEncodingCases) {
  int checked = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(NW_FIXTURES) + "/feeds/encoding")) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("miniflux_")) continue;
    SCOPED_TRACE(name);
    const std::string body = read_feed_fixture("encoding/" + name);
    // The comment is readable once the document is decoded without any header.
    const std::string comment = decode_to_utf8(body, "").utf8;
    const std::string header = capture(comment, R"(Header:\s*Content-type:\s*([^\n]*))");
    const std::string expect = capture(comment, R"(Expect:\s*([^\n]*))");
    const DecodedText decoded = decode_to_utf8(body, header);

    const std::string encoding = capture(expect, R"(encoding == '([^']*)')");
    if (!encoding.empty()) {
      EXPECT_EQ(decoded.encoding, encoding);
    }
    // Files whose bozo comes from something else than the encoding (an undefined entity, a
    // crash test with no expectation) are checked by the other tests.
    if (expect.starts_with("not bozo")) {
      EXPECT_THAT(decoded.warnings, IsEmpty());
    }
    if (expect.starts_with("bozo") && !name.starts_with("bozo_double-encoded")) {
      EXPECT_THAT(decoded.warnings, SizeIs(1));
    }
    // Whatever the bytes, the decoded text is a feed the parsers read (one file breaks off in
    // its last end tag, before any item).
    if (name != "bozo_invalid-bytes-with-bom.xml") {
      EXPECT_TRUE(parse_document(make_document(body)).ok());
    }
    ++checked;
  }
  EXPECT_EQ(checked, 82);
}

TEST(Encoding, TextXmlWithoutCharsetIsAsciiAndWarnsWhenItIsNot) {
  const std::string body =
      "<?xml version=\"1.0\"?><rss><channel><title>caf\xC3\xA9</title></channel></rss>";
  const DecodedText decoded = decode_to_utf8(body, "text/xml");
  EXPECT_EQ(decoded.encoding, "utf-8");
  EXPECT_THAT(decoded.warnings, ElementsAre("document declared as us-ascii, but parsed as utf-8"));
  EXPECT_THAT(decoded.utf8, HasSubstr("caf\xC3\xA9"));
}

TEST(Encoding, ApplicationXmlCharsetOverridesTheDeclaration) {
  const std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><x>\xE9</x></rss>";
  const DecodedText decoded = decode_to_utf8(body, "application/rss+xml; charset=\"ISO-8859-1\"");
  EXPECT_EQ(decoded.encoding, "iso-8859-1");
  EXPECT_THAT(decoded.warnings, IsEmpty());
  // The declaration now tells the XML parser the truth.
  EXPECT_EQ(decoded.utf8, "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><x>\xC3\xA9</x></rss>");
}

TEST(Encoding, ByteOrderMarkWinsOverTheLabels) {
  // UTF-16LE with BOM, served and declared as ISO-8859-1.
  const std::string ascii = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss/>";
  std::string body = "\xFF\xFE";
  for (char c : ascii) {
    body += c;
    body += '\0';
  }
  const DecodedText decoded = decode_to_utf8(body, "application/xml; charset=iso-8859-1");
  EXPECT_EQ(decoded.encoding, "utf-16le");
  EXPECT_EQ(decoded.utf8, "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>");
  EXPECT_THAT(decoded.warnings,
              ElementsAre("document declared as iso-8859-1, but parsed as utf-16le"));
}

TEST(Encoding, Utf32WithoutBomIsRecognisedByItsZeroBytes) {
  const std::string ascii = "<rss><channel><title>x</title></channel></rss>";
  std::string body;
  for (char c : ascii) body += std::string(3, '\0') + c;
  const DecodedText decoded = decode_to_utf8(body, "");
  EXPECT_EQ(decoded.encoding, "utf-32be");
  EXPECT_EQ(decoded.utf8, ascii);
}

TEST(Encoding, WrongDeclarationFallsBackToWindows1252WithAWarning) {
  const std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><x>\x93q\x94</x></rss>";
  const DecodedText decoded = decode_to_utf8(body, "");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_THAT(decoded.utf8, HasSubstr("<x>\xE2\x80\x9Cq\xE2\x80\x9D</x>"));
  EXPECT_THAT(decoded.warnings,
              ElementsAre("document declared as utf-8, but parsed as windows-1252"));
}

// Unlike feedparser, which reads it as declared and gets "Euro \xC3\xA2\xE2\x80\x9A\xC2\xAC".
TEST(Encoding, Utf8DeclaredAsWindows1252IsReadAsUtf8) {
  const std::string body = read_feed_fixture("encoding/miniflux_windows-1252-incorrect-prolog.xml");
  const DecodedText decoded = decode_to_utf8(body, "");
  EXPECT_EQ(decoded.encoding, "utf-8");
  EXPECT_THAT(decoded.utf8, HasSubstr("<title>Euro \xE2\x82\xAC</title>"));
  EXPECT_THAT(decoded.warnings,
              ElementsAre("document declared as windows-1252, but parsed as utf-8"));
}

TEST(Encoding, MinifluxKoi8r) {
  Outcome<ParsedFeed> out =
      parse_document(make_document(read_feed_fixture("encoding/miniflux_koi8r.xml")));
  ASSERT_TRUE(out.ok()) << out.reason();
  // "Пример RSS ленты", as feedparser reads it.
  EXPECT_EQ(out.value().meta.title,
            "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80 RSS "
            "\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8B");
  EXPECT_THAT(out.value().warnings, IsEmpty());
}

TEST(Encoding, BytesNoEncodingReadsBecomeReplacementCharacters) {
  // Invalid as UTF-8 and as windows-1252 (0x81 is unassigned there), declared as UTF-8.
  const std::string body =
      "<rss><channel><title>a\x81\xFF"
      "b</title></channel></rss>";
  const DecodedText decoded = decode_to_utf8(body, "application/xml; charset=utf-8");
  EXPECT_THAT(decoded.utf8, HasSubstr("a"));
  EXPECT_THAT(decoded.utf8, ::testing::Not(HasSubstr("\x81")));
  ASSERT_THAT(decoded.warnings, SizeIs(1));
}

TEST(Encoding, NonXmlMediaTypeIsReported) {
  const DecodedText decoded = decode_to_utf8("<rss/>", "text/plain");
  EXPECT_EQ(decoded.encoding, "us-ascii");
  EXPECT_THAT(decoded.warnings, ElementsAre("text/plain is not an XML media type"));
}

TEST(Encoding, JsonIsUtf8WhateverTheMediaType) {
  const std::string body = "\xEF\xBB\xBF{\"title\": \"caf\xC3\xA9\"}";
  const DecodedText decoded = decode_to_utf8(body, "text/plain");
  EXPECT_EQ(decoded.encoding, "utf-8");
  EXPECT_EQ(decoded.utf8, "{\"title\": \"caf\xC3\xA9\"}");
  EXPECT_THAT(decoded.warnings, IsEmpty());
}

// UTF-8 read as ISO-8859-1 and encoded again: "&acirc;&#128;&brvbar;" is U+2026 twice encoded.
TEST(Encoding, DoubleEncodedTextIsDecodedOnceMore) {
  for (const char* name :
       {"encoding/bozo_double-encoded-html.xml", "encoding/double-encoded-html.xml"}) {
    SCOPED_TRACE(name);
    Outcome<ParsedFeed> out = parse_document(make_document(read_feed_fixture(name)));
    ASSERT_TRUE(out.ok()) << out.reason();
    ASSERT_THAT(out.value().items, SizeIs(1));
    EXPECT_EQ(out.value().items[0].summary, "\xE2\x80\xA6");
  }
  // Latin-1 text that is not UTF-8 underneath stays as it is.
  Outcome<ParsedFeed> out =
      parse_document(make_document("<rss><channel><item><title>\xC3\x83\xC2\xA9t\xC3\xA9 "
                                   "\xC3\xA0</title></item></channel></rss>"));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items[0].title, "\xC3\x83\xC2\xA9t\xC3\xA9 \xC3\xA0");
  // After ASCII of any length (the ASCII is skipped eight bytes at a time).
  for (std::size_t n = 0; n < 20; ++n) {
    const std::string lead(n, 'a');
    Outcome<ParsedFeed> led =
        parse_document(make_document("<rss><channel><item><title>" + lead +
                                     "caf\xC3\x83\xC2\xA9</title></item></channel></rss>"));
    ASSERT_TRUE(led.ok()) << led.reason();
    EXPECT_EQ(led.value().items[0].title, lead + "caf\xC3\xA9") << n;
  }
}

struct Case {
  const char* encoding;
  std::string title_bytes;
  const char* title_utf8;
};

class EveryPromisedEncoding : public ::testing::TestWithParam<Case> {};

TEST_P(EveryPromisedEncoding, TitleArrivesAsUtf8) {
  const Case& c = GetParam();
  const std::string body = std::string("<?xml version=\"1.0\" encoding=\"") + c.encoding +
                           "\"?><rss version=\"2.0\"><channel><title>t</title><item><title>" +
                           c.title_bytes +
                           "</title><link>https://example.com/1</link></item>"
                           "</channel></rss>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(1));
  EXPECT_EQ(out.value().items[0].title, c.title_utf8);
  EXPECT_THAT(out.value().warnings, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    Parse, EveryPromisedEncoding,
    ::testing::Values(Case{"windows-1252", "\x93\x80 5\x94",
                           "\xE2\x80\x9C\xE2\x82\xAC 5\xE2\x80\x9D"},
                      Case{"iso-8859-1", "caf\xE9", "caf\xC3\xA9"},
                      Case{"iso-8859-2", "\xB3\xF3\x64\xBC", "\xC5\x82\xC3\xB3\x64\xC5\xBA"},
                      Case{"iso-8859-15", "\xA4", "\xE2\x82\xAC"},
                      Case{"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4",
                           "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
                      Case{"windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2",
                           "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
                      Case{"Shift_JIS", "\x93\xFA\x96\x7B", "\xE6\x97\xA5\xE6\x9C\xAC"},
                      Case{"EUC-JP", "\xC6\xFC\xCB\xDC", "\xE6\x97\xA5\xE6\x9C\xAC"},
                      Case{"gb2312", "\xD6\xD0\xCE\xC4", "\xE4\xB8\xAD\xE6\x96\x87"},
                      Case{"gb18030", "\xA2\xE3", "\xE2\x82\xAC"},
                      Case{"big5", "\xA4\xA4\xA4\xE5", "\xE4\xB8\xAD\xE6\x96\x87"},
                      Case{"euc-kr", "\xC7\xD1\xB1\xB9", "\xED\x95\x9C\xEA\xB5\xAD"}));

}  // namespace
}  // namespace newswired
