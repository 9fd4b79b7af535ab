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
            "https://example.com/a?fbclid2=2&utmost=1");
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

TEST(CanonicalUrl, DropsEveryDefaultTrackingParameter) {
  for (const char* name :
       {"utm_content", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "maca", "ocid",
        "cmpid", "at_medium", "at_campaign", "_ga", "igshid", "yclid", "ref_src", "xtor"}) {
    EXPECT_EQ(canonical_url(std::string("https://example.com/a?id=1&") + name + "=x"),
              "https://example.com/a?id=1")
        << name;
  }
}

TEST(CanonicalUrl, SortsRemainingParametersStably) {
  EXPECT_EQ(canonical_url("https://example.com/a?page=2&id=7&utm_source=x"),
            "https://example.com/a?id=7&page=2");
  // Repeated names keep their order: some servers read them as a list.
  EXPECT_EQ(canonical_url("https://example.com/a?tag=b&id=1&tag=a"),
            "https://example.com/a?id=1&tag=b&tag=a");
}

TEST(CanonicalUrl, NormalizesPercentEncoding) {
  // Escapes in one case (curl's lower), unreserved characters as themselves, reserved ones
  // escaped or not as written.
  EXPECT_EQ(canonical_url("https://example.com/%7euser/caf%c3%a9/a%2fb?q=%41%2b1&r=a+b"),
            "https://example.com/~user/caf%c3%a9/a%2fb?q=A%2b1&r=a+b");
  // Raw UTF-8 (an IRI), spaces and a lone '%' are escaped.
  EXPECT_EQ(canonical_url("https://example.com/café 1?q=ä&p=100%"),
            "https://example.com/caf%c3%a9%201?p=100%25&q=%c3%a4");
  EXPECT_EQ(canonical_url("https://example.com/caf%C3%A9"),
            canonical_url("https://example.com/caf%c3%a9"));
  // Dot segments are curl's part.
  EXPECT_EQ(canonical_url("https://example.com/a/./b/../c"), "https://example.com/a/c");
}

TEST(TrackingParams, PatternsAndValidation) {
  const TrackingParams p({"xtor", "ns_*", "WT.mc_id"});
  EXPECT_TRUE(p.matches("XTOR"));
  EXPECT_TRUE(p.matches("ns_source"));
  EXPECT_TRUE(p.matches("wt.mc_id"));
  EXPECT_FALSE(p.matches("ns"));
  EXPECT_FALSE(p.matches("utm_source"));  // only the given patterns
  EXPECT_TRUE(TrackingParams::valid_pattern("utm_*"));
  EXPECT_TRUE(TrackingParams::valid_pattern("filter[ref]"));
  EXPECT_FALSE(TrackingParams::valid_pattern("*"));
  EXPECT_FALSE(TrackingParams::valid_pattern("a b"));
  EXPECT_FALSE(TrackingParams::valid_pattern("a=b"));
  EXPECT_FALSE(TrackingParams::valid_pattern("ut*m"));
  EXPECT_EQ(canonical_url("https://example.com/a?ns_x=1&utm_source=2&k=3", p),
            "https://example.com/a?k=3&utm_source=2");
}

TEST(TrackingParams, ConfiguredForTheProcess) {
  const std::string url = "https://example.com/a?ito=rss&utm_source=x&id=1";
  set_tracking_params({"ito"}, true);
  EXPECT_EQ(canonical_url(url), "https://example.com/a?id=1");
  set_tracking_params({"ito"}, false);
  EXPECT_EQ(canonical_url(url), "https://example.com/a?id=1&utm_source=x");
  set_tracking_params({}, true);  // back to the defaults for the other tests
  EXPECT_EQ(canonical_url(url), "https://example.com/a?id=1&ito=rss");
}

}  // namespace
}  // namespace newswired
