// Fault suite, scenario 5: hostile and broken input, in two daemon runs. One polls good feeds
// beside feeds built to hurt a parser (billion laughs, external entities to a local file and
// to a server, invalid UTF-8, 10,000-deep nesting in XML, XHTML, HTML and JSON) and every
// malformed feed of the shared corpus (feedparser's "bozo" verdicts); the other, good feeds
// beside items of 5, 60 and 100 MB. Nothing may crash, hang or take unbounded memory; every
// document ends as articles or as a dead letter that names its source, its stage and a reason
// a person can act on; the good feeds' articles all arrive, once.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/faults/fault_config.h"
#include "tests/faults/fault_report.h"
#include "tests/faults/scenario_run.h"
#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Hostile markup is small: reading it must cost little.
constexpr long kHostilePeakRssBoundMiB = 256;
// Items of up to 100 MB are let through the fetch limits on purpose (see that config): the
// parser's own limit (64 MiB) must refuse the largest, and what it reads must cost a few times
// its size at most.
constexpr long kOversizedPeakRssBoundMiB = 512;
constexpr std::chrono::seconds kScenarioLimit{90};
constexpr int kDepth = 10000;
// One item each: over the parser's limit; just under it; under every limit of fetch and parse
// but over what Kafka takes in one record (1 MB by default).
constexpr std::size_t kHugeItemBytes = 100'000'000;
constexpr std::size_t kLargeItemBytes = 60'000'000;
constexpr std::size_t kBigItemBytes = 5'000'000;

std::string rss(const std::string& title, const std::string& items,
                const std::string& prolog = "") {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + prolog +
         "<rss version=\"2.0\"><channel><title>" + title +
         "</title><link>https://hostile.test/</link>" + items + "</channel></rss>";
}

