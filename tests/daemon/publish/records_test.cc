#include "daemon/publish/records.h"

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newswired {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

Article sample() {
  Article a;
  a.id = "0123456789abcdef0123456789abcdef";
  a.version = 3;
  a.source = {"demo-world", "file:demo/world-rss.xml", "rss"};
  a.url = "https://example.org/news/1";
  a.canonical_url = "https://example.org/news/1";
  a.title = "Title";
  a.fetched_at = "2024-05-01T12:00:00Z";
  a.content_hash = "ffff";
  return a;
}

std::map<std::string, std::string> header_map(const Record& r) {
  return {r.headers.begin(), r.headers.end()};
}

TEST(Records, ArticleRecordIsACloudEventInBinaryMode) {
  const Record r = article_record(sample(), "news.articles");
  EXPECT_EQ(r.topic, "news.articles");
  EXPECT_EQ(r.key, "0123456789abcdef0123456789abcdef");
  EXPECT_THAT(r.headers,
              ElementsAre(Pair("content-type", "application/json"), Pair("ce_specversion", "1.0"),
                          Pair("ce_id", "0123456789abcdef0123456789abcdef-v3"),
                          Pair("ce_source", "/newswired/sources/demo-world"),
                          Pair("ce_type", "org.newswired.article.v1"),
                          Pair("ce_time", "2024-05-01T12:00:00Z"),
                          Pair("ce_subject", "https://example.org/news/1"),
                          Pair("newswired_schema_version", "1")));
  const auto j = nlohmann::json::parse(r.value);
  EXPECT_EQ(j["id"], "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(j["version"], 3);
  EXPECT_EQ(j["source"]["name"], "demo-world");
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_FALSE(j.contains("duplicate_of"));
}

TEST(Records, EmptyOptionalAttributesAreLeftOut) {
  Article a = sample();
  a.url.clear();
  a.fetched_at.clear();
  const auto h = header_map(article_record(a, "t"));
  EXPECT_EQ(h.count("ce_subject"), 0u);
  EXPECT_EQ(h.count("ce_time"), 0u);
  EXPECT_EQ(h.at("ce_type"), "org.newswired.article.v1");
}

TEST(Records, DuplicateRecordCarriesTheOriginal) {
  Article a = sample();
  a.duplicate_of = DuplicateLink{"aaaa", "near_duplicate", 0.953125};
  const Record r = duplicate_record(a, "news.duplicates");
  EXPECT_EQ(r.topic, "news.duplicates");
  EXPECT_EQ(r.key, sample().id);
  const auto h = header_map(r);
  EXPECT_EQ(h.at("ce_type"), "org.newswired.duplicate.v1");
  EXPECT_EQ(h.at("ce_id"), sample().id + "-v3");
  EXPECT_EQ(h.at("newswired_schema_version"), "1");
  const auto j = nlohmann::json::parse(r.value);
  EXPECT_EQ(
      j["duplicate_of"],
      (nlohmann::json{{"id", "aaaa"}, {"reason", "near_duplicate"}, {"similarity", 0.953125}}));
  EXPECT_EQ(j["title"], "Title");
}

TEST(Records, ArticleWithInvalidUtf8StillSerialises) {
  Article a = sample();
  a.title = "bad \xff byte";
  const auto j = nlohmann::json::parse(article_record(a, "t").value);
  EXPECT_EQ(j["title"], "bad \xEF\xBF\xBD byte");
}

DeadLetter letter(std::string payload) {
  return {"demo-world",          "parse", "not XML", "https://example.org/feed", std::move(payload),
          "2024-05-01T12:00:00Z"};
}

TEST(Records, DeadLetterRecord) {
  const Record r = dead_letter_record(letter("<rss"), "news.deadletter");
  EXPECT_EQ(r.topic, "news.deadletter");
  EXPECT_EQ(r.key, "demo-world");
  const auto h = header_map(r);
  EXPECT_EQ(h.at("content-type"), "application/json");
  EXPECT_EQ(h.at("ce_specversion"), "1.0");
  EXPECT_EQ(h.at("ce_type"), "org.newswired.deadletter.v1");
  EXPECT_EQ(h.at("ce_source"), "/newswired/sources/demo-world");
  EXPECT_EQ(h.at("ce_time"), "2024-05-01T12:00:00Z");
  EXPECT_EQ(h.at("ce_subject"), "https://example.org/feed");
  EXPECT_EQ(h.at("ce_id").size(), 32u);
  const auto j = nlohmann::json::parse(r.value);
  EXPECT_EQ(j, (nlohmann::json{{"source", "demo-world"},
                               {"stage", "parse"},
                               {"reason", "not XML"},
                               {"url", "https://example.org/feed"},
                               {"at", "2024-05-01T12:00:00Z"},
                               {"payload", "<rss"},
                               {"payload_bytes", 4},
                               {"truncated", false}}));
}

TEST(Records, DeadLetterIdsTellFailuresApart) {
  const auto id = [](const DeadLetter& dl) {
    return header_map(dead_letter_record(dl, "t")).at("ce_id");
  };
  EXPECT_EQ(id(letter("x")), id(letter("x")));
  EXPECT_NE(id(letter("x")), id(letter("y")));
  DeadLetter later = letter("x");
  later.at = "2024-05-01T12:01:00Z";
  EXPECT_NE(id(letter("x")), id(later));
}

TEST(Records, DeadLetterPayloadIsCutAt64KiB) {
  const std::string big(kDeadLetterPayloadLimit + 1000, 'a');
  const auto j = nlohmann::json::parse(dead_letter_record(letter(big), "t").value);
  EXPECT_EQ(j["payload"].get<std::string>().size(), 64u * 1024);
  EXPECT_EQ(j["payload_bytes"], big.size());
  EXPECT_EQ(j["truncated"], true);

  const std::string exact(kDeadLetterPayloadLimit, 'a');
  const auto k = nlohmann::json::parse(dead_letter_record(letter(exact), "t").value);
  EXPECT_EQ(k["payload"].get<std::string>().size(), exact.size());
  EXPECT_EQ(k["truncated"], false);
}

TEST(Records, DeadLetterCutDoesNotSplitACharacter) {
  // "é" (2 bytes) straddles the limit: it is dropped whole, not turned into U+FFFD.
  std::string payload(kDeadLetterPayloadLimit - 1, 'a');
  payload += "\xC3\xA9tail";
  const auto j = nlohmann::json::parse(dead_letter_record(letter(payload), "t").value);
  EXPECT_EQ(j["payload"].get<std::string>(), std::string(kDeadLetterPayloadLimit - 1, 'a'));
  EXPECT_EQ(j["payload_bytes"], payload.size());
  EXPECT_EQ(j["truncated"], true);
}

TEST(Records, DeadLetterInvalidUtf8IsReplaced) {
  const Record r = dead_letter_record(letter("ok \xff\xfe end"), "t");
  const auto j = nlohmann::json::parse(r.value);  // valid JSON, valid UTF-8
  EXPECT_EQ(j["payload"], "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(j["payload_bytes"], 9);
}

TEST(Records, DeadLetterWithoutSourceUsesTheDaemonAsSource) {
  DeadLetter dl = letter("x");
  dl.source.clear();
  dl.url.clear();
  const auto h = header_map(dead_letter_record(dl, "t"));
  EXPECT_EQ(h.at("ce_source"), "/newswired");
  EXPECT_EQ(h.count("ce_subject"), 0u);
}

}  // namespace
}  // namespace newswired
