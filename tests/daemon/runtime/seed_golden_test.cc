// The seed as a golden test: the DW article the project started from, as scraped text, as a web
// page and as an RSS item with the full text, must become the same clean, tagged article.
// The page and the item are built from the seed at test time (tests/fixtures/golden).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pipeline/core/markup_escape.h"
#include "tests/support/article_schema.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSeed = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "seeds" /
                       "dw-2015-05-12-no-breakthrough-in-us-russia-talks.txt";

fs::path scratch() {
  auto dir = fs::temp_directory_path() / ("nw-seed-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

// {{Ln}} in the template becomes the n-th non-empty line of the seed, trimmed and escaped.
std::string fill(const std::string& tmpl, const std::vector<std::string>& lines) {
  std::string out = tmpl;
  for (std::size_t n = lines.size(); n >= 1; --n) {  // L21 before L2
    const std::string key = "{{L" + std::to_string(n) + "}}";
    const std::string value = markup_escaped(lines[n - 1], MarkupContext::kAttribute);
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
      out.replace(at, key.size(), value);
  }
  return out;
}

std::vector<std::string> seed_lines() {
  std::vector<std::string> lines;
  std::istringstream in(read_file(kSeed.string()));
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    lines.push_back(line.substr(first, line.find_last_not_of(" \t\r") - first + 1));
  }
  return lines;
}

json parse_one(const std::vector<std::string>& args, const std::string& label) {
  const std::string log = (scratch() / label).string();
  std::vector<std::string> argv{NW_DAEMON, "parse"};
  argv.insert(argv.end(), args.begin(), args.end());
  EXPECT_EQ(run(argv, log), 0) << read_file(log + ".err");
  std::istringstream out(read_file(log + ".out"));
  std::string line;
  std::getline(out, line);
  if (line.empty()) {
    ADD_FAILURE() << label << ": no article; " << read_file(log + ".err");
    return json::object();
  }
  return json::parse(line);
}

std::set<std::string> ids(const json& tags) {
  std::set<std::string> out;
  for (const auto& t : tags) out.insert(t["id"].get<std::string>());
  return out;
}

std::set<std::string> names(const json& tags) {
  std::set<std::string> out;
  for (const auto& t : tags) out.insert(t["name"].get<std::string>());
  return out;
}

void expect_golden(const json& a, const std::string& path) {
  SCOPED_TRACE(path);
  EXPECT_EQ(article_schema_errors(a), "") << a.dump(2);
  EXPECT_EQ(a["title"], "'No breakthrough' in US-Russia talks");
  ASSERT_TRUE(a["published_at"].is_string());
  EXPECT_EQ(a["published_at"].get<std::string>().substr(0, 10), "2015-05-12");
  EXPECT_EQ(a["url"], "https://p.dw.com/p/1FOuM");
  EXPECT_EQ(a["language"], "en");

  const std::string body = a["body_text"];
  EXPECT_EQ(body.rfind("Despite \"frank discussions\"", 0), 0u) << body.substr(0, 200);
  for (const char* absent : {"Skip to", "p.dw.com", "John Kerry and Sergei Lawrow",
                             "Image: Reuters", "J. Roberts", "ksb/kms", "(Reuters, AFP"}) {
    EXPECT_EQ(body.find(absent), std::string::npos) << "'" << absent << "' in the body";
  }
  EXPECT_NE(body.find("chemical weapons in Syria."), std::string::npos);
  EXPECT_NE(body.find("\n\nRoll back sanctions\n\n"), std::string::npos);

  EXPECT_EQ(a["authors"], json::array({"ksb", "kms"}));
  const std::set<std::string> agencies = names(a["tags"]["agencies"]);
  for (const char* agency : {"Reuters", "AFP", "AP", "dpa"})
    EXPECT_TRUE(agencies.contains(agency)) << agency << " missing: " << a["tags"]["agencies"];

  const json& entities = a["tags"]["entities"];
  const std::set<std::string> people = names(entities);
  for (const char* person : {"John Kerry", "Sergei Lavrov", "Vladimir Putin"})
    EXPECT_TRUE(people.contains(person)) << person << " missing: " << entities;
  EXPECT_EQ(std::count_if(entities.begin(), entities.end(),
                          [](const json& e) {
                            return e["name"].get<std::string>().find("Lav") != std::string::npos;
                          }),
            1)
      << "Lavrov must be one entity: " << entities;

  const std::set<std::string> places = ids(a["tags"]["places"]);
  for (const char* country : {"US", "RU", "UA", "SY", "YE", "LY"})
    EXPECT_TRUE(places.contains(std::string("iso3166:") + country)) << country << " missing";
  const json& all_places = a["tags"]["places"];
  EXPECT_TRUE(std::any_of(all_places.begin(), all_places.end(), [](const json& p) {
    return p["name"] == "Sochi" && p.value("country", "") == "RU";
  })) << all_places;

  const std::set<std::string> topics = ids(a["tags"]["topics"]);
  for (const char* topic :
       {"medtop:20000639" /* diplomacy */, "medtop:20000056" /* armed conflict */,
        "medtop:20000642" /* economic sanction */})
    EXPECT_TRUE(topics.contains(topic)) << topic << " missing: " << a["tags"]["topics"];
}

class SeedGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSeed)) GTEST_SKIP() << "seed absent: " << kSeed << " not found";
    lines_ = seed_lines();
    ASSERT_EQ(lines_.size(), 21u) << "the seed changed: the templates number its lines";
  }
  std::string built(const std::string& tmpl, const std::string& name) const {
    const fs::path out = scratch() / name;
    std::ofstream(out) << fill(read_file(std::string(NW_FIXTURES) + "/golden/" + tmpl), lines_);
    return out.string();
  }
  std::vector<std::string> lines_;
};

TEST_F(SeedGolden, ScrapedText) {
  const json a = parse_one({"--format", "text", kSeed.string()}, "text");
  expect_golden(a, "text");
  ASSERT_FALSE(a["media"].empty());
  EXPECT_EQ(a["media"][0]["caption"], "John Kerry and Sergei Lawrow");
  EXPECT_EQ(a["media"][0]["credit"], "Reuters/J. Roberts");
}

TEST_F(SeedGolden, WebPageAndRssItemGiveTheSameArticle) {
  const json text = parse_one({"--format", "text", kSeed.string()}, "text-2");
  const json page =
      parse_one({"--format", "html", built("seed_page.html.in", "seed.html")}, "html");
  const json item = parse_one({built("seed_item.rss.in", "seed.rss")}, "rss");
  expect_golden(page, "html");
  ASSERT_FALSE(page["media"].empty());
  EXPECT_EQ(page["media"][0]["url"], "https://static.dw.example/image/kerry-lavrov.jpg");
  EXPECT_EQ(page["media"][0]["caption"], text["media"][0]["caption"]);
  EXPECT_EQ(page["media"][0]["credit"], text["media"][0]["credit"]);
  expect_golden(item, "rss");
  for (const char* field : {"title", "body_text", "authors"}) {
    EXPECT_EQ(page[field], text[field]) << "html vs text: " << field;
    EXPECT_EQ(item[field], text[field]) << "rss vs text: " << field;
  }
  for (const char* kind : {"topics", "entities", "places", "agencies"}) {
    EXPECT_EQ(ids(page["tags"][kind]), ids(text["tags"][kind])) << "html vs text: " << kind;
    EXPECT_EQ(ids(item["tags"][kind]), ids(text["tags"][kind])) << "rss vs text: " << kind;
  }
}

}  // namespace
}  // namespace newswired::testing
