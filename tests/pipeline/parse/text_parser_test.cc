#include "pipeline/parse/text_parser.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"

namespace newswired {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Document document(std::string body, std::string format) {
  Document doc;
  doc.source = {"test", "", std::move(format)};
  doc.url = "file:///fixture";
  doc.body = std::move(body);
  doc.fetched_at = "2024-03-12T10:00:00Z";
  return doc;
}

// parse_document and normalize, as the daemon runs them.
Article article_from(const std::string& body, const std::string& format) {
  const Document doc = document(body, format);
  Outcome<ParsedFeed> parsed = parse_document(doc);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.reason());
  if (!parsed.ok() || parsed.value().items.size() != 1) {
    ADD_FAILURE() << "expected one item";
    return {};
  }
  return normalize_fields(parsed.value().items[0], parsed.value().meta, doc);
}

const std::string kFixtures = std::string(NW_FIXTURES) + "/text/";

TEST(TextParser, ScrapedPageBecomesOneCleanArticle) {
  const Article a = article_from(read(kFixtures + "river-treaty.txt"), "text");
  EXPECT_EQ(a.source.format, "text");
  EXPECT_EQ(a.title, "Ministers fail to agree on Danube shipping rules");
  EXPECT_EQ(a.published_at, "2024-03-12T00:00:00Z");
  EXPECT_EQ(a.url, "https://news.example/p/4Rk2q");
  EXPECT_EQ(a.summary.rfind("Three days of talks in Vienna", 0), 0u) << a.summary;
  EXPECT_EQ(a.summary.find('\n'), std::string::npos);
  EXPECT_EQ(a.body_text.rfind(a.summary, 0), 0u) << a.body_text;
  // Markup characters of the text are text.
  EXPECT_NE(a.body_text.find("\"frank & useful\""), std::string::npos);
  EXPECT_NE(a.body_text.find("fees <per tonne> should"), std::string::npos);
  EXPECT_NE(a.body_text.find("\n\nLow water\n\n"), std::string::npos);
  EXPECT_TRUE(a.body_text.ends_with("planned for June in Budapest.")) << a.body_text;
  for (const char* absent :
       {"Skip to", "Home >", "news.example", "Share", "Facebook", "Barges", "picture-alliance",
        "Advertisement", "Read more", "jm/rc", "Related", "cruise season"}) {
    EXPECT_EQ(a.body_text.find(absent), std::string::npos) << absent << " in\n" << a.body_text;
  }
  EXPECT_EQ(a.authors, (std::vector<std::string>{"jm", "rc"}));
  ASSERT_EQ(a.tags.agencies.size(), 3u);
  EXPECT_EQ(a.tags.agencies[0].id, "agency:ap");
  EXPECT_EQ(a.tags.agencies[1].name, "AFP");
  EXPECT_EQ(a.tags.agencies[2].name, "dpa");
  ASSERT_EQ(a.media.size(), 1u);
  EXPECT_EQ(a.media[0].caption, "Barges waiting at the lock of Gab\u010d\u00edkovo");
  EXPECT_EQ(a.media[0].credit, "picture-alliance/dpa/A. Weber");
}

TEST(TextParser, FeedItemWithTheFullTextGivesTheSameArticle) {
  const Article text = article_from(read(kFixtures + "river-treaty.txt"), "text");
  const Article rss = article_from(read(kFixtures + "river-treaty.rss"), "auto");
  EXPECT_EQ(rss.source.format, "rss");
  EXPECT_EQ(rss.title, text.title);
  EXPECT_EQ(rss.body_text, text.body_text);
  EXPECT_EQ(rss.summary, text.summary);
  EXPECT_EQ(rss.authors, text.authors);
  ASSERT_EQ(rss.tags.agencies.size(), text.tags.agencies.size());
  for (std::size_t i = 0; i < rss.tags.agencies.size(); ++i)
    EXPECT_EQ(rss.tags.agencies[i].id, text.tags.agencies[i].id);
  ASSERT_FALSE(rss.media.empty());
  EXPECT_EQ(rss.media.back().credit, "picture-alliance/dpa/A. Weber");
}

TEST(TextParser, DateLines) {
  struct Case {
    const char* line;
    const char* expected;
  };
  for (const Case& c :
       {Case{"May 12, 2015", "2015-05-12T00:00:00Z"}, Case{"12 May 2015", "2015-05-12T00:00:00Z"},
        Case{"12.05.2015", "2015-05-12T00:00:00Z"}, Case{"Date 12.05.2015", "2015-05-12T00:00:00Z"},
        Case{"2015-05-12", "2015-05-12T00:00:00Z"},
        Case{"2015-05-12T14:03:00+02:00", "2015-05-12T12:03:00Z"},
        Case{"Tue, 12 May 2015 14:03:00 GMT", "2015-05-12T14:03:00Z"}}) {
    const Article a = article_from(
        std::string("Title of the story\n\n") + c.line + "\n\nThe lede of the story.\n", "text");
    EXPECT_EQ(a.published_at, c.expected) << c.line;
    EXPECT_EQ(a.body_text, "The lede of the story.") << c.line;
  }
}