std::string item(const std::string& title, const std::string& link,
                 const std::string& description = "") {
  return "<item><title>" + title + "</title><link>" + link + "</link><guid>" + link +
         "</guid><description>" + description + "</description></item>";
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// One hostile document: its name (also the source's) and body.
struct Hostile {
  std::string name;
  std::string body;
};

std::vector<Hostile> hostile_documents(const std::string& probe_base) {
  std::string laughs = "<!DOCTYPE rss [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i)
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"" +
              repeat("&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";", 10) + "\">";
  laughs += "]>";
  const std::string file_entity = "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
  // An external DTD, an external parameter entity and an external general entity, all on a
  // server whose request log shows whether anything fetched them.
  const std::string http_entity = "<!DOCTYPE rss SYSTEM \"" + probe_base +
                                  "/xxe-dtd\" [<!ENTITY % remote SYSTEM \"" + probe_base +
                                  "/xxe-parameter\"> %remote; <!ENTITY xxe SYSTEM \"" + probe_base +
                                  "/xxe-general\">]>";
  const std::string open_divs = repeat("<div>", kDepth);
  const std::string close_divs = repeat("</div>", kDepth);
  // "\xc3\x28": a broken 2-byte sequence; "\xe2\x82": truncated; "\xc0\xaf": overlong '/';
  // "\xed\xa0\x80": a UTF-16 surrogate; "\xff\xfe": never valid; "\x80": a lone continuation.
  const std::vector<std::string> broken_utf8{"\xc3\x28", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80",
                                             "\xff\xfe\x80"};
  std::string invalid_items;
  for (std::size_t i = 0; i < broken_utf8.size(); ++i)
    invalid_items += item("Broken bytes " + broken_utf8[i] + " in story " + std::to_string(i),
                          "https://hostile.test/utf8/" + std::to_string(i),
                          "Text with " + broken_utf8[i] + " inside.");
  std::string deep_json =
      "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": "
      "\"deep\", \"items\": [{\"id\": \"deep-json-1\", \"url\": "
      "\"https://hostile.test/deep/json\", \"title\": \"Deep JSON\", "
      "\"content_text\": \"A deep extension.\", \"_deep\": ";
  deep_json += repeat("[", kDepth) + "1" + repeat("]", kDepth) + "}]}";

  return {
      {"billion-laughs",
       rss("laughs", item("&lol9;", "https://hostile.test/laughs/1", "&lol9;"), laughs)},
      {"xxe-file", rss("xxe",
                       item("Leak &xxe;", "https://hostile.test/xxe/file", "&xxe;") +
                           "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
                           "href=\"file:///etc/passwd\" parse=\"text\"/>",
                       file_entity)},
      {"xxe-http",
       rss("xxe", item("Fetch &xxe;", "https://hostile.test/xxe/http", "&xxe;"), http_entity)},
      {"invalid-utf8", rss("broken bytes", invalid_items)},
      {"deep-channel", rss("deep", repeat("<x>", kDepth) + repeat("</x>", kDepth) +
                                       item("After deep nesting", "https://hostile.test/deep/ch"))},
      {"deep-markup", rss("deep", item("Deep markup", "https://hostile.test/deep/markup",
                                       open_divs + "bottom" + close_divs))},
      {"deep-escaped-html",
       rss("deep",
           item("Deep escaped HTML", "https://hostile.test/deep/escaped",
                repeat("&lt;div&gt;", kDepth) + "bottom" + repeat("&lt;/div&gt;", kDepth)))},
      {"deep-xhtml",
       "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>deep</title>"
       "<id>urn:deep</id><updated>2026-03-01T10:00:00Z</updated><entry><title>Deep XHTML</title>"
       "<id>urn:deep:xhtml</id><link href=\"https://hostile.test/deep/xhtml\"/>"
       "<updated>2026-03-01T10:00:00Z</updated><content type=\"xhtml\">"
       "<div xmlns=\"http://www.w3.org/1999/xhtml\">" +
           open_divs + "bottom" + close_divs + "</div></content></entry></feed>"},
      {"deep-json", deep_json},
  };
}

// A good feed: `n` items under https://good.test/<name>/<i>.
std::string good_rss(const std::string& name, int n, std::set<std::string>& links) {
  std::string items;
  for (int i = 0; i < n; ++i) {
    const std::string link = "https://good.test/" + name + "/" + std::to_string(i);
    links.insert(link);
    items += item("Good " + name + " story " + std::to_string(i), link,
                  "Story " + std::to_string(i) + " of the well-behaved feed " + name + ".");
  }
  return rss(name, items);
}

// The malformed feeds of the shared corpus: feedparser's bozo verdicts (feeds.oracle.jsonl),
// less the JSON feeds it cannot read at all. Paths relative to corpus/feeds.
std::vector<std::string> malformed_corpus_feeds(const fs::path& corpus) {
  std::vector<std::string> files;
  std::ifstream oracle(corpus / "feeds.oracle.jsonl");
  for (std::string line; std::getline(oracle, line);) {
    const json entry = json::parse(line);
    if (entry.value("bozo", false) && !entry.contains("oracle_limitation"))
      files.push_back(entry["file"].get<std::string>());
  }
  return files;
}

class InputFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    scripted_ = fs::path(std::getenv("NW_IT_DIR")) / "scripted";
    config_ = (env_.work / "newswired.yaml").string();
    metrics_port_ = free_port();
  }
  // The 165 MB of large items are made again by every run: none is left behind.
  void TearDown() override {
    std::error_code ignored;
    for (const char* name : {"huge-item", "large-item", "big-item"})
      fs::remove(env_.docroot / (std::string(name) + ".xml"), ignored);
  }

  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }
  std::string url(const std::string& file) const {
    return env_.base_url + "/" + env_.prefix + "/" + file;
  }
  // Serves `body` as `file` for the source `name`.
  void serve(const std::string& name, const std::string& file, const std::string& body) {
    const fs::path path = env_.docroot / file;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << body;
    sources_[name] = url(file);
  }
  void serve_good_feeds(std::set<std::string>& expected) {
    for (const auto& [name, n] : kGoodFeeds) {
      serve(name, name + ".xml", good_rss(name, n, expected));
      good_sources_.insert(name);
    }
  }
  // One item of `bytes` words; written piece by piece, the test holds no 100 MB string.
  void serve_item_of(const std::string& name, std::size_t bytes) {
    std::ofstream out(env_.docroot / (name + ".xml"), std::ios::binary);
    out << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" << name
        << "</title><item><title>An item of " << bytes << " bytes</title>"
        << "<link>https://hostile.test/" << name << "</link><description>";
    const std::string words = repeat("newsworthy words go on ", 4096);
    for (std::size_t written = 0; written < bytes; written += words.size()) out << words;
    out << "</description></item></channel></rss>";
    sources_[name] = url(name + ".xml");
  }

  // Every source polled once; `fetch` is the fetch section.
  void write_config(const std::string& fetch) {
    std::ostringstream listed;
    for (const auto& [name, u] : sources_)
      listed << "  - { name: " << name << ", url: '" << u << "', interval: 10m }\n";
    std::ofstream(config_) << fault_config(listed.str(), env_.bootstrap, env_.prefix, metrics_port_,
                                           env_.work / "state", "fetch: " + fetch + "\n");
  }

  static double parse_outcomes(const std::string& scrape, const std::string& source) {
    return metric(scrape, "newswired_items_total", {{"source", source}, {"stage", "parse"}});
  }
  static double published(const std::string& scrape, const std::string& source) {
    return metric(scrape, "newswired_items_total",
                  {{"source", source}, {"stage", "publish"}, {"outcome", "ok"}});
  }
  // Runs the daemon until every source's document was parsed (or refused) and the good feeds
  // are published, and reads the topics back.
  void run_and_read() {
    run_ = run_scenario(
        NW_DAEMON, config_, (env_.work / "daemon").string(), metrics_port_,
        [&](const std::string& scrape) {
          return std::all_of(sources_.begin(), sources_.end(),
                             [&](const auto& s) { return parse_outcomes(scrape, s.first) > 0; }) &&
                 std::all_of(kGoodFeeds.begin(), kGoodFeeds.end(),
                             [&](const auto& g) { return published(scrape, g.first) == g.second; });
        },
        kScenarioLimit);
    articles_ = read_topic(env_.bootstrap, topic("articles"));
    dead_ = read_topic(env_.bootstrap, topic("deadletter"));
    duplicates_ = read_topic(env_.bootstrap, topic("duplicates"));
    for (const auto& r : articles_) {
      const json a = json::parse(r.value, nullptr, false);
      ++articles_by_source_[a.is_discarded() ? "" : a["source"]["name"].get<std::string>()];
    }
    for (const auto& r : dead_) {
      const json d = json::parse(r.value, nullptr, false);
      ASSERT_FALSE(d.is_discarded()) << r.value.substr(0, 200);
      dead_by_source_[d["source"].get<std::string>()].push_back(d);
    }
  }
  // What holds for every scenario: clean exit, memory, the good feeds, every dead letter.
  void check_run(long peak_rss_bound_mib) {
    EXPECT_TRUE(run_.settled) << "not every document was accounted for within "
                              << kScenarioLimit.count() << " s\n"
                              << log_lines(run_.log, "Z error ");
    EXPECT_EQ(run_.exit_code, 0) << log_lines(run_.log, "Z error ");
    EXPECT_LT(run_.peak_rss_kib / 1024, peak_rss_bound_mib);
    for (const auto& name : good_sources_) {
      EXPECT_FALSE(dead_by_source_.contains(name)) << name;
      EXPECT_EQ(run_.log.find("[" + name + "] parse failed"), std::string::npos) << name;
    }
    check_dead_letters();
  }

  // Every document ended somewhere: parsed (its items published, or held back as duplicates
  // or by normalize with a dead letter), or refused with a dead letter of its own. Dead
  // letters carry source, stage and a reason a person can act on, never the whole payload,
  // and are counted in newswired_dead_letters_total by stage and per source in
  // newswired_items_total (checked for parse failures, which all happened before the last
  // scrape; later stages may still have been at work then).
  void check_dead_letters() {
    for (const auto& [name, u] : sources_) {
      SCOPED_TRACE(name);
      EXPECT_TRUE(parse_outcomes(run_.metrics, name) > 0) << "never parsed";
      if (metric(run_.metrics, "newswired_items_total",
                 {{"source", name}, {"stage", "parse"}, {"outcome", "failed"}}) > 0) {
        EXPECT_TRUE(dead_by_source_.contains(name)) << "a parse failure without a dead letter";
        EXPECT_NE(run_.log.find("[" + name + "] parse failed: "), std::string::npos);
      }
    }
    std::size_t parse_letters = 0;
    for (const auto& [name, letters] : dead_by_source_)
      for (const auto& d : letters) parse_letters += d["stage"] == "parse";
    EXPECT_EQ(
        std::max(0.0, metric(run_.metrics, "newswired_dead_letters_total", {{"stage", "parse"}})),
        static_cast<double>(parse_letters));
    EXPECT_LE(metric(run_.metrics, "newswired_dead_letters_total"),
              static_cast<double>(dead_.size()));
    for (const auto& [name, letters] : dead_by_source_) {
      SCOPED_TRACE(name);
      EXPECT_TRUE(sources_.contains(name));
      for (const auto& d : letters) {
        const std::string stage = d["stage"];
        EXPECT_TRUE(stage == "parse" || stage == "normalize" || stage == "publish")
            << d.dump().substr(0, 500);
        if (stage == "parse") {
          EXPECT_GE(metric(run_.metrics, "newswired_items_total",
                           {{"source", name}, {"stage", stage}, {"outcome", "failed"}}),
                    1);
        }
        const std::string reason = d["reason"];
        EXPECT_GE(reason.size(), 10u) << reason;
        EXPECT_LE(reason.size(), 1000u) << reason.substr(0, 1000);
        // Where the document came from; an item normalize refused may have had no link.
        if (stage == "parse") {
          EXPECT_FALSE(d["url"].get<std::string>().empty());
        }
        EXPECT_LE(d["payload"].get<std::string>().size(), 64u * 1024);
      }
    }
  }

  // Lookups that add nothing to the maps.
  int articles_from(const std::string& source) const {
    const auto it = articles_by_source_.find(source);
    return it == articles_by_source_.end() ? 0 : it->second;
  }
  std::size_t dead_letters_from(const std::string& source) const {
    const auto it = dead_by_source_.find(source);
    return it == dead_by_source_.end() ? 0 : it->second.size();
  }

  // Records of these sources, for the tally.
  std::vector<ConsumedRecord> articles_of(const std::set<std::string>& sources) const {
    std::vector<ConsumedRecord> out;
    for (const auto& r : articles_) {
      const json a = json::parse(r.value, nullptr, false);
      if (!a.is_discarded() && sources.contains(a["source"]["name"].get<std::string>()))
        out.push_back(r);
    }
    return out;
  }

  int requests_for(const std::string& fragment) const {
    std::istringstream log(read_file((scripted_ / "requests.log").string()));
    int n = 0;
    for (std::string line; std::getline(log, line);) n += line.find(fragment) != std::string::npos;
    return n;
  }

  inline static const std::vector<std::pair<std::string, int>> kGoodFeeds{{"good-a", 20},
                                                                          {"good-b", 10}};
  IntegrationEnv env_;
  fs::path scripted_;
  std::string config_;
  int metrics_port_ = 0;
  std::map<std::string, std::string> sources_;  // name -> URL
  std::set<std::string> good_sources_;
  ScenarioRun run_;
  std::vector<ConsumedRecord> articles_, dead_, duplicates_;
  std::map<std::string, int> articles_by_source_;
  std::map<std::string, std::vector<json>> dead_by_source_;
};

