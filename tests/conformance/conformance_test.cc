// The differential against feedparser: every feed of the shared corpus through parse_document
// and normalize, field by field against feedparser's reading of the same bytes. The rules are
// in docs/conformance.md.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"
#include "tests/conformance/field_compare.h"
#include "tests/conformance/oracle.h"

namespace newswired::conformance {
namespace {

namespace fs = std::filesystem;

constexpr double kRequired = 0.98;
constexpr std::size_t kExamplesShown = 6;
const char* const kFields[] = {"entries", "title", "link", "id", "published", "author"};

struct Mismatch {
  std::string where;
  std::string oracle;
  std::string ours;
};

struct FieldStats {
  std::size_t compared = 0;
  std::size_t agreed = 0;
  std::size_t allowlisted = 0;
  std::size_t pending = 0;
  std::vector<Mismatch> mismatches;
};

struct Ours {
  std::string title;
  std::string link;
  std::string id;
  std::optional<std::string> published;
  std::string author;
  bool author_inherited = false;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Ours> read_ours(const std::string& body, const fs::path& path) {
  Document doc;
  doc.source = {"conformance", "", "auto"};
  // feedparser read the bytes with no base URI, which an empty URL is for us too.
  // NW_CONFORMANCE_FILE_URL=1 reads each file as file://PATH instead, to compare the two.
  if (std::getenv("NW_CONFORMANCE_FILE_URL") != nullptr) doc.url = "file://" + path.string();
  doc.body = body;
  doc.fetched_at = "2026-01-01T00:00:00Z";
  Outcome<ParsedFeed> parsed = parse_document(doc);
  std::vector<Ours> out;
  if (!parsed.ok()) return out;
  for (const RawItem& item : parsed.value().items) {
    const Article a = normalize_fields(item, parsed.value().meta, doc);
    out.push_back({a.title, a.url, item.guid, to_rfc3339_utc(item.published),
                   a.authors.empty() ? std::string() : a.authors.front(), item.authors_inherited});
  }
  return out;
}

class Tally {
 public:
  Tally(const Allowlist& allow, const Allowlist& pending) : allow_(allow), pending_(pending) {}

  void add(const std::string& field, const std::string& file, const std::string& where, bool same,
           std::string oracle, std::string ours) {
    FieldStats& s = stats_[field];
    ++s.compared;
    if (same) {
      ++s.agreed;
    } else if (allow_.entries.contains({file, field})) {
      ++s.agreed;
      ++s.allowlisted;
      used_.emplace(file, field);
    } else if (pending_.entries.contains({file, field})) {
      ++s.pending;
      used_.emplace(file, field);
    } else {
      s.mismatches.push_back({where, std::move(oracle), std::move(ours)});
    }
  }
  std::map<std::string, FieldStats>& stats() { return stats_; }
  // Whether an allowlist or pending line still stands for a mismatch.
  bool used(const std::pair<std::string, std::string>& entry) const {
    return used_.contains(entry);
  }

