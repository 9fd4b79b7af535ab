// Media RSS, enclosures, GeoRSS, W3C geo, slash, iTunes and Dublin Core as the RSS and Atom
// parsers read them into RawItem (normalize_test and item_extras_test map them further).

#include "pipeline/parse/item_extensions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/parse/atom_parser.h"
#include "pipeline/parse/rss_parser.h"
#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::fixture_document;
using parse_test::make_document;
using ::testing::ElementsAre;

std::vector<std::string> urls(const RawItem& item) {
  std::vector<std::string> out;
  for (const RawMedia& m : item.media) out.push_back(m.url);
  return out;
}

TEST(ItemExtensions, RssMediaGroupContentAndEnclosures) {
  const ParsedFeed feed = parse_test::parse_ok<RssParser>(fixture_document("rss2_media_geo.xml"));
  ASSERT_EQ(feed.items.size(), 4u);
  const RawItem& item = feed.items[0];
  // One rendition of the group (the widest), the video, its enclosure (normalize merges the
  // repeated URL), the audio enclosure.
  EXPECT_THAT(urls(item), ElementsAre("https://img.example.com/flood-1280.jpg",
                                      "https://video.example.com/flood.mp4",
                                      "https://video.example.com/flood.mp4",
                                      "https://audio.example.com/flood-report.mp3"));
  const RawMedia& picture = item.media[0];
  EXPECT_EQ(picture.medium, "image");
  EXPECT_EQ(picture.width, "1280");
  EXPECT_EQ(picture.height, "720");
  EXPECT_EQ(picture.credit, "Jane Lens / Example Wire");  // from the group
  EXPECT_EQ(picture.caption, "The valley <b>under water</b> on Monday.");
  const RawMedia& video = item.media[1];
  EXPECT_EQ(video.type, "video/mp4");
  EXPECT_EQ(video.caption, "Drone footage of the flood");  // media:title when no description
  EXPECT_EQ(video.thumbnail, "https://img.example.com/flood-video.jpg");
  EXPECT_EQ(item.media[3].type, "audio/mpeg");
  EXPECT_EQ(item.geo, "45.256 -71.92");
  EXPECT_EQ(item.comments, "17");
  EXPECT_THAT(item.authors, ElementsAre("desk@news.example.com (Picture Desk)"));
  EXPECT_EQ(item.summary, "Residents were evacuated overnight.");
}

TEST(ItemExtensions, RssThumbnailOnlyGmlPointAndItunes) {
  const ParsedFeed feed = parse_test::parse_ok<RssParser>(fixture_document("rss2_media_geo.xml"));
  ASSERT_EQ(feed.items.size(), 4u);
  const RawItem& item = feed.items[1];
  ASSERT_EQ(item.media.size(), 1u);
  // The item's thumbnail is its picture only when nothing else is: here the iTunes image is.
  EXPECT_EQ(item.media[0].url, "https://img.example.com/harbour-cover.jpg");
  EXPECT_EQ(item.media[0].medium, "image");
  EXPECT_EQ(item.media[0].credit, "Harbour Photo Agency");    // item-level credit applies
  EXPECT_EQ(item.media[0].thumbnail, "/thumbs/harbour.jpg");  // and the item's thumbnail
  EXPECT_EQ(item.geo, "-33.8688 151.2093");
  EXPECT_THAT(item.authors, ElementsAre("Pod Host"));
  EXPECT_EQ(item.summary, "The harbour wakes up.");

  const RawItem& pass = feed.items[2];
  EXPECT_THAT(pass.authors, ElementsAre("Road Reporter"));  // iTunes only when no other
  EXPECT_THAT(pass.categories, ElementsAre("Transport"));
  EXPECT_EQ(pass.geo, "46.5 8.56");
  EXPECT_EQ(pass.comments, "many");  // as written: normalize judges it
  EXPECT_TRUE(pass.media.empty());
}