TEST_F(InputFaultTest, HostileAndBrokenFeedsEndAsArticlesOrClearDeadLettersAndHarmNoGoodFeed) {
  const fs::path corpus = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!fs::exists(corpus / "feeds.oracle.jsonl"))
    GTEST_SKIP() << "corpus absent: " << corpus.string();

  std::set<std::string> expected;
  serve_good_feeds(expected);
  std::set<std::string> certain = good_sources_;
  const std::string probe_base =
      trimmed_file(scripted_ / "base_url") + "/" + env_.prefix + "-probe";
  for (const auto& h : hostile_documents(probe_base)) {
    serve(h.name, h.name + (h.name == "deep-json" ? ".json" : ".xml"), h.body);
    certain.insert(h.name);
  }
  // The hostile wrapping must not cost the stories inside it: entities stay unexpanded text,
  // deep nesting is read (or cut) without recursion, and broken bytes are read as
  // windows-1252, as feedparser falls back.
  for (int i = 0; i < 5; ++i) expected.insert("https://hostile.test/utf8/" + std::to_string(i));
  for (const char* path : {"laughs/1", "xxe/file", "xxe/http", "deep/ch", "deep/markup",
                           "deep/escaped", "deep/xhtml", "deep/json"})
    expected.insert("https://hostile.test/" + std::string(path));

  std::map<std::string, std::string> corpus_sources;  // name -> path in the corpus
  const auto malformed = malformed_corpus_feeds(corpus);
  ASSERT_GT(malformed.size(), 100u);
  for (std::size_t i = 0; i < malformed.size(); ++i) {
    const std::string name = "corpus-" + std::to_string(i);
    serve(name, "corpus/" + std::to_string(i) + "-" + fs::path(malformed[i]).filename().string(),
          read_file((corpus / "feeds" / malformed[i]).string()));
    corpus_sources[name] = malformed[i];
  }

  write_config("{ timeout: 20s, connect_timeout: 2s, host_delay: 0s }");
  ASSERT_NO_FATAL_FAILURE(run_and_read());

  std::size_t corpus_refused = 0, corpus_articles = 0;
  for (const auto& [name, path] : corpus_sources) {
    corpus_refused += metric(run_.metrics, "newswired_items_total",
                             {{"source", name}, {"stage", "parse"}, {"outcome", "failed"}}) > 0;
    corpus_articles += static_cast<std::size_t>(articles_from(name));
  }
  const FaultTally tally = tally_delivery("hostile-input", expected, articles_of(certain), "/url");
  std::ostringstream note;
  note << "corpus " << corpus_sources.size()
       << " malformed feeds: " << corpus_sources.size() - corpus_refused << " read ("
       << corpus_articles << " articles), " << corpus_refused << " refused | " << dead_.size()
       << " dead letters | " << peak_and_wall(run_);
  report_fault(tally, note.str());
  check_run(kHostilePeakRssBoundMiB);
  EXPECT_EQ(tally.lost, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.duplicated, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.unexpected, 0u) << describe_faults(tally);

  for (const auto& name : certain) {
    EXPECT_FALSE(dead_by_source_.contains(name)) << name;
    EXPECT_EQ(run_.log.find("[" + name + "] parse failed"), std::string::npos) << name;
  }

  // No entity was expanded, fetched or read from disk, wherever the text ended up.
  std::string passwd_line;
  std::getline(std::ifstream("/etc/passwd") >> std::ws, passwd_line);
  for (const auto* records : {&articles_, &dead_, &duplicates_}) {
    for (const auto& r : *records) {
      EXPECT_EQ(r.value.find(repeat("lol", 100)), std::string::npos) << r.value.substr(0, 300);
      if (!passwd_line.empty()) {
        EXPECT_EQ(r.value.find(passwd_line), std::string::npos) << r.value.substr(0, 300);
      }
      // Records are JSON, and JSON is UTF-8: the broken bytes did not get through as they are.
      EXPECT_FALSE(json::parse(r.value, nullptr, false).is_discarded()) << r.value.substr(0, 300);
    }
  }
  EXPECT_EQ(requests_for(env_.prefix + "-probe/"), 0) << "an external entity was fetched";
}

