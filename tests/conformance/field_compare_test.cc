#include "tests/conformance/field_compare.h"

#include <gtest/gtest.h>

namespace newswired::conformance {
namespace {

TEST(FieldCompare, PersonFollowsFeedparsersSplit) {
  EXPECT_EQ(person("Example author (me@example.com)"), "Example author");
  EXPECT_EQ(person("me@example.com (Example editor)"), "Example editor");
  EXPECT_EQ(person("Example editor <me@example.com>"), "Example editor");
  EXPECT_EQ(person("Simon St.Laurent (mailto:simonstl@simonstl.com)"), "Simon St.Laurent");
  EXPECT_EQ(person("two@two.com"), "two@two.com");
  EXPECT_EQ(person("  Jane   Doe "), "Jane Doe");
  EXPECT_TRUE(same_author("Jo Smith (jo@example.org)", "Jo Smith"));
  EXPECT_FALSE(same_author("Jo Smith (jo@example.org)", "Jane Smith"));
}

TEST(FieldCompare, TitlesAreComparedAsText) {
  EXPECT_TRUE(same_title("<b>&#38;</b>", "&"));
  EXPECT_TRUE(same_title("AT&amp;T  news", "AT&T news"));
  // Ours is text already: a title about a tag keeps it.
  EXPECT_TRUE(same_title("History of the &lt;blink&gt; tag", "History of the <blink> tag"));
  EXPECT_FALSE(same_title("Storm hits", "Storm hit"));
}

TEST(FieldCompare, LinksAreComparedInOneSpelling) {
  EXPECT_TRUE(same_link("http://example.com", "http://example.com/"));
  EXPECT_TRUE(same_link("/relative/path", "/relative/path"));
  EXPECT_FALSE(same_link("http://example.com/a", "http://example.com/b"));
  // feedparser had no base URI; ours was resolved against the feed's link.
  EXPECT_TRUE(same_link("/gulp/releases/v3", "https://github.com/gulp/releases/v3"));
  EXPECT_FALSE(same_link("/gulp/releases/v3", "https://github.com/gulp/releases/v4"));
  EXPECT_FALSE(same_link("/gulp/releases/v3", ""));
}

TEST(FieldCompare, NonUrlIdCopiedIntoLinkIsNotCompared) {
  EXPECT_TRUE(link_is_copied_non_url_id("urn:uuid:1", "urn:uuid:1", ""));
  EXPECT_TRUE(link_is_copied_non_url_id("abc123", "abc123", ""));
  EXPECT_FALSE(link_is_copied_non_url_id("http://example.com/1", "http://example.com/1", ""));
  EXPECT_FALSE(link_is_copied_non_url_id("urn:uuid:1", "urn:uuid:1", "http://example.com/1"));
  EXPECT_FALSE(link_is_copied_non_url_id("urn:uuid:1", "urn:uuid:2", ""));
}

TEST(FieldCompare, IdsAndDatesAreExact) {
  EXPECT_TRUE(same_id(" urn:x:1\n", "urn:x:1"));
  EXPECT_FALSE(same_id("urn:x:1", "urn:x:2"));
  EXPECT_TRUE(same_date(std::string("2004-01-01T00:00:00Z"), std::string("2004-01-01T00:00:00Z")));
  EXPECT_FALSE(same_date(std::nullopt, std::string("2004-01-01T00:00:00Z")));
}

}  // namespace
}  // namespace newswired::conformance
