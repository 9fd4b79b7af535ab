#include "pipeline/normalize/urls.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

constexpr const char* kBase = "http://example.com/news/world/story.html?page=2#top";

TEST(ResolveUrl, RelativePaths) {
  EXPECT_EQ(resolve_url(kBase, "other.html"), "http://example.com/news/world/other.html");
  EXPECT_EQ(resolve_url(kBase, "../sport/x.html"), "http://example.com/news/sport/x.html");
  EXPECT_EQ(resolve_url(kBase, "../../../../x"), "http://example.com/x");
  EXPECT_EQ(resolve_url(kBase, "./a/./b/../c"), "http://example.com/news/world/a/c");
  EXPECT_EQ(resolve_url(kBase, "/top"), "http://example.com/top");
}

TEST(ResolveUrl, NetworkPathQueryAndFragment) {
  EXPECT_EQ(resolve_url(kBase, "//cdn.example.org/x"), "http://cdn.example.org/x");
  EXPECT_EQ(resolve_url("https://example.com/a", "//cdn.example.org/x"),
            "https://cdn.example.org/x");
  EXPECT_EQ(resolve_url(kBase, "?page=3"), "http://example.com/news/world/story.html?page=3");
  EXPECT_EQ(resolve_url(kBase, "#comments"),
            "http://example.com/news/world/story.html?page=2#comments");
}

TEST(ResolveUrl, AbsoluteRefIgnoresBase) {
  EXPECT_EQ(resolve_url(kBase, "https://other.org/p?q=1"), "https://other.org/p?q=1");
  EXPECT_EQ(resolve_url("", "https://other.org/p"), "https://other.org/p");
}

TEST(ResolveUrl, SpacesAreEncoded) {
  EXPECT_EQ(resolve_url(kBase, "/a b"), "http://example.com/a%20b");
}

TEST(ResolveUrl, UnresolvableRefComesBackUnchanged) {
  EXPECT_EQ(resolve_url(kBase, ""), "");
  EXPECT_EQ(resolve_url("", "relative/path"), "relative/path");
  EXPECT_EQ(resolve_url("not a url", "relative/path"), "relative/path");
  EXPECT_EQ(resolve_url(kBase, "mailto:desk@example.com"), "mailto:desk@example.com");
  EXPECT_EQ(resolve_url(kBase, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"),
            "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
}

TEST(CanonicalUrl, LowercasesSchemeAndHost) {
  EXPECT_EQ(canonical_url("HTTPS://News.Example.COM/Path/To/Story"),
            "https://news.example.com/Path/To/Story");
}

TEST(CanonicalUrl, DropsDefaultPortOnly) {
  EXPECT_EQ(canonical_url("http://example.com:80/a"), "http://example.com/a");
  EXPECT_EQ(canonical_url("https://example.com:443/a"), "https://example.com/a");
  EXPECT_EQ(canonical_url("http://example.com:8080/a"), "http://example.com:8080/a");
  EXPECT_EQ(canonical_url("https://example.com:80/a"), "https://example.com:80/a");
}

TEST(CanonicalUrl, DropsFragment) {
  EXPECT_EQ(canonical_url("https://example.com/a?x=1#comments"), "https://example.com/a?x=1");
}

TEST(CanonicalUrl, DropsTrackingParameters) {
  EXPECT_EQ(canonical_url("https://example.com/a?id=7&utm_source=rss&utm_medium=feed&x=2"),
            "https://example.com/a?id=7&x=2");
  EXPECT_EQ(canonical_url("https://example.com/a?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2&maca=3"),
            "https://example.com/a");
  EXPECT_EQ(canonical_url("https://example.com/a?UTM_Campaign=x&page=2"),
            "https://example.com/a?page=2");
  // Only whole names count: "utmost" and "fbclid2" are the site's own parameters.
  EXPECT_EQ(canonical_url("https://example.com/a?utmost=1&fbclid2=2"),
            "https://example.com/a?utmost=1&fbclid2=2");
}

TEST(CanonicalUrl, DropsEmptyQuery) {
  EXPECT_EQ(canonical_url("https://example.com/a?"), "https://example.com/a");
  EXPECT_EQ(canonical_url("https://example.com/a?&&"), "https://example.com/a");
}

TEST(CanonicalUrl, AddsRootPath) {
  EXPECT_EQ(canonical_url("https://Example.com"), "https://example.com/");
}

TEST(CanonicalUrl, NonHttpIsReturnedAsGiven) {
  EXPECT_EQ(canonical_url("FTP://Example.com:21/a#x"), "FTP://Example.com:21/a#x");
  EXPECT_EQ(canonical_url("mailto:desk@example.com"), "mailto:desk@example.com");
  EXPECT_EQ(canonical_url("not a url"), "not a url");
}

}  // namespace
}  // namespace newswired
