#include "pipeline/parse/json_feed_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/parse/registry.h"
#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::fixture_document;
using parse_test::make_document;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ParsedFeed parse_ok(const Document& doc) { return parse_test::parse_ok<JsonFeedParser>(doc); }

TEST(JsonFeedParser, Version11FeedAndItems) {
  ParsedFeed feed = parse_ok(fixture_document("jsonfeed_11.json", "jsonfeed"));
  EXPECT_EQ(feed.meta.format, "jsonfeed");
  EXPECT_EQ(feed.meta.title, "Example Wire (written for newswired)");
  EXPECT_EQ(feed.meta.link, "https://wire.example.com/");
  EXPECT_EQ(feed.meta.language, "en-GB");
  ASSERT_EQ(feed.items.size(), 3u);  // the string in the items array is not an item

  const RawItem& first = feed.items[0];
  EXPECT_EQ(first.guid, "https://wire.example.com/2024/03/01/talks");
  EXPECT_EQ(first.link, "https://wire.example.com/2024/03/01/talks");
  EXPECT_EQ(first.title, "Talks resume &amp; continue");  // as written: normalize decodes
  EXPECT_EQ(first.summary, "Delegations met again.");
  EXPECT_EQ(first.content, "<p>Delegations met again on <b>Friday</b>.</p>");
  EXPECT_EQ(first.published, "2024-03-01T09:30:00+01:00");
  EXPECT_EQ(first.updated, "2024-03-01T10:00:00Z");
  EXPECT_THAT(first.authors, ElementsAre("Jane Doe", "https://wire.example.com/john"));
  EXPECT_FALSE(first.authors_inherited);
  EXPECT_THAT(first.categories, ElementsAre("World", "Diplomacy"));
  EXPECT_EQ(first.language, "fr");
}

TEST(JsonFeedParser, FallbacksNumericIdAndPlainText) {
  ParsedFeed feed = parse_ok(fixture_document("jsonfeed_11.json", "jsonfeed"));
  ASSERT_EQ(feed.items.size(), 3u);
  const RawItem& second = feed.items[1];
  EXPECT_EQ(second.guid, "42");
  EXPECT_EQ(second.link, "https://elsewhere.example.org/story");  // external_url
  // Plain text becomes HTML that reads back as the same text.
  EXPECT_EQ(second.content, "Line one<br>Line &lt;two&gt; &amp; three");
  EXPECT_THAT(second.authors, ElementsAre("Wire Desk"));  // the feed's, as 1.1 says
  EXPECT_TRUE(second.authors_inherited);
}

TEST(JsonFeedParser, ItemWithOnlyADateIsKeptWithWarning) {
  ParsedFeed feed = parse_ok(fixture_document("jsonfeed_11.json", "jsonfeed"));
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[2].published, "2024-03-02T00:00:00Z");
  ASSERT_EQ(feed.warnings.size(), 2u);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 3: not an object"));
  EXPECT_THAT(feed.warnings[1], HasSubstr("item 4:"));
}

TEST(JsonFeedParser, Version10WithSingleAuthorAndVersionLast) {
  const Document doc = fixture_document("jsonfeed_10.json", "auto");
  EXPECT_TRUE(JsonFeedParser().sniff(doc.body));
  Outcome<ParsedFeed> out = parse_document(doc);
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().meta.format, "jsonfeed");
  ASSERT_EQ(out.value().items.size(), 1u);
  EXPECT_THAT(out.value().items[0].authors, ElementsAre("Old Author"));
  EXPECT_EQ(out.value().items[0].title, "One");
}

TEST(JsonFeedParser, SniffsOnlyJsonFeeds) {
  const JsonFeedParser p;
  EXPECT_TRUE(p.sniff("\xEF\xBB\xBF  {\"version\" : \"https://jsonfeed.org/version/1.1\"}"));
  EXPECT_FALSE(p.sniff("{\"version\": \"1.1\", \"items\": []}"));
  EXPECT_FALSE(p.sniff("[{\"version\": \"https://jsonfeed.org/version/1\"}]"));
  EXPECT_FALSE(p.sniff("<rss version=\"2.0\"/>"));
  EXPECT_FALSE(p.sniff("{\"title\": \"https://jsonfeed.org/version/1\"}"));
}

TEST(JsonFeedParser, BrokenDocumentsAreFailures) {
  const JsonFeedParser p;
  Outcome<ParsedFeed> truncated =
      p.parse(make_document("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": ["));
  ASSERT_FALSE(truncated.ok());
  EXPECT_THAT(truncated.reason(), HasSubstr("not valid JSON"));
  Outcome<ParsedFeed> other = p.parse(make_document("{\"version\": \"2\"}"));
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.reason(), HasSubstr("not a JSON Feed"));
  EXPECT_TRUE(p.parse(make_document("{\"version\": \"1.1\", \"items\": []}")).ok());
  EXPECT_FALSE(p.parse(make_document("{\"verion\": \"1.0\"}")).ok());
  Outcome<ParsedFeed> no_items =
      p.parse(make_document("{\"version\": \"https://jsonfeed.org/version/1.1\"}"));
  ASSERT_TRUE(no_items.ok());
  EXPECT_TRUE(no_items.value().items.empty());
}

// Hostile input: nesting deep enough to overflow a recursive parser or destructor.
TEST(JsonFeedParser, DeepNestingNeitherCrashesNorHangs) {
  constexpr int kDepth = 200000;
  std::string body = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"x\": ";
  body += std::string(kDepth, '[') + std::string(kDepth, ']') + "}]}";
  Outcome<ParsedFeed> out = JsonFeedParser().parse(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items.size(), 1u);
}

}  // namespace
}  // namespace newswired
