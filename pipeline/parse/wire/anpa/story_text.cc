#include "pipeline/parse/wire/anpa/story_text.h"

#include <algorithm>
#include <cstdlib>
#include <regex>

#include "pipeline/core/markup_escape.h"

namespace newswired::wire_text {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) {
  return is_ascii_lower(c) || is_ascii_digit(c) || (c >= 'A' && c <= 'Z');
}

// Agencies' own names, dropped from a byline that names people too ("By Jane Doe, dpa").
bool is_agency_tag(std::string_view name) {
  static constexpr std::string_view kTags[] = {"dpa", "ap",  "afp", "reuters", "ansa", "efe",
                                               "apa", "sda", "aap", "pa",      "cp",   "upi"};
  const std::string n = lower_ascii(name);
  return std::find(std::begin(kTags), std::end(kTags), n) != std::end(kTags);
}

// Words that label a heading line instead of being its text, lower case.
bool is_label_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "extra",       "urgent",     "flash",          "bulletin",     "eilt",         "eilmeldung",
      "blitz",       "achtung",    "advisory",       "alert",        "newsalert",    "correction",
      "corrected",   "corrects",   "korrektur",      "berichtigung", "kill",         "mandatory",
      "elimination", "withdrawal", "withdrawn",      "update",       "writethru",    "lead",
      "ld",          "new",        "repeat",         "rpt",          "wiederholung", "sub",
      "refile",      "substitute", "zusammenfassung"};
  if (std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords)) return true;
  // Ordinals: "1st", "2nd", "3rd", "4th", "1".
  std::size_t i = 0;
  while (i < w.size() && is_ascii_digit(w[i])) ++i;
  if (i == 0) return false;
  // "1stld" (from "1stLd-Writethru") is an ordinal and a label written together.
  const std::string_view suffix = w.substr(i);
  if (suffix.empty()) return true;
  if (suffix.size() < 2) return false;
  const std::string_view ordinal = suffix.substr(0, 2);
  if (ordinal != "st" && ordinal != "nd" && ordinal != "rd" && ordinal != "th") return false;
  return suffix.size() == 2 || is_label_word(suffix.substr(2));
}

int first_number(const std::smatch& m) { return std::atoi(m[1].str().c_str()); }

}  // namespace

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

std::string without_controls(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 0x20 && u != 0x7F) || c == '\t') out += c;
  }
  return out;
}

std::string squeeze(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool blank = false;
  for (char c : trim(s)) {
    if (is_blank(c)) {
      blank = true;
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

bool is_indented(std::string_view line) { return line.starts_with('\t') || line.starts_with("  "); }

std::vector<std::string> join_paragraphs(const std::vector<TextLine>& lines) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (std::string p = squeeze(current); !p.empty()) out.push_back(std::move(p));
    current.clear();
  };
  for (const TextLine& line : lines) {
    if (trim(line.text).empty() || line.opens_paragraph) flush();
    if (!current.empty()) current += ' ';
    current += line.text;
  }
  flush();
  return out;
}

std::string paragraphs_html(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    out += "<p>";
    append_markup_escaped(out, p);
    out += "</p>\n";
  }
  return out;
}

std::string preformatted_html(const std::vector<std::string>& lines) {
  std::size_t first = 0, last = lines.size();
  while (first < last && trim(lines[first]).empty()) ++first;
  while (last > first && trim(lines[last - 1]).empty()) --last;
  if (first == last) return {};
  std::string out = "<pre>";
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) out += '\n';
    append_markup_escaped(out, lines[i]);
  }
  out += "</pre>";
  return out;
}

std::optional<Dateline> read_dateline(std::string_view paragraph) {
  // Place (not starting lower case or with a digit), the agency in parentheses, a dash: AP's
  // 7-bit "_", "-", "--", an en or em dash.
  static const std::regex kDateline(
      std::string(R"(^([^\sa-z0-9(][^()]{0,60}?)\s*\(([A-Za-z][A-Za-z0-9.&/ -]{0,20})\)\s*)") +
      "(?:_|--|-|\xE2\x80\x93|\xE2\x80\x94)" + R"(\s+)");
  const std::string text(paragraph.substr(0, 120));
  std::smatch m;
  if (!std::regex_search(text, m, kDateline)) return std::nullopt;
  std::string place = m[1].str();
  place = std::string(trim(place.substr(0, place.find(','))));
  if (place.empty()) return std::nullopt;
  return Dateline{std::move(place), std::string(paragraph.substr(m.length(0)))};
}

