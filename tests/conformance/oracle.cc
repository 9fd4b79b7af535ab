#include "tests/conformance/oracle.h"

#include <fstream>

#include <nlohmann/json.hpp>

namespace newswired::conformance {
namespace {

std::optional<std::string> string_or_null(const nlohmann::json& entry, const char* key) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  out.push_back(line.substr(start));
  return out;
}

}  // namespace

std::map<std::string, OracleFile> load_oracle(const std::string& jsonl_path) {
  std::map<std::string, OracleFile> out;
  std::ifstream in(jsonl_path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line);
    OracleFile file;
    file.limitation = j.contains("oracle_limitation");
    for (const nlohmann::json& e : j.at("entries")) {
      file.entries.push_back({string_or_null(e, "title"), string_or_null(e, "link"),
                              string_or_null(e, "id"), string_or_null(e, "published_utc"),
                              string_or_null(e, "author")});
    }
    out.emplace(j.at("file").get<std::string>(), std::move(file));
  }
  return out;
}

Allowlist load_allowlist(const std::string& tsv_path) {
  Allowlist out;
  std::ifstream in(tsv_path);
  if (!in) out.errors.push_back("cannot read " + tsv_path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line.starts_with('#')) continue;
    const std::vector<std::string> cols = split_tabs(line);
    if (cols.size() != 3 || cols[0].empty() || cols[1].empty() || cols[2].size() < 10) {
      out.errors.push_back("allowlist.tsv:" + std::to_string(number) +
                           ": want file, field and a reason, tab-separated");
      continue;
    }
    out.entries.emplace(cols[0], cols[1]);
  }
  return out;
}

}  // namespace newswired::conformance
