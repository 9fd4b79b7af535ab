// `newswired parse`: the real binary over fixture feeds; every record must match the schema.

#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/article_schema.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

std::string scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("nw-parse-cmd-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return (dir / name).string();
}

std::vector<nlohmann::json> lines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(ParseCommand, EveryFixtureFeedGivesSchemaValidRecords) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(NW_FIXTURES) / "feeds")) {
    if (entry.path().extension() != ".xml") continue;
    const std::string name = entry.path().filename().string();
    const std::string log = scratch(name);
    const int rc = run({NW_DAEMON, "parse", "--source", "fixture", entry.path().string()}, log);
    if (name == "malformed.xml" || name == "unknown_root.xml") {
      EXPECT_EQ(rc, 1) << name;
      EXPECT_NE(read_file(log + ".err").find(name), std::string::npos) << name;
      continue;
    }
    ++files;
    EXPECT_EQ(rc, 0) << name << ": " << read_file(log + ".err");
    for (const auto& record : lines(log + ".out")) {
      EXPECT_EQ(article_schema_errors(record), "") << name << ": " << record.dump(2);
      EXPECT_EQ(record["source"]["name"], "fixture");
    }
  }
  EXPECT_GE(files, 10);
}

TEST(ParseCommand, PlainTextArticleAndSanitizedHtml) {
  const std::string fixtures = std::string(NW_FIXTURES) + "/text/";
  const std::string text_log = scratch("text");
  ASSERT_EQ(run({NW_DAEMON, "parse", "--format", "text", fixtures + "river-treaty.txt"}, text_log),
            0)
      << read_file(text_log + ".err");
  const auto text = lines(text_log + ".out");
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(article_schema_errors(text[0]), "") << text[0].dump(2);  // media without url
  EXPECT_EQ(text[0]["source"]["format"], "text");
  EXPECT_EQ(text[0]["media"][0]["url"], "");
  EXPECT_FALSE(text[0].contains("body_html"));

  const std::string rss_log = scratch("rss-html");
  ASSERT_EQ(run({NW_DAEMON, "parse", "--body-html", fixtures + "river-treaty.rss"}, rss_log), 0);
  const auto rss = lines(rss_log + ".out");
  ASSERT_EQ(rss.size(), 1u);
  EXPECT_EQ(article_schema_errors(rss[0]), "") << rss[0].dump(2);
  EXPECT_EQ(rss[0]["body_text"], text[0]["body_text"]);
  const std::string html = rss[0]["body_html"];
  EXPECT_EQ(html.rfind("<p>Three days of talks", 0), 0u) << html;
  EXPECT_NE(html.find("<h2>Low water</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<img src=\"https://news.example/img/lock.jpg\" alt=\"Barges\">"),
            std::string::npos)
      << html;
  for (const char* absent : {"class=", "share-bar", "Facebook", "Advertisement", "<div", "<span"})
    EXPECT_EQ(html.find(absent), std::string::npos) << absent << " in " << html;

  // Plain text is never auto-detected: an error naming the file, not an article.
  const std::string auto_log = scratch("text-auto");
  EXPECT_EQ(run({NW_DAEMON, "parse", fixtures + "river-treaty.txt"}, auto_log), 1);
  EXPECT_NE(read_file(auto_log + ".err").find("unrecognised format"), std::string::npos);
}

TEST(ParseCommand, PrintsOneCleanArticlePerItem) {
  const std::string log = scratch("demo");
  ASSERT_EQ(
      run({NW_DAEMON, "parse", std::string(NW_SOURCE_DIR) + "/configs/demo/world-rss.xml"}, log),
      0);
  const auto records = lines(log + ".out");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["title"], "Foreign ministers meet in Geneva as ceasefire talks resume");
  EXPECT_EQ(records[0]["canonical_url"],
            "https://demo.newswired.example/world/2026/11/ceasefire-talks-geneva");
  EXPECT_EQ(records[0]["published_at"], "2026-11-27T08:15:00Z");
  EXPECT_EQ(records[0]["body_text"],
            "Talks resumed on Friday after a two-week pause.\n\nDelegations said the first session "
            "was \u201cconstructive\u201d & agreed to meet again on Monday.");
  EXPECT_EQ(records[2]["url"],
            "https://demo.newswired.example/world/2026/11/central-bank-holds-rates");
}

TEST(ParseCommand, UnreadableFileAndUnknownFormatAreErrors) {
  const std::string log = scratch("missing");
  EXPECT_EQ(run({NW_DAEMON, "parse", "/nonexistent/feed.xml"}, log), 1);
  EXPECT_NE(read_file(log + ".err").find("/nonexistent/feed.xml: cannot read"), std::string::npos);
  EXPECT_EQ(run({NW_DAEMON, "parse", "--format", "pdf", "x.xml"}, log), 2);
  EXPECT_NE(read_file(log + ".err").find("unknown format 'pdf'"), std::string::npos);
}

TEST(ArticleSchema, RejectsRecordsThatBreakIt) {
  const std::string log = scratch("schema");
  ASSERT_EQ(
      run({NW_DAEMON, "parse", std::string(NW_SOURCE_DIR) + "/configs/demo/world-rss.xml"}, log),
      0);
  const nlohmann::json good = lines(log + ".out").at(0);
  ASSERT_EQ(article_schema_errors(good), "");
  auto broken = good;
  broken["published_at"] = "12 May 2015";
  EXPECT_NE(article_schema_errors(broken), "");
  broken = good;
  broken.erase("content_hash");
  EXPECT_NE(article_schema_errors(broken), "");
  broken = good;
  broken["surprise"] = true;
  EXPECT_NE(article_schema_errors(broken), "");
}

TEST(ParseCommand, GzipFilesAreReadAsWhatTheyHold) {
  const std::string page = std::string(NW_FIXTURES) + "/html/news_article.html";
  const std::string gz = scratch("page");
  ASSERT_EQ(run({"/bin/gzip", "-c", page}, gz), 0);  // the compressed page is gz + ".out"
  const std::string plain_log = scratch("page-plain");
  const std::string gz_log = scratch("page-gz");
  ASSERT_EQ(run({NW_DAEMON, "parse", "--format", "html", page}, plain_log), 0);
  ASSERT_EQ(run({NW_DAEMON, "parse", gz + ".out"}, gz_log), 0) << read_file(gz_log + ".err");
  const auto plain = lines(plain_log + ".out");
  const auto inflated = lines(gz_log + ".out");
  ASSERT_EQ(plain.size(), 1u);
  ASSERT_EQ(inflated.size(), 1u);
  EXPECT_EQ(inflated[0]["source"]["format"], "html");  // sniffed after inflating
  EXPECT_FALSE(plain[0]["body_text"].get<std::string>().empty());
  EXPECT_EQ(inflated[0]["body_text"], plain[0]["body_text"]);
  EXPECT_EQ(inflated[0]["title"], plain[0]["title"]);
}

}  // namespace
}  // namespace newswired::testing
