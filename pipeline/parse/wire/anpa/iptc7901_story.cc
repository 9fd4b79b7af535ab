#include "pipeline/parse/wire/anpa/iptc7901_story.h"

#include <optional>
#include <regex>

#include "pipeline/parse/wire/anpa/story_text.h"
#include "pipeline/parse/wire/anpa/trailer_dates.h"

namespace newswired::iptc7901 {
namespace {

using wire_text::lines_of;
using wire_text::lower_ascii;
using wire_text::squeeze;
using wire_text::without_controls;

std::vector<std::string> tokens_of(std::string_view line) {
  std::vector<std::string> out;
  const std::string s = squeeze(without_controls(line));
  for (std::size_t start = 0; start < s.size();) {
    std::size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool read_header_line(std::string_view line, Iptc7901Story& story) {
  static const std::regex kMessage(R"([A-Za-z0-9]{1,16})");
  static const std::regex kPriority(R"([1-9])");
  static const std::regex kCategory(R"([A-Za-z]{1,3})");
  const std::vector<std::string> t = tokens_of(line);
  if (t.size() < 3 || !std::regex_match(t[0], kMessage) || !std::regex_match(t[1], kPriority) ||
      !std::regex_match(t[2], kCategory)) {
    return false;
  }
  story.message = t[0];
  story.source = t[0].substr(0, t[0].find_first_of("0123456789"));
  story.priority = t[1];
  story.category = t[2];
  story.has_header = true;
  return true;
}

std::string_view trimmed(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool is_blank_line(std::string_view line) { return trimmed(without_controls(line)).empty(); }

// "Germany-football/Munich/Mueller/": keywords end with a slash.
void add_keyword_line(std::string_view line, Iptc7901Story& story) {
  std::string k = squeeze(without_controls(line));
  while (!k.empty() && k.back() == '/') k.pop_back();
  if (k.empty()) return;
  if (!story.keyword.empty()) story.keyword += '/';
  story.keyword += k;
}

// Header and keyword lines (before STX); returns the index of the first text line when the
// message has no STX and they precede the text.
std::size_t read_head(const std::vector<std::string_view>& lines, bool keyword_needs_slash,
                      Iptc7901Story& story) {
  std::size_t i = 0;
  while (i < lines.size() && is_blank_line(lines[i])) ++i;
  if (i < lines.size() && read_header_line(lines[i], story)) ++i;
  for (; i < lines.size(); ++i) {
    if (is_blank_line(lines[i])) continue;
    const std::string line = without_controls(lines[i]);
    if (keyword_needs_slash && !trimmed(line).ends_with('/')) break;
    add_keyword_line(line, story);
  }
  return i;
}

std::string heading_text(std::string_view line) {
  std::string s = squeeze(without_controls(line));
  while (!s.empty() && (s.back() == '=' || s.back() == ' ')) s.pop_back();
  return s;
}

// The heading: up to four lines before the first blank one, the last ending with "=" when
// the agency marks it so; without either, only the first line.
std::size_t read_heading(const std::vector<std::string_view>& lines, std::size_t from,
                         Iptc7901Story& story) {
  constexpr std::size_t kMaxHeading = 4;
  while (from < lines.size() && is_blank_line(lines[from])) ++from;
  std::size_t end = from;
  bool closed = false;
  while (end < lines.size() && end - from < kMaxHeading && !is_blank_line(lines[end])) {
    closed = trimmed(without_controls(lines[end])).ends_with('=');
    ++end;
    if (closed) break;
  }
  if (!closed && end < lines.size() && !is_blank_line(lines[end])) end = from + 1;
  for (std::size_t i = from; i < end; ++i) {
    const std::string text = heading_text(lines[i]);
    if (text.empty()) continue;
    if (wire_text::is_label_line(text)) {
      story.labels += (story.labels.empty() ? "" : " ") + text;
    } else if (std::vector<std::string> names = wire_text::byline_names(text); !names.empty()) {
      story.authors = std::move(names);
    } else {
      story.headline += (story.headline.empty() ? "" : " ") + text;
    }
  }
  return end;
}

// Notes to editors start at dpa's "# Notebook" or a "not for publication" line (and the
// "* * *" rule before it).
bool starts_notes(std::string_view line) {
  const std::string s = lower_ascii(trimmed(line));
  return (s.starts_with("#") && s.find("notebook") != std::string::npos) ||
         s.find("not for publication") != std::string::npos ||
         s.find("not intended for publication") != std::string::npos;
}

bool is_rule(std::string_view line) {
  const std::string_view s = trimmed(line);
  return s.size() >= 3 && s.find_first_not_of("* -_") == std::string_view::npos;
}

// "dpa wsz jln npr": the agency and its editors' initials, closing the text.
bool is_signature(std::string_view paragraph) {
  static const std::regex kSignature(R"([a-z]{2,5}( [a-z]{2,4}){1,5})");
  return paragraph.size() <= 30 && std::regex_match(std::string(paragraph), kSignature);
}

std::vector<std::string> read_paragraphs(const std::vector<std::string_view>& lines,
                                         std::size_t from) {
  std::size_t end = from;
  while (end < lines.size() && !starts_notes(lines[end])) ++end;
  if (end < lines.size()) {
    while (end > from && (is_blank_line(lines[end - 1]) || is_rule(lines[end - 1]))) --end;
  }
  std::vector<wire_text::TextLine> text;
  for (std::size_t i = from; i < end; ++i) {
    const std::string line = without_controls(lines[i]);
    text.push_back({line, wire_text::is_indented(line)});
  }
  std::vector<std::string> paragraphs = wire_text::join_paragraphs(text);
  if (!paragraphs.empty() && is_signature(paragraphs.back())) paragraphs.pop_back();
  return paragraphs;
}

}  // namespace

bool is_iptc7901_header_line(std::string_view line) {
  Iptc7901Story ignored;
  return read_header_line(line, ignored);
}

Iptc7901Story read_iptc7901_story(const wire_text::WireMessage& m) {
  Iptc7901Story story;
  std::vector<std::string_view> lines = lines_of(m.text);
  std::size_t text_from = 0;
  if (m.has_stx) {
    read_head(lines_of(m.header), false, story);
  } else {
    text_from = read_head(lines, true, story);
  }
  story.trailer = m.trailer;
  if (story.trailer.empty()) {
    // Telex lines without ETX end with the date-time line.
    std::size_t last = lines.size();
    while (last > text_from && is_blank_line(lines[last - 1])) --last;
    if (last > text_from && wire_text::is_iptc7901_date_line(lines[last - 1])) {
      story.trailer = std::string(lines[last - 1]);
      lines.resize(last - 1);
    }
  }
  const std::size_t body_from = read_heading(lines, text_from, story);
  story.paragraphs = read_paragraphs(lines, body_from);
  if (!story.paragraphs.empty()) {
    if (auto d = wire_text::read_dateline(story.paragraphs.front())) story.located = d->located;
  }
  return story;
}

}  // namespace newswired::iptc7901
