// Hostile and broken input: it must come back as a value, never hang, crash, fetch or blow up.

#include <chrono>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/parse/registry.h"
#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::fixture_document;
using parse_test::make_document;
using parse_test::read_feed_fixture;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ParseSafety, MalformedXmlReportsReasonAndByteOffset) {
  const std::string body = read_feed_fixture("malformed.xml");
  Outcome<ParsedFeed> out = parse_document(make_document(body, "rss"));
  ASSERT_FALSE(out.ok());
  // pugixml stops inside the mismatching end tag "</titel>".
  const std::size_t end_tag = body.find("</titel>");
  ASSERT_NE(end_tag, std::string::npos);
  EXPECT_EQ(out.reason(),
            "XML error at byte " + std::to_string(end_tag + 2) + ": Start-end tags mismatch");
}

TEST(ParseSafety, TruncatedDocumentFails) {
  Outcome<ParsedFeed> out =
      parse_document(make_document("<rss><channel><item><title>cut off", "auto"));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), ::testing::StartsWith("XML error at byte "));
}

TEST(ParseSafety, BillionLaughsIsNotExpanded) {
  const auto start = std::chrono::steady_clock::now();
  Outcome<ParsedFeed> out = parse_document(fixture_document("billion_laughs.xml"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_EQ(out.value().items.size(), 1u);
  // The reference stays as written: nothing expanded, nothing grew.
  EXPECT_EQ(out.value().items[0].title, "&lol9;");
  EXPECT_EQ(out.value().items[0].link, "https://laughs.example.com/1");
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(ParseSafety, ExternalEntitiesAreNeitherFetchedNorRead) {
  Outcome<ParsedFeed> out = parse_document(fixture_document("external_entity.xml"));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().meta.format, "atom");
  EXPECT_EQ(out.value().meta.title, "XXE &remote;");
  ASSERT_EQ(out.value().items.size(), 1u);
  EXPECT_EQ(out.value().items[0].title, "Secret: &local;");
  EXPECT_THAT(out.value().items[0].title, Not(HasSubstr("root:")));
}

TEST(ParseSafety, DeeplyNestedMarkupDoesNotOverflowTheStack) {
  constexpr int kDepth = 200000;
  std::string body = "<rss><channel><item><title>deep</title><description>";
  for (int i = 0; i < kDepth; ++i) body += "<b>";
  body += "core";
  for (int i = 0; i < kDepth; ++i) body += "</b>";
  body += "</description></item></channel></rss>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_EQ(out.value().items.size(), 1u);
  const std::string& summary = out.value().items[0].summary;
  EXPECT_EQ(summary.size(), kDepth * (3 + 4) + 4u);
  EXPECT_THAT(summary, HasSubstr("<b>core</b>"));
}

TEST(ParseSafety, BinaryGarbageIsUnrecognised) {
  std::string garbage("\x00\x01\x02\xFF\xFE\x7F garbage", 15);
  Outcome<ParsedFeed> out = parse_document(make_document(garbage));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), ::testing::StartsWith("unrecognised format: \\x00\\x01"));
}

}  // namespace
}  // namespace newswired
