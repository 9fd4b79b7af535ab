#include "pipeline/parse/wire/anpa/anpa_header.h"

#include <initializer_list>
#include <optional>
#include <regex>
#include <vector>

#include "pipeline/parse/wire/anpa/story_text.h"

namespace newswired::anpa {
namespace {

using wire_text::lines_of;
using wire_text::squeeze;
using wire_text::without_controls;

bool is_format_identifier(char c) { return c >= '\x11' && c <= '\x14'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Where "p c" (priority, space, category) starts in `line`, followed by a format identifier, a
// blank or the line's end, and preceded by its start or a blank.
std::optional<std::size_t> priority_at(std::string_view line, bool need_identifier) {
  for (std::size_t i = 0; i + 3 <= line.size(); ++i) {
    if (i > 0 && line[i - 1] != ' ' && line[i - 1] != '\x1F' && line[i - 1] != '\t') continue;
    if (!is_letter(line[i]) || line[i + 1] != ' ' || !is_letter(line[i + 2])) continue;
    const bool at_end = i + 3 == line.size();
    const char next = at_end ? ' ' : line[i + 3];
    if (is_format_identifier(next) || (!need_identifier && (next == ' ' || at_end))) return i;
  }
  return std::nullopt;
}

void read_identification(std::string_view text, AnpaHeader& h) {
  static const std::regex kId(R"(^\s*([A-Za-z])(\d{2,5})(?:[\x1F\s]+([^\s\x1F]+))?)");
  const std::string s(text.substr(0, 64));
  std::smatch m;
  if (!std::regex_search(s, m, kId)) return;
  h.service = m[1].str().front();
  h.number = m[2].str();
  const std::string selector = without_controls(m[3].str());
  if (selector.find_first_not_of('-') != std::string::npos) h.selector = selector;
}

// "BC-US--GiantLobsterDeath 1stLd-Writethru   08-29 0590": keyword, version, date, word count.
void read_slug_fields(std::string_view text, AnpaHeader& h) {
  std::vector<std::string> tokens;
  const std::string s = squeeze(without_controls(text));
  for (std::size_t start = 0; start < s.size();) {
    std::size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    tokens.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  static const std::regex kMonthDay(R"(\d{1,2}-\d{1,2})");
  if (!tokens.empty() && all_digits(tokens.back()) && tokens.size() >= 2 &&
      std::regex_match(tokens[tokens.size() - 2], kMonthDay)) {
    tokens.resize(tokens.size() - 2);
  } else if (!tokens.empty() && std::regex_match(tokens.back(), kMonthDay)) {
    tokens.pop_back();
  }
  if (tokens.empty()) return;
  h.keyword = tokens.front();
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (!h.version.empty()) h.version += ' ';
    h.version += tokens[i];
  }
}

}  // namespace

AnpaHeader read_anpa_header(std::string_view header) {
  AnpaHeader h;
  const std::vector<std::string_view> lines = lines_of(header);
  // The priority line is the one with a format identifier; a bare "r a" line will do.
  std::size_t line_index = lines.size();
  std::size_t at = 0;
  for (bool need_identifier : {true, false}) {
    for (std::size_t i = 0; i < lines.size() && line_index == lines.size(); ++i) {
      if (std::optional<std::size_t> p = priority_at(lines[i], need_identifier)) {
        line_index = i;
        at = *p;
      }
    }
  }
  if (line_index == lines.size()) {
    if (!lines.empty()) read_identification(lines.front(), h);
    return h;
  }
  const std::string_view line = lines[line_index];
  // Identification: before the priority on its line, else the line before.
  if (at > 0) {
    read_identification(line.substr(0, at), h);
  } else {
    for (std::size_t i = line_index; i-- > 0;) {
      if (squeeze(without_controls(lines[i])).empty()) continue;
      read_identification(lines[i], h);
      break;
    }
  }
  h.priority = static_cast<char>(line[at] | 0x20);
  h.category = static_cast<char>(line[at + 2] | 0x20);
  std::size_t rest = at + 3;
  while (rest < line.size() && is_format_identifier(line[rest])) {
    if (line[rest] == '\x12') h.tabular = true;
    ++rest;
  }
  read_slug_fields(line.substr(rest), h);
  return h;
}

bool looks_like_anpa_header(std::string_view header) {
  static const std::regex kServiceAndNumber(R"(^\s*[A-Za-z]\d{4}\x1F)");
  for (std::string_view line : lines_of(header))
    if (priority_at(line, true)) return true;
  return std::regex_search(std::string(header.substr(0, 64)), kServiceAndNumber);
}

}  // namespace newswired::anpa