TEST_F(InputFaultTest, OversizedItemsAreRefusedOrShortenedWithinBoundedMemory) {
  std::set<std::string> expected;
  serve_good_feeds(expected);
  serve_item_of("huge-item", kHugeItemBytes);
  serve_item_of("large-item", kLargeItemBytes);
  serve_item_of("big-item", kBigItemBytes);
  // The fetch limits are raised above the 100 MB item so that it reaches the parser.
  write_config(
      "{ timeout: 20s, connect_timeout: 2s, host_delay: 0s, max_body_size: 160MiB, "
      "max_decompressed_size: 160MiB }");
  ASSERT_NO_FATAL_FAILURE(run_and_read());

  const FaultTally tally =
      tally_delivery("oversized-items", expected, articles_of(good_sources_), "/url");
  std::ostringstream note;
  note << "items of 5, 60, 100 MB: " << articles_from("big-item") << ", "
       << articles_from("large-item") << ", " << articles_from("huge-item") << " published, "
       << dead_letters_from("big-item") << ", " << dead_letters_from("large-item") << ", "
       << dead_letters_from("huge-item") << " dead-lettered | " << peak_and_wall(run_);
  report_fault(tally, note.str());
  check_run(kOversizedPeakRssBoundMiB);
  EXPECT_EQ(tally.lost, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.duplicated, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.unexpected, 0u) << describe_faults(tally);

  // The 100 MB document: refused by the parser's size limit, its dead letter cut short.
  ASSERT_TRUE(dead_by_source_.contains("huge-item")) << log_lines(run_.log, "[huge-item]");
  const json& huge = dead_by_source_["huge-item"].front();
  EXPECT_EQ(huge["stage"], "parse");
  EXPECT_NE(huge["reason"].get<std::string>().find("document too large"), std::string::npos)
      << huge["reason"];
  EXPECT_TRUE(huge["truncated"].get<bool>());
  EXPECT_GT(huge["payload_bytes"].get<std::size_t>(), kHugeItemBytes);

  // Items the parser reads but Kafka cannot take whole (its default limit is 1 MB a record)
  // are published shortened, or dead-lettered with the reason; never lost with only a log
  // line, which also leaves the daemon exiting with "undelivered" (3).
  for (const char* name : {"large-item", "big-item"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(articles_from(name) == 1 || dead_letters_from(name) > 0)
        << "neither published nor dead-lettered";
    EXPECT_EQ(run_.log.find("[" + std::string(name) + "] Kafka did not take"), std::string::npos)
        << log_lines(run_.log, "[" + std::string(name) + "]");
  }
}

}  // namespace
}  // namespace newswired::testing
