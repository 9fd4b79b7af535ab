// The whole parse -> normalize -> dedupe -> tag path on one thread, stage by stage: µs per
// article per stage and articles/s for the path. Two inputs: RSS feeds of news-sized items
// (2-4 KB of HTML each, paragraphs from the project's own test stories) and, when it is there,
// every feed of the shared corpus.
//   whole_pipeline_bench [CORPUS_DIR]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench/corpus_documents.h"
#include "bench/story_paragraphs.h"
#include "pipeline/core/article_json.h"
#include "pipeline/core/markup_escape.h"
#include "pipeline/dedupe/deduplicator.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"
#include "pipeline/tag/rule_tagger.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Feeds of `per_feed` items; item bodies of 2-4 KB drawn from the story paragraphs.
std::vector<Document> news_feeds(int feeds, int per_feed) {
  const auto paragraphs = story_paragraphs();
  std::mt19937 rng(11);
  std::vector<Document> docs;
  for (int f = 0; f < feeds; ++f) {
    std::string rss =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
        "<title>Wire " +
        std::to_string(f) + "</title><link>https://wire" + std::to_string(f) +
        ".example/</link><language>en</language>\n";
    for (int i = 0; i < per_feed; ++i) {
      const std::size_t target = 2048 + rng() % 2048;
      std::string body;
      while (body.size() < target)
        body += "<p>" + markup_escaped(paragraphs[rng() % paragraphs.size()]) + "</p>\n";
      const std::string n = std::to_string(f) + "-" + std::to_string(i);
      rss += "<item><title>Council and ministers meet over the harbour contract, story " + n +
             "</title><link>https://wire" + std::to_string(f) + ".example/story/" + n +
             "?utm_source=rss</link><guid isPermaLink=\"false\">" + n +
             "</guid><pubDate>Tue, 12 May 2015 14:03:00 +0200</pubDate><dc:creator>Desk " +
             std::to_string(i % 17) +
             "</dc:creator><category>World</category><description><![CDATA[" +
             body.substr(0, body.find("</p>") + 4) + "]]></description><content:encoded><![CDATA[" +
             body + "]]></content:encoded></item>\n";
    }
    Document d;
    d.source = {"wire" + std::to_string(f), "https://wire" + std::to_string(f) + ".example/rss",
                "auto"};
    d.url = d.source.url;
    d.body = rss + "</channel></rss>\n";
    d.fetched_at = "2026-01-01T00:00:00Z";
    docs.push_back(std::move(d));
  }
  return docs;
}

// Delivery reports recorded per state transaction, as the daemon's publisher gets them in one
// poll of librdkafka under load (the daemon records each poll's reports together).
std::size_t kAckBatch = 64;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// NW_DUMP_RECORDS=PATH: each article's published JSON and dedupe verdict, one a line, to
// PATH.<input>, so that a change to the path can be shown to keep its output byte for byte.
void dump_records(const std::string& path, const std::vector<Article>& articles,
                  const std::vector<DedupeDecision>& decisions) {
  std::ofstream out(path, std::ios::binary);
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const auto& d = decisions[i];
    out << to_string(d.verdict) << ' ' << d.reason << ' ' << d.near_ref << ' '
        << article_to_json(articles[i])
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
  }
}

void run(const char* label, const char* input, const std::vector<Document>& docs,
         const TagMatcher& tagger) {
  const char* dump_path = std::getenv("NW_DUMP_RECORDS");
  std::vector<DedupeDecision> decisions;
  std::size_t bytes = 0;
  for (const auto& d : docs) bytes += d.body.size();
  // Parse.
  auto t = Clock::now();
  std::vector<std::pair<const Document*, ParsedFeed>> parsed;
  for (const auto& d : docs)
    if (auto p = parse_document(d); p.ok()) parsed.emplace_back(&d, std::move(p.value()));
  const double parse_s = seconds_since(t);
  // Normalize.
  t = Clock::now();
  std::vector<Article> articles;
  for (const auto& [doc, feed] : parsed)
    for (const auto& item : feed.items)
      if (auto a = normalize_item(item, feed.meta, *doc); a.ok())
        articles.push_back(std::move(a.value()));
  const double normalize_s = seconds_since(t);
  std::size_t text_bytes = 0;
  for (const auto& a : articles)
    text_bytes += a.title.size() + a.summary.size() + a.body_text.size();
  // Dedupe: check and the write that follows Kafka's acknowledgement.
  const fs::path dir = fs::temp_directory_path() / ("nw-bench-whole-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  double dedupe_s = 0;
  std::size_t duplicates = 0;
  {
    auto store = StateStore::open(dir.string(), Deduplicator::tables()).value();
    Deduplicator dedupe(store);
    t = Clock::now();
    std::vector<Delivery> acked;
    std::vector<const Delivery*> batch;
    const auto record = [&] {
      batch.clear();
      for (const auto& d : acked) batch.push_back(&d);
      dedupe.commit_all(batch);
      acked.clear();
    };
    for (auto& a : articles) {
      const auto d = dedupe.check(a);
      if (dump_path) decisions.push_back(d);
      duplicates += d.verdict == DedupeDecision::Verdict::kDuplicate;
      acked.push_back(dedupe.delivery(a, d));
      if (acked.size() == kAckBatch) record();
    }
    record();
    dedupe_s = seconds_since(t);
  }
  fs::remove_all(dir);
  // Tag.
  t = Clock::now();
  std::size_t tags = 0;
  for (auto& a : articles) {
    tagger.tag(a);
    tags += a.tags.topics.size() + a.tags.entities.size() + a.tags.places.size();
  }
  const double tag_s = seconds_since(t);

  if (dump_path) dump_records(std::string(dump_path) + "." + input, articles, decisions);
  const double n = static_cast<double>(articles.size());
  const double total = parse_s + normalize_s + dedupe_s + tag_s;
  std::printf(
      "%s: %zu feeds, %.1f MB, %zu articles (%.0f bytes of text each), %zu duplicates, "
      "%.1f tags each\n",
      label, docs.size(), static_cast<double>(bytes) / 1e6, articles.size(),
      static_cast<double>(text_bytes) / n, duplicates, static_cast<double>(tags) / n);
  std::printf("  us/article: parse %.1f  normalize %.1f  dedupe %.1f  tag %.1f  = %.1f\n",
              1e6 * parse_s / n, 1e6 * normalize_s / n, 1e6 * dedupe_s / n, 1e6 * tag_s / n,
              1e6 * total / n);
  std::printf("  whole path: %.0f articles/s on one core\n", n / total);
}

}  // namespace
}  // namespace newswired

int main(int argc, char** argv) {
  using namespace newswired;
  if (const char* batch = std::getenv("NW_ACK_BATCH")) kAckBatch = std::stoul(batch);
  auto tagger = load_tag_matcher(std::string(NW_SOURCE_DIR) + "/configs/tagging");
  if (!tagger.ok()) {
    std::fprintf(stderr, "%s\n", tagger.reason().c_str());
    return 1;
  }
  run("news items 2-4 KB", "news", news_feeds(20, 500), *tagger.value());
  const fs::path corpus =
      argc > 1 ? fs::path(argv[1]) : fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "feeds";
  if (fs::is_directory(corpus)) {
    run("shared corpus", "corpus", bench::corpus_documents(corpus), *tagger.value());
  } else {
    std::printf("shared corpus: absent (%s not found)\n", corpus.string().c_str());
  }
  return 0;
}