TEST(TextParser, TitleIsTheFirstSubstantialLine) {
  // Date and link before the title, a separator, navigation: none of them is the title.
  const Article a = article_from(
      "\xef\xbb\xbfSkip to main content\n***\n12.05.2015\nhttps://s.example/x\n\n"
      "The real title\nThe lede, right under it.\n\n2015\n",
      "text");
  EXPECT_EQ(a.title, "The real title");
  EXPECT_EQ(a.published_at, "2015-05-12T00:00:00Z");
  EXPECT_EQ(a.url, "https://s.example/x");
  EXPECT_EQ(a.body_text, "The lede, right under it.\n\n2015");
}

TEST(TextParser, TitleOnlyAndEmptyDocuments) {
  const Article a = article_from("Only a headline\n", "text");
  EXPECT_EQ(a.title, "Only a headline");
  EXPECT_EQ(a.body_text, "");
  const TextParser parser;
  Outcome<ParsedFeed> empty = parser.parse(document(" \n\n \n", "text"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.value().items.empty());
  EXPECT_FALSE(empty.value().warnings.empty());
}

TEST(TextParser, RefusesMarkupAndJson) {
  const TextParser parser;
  for (const char* body :
       {"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
        "  <!DOCTYPE html><html><body><p>x</p></body></html>", "<p>fragment</p>",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", "[1, 2]"}) {
    EXPECT_FALSE(parser.parse(document(body, "text")).ok()) << body;
  }
  EXPECT_TRUE(parser.parse(document("[Update] Title\n\nText.", "text")).ok());
}

TEST(TextParser, NeverSniffedAndAutoNeverPicksIt) {
  const TextParser parser;
  for (const char* body : {"Plain title\n\nPlain text.", "<rss version=\"2.0\"/>",
                           "<html><body>x</body></html>", "{\"items\": []}", ""}) {
    EXPECT_FALSE(parser.sniff(body)) << body;
  }
  ASSERT_NE(find_parser("text"), nullptr);
  const std::vector<std::string> formats = known_formats();
  EXPECT_NE(std::find(formats.begin(), formats.end(), "text"), formats.end());
  // Plain text under `format: auto` is an error, not an article.
  EXPECT_FALSE(parse_document(document("Plain title\n\nPlain text.", "auto")).ok());
}

TEST(TextParser, SeedArticle) {
  const std::filesystem::path seed = std::filesystem::path(NW_SOURCE_DIR) / ".." / "shared" /
                                     "seeds" /
                                     "dw-2015-05-12-no-breakthrough-in-us-russia-talks.txt";
  if (!std::filesystem::exists(seed)) GTEST_SKIP() << "corpus absent: " << seed;
  const Article a = article_from(read(seed.string()), "text");
  EXPECT_EQ(a.title, "'No breakthrough' in US-Russia talks");
  EXPECT_EQ(a.published_at, "2015-05-12T00:00:00Z");
  EXPECT_EQ(a.url, "https://p.dw.com/p/1FOuM");
  EXPECT_EQ(a.body_text.rfind("Despite \"frank discussions\"", 0), 0u) << a.body_text;
  EXPECT_EQ(a.summary.rfind("Despite \"frank discussions\"", 0), 0u);
  for (const char* absent : {"Skip to", "p.dw.com", "John Kerry and Sergei Lawrow",
                             "Image:", "J. Roberts", "ksb/kms", "(Reuters, AFP, AP, dpa)"}) {
    EXPECT_EQ(a.body_text.find(absent), std::string::npos) << absent;
  }
  EXPECT_NE(a.body_text.find("\n\nRoll back sanctions\n\n"), std::string::npos);
  EXPECT_NE(a.body_text.find("\n\nCeasefire violations\n\n"), std::string::npos);
  EXPECT_TRUE(a.body_text.ends_with("chemical weapons in Syria.")) << a.body_text;
  EXPECT_EQ(a.authors, (std::vector<std::string>{"ksb", "kms"}));
  std::vector<std::string> agencies, ids;
  for (const Tag& t : a.tags.agencies) {
    agencies.push_back(t.name);
    ids.push_back(t.id);
    EXPECT_EQ(t.type, "agency");
  }
  EXPECT_EQ(agencies, (std::vector<std::string>{"Reuters", "AFP", "AP", "dpa"}));
  EXPECT_EQ(ids,
            (std::vector<std::string>{"agency:reuters", "agency:afp", "agency:ap", "agency:dpa"}));
  ASSERT_EQ(a.media.size(), 1u);
  EXPECT_EQ(a.media[0].kind, "image");
  EXPECT_EQ(a.media[0].caption, "John Kerry and Sergei Lawrow");
  EXPECT_EQ(a.media[0].credit, "Reuters/J. Roberts");
}

}  // namespace
}  // namespace newswired