std::vector<std::string> byline_names(std::string_view line) {
  std::string_view s = trim(line);
  while (!s.empty() && (s.back() == '=' || s.back() == '<' || is_blank(s.back())))
    s.remove_suffix(1);
  if (s.size() < 4 || s.size() > 120 || lower_ascii(s.substr(0, 3)) != "by ") return {};
  // " and ", " & ", German " und " and French " et " join the last name to the others; the
  // names before it are listed with commas. After the last name, a comma starts its
  // affiliation: "By Jane Doe, dpa", "By Tom Roe, The Daily Planet".
  static const std::regex kJoiner(R"(\s+(?:and|AND|And|&|und|et)\s+)");
  const std::string rest(s.substr(3));
  std::vector<std::string> segments;
  for (std::sregex_token_iterator it(rest.begin(), rest.end(), kJoiner, -1), end; it != end; ++it)
    segments.push_back(it->str());
  std::vector<std::string> names;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    if (i + 1 == segments.size()) segment = segment.substr(0, segment.find(','));
    for (std::size_t start = 0; start <= segment.size();) {
      std::size_t end = segment.find(',', start);
      if (end == std::string_view::npos) end = segment.size();
      if (std::string name = squeeze(segment.substr(start, end - start)); !name.empty()) {
        // Names start with a capital ("By the time the police came" is a sentence), or with
        // the agency's name ("By dpa correspondents").
        const std::string first_word = name.substr(0, name.find(' '));
        if (is_ascii_lower(name.front()) && !is_agency_tag(first_word)) return {};
        names.push_back(std::move(name));
      }
      start = end + 1;
    }
  }
  std::vector<std::string> people;
  for (const std::string& n : names)
    if (!is_agency_tag(n)) people.push_back(n);
  return people.empty() ? names : people;
}

VersionWords read_version_words(std::string_view text) {
  static const std::regex kLead(
      R"((\d+)\s*(?:st|nd|rd|th)\s*(?:ld|lead|writethru|write-thru|writethrough|sub|update)\b)");
  static const std::regex kTake(R"((\d+)\s*(?:st|nd|rd|th)\s*add\b)");
  static const std::regex kUpdate(
      R"(\b(?:ld|lead|writethru|write-thru|writethrough|sub|substitute|update|updates)\b)");
  static const std::regex kCorrection(
      R"(\b(?:correction|corrected|corrects|corrective|korrektur|berichtigung|rectificatif)\b)");
  static const std::regex kKill(
      R"(\b(?:kill|kills|killed|elimination|eliminate|withdrawal|withdrawn|withdraw)\b)");
  static const std::regex kRepeat(R"(\b(?:repeat|repeats|rpt|rptg|refile|wiederholung)\b)");
  // Version words are a few; a bounded input also bounds the regex engine's recursion.
  const std::string s = lower_ascii(text.substr(0, 200));
  VersionWords w;
  std::smatch m;
  if (std::regex_search(s, m, kLead)) w.lead = first_number(m);
  if (std::regex_search(s, m, kTake)) w.take = first_number(m);
  w.update = w.lead > 0 || std::regex_search(s, kUpdate);
  w.correction = std::regex_search(s, kCorrection);
  w.kill = std::regex_search(s, kKill);
  w.repeat = std::regex_search(s, kRepeat);
  return w;
}

bool is_label_line(std::string_view line) {
  const std::string s = lower_ascii(trim(line));
  if (s.empty() || s.size() > 40) return false;
  bool any = false;
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
    if (!is_ascii_alnum(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_ascii_alnum(s[j])) ++j;
    if (!is_label_word(std::string_view(s).substr(i, j - i))) return false;
    any = true;
    i = j;
  }
  return any;
}

std::string version_of(const VersionWords& w) {
  if (w.lead > 0) return std::to_string(w.lead + 1);
  if (w.update || w.correction || w.kill || w.repeat) return {};
  return "1";
}

std::vector<std::string> signals_of(const VersionWords& w) {
  std::vector<std::string> out;
  if (w.update) out.emplace_back("update");
  if (w.correction) out.emplace_back("correction");
  return out;
}

}  // namespace newswired::wire_text
