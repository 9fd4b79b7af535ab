// fetch_full_text against the in-process HTTP server: the page's article replaces a teaser,
// a copy is followed to its canonical page, and a failed page leaves the feed's article alone.

#include "daemon/fetch/full_text.h"

#include <gtest/gtest.h>

#include "tests/daemon/fetch/test_server.h"

namespace newswired {
namespace {

using testing::TestServer;

TestServer& server() {
  static TestServer s;
  return s;
}

Article teaser(const std::string& url) {
  Article a;
  a.source.name = "wire";
  a.url = url;
  a.canonical_url = url;
  a.title = "Talks resume";
  a.body_text = "Ministers met again.";
  a.content_hash = "0123456789abcdef0123456789abcdef";
  return a;
}

SourceConfig source() {
  SourceConfig s;
  s.name = "wire";
  s.fetch_full_text = true;
  return s;
}

TEST(FullText, PageArticleReplacesTheTeaser) {
  Article a = teaser(server().url("/article"));
  ASSERT_EQ(fetch_full_text(a, FetchConfig{}, source()), "");
  EXPECT_NE(a.body_text.find("Paragraph 1 of the full story"), std::string::npos) << a.body_text;
  EXPECT_NE(a.body_text.find("Paragraph 4 of the full story"), std::string::npos);
  EXPECT_NE(a.body_text.find("\n\n"), std::string::npos);  // paragraphs stay paragraphs
  EXPECT_EQ(a.body_text.find("Read more"), std::string::npos);
  EXPECT_EQ(a.body_text.find("Home"), std::string::npos);
  EXPECT_EQ(a.authors, (std::vector<std::string>{"Jane Roe"}));
  ASSERT_TRUE(a.published_at);
  EXPECT_EQ(*a.published_at, "2015-05-12T14:03:00Z");
  ASSERT_EQ(a.media.size(), 1u);
  EXPECT_EQ(a.media[0].url, server().url("/img/talks.jpg"));
  EXPECT_EQ(a.media[0].kind, "image");
  // Identity stays the feed's: the next poll of the item must not look like an update.
  EXPECT_EQ(a.content_hash, "0123456789abcdef0123456789abcdef");
}

TEST(FullText, CopyIsFollowedToItsCanonicalPageOnce) {
  server().reset();
  Article a = teaser(server().url("/article-amp"));
  ASSERT_EQ(fetch_full_text(a, FetchConfig{}, source()), "");
  EXPECT_EQ(a.canonical_url, server().url("/article"));
  EXPECT_NE(a.body_text.find("Paragraph 3 of the full story"), std::string::npos);
  EXPECT_EQ(server().requests("/article-amp"), 1);
  EXPECT_EQ(server().requests("/article"), 1);
}

TEST(FullText, FailedPageLeavesTheFeedsArticle) {
  Article a = teaser(server().url("/error"));
  EXPECT_EQ(fetch_full_text(a, FetchConfig{}, source()), "HTTP 500");
  EXPECT_EQ(a.body_text, "Ministers met again.");
  Article local = teaser("file:///etc/hostname");
  EXPECT_EQ(fetch_full_text(local, FetchConfig{}, source()), "the item has no web address");
}

TEST(FullText, ShorterPageTextDoesNotReplaceALongerFeedBody) {
  html_page::ExtractedPage page;
  page.body_html = "<p>Short.</p>";
  page.canonical_url = "https://Example.com:443/story?utm_source=x#top";
  Article a = teaser("https://example.com/story");
  a.body_text = "A feed body that is longer than the page's.";
  merge_page(a, page);
  EXPECT_EQ(a.body_text, "A feed body that is longer than the page's.");
  EXPECT_EQ(a.canonical_url, "https://example.com/story");
}

TEST(FullText, PoolHandsBackEveryItem) {
  Config config;
  config.sources.push_back(source());
  std::mutex mu;
  std::vector<std::string> done;
  {
    FullTextPool<Article> pool(
        config, 3, [](Article& a) -> Article& { return a; },
        [&](Article&& a, const std::string& error) {
          std::lock_guard lock(mu);
          done.push_back(error.empty() ? a.body_text.substr(0, 11) : error);
        });
    for (int i = 0; i < 6; ++i) pool.submit(teaser(server().url(i % 2 ? "/article" : "/error")));
    pool.close_and_join();
  }
  ASSERT_EQ(done.size(), 6u);
  EXPECT_EQ(std::count(done.begin(), done.end(), "HTTP 500"), 3);
  EXPECT_EQ(std::count(done.begin(), done.end(), "Paragraph 1"), 3);
}

}  // namespace
}  // namespace newswired
