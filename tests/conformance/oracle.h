#pragma once
// feedparser's reading of the shared corpus (feeds.oracle.jsonl) and the reviewed list of
// cases where feedparser is wrong (allowlist.tsv).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace newswired::conformance {

struct OracleEntry {
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::optional<std::string> id;
  std::optional<std::string> published;  // published_utc
  std::optional<std::string> author;
};

struct OracleFile {
  // feedparser 6.0.10 cannot read the file's format at all (JSON Feed): nothing to compare.
  bool limitation = false;
  std::vector<OracleEntry> entries;
};

// Keyed by path relative to the corpus's feeds/ folder. Empty if the file cannot be read.
std::map<std::string, OracleFile> load_oracle(const std::string& jsonl_path);

// (file, field) pairs; lines are "file<TAB>field<TAB>reason", '#' starts a comment. Lines
// without a reason are rejected: every exception must say why feedparser is wrong.
struct Allowlist {
  std::set<std::pair<std::string, std::string>> entries;
  std::vector<std::string> errors;
};
Allowlist load_allowlist(const std::string& tsv_path);

}  // namespace newswired::conformance
