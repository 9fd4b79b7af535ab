#include "pipeline/normalize/item_extras.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/normalize/normalize.h"

namespace newswired {
namespace {

using ::testing::ElementsAre;

RawMedia raw(std::string url, std::string type = "", std::string medium = "") {
  RawMedia m;
  m.url = std::move(url);
  m.type = std::move(type);
  m.medium = std::move(medium);
  return m;
}

TEST(MediaKind, FromMediumElseMimeType) {
  EXPECT_EQ(media_kind("image", ""), "image");
  EXPECT_EQ(media_kind(" Video ", "audio/mpeg"), "video");  // medium says it first
  EXPECT_EQ(media_kind("", "audio/mpeg"), "audio");
  EXPECT_EQ(media_kind("document", "image/jpeg"), "image");
  EXPECT_EQ(media_kind("", "application/x-shockwave-flash"), "");
  EXPECT_EQ(media_kind("executable", ""), "");
}

TEST(NormalizeMedia, ResolvesCleansAndDeduplicatesByUrl) {
  RawMedia first = raw("/img/a.jpg", "IMAGE/JPEG");
  first.caption = "The <b>harbour</b> at dawn";
  first.width = "640";
  first.height = "x";
  RawMedia again = raw("https://news.example.com/img/a.jpg", "", "image");
  again.credit = "Jane Lens";
  again.caption = "Another caption";
  RawMedia video = raw("clip.mp4", "video/mp4");
  video.thumbnail = "clip.jpg";
  const std::vector<Media> media =
      normalize_media({first, raw(""), again, video}, "https://news.example.com/world/");
  ASSERT_EQ(media.size(), 2u);
  EXPECT_EQ(media[0].url, "https://news.example.com/img/a.jpg");
  EXPECT_EQ(media[0].kind, "image");
  EXPECT_EQ(media[0].mime_type, "image/jpeg");
  EXPECT_EQ(media[0].caption, "The harbour at dawn");  // the first caption stays
  EXPECT_EQ(media[0].credit, "Jane Lens");             // the repeat fills what was missing
  EXPECT_EQ(media[0].width, 640);
  EXPECT_EQ(media[0].height, 0);  // unreadable: unknown
  EXPECT_EQ(media[1].url, "https://news.example.com/world/clip.mp4");
  EXPECT_EQ(media[1].kind, "video");
  EXPECT_EQ(media[1].thumbnail_url, "https://news.example.com/world/clip.jpg");
}

TEST(ParseGeoPoint, LatitudeThenLongitudeWithinRange) {
  const auto p = parse_geo_point(" 45.256  -71.92 ");
  ASSERT_TRUE(p.has_value());
  EXPECT_DOUBLE_EQ(p->lat, 45.256);
  EXPECT_DOUBLE_EQ(p->lon, -71.92);
  ASSERT_TRUE(parse_geo_point("-33.8688,151.2093").has_value());
  EXPECT_DOUBLE_EQ(parse_geo_point("-33.8688,151.2093")->lon, 151.2093);
  EXPECT_FALSE(parse_geo_point("123.0 10.0").has_value());  // no such latitude
  EXPECT_FALSE(parse_geo_point("10 190").has_value());
  EXPECT_FALSE(parse_geo_point("45.2").has_value());
  EXPECT_FALSE(parse_geo_point("1 2 3").has_value());
  EXPECT_FALSE(parse_geo_point("north east").has_value());
  EXPECT_FALSE(parse_geo_point("").has_value());
}

Document doc() {
  Document d;
  d.source = {"pictures", "https://news.example.com/pictures.rss", "rss"};
  d.url = "https://news.example.com/pictures.rss";
  d.fetched_at = "2024-05-01T10:00:00Z";
  return d;
}

TEST(NormalizeItem, MediaGeoAndCommentsReachTheArticle) {
  RawItem item;
  item.title = "Harbour at dawn";
  item.link = "/pictures/harbour";
  item.media = {raw("/thumbs/harbour.jpg", "", "image"), raw("/thumbs/harbour.jpg")};
  item.media[0].credit = "Harbour Photo Agency";
  item.geo = "-33.8688 151.2093";
  item.comments = " 17 ";
  std::vector<std::string> warnings;
  const Article a = normalize_item(item, FeedMeta{}, doc(), &warnings).value();
  ASSERT_EQ(a.media.size(), 1u);
  EXPECT_EQ(a.media[0].url, "https://news.example.com/thumbs/harbour.jpg");
  EXPECT_EQ(a.media[0].credit, "Harbour Photo Agency");
  ASSERT_TRUE(a.geo.has_value());
  EXPECT_DOUBLE_EQ(a.geo->lat, -33.8688);
  EXPECT_EQ(a.comments, 17);
  EXPECT_TRUE(warnings.empty());
}

TEST(NormalizeItem, UnreadableGeoAndCommentsAreEmptyWithWarnings) {
  RawItem item;
  item.title = "Out of range";
  item.geo = "123.0 10.0";
  item.comments = "many";
  std::vector<std::string> warnings;
  const Article a = normalize_item(item, FeedMeta{}, doc(), &warnings).value();
  EXPECT_FALSE(a.geo.has_value());
  EXPECT_FALSE(a.comments.has_value());
  EXPECT_THAT(warnings, ElementsAre("geo point not understood: \"123.0 10.0\"",
                                    "comment count not understood: \"many\""));
}

}  // namespace
}  // namespace newswired
