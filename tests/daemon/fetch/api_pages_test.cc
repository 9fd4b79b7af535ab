// Reading what an API page says about the next one: Link headers, JSON pointers, cursors.

#include "daemon/fetch/api_pages.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(LinkRelNext, FindsNextAmongSeveralLinks) {
  EXPECT_EQ(link_rel_next("<https://api.test/items?page=3>; rel=\"next\", "
                          "<https://api.test/items?page=9>; rel=\"last\""),
            "https://api.test/items?page=3");
  EXPECT_EQ(link_rel_next("<https://api.test/a>; rel=\"prev\", </b?c=1,2>; title=\"x\"; "
                          "rel=\"next last\""),
            "/b?c=1,2");
  EXPECT_EQ(link_rel_next("<https://api.test/a>; rel=next"), "https://api.test/a");
  EXPECT_EQ(link_rel_next("<https://api.test/a>; rel=\"prev\""), "");
  EXPECT_EQ(link_rel_next(""), "");
  EXPECT_EQ(link_rel_next("<unterminated; rel=next"), "");
}

TEST(QueryParams, SetReplacesAndEncodes) {
  EXPECT_EQ(with_query_param("https://api.test/items?since=4&lang=en", "since", "9"),
            "https://api.test/items?lang=en&since=9");
  EXPECT_EQ(with_query_param("https://api.test/items", "cursor", "a b&c"),
            "https://api.test/items?cursor=a+b%26c");
  EXPECT_EQ(resolve_url("https://api.test/v1/items?x=1", "/v1/items?page=2"),
            "https://api.test/v1/items?page=2");
  EXPECT_EQ(resolve_url("https://api.test/v1/items", "next?p=2"), "https://api.test/v1/next?p=2");
}

TEST(ReadApiPage, ItemsNextAndSinceFromJsonPointers) {
  ApiConfig api;
  api.items = "/data/items";
  api.next = "/data/next_page";
  api.since = "/meta/since";
  const auto page = read_api_page(
      api, "https://api.test/feed",
      R"({"data":{"items":[{"uri":"a"},{"uri":"b"}],"next_page":"/feed?page=2"},"meta":{"since":42}})",
      "");
  EXPECT_TRUE(page.error.empty()) << page.error;
  EXPECT_EQ(page.items, 2u);
  EXPECT_TRUE(page.counted);
  EXPECT_EQ(page.body, R"([{"uri":"a"},{"uri":"b"}])");
  EXPECT_EQ(page.next, "https://api.test/feed?page=2");
  EXPECT_EQ(page.since, "42");
}

TEST(ReadApiPage, CursorGoesIntoTheConfiguredParameter) {
  ApiConfig api;
  api.next = "/cursor";
  api.cursor_param = "after";
  const auto page = read_api_page(api, "https://api.test/feed?after=x1&n=50",
                                  R"({"items":[],"cursor":"x2"})", "");
  EXPECT_EQ(page.next, "https://api.test/feed?n=50&after=x2");
  EXPECT_FALSE(page.counted);
  EXPECT_EQ(page.body, R"({"items":[],"cursor":"x2"})");  // no `items`: the page as it is
}

TEST(ReadApiPage, XmlPagesUseTheLinkHeader) {
  ApiConfig api;  // next: link
  const std::string xml = "<newsMessage/>";
  const auto page =
      read_api_page(api, "https://api.test/g2", xml, "<https://api.test/g2?p=2>; rel=\"next\"");
  EXPECT_TRUE(page.error.empty());
  EXPECT_EQ(page.body, xml);
  EXPECT_EQ(page.next, "https://api.test/g2?p=2");
}

TEST(ReadApiPage, PagesThatDoNotMatchTheConfigurationSaySo) {
  ApiConfig api;
  api.items = "/data/items";
  EXPECT_EQ(read_api_page(api, "https://api.test/", R"({"data":{}})", "").error,
            "no list of items at /data/items");
  EXPECT_EQ(read_api_page(api, "https://api.test/", "{not json", "").error,
            "the page is not valid JSON");
  EXPECT_NE(read_api_page(api, "https://api.test/", "<xml/>", "").error, "");
  api.items = "/bad~pointer";
  EXPECT_NE(read_api_page(api, "https://api.test/", "{}", "").error.find("reading the page"),
            std::string::npos);
}

}  // namespace
}  // namespace newswired
