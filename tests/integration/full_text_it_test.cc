// fetch_full_text end to end: a teaser feed on nginx, the item's page a copy whose canonical page
// holds the article; the record on Kafka carries the page's full text, and so does a new
// version when the item changes.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/environment.h"
#include "tests/support/article_schema.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string page(const std::string& head, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head>" + head + "</head><body>" +
         "<nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a></nav>" + body +
         "<footer>Share this story · Print · © Example News</footer></body></html>";
}

TEST(FullTextIntegration, TeaserItemsCarryTheirPagesText) {
  const IntegrationEnv env = integration_env("fulltext");
  const std::string base = env.base_url + "/" + env.prefix;
  std::string paragraphs;
  for (const char* p :
       {"The port authority reopened the harbour on Tuesday after the storm passed, and the first "
        "ferries left on schedule.",
        "Crews had worked through the night to clear debris from the channel, the authority said.",
        "Shipping companies expect the backlog of containers to clear by the end of the week."}) {
    paragraphs += std::string("<p>") + p + "</p>";
  }
  std::ofstream(env.docroot / "story.html") << page(
      "<title>Harbour reopens | Example News</title>"
      "<meta name=\"author\" content=\"R. Jensen\">"
      "<meta property=\"og:image\" content=\"ferry.jpg\">",
      "<article><h1>Harbour reopens</h1>" + paragraphs + "</article>");
  std::ofstream(env.docroot / "amp.html")
      << page("<link rel=\"canonical\" href=\"story.html\"><title>Harbour reopens</title>",
              "<p>Harbour reopens: read the story.</p>");
  auto write_teaser = [&](const std::string& description) {
    std::ofstream(env.docroot / "teaser.xml")
        << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Teasers</title>"
           "<link>https://wire.test/</link><language>en</language>"
           "<item><title>Harbour reopens</title><link>"
        << base << "/amp.html</link><guid>harbour-1</guid><description>" << description
        << "</description><pubDate>Tue, 12 May 2015 12:03:00 GMT</pubDate></item></channel></rss>";
  };
  write_teaser("The harbour is open.");

  const std::string topic = env.prefix + ".articles";
  const std::string config = (env.work / "newswired.yaml").string();
  std::ofstream(config) << "sources:\n  - { name: teasers, url: " << base
                        << "/teaser.xml, fetch_full_text: true }\n"
                        << "kafka:\n  brokers: " << env.bootstrap
                        << "\n  topics: { articles: " << topic << ", duplicates: " << env.prefix
                        << ".duplicates, dead_letter: " << env.prefix << ".deadletter }\n"
                        << "metrics: { listen: \"\" }\n"
                        << "state_dir: " << (env.work / "state").string() << "\n";
  const std::string log = (env.work / "once").string();
  ASSERT_EQ(run({NW_DAEMON, "run", "--once", "--config", config}, log), 0)
      << read_file(log + ".err");

  const auto records = read_topic(env.bootstrap, topic);
  ASSERT_EQ(records.size(), 1u);
  const json a = json::parse(records[0].value);
  EXPECT_EQ(article_schema_errors(a), "") << a.dump(2);
  const std::string body = a["body_text"];
  EXPECT_EQ(body.rfind("The port authority reopened the harbour", 0), 0u) << body;
  EXPECT_NE(body.find("clear by the end of the week."), std::string::npos) << body;
  EXPECT_EQ(body.find("Share this story"), std::string::npos) << body;
  EXPECT_EQ(a["summary"], "The harbour is open.");  // the feed's own, kept
  EXPECT_EQ(a["canonical_url"], base + "/story.html");
  EXPECT_EQ(a["url"], base + "/amp.html");
  EXPECT_EQ(a["authors"], json::array({"R. Jensen"}));
  ASSERT_EQ(a["media"].size(), 1u);
  EXPECT_EQ(a["media"][0]["url"], base + "/ferry.jpg");

  // The teaser changes and so does the page: the new version carries the page's new text.
  write_teaser("The harbour is open again.");
  std::ofstream(env.docroot / "story.html")
      << page("<title>Harbour reopens | Example News</title>",
              "<article><h1>Harbour reopens</h1>" + paragraphs +
                  "<p>Update: a second ferry line resumed service in the afternoon, the operator "
                  "said.</p></article>");
  ASSERT_EQ(run({NW_DAEMON, "run", "--once", "--config", config}, log), 0)
      << read_file(log + ".err");
  const auto after = read_topic(env.bootstrap, topic);
  ASSERT_EQ(after.size(), 2u);
  const json v2 = json::parse(after[1].value);
  EXPECT_EQ(v2["id"], a["id"]);
  EXPECT_EQ(v2["version"], 2);
  EXPECT_NE(v2["body_text"].get<std::string>().find("a second ferry line resumed"),
            std::string::npos)
      << v2["body_text"];
}

}  // namespace
}  // namespace newswired::testing