 private:
  const Allowlist& allow_;
  const Allowlist& pending_;
  std::set<std::pair<std::string, std::string>> used_;
  std::map<std::string, FieldStats> stats_;
};

double rate(std::size_t agreed, std::size_t compared) {
  return compared == 0 ? 1.0 : double(agreed) / double(compared);
}

// Pending cases (known gaps of ours owned by other work) are left out of the gate only.
double gated_rate(const FieldStats& s) { return rate(s.agreed, s.compared - s.pending); }

std::string value_or_empty(const std::optional<std::string>& v) { return v.value_or(""); }

// An entry field counts as compared when either side has a value: two absent values say nothing.
void compare_entry(Tally& t, const std::string& file, std::size_t index, const OracleEntry& o,
                   const Ours& ours) {
  const std::string where = file + " #" + std::to_string(index);
  auto text = [&](const char* field, const std::optional<std::string>& oracle,
                  const std::string& mine, bool (*same)(std::string_view, std::string_view)) {
    if (value_or_empty(oracle).empty() && mine.empty()) return;
    t.add(field, file, where, same(value_or_empty(oracle), mine), value_or_empty(oracle), mine);
  };
  text("title", o.title, ours.title, same_title);
  if (!link_is_copied_non_url_id(value_or_empty(o.link), value_or_empty(o.id), ours.link))
    text("link", o.link, ours.link, same_link);
  text("id", o.id, ours.id, same_id);
  // feedparser does not give an entry the authors of its atom:source or feed (RFC 4287 4.2.1
  // says it has them); such an inherited author is not compared against feedparser's none.
  if (!(ours.author_inherited && value_or_empty(o.author).empty()))
    text("author", o.author, ours.author, same_author);
  if (o.published || ours.published) {
    t.add("published", file, where, same_date(o.published, ours.published),
          o.published.value_or("null"), ours.published.value_or("null"));
  }
}

void print_report(std::map<std::string, FieldStats>& stats, std::size_t excluded) {
  std::printf("\nconformance vs feedparser 6.0.10 (%zu files without an oracle reading excluded)\n",
              excluded);
  std::printf("%-10s %9s %9s %7s %7s %9s %9s\n", "field", "compared", "agreed", "allowed",
              "pending", "agreement", "gated");
  for (const char* f : kFields) {
    const FieldStats& s = stats[f];
    std::printf("%-10s %9zu %9zu %7zu %7zu %8.2f%% %8.2f%%\n", f, s.compared, s.agreed,
                s.allowlisted, s.pending, 100.0 * rate(s.agreed, s.compared),
                100.0 * gated_rate(s));
  }
  for (const char* f : kFields) {
    const FieldStats& s = stats[f];
    if (s.mismatches.empty()) continue;
    std::printf("\n%s: %zu mismatches, first %zu:\n", f, s.mismatches.size(),
                std::min(kExamplesShown, s.mismatches.size()));
    for (std::size_t i = 0; i < s.mismatches.size() && i < kExamplesShown; ++i) {
      const Mismatch& m = s.mismatches[i];
      std::printf("  %s\n    feedparser: %s\n    newswired:  %s\n", m.where.c_str(),
                  m.oracle.c_str(), m.ours.c_str());
    }
  }
}

// NW_CONFORMANCE_REPORT=path writes every mismatch, tab-separated, for working on them.
void write_full_report(std::map<std::string, FieldStats>& stats) {
  const char* path = std::getenv("NW_CONFORMANCE_REPORT");
  if (path == nullptr) return;
  std::ofstream out(path);
  for (const char* f : kFields) {
    for (const Mismatch& m : stats[f].mismatches)
      out << f << '\t' << m.where << '\t' << m.oracle << '\t' << m.ours << '\n';
  }
}

TEST(Conformance, AgreesWithFeedparserOnTheCorpus) {
  const fs::path corpus = fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!fs::exists(corpus / "feeds") || !fs::exists(corpus / "feeds.oracle.jsonl")) {
    GTEST_SKIP() << "corpus absent: ../shared/corpus not found";
  }
  const std::map<std::string, OracleFile> oracle =
      load_oracle((corpus / "feeds.oracle.jsonl").string());
  const Allowlist allow =
      load_allowlist(std::string(NW_SOURCE_DIR) + "/tests/conformance/allowlist.tsv");
  const Allowlist pending =
      load_allowlist(std::string(NW_SOURCE_DIR) + "/tests/conformance/pending.tsv");
  for (const std::string& e : allow.errors) ADD_FAILURE() << e;
  for (const std::string& e : pending.errors) ADD_FAILURE() << e;

  Tally tally(allow, pending);
  std::size_t excluded = 0;
  std::size_t files = 0;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(corpus / "feeds")) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), corpus / "feeds").generic_string();
    auto it = oracle.find(rel);
    if (it == oracle.end()) {
      ADD_FAILURE() << "no oracle line for " << rel;
      continue;
    }
    ++files;
    if (it->second.limitation) {
      ++excluded;
      continue;
    }
    const std::vector<OracleEntry>& theirs = it->second.entries;
    const std::vector<Ours> ours = read_ours(read_file(e.path()), e.path());
    tally.add("entries", rel, rel, theirs.size() == ours.size(), std::to_string(theirs.size()),
              std::to_string(ours.size()));
    for (std::size_t i = 0; i < theirs.size() && i < ours.size(); ++i)
      compare_entry(tally, rel, i, theirs[i], ours[i]);
  }
  EXPECT_EQ(files, oracle.size()) << "corpus files and oracle lines differ";

  print_report(tally.stats(), excluded);
  write_full_report(tally.stats());
  for (const char* f : kFields) {
    const FieldStats& s = tally.stats()[f];
    ASSERT_GT(s.compared, 0u) << f;
    EXPECT_GE(gated_rate(s), kRequired) << "field " << f;
  }
  // Both lists can only shrink: a line that no longer stands for a mismatch must go.
  for (const auto& entry : allow.entries) {
    EXPECT_TRUE(tally.used(entry))
        << entry.first << " " << entry.second << " agrees now: delete it from allowlist.tsv";
  }
  for (const auto& entry : pending.entries) {
    EXPECT_TRUE(tally.used(entry))
        << entry.first << " " << entry.second << " agrees now: delete it from pending.tsv";
  }
}

}  // namespace
}  // namespace newswired::conformance
