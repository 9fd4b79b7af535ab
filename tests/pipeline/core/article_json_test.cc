#include "pipeline/core/article_json.h"

#include <gtest/gtest.h>

#include "pipeline/core/hashing.h"

namespace newswired {
namespace {

TEST(ArticleJson, HasEveryFieldOfSchemaVersion1) {
  Article a;
  a.id = hash128_hex("x");
  a.source = {"demo", "https://example.org/rss", "rss"};
  a.title = "T";
  a.authors = {"A. Author"};
  a.published_at = "2015-05-12T12:00:00Z";
  a.tags.agencies = {Tag{"agency:dpa", "dpa", "agency", "", 1.0, {}}};
  a.tags.places = {Tag{"iso3166:RU", "Russia", "country", "RU", 0.9, {{"body_text", 4, 10}}}};
  a.media = {
      Media{"https://img.example/a.jpg", "image", "", "Kerry and Lavrov", "Reuters", "", 0, 0}};
  const auto j = article_to_json(a);
  for (const char* key : {"id",
                          "version",
                          "source",
                          "url",
                          "canonical_url",
                          "title",
                          "summary",
                          "body_text",
                          "authors",
                          "published_at",
                          "updated_at",
                          "fetched_at",
                          "language",
                          "language_declared",
                          "categories",
                          "media",
                          "geo",
                          "comments",
                          "tags",
                          "content_hash",
                          "cluster_id",
                          "schema_version"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["source"]["format"], "rss");
  EXPECT_EQ(j["published_at"], "2015-05-12T12:00:00Z");
  EXPECT_TRUE(j["updated_at"].is_null());
  EXPECT_EQ(j["tags"]["agencies"][0]["name"], "dpa");
  EXPECT_FALSE(j["tags"]["agencies"][0].contains("country"));  // empty members are left out
  EXPECT_EQ(j["tags"]["places"][0]["country"], "RU");
  EXPECT_EQ(j["tags"]["places"][0]["evidence"][0]["end"], 10);
  EXPECT_EQ(j["media"][0]["credit"], "Reuters");
  EXPECT_FALSE(j["media"][0].contains("width"));
  EXPECT_TRUE(j["geo"].is_null());
  EXPECT_FALSE(j.contains("body_html"));
  EXPECT_FALSE(j.contains("duplicate_of"));
}

TEST(ArticleJson, InvalidUtf8IsReplacedNotThrown) {
  Article a;
  a.title = std::string("bad \xff\xfe byte");
  std::string s;
  ASSERT_NO_THROW(s = article_to_json_string(a));
  EXPECT_NE(s.find("bad \xEF\xBF\xBD"), std::string::npos);
}

TEST(Hashing, StableHex128) {
  EXPECT_EQ(hash128_hex("abc").size(), 32u);
  EXPECT_EQ(hash128_hex("abc"), hash128_hex("abc"));
  EXPECT_NE(hash128_hex("abc"), hash128_hex("abd"));
  // XXH3-128 of the empty string, as published by xxHash: ids must never change across builds.
  EXPECT_EQ(hash128_hex(""), "99aa06d3014798d86001c324468d497f");
  // High half first, each half zero-padded to 16 digits.
  EXPECT_EQ(hash128_hex("abc"), "06b05ab6733a618578af5f94892f3950");
  EXPECT_EQ(hash128_hex_of_parts({"a", "b", "c"}), hash128_hex("abc"));
}

}  // namespace
}  // namespace newswired
