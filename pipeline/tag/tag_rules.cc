#include "pipeline/tag/tag_rules.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace newswired {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = s.find(sep, from);
    out.push_back(
        s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

bool to_double(std::string_view s, double& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// "Iranian@0.5" -> {"Iranian", 0.5}. Lower-case terms match in any case; a term with a capital
// is a name (or an acronym) and matches only as written, or in all capitals.
std::string parse_terms(std::string_view list, std::vector<TagTerm>& out) {
  for (std::string_view raw : split(list, '|')) {
    TagTerm t;
    const std::size_t at = raw.rfind('@');
    if (at != std::string_view::npos) {
      if (!to_double(raw.substr(at + 1), t.weight) || t.weight <= 0)
        return "bad term weight in '" + std::string(raw) + "'";
      raw = raw.substr(0, at);
    }
    if (raw.empty()) return "empty term";
    t.text = std::string(raw);
    t.caseless = std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    out.push_back(std::move(t));
  }
  return "";
}

std::string parse_option(std::string_view opt, TagRule& r) {
  const std::size_t eq = opt.find('=');
  const std::string_view key = opt.substr(0, eq);
  const std::string_view value = eq == std::string_view::npos ? "" : opt.substr(eq + 1);
  if (key == "credit" && eq == std::string_view::npos) {
    r.credit_only = true;
    return "";
  }
  if (eq == std::string_view::npos || value.empty())
    return "option '" + std::string(opt) + "' needs a value";
  if (key == "near") return parse_terms(value, r.near);
  if (key == "not_near") return parse_terms(value, r.not_near);
  if (key == "broader") {
    for (auto id : split(value, '|')) r.broader.emplace_back(id);
    return "";
  }
  double number = 0;
  if (!to_double(value, number) || number < 0)
    return "option " + std::string(key) + ": not a number";
  if (key == "window") {
    r.window = static_cast<std::size_t>(number);
  } else if (key == "min") {
    r.min_evidence = number;
  } else if (key == "weight") {
    if (number > 1) return "option weight: must be in 0..1";
    r.weight = number;
  } else {
    return "unknown option '" + std::string(key) + "'";
  }
  return "";
}

std::string parse_line(std::string_view line, TagRule& r) {
  const auto cols = split(line, '\t');
  if (cols.size() < 5 || cols.size() > 6)
    return "expected 5 or 6 tab-separated columns (id, type, name, country, terms, options), got " +
           std::to_string(cols.size());
  r.id = std::string(cols[0]);
  r.type = std::string(cols[1]);
  r.name = std::string(cols[2]);
  r.country = std::string(cols[3]);
  if (r.id.find(':') == std::string::npos || r.id.front() == ':')
    return "id '" + r.id + "' must be scheme:value";
  if (tag_list_of(r.type).empty()) return "unknown type '" + r.type + "'";
  if (r.name.empty()) return "empty name";
  const bool code_ok = r.country.empty() || (r.country.size() == 2 && std::isupper(r.country[0]) &&
                                             std::isupper(r.country[1]));
  if (!code_ok) return "country '" + r.country + "' is not an ISO 3166-1 alpha-2 code";
  if (std::string e = parse_terms(cols[4], r.terms); !e.empty()) return e;
  if (cols.size() == 6 && !cols[5].empty()) {
    for (auto opt : split(cols[5], ';'))
      if (std::string e = parse_option(opt, r); !e.empty()) return e;
  }
  return "";
}

}  // namespace

std::string_view tag_list_of(std::string_view type) {
  if (type == "topic") return "topics";
  if (type == "person" || type == "organisation") return "entities";
  if (type == "country" || type == "region" || type == "city") return "places";
  if (type == "agency") return "agencies";
  return "";
}

Outcome<std::vector<TagRule>> parse_tag_rules(std::string_view text, const std::string& file) {
  std::vector<TagRule> rules;
  std::string errors;
  int number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    TagRule r;
    r.origin = file + ":" + std::to_string(number);
    if (std::string e = parse_line(line, r); !e.empty()) {
      errors += r.origin + ": " + e + "\n";
      continue;
    }
    rules.push_back(std::move(r));
  }
  if (!errors.empty()) {
    errors.pop_back();
    return Failure{errors};
  }
  return rules;
}

Outcome<std::vector<TagRule>> load_tag_rules(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".tsv") files.push_back(e.path());
  if (ec) return Failure{dir + ": cannot read the tagging directory: " + ec.message()};
  if (files.empty()) return Failure{dir + ": no rule files (*.tsv)"};
  std::sort(files.begin(), files.end());
  std::vector<TagRule> all;
  std::string errors;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      errors += path.string() + ": cannot read\n";
      continue;
    }
    auto rules = parse_tag_rules(text.str(), path.string());
    if (!rules.ok()) {
      errors += rules.reason() + "\n";
      continue;
    }
    for (auto& r : rules.value()) all.push_back(std::move(r));
  }
  std::set<std::string> ids;
  for (const auto& r : all) ids.insert(r.id);
  for (const auto& r : all)
    for (const auto& b : r.broader)
      if (!ids.contains(b)) errors += r.origin + ": broader id '" + b + "' has no rule\n";
  if (!errors.empty()) {
    errors.pop_back();
    return Failure{errors};
  }
  return all;
}

}  // namespace newswired