TEST(ItemExtensions, LoneItemThumbnailIsThePicture) {
  const ParsedFeed feed = parse_test::parse_ok<RssParser>(make_document(R"(<rss version="2.0"
      xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>t</title>
      <media:thumbnail url="https://img.example.com/t.jpg" width="240"/>
      <media:description>A caption</media:description></item></channel></rss>)"));
  ASSERT_EQ(feed.items.size(), 1u);
  ASSERT_EQ(feed.items[0].media.size(), 1u);
  EXPECT_EQ(feed.items[0].media[0].url, "https://img.example.com/t.jpg");
  EXPECT_EQ(feed.items[0].media[0].medium, "image");
  EXPECT_EQ(feed.items[0].media[0].caption, "A caption");
}

TEST(ItemExtensions, UndeclaredConventionalPrefixes) {
  // Feeds forget to declare media: and georss:; readers (feedparser too) take them by name.
  const ParsedFeed feed = parse_test::parse_ok<RssParser>(
      make_document("<rss version=\"2.0\"><channel><item><title>t</title>"
                    "<media:content url=\"https://img.example.com/u.jpg\" medium=\"image\"/>"
                    "<georss:point>1 2</georss:point></item></channel></rss>"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_THAT(urls(feed.items[0]), ElementsAre("https://img.example.com/u.jpg"));
  EXPECT_EQ(feed.items[0].geo, "1 2");
}

TEST(ItemExtensions, AtomMediaEnclosureAndDublinCore) {
  const ParsedFeed feed = parse_test::parse_ok<AtomParser>(fixture_document("atom_media_dc.xml"));
  EXPECT_EQ(feed.meta.self_url, "https://video.example.com/feed.atom");
  EXPECT_EQ(feed.meta.hub_url, "https://hub.example.net/");
  EXPECT_EQ(feed.meta.link, "https://video.example.com/");
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& entry = feed.items[0];
  // The enclosure link is media, not the entry's link; the group's default rendition wins
  // over the wider one.
  EXPECT_EQ(entry.link, "https://video.example.com/summit");
  EXPECT_THAT(urls(entry), ElementsAre("https://video.example.com/summit.mp3",
                                       "https://video.example.com/summit.mp4"));
  EXPECT_EQ(entry.media[1].caption, "Summit opens in Brussels");
  EXPECT_EQ(entry.media[1].thumbnail, "https://video.example.com/summit.jpg");
  EXPECT_THAT(entry.authors, ElementsAre("Video Desk"));
  EXPECT_FALSE(entry.authors_inherited);
  EXPECT_THAT(entry.categories, ElementsAre("Politics"));
  EXPECT_EQ(entry.published, "2024-05-01T08:00:00Z");  // dcterms:issued
  EXPECT_EQ(entry.updated, "2024-05-01T09:00:00Z");    // Atom's own
  EXPECT_EQ(entry.geo, "50.85 4.35");
}

// Copied from feed-rs (MIT), see tests/fixtures/feeds/PROVENANCE.md.
TEST(ItemExtensions, RealFeedYoutubeMediaGroup) {
  const ParsedFeed feed =
      parse_test::parse_ok<AtomParser>(fixture_document("atom_mediarss_youtube_1.xml"));
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& entry = feed.items[0];
  ASSERT_EQ(entry.media.size(), 1u);
  EXPECT_EQ(entry.media[0].url, "https://www.youtube.com/v/0A1ouV7iD8o?version=3");
  EXPECT_EQ(entry.media[0].type, "application/x-shockwave-flash");
  EXPECT_EQ(entry.media[0].thumbnail, "https://i1.ytimg.com/vi/0A1ouV7iD8o/hqdefault.jpg");
  EXPECT_THAT(entry.media[0].caption, ::testing::StartsWith("Check Out Weathered on PBS Terra"));
}

TEST(ItemExtensions, RealFeedVimeoPlayerAndCredit) {
  const ParsedFeed feed =
      parse_test::parse_ok<RssParser>(fixture_document("rss_2.0_vimeo_media.xml"));
  ASSERT_EQ(feed.items.size(), 1u);
  const RawItem& item = feed.items[0];
  ASSERT_EQ(item.media.size(), 1u);
  // No url attribute: the player is the way to the video.
  EXPECT_EQ(item.media[0].url, "https://player.vimeo.com/video/1013595996?h=b1b80eff69");
  EXPECT_EQ(item.media[0].medium, "video");
  EXPECT_EQ(item.media[0].credit, "Failla Wines");
  EXPECT_EQ(item.media[0].caption, "Oregon Harvest Update and Fall Release Date Set");
}

}  // namespace
}  // namespace newswired
