#include "pipeline/parse/text_parser.h"

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/core/markup_escape.h"
#include "pipeline/normalize/boilerplate.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/text_layout.h"

namespace newswired {
namespace {

// Dates and links stand alone on short lines; a longer line is prose that mentions one.
constexpr std::size_t kMaxDateLine = 40;
constexpr std::size_t kMaxTitle = 300;

std::string_view trim(std::string_view s) {
  const std::size_t from = s.find_first_not_of(" \t\r\f\v");
  if (from == std::string_view::npos) return {};
  return s.substr(from, s.find_last_not_of(" \t\r\f\v") - from + 1);
}

// Markup and JSON have parsers of their own; reading them as prose helps no one.
std::optional<std::string> not_text(std::string_view body) {
  if (body.starts_with("\xef\xbb\xbf")) body.remove_prefix(3);
  const std::string_view t = trim(body);
  if (t.starts_with('<')) return "document is markup (XML or HTML), not plain text";
  if ((t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']')))
    return "document is JSON, not plain text";
  return std::nullopt;
}

bool is_url_line(std::string_view line) {
  const std::string l = to_lower_ascii(line.substr(0, 8));
  return (l.starts_with("http://") || l.starts_with("https://")) &&
         line.find_first_of(" \t") == std::string_view::npos;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "12.05.2015" (day first, as German and most European sites write it) -> "2015-05-12".
std::optional<std::string> dotted_date(std::string_view s) {
  const std::size_t a = s.find('.');
  const std::size_t b = a == std::string_view::npos ? a : s.find('.', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const std::string_view d = s.substr(0, a), m = s.substr(a + 1, b - a - 1), y = s.substr(b + 1);
  if (!all_digits(d) || !all_digits(m) || !all_digits(y) || d.size() > 2 || m.size() > 2 ||
      y.size() != 4 || number(d) < 1 || number(d) > 31 || number(m) < 1 || number(m) > 12)
    return std::nullopt;
  std::string out(y);
  out +=
      (m.size() == 1 ? "-0" : "-") + std::string(m) + (d.size() == 1 ? "-0" : "-") + std::string(d);
  return out;
}

// The line as a date normalize can read ("May 12, 2015", "12 May 2015", "2015-05-12",
// "12.05.2015", "Date 12.05.2015"), or nullopt.
std::optional<std::string> date_line(std::string_view line) {
  if (line.size() > kMaxDateLine) return std::nullopt;
  std::string s = collapse_whitespace(line);
  for (std::string_view label : {"date ", "date: ", "datum ", "datum: ", "published ",
                                 "published: ", "updated ", "updated: "}) {
    if (to_lower_ascii(s).starts_with(label)) s.erase(0, label.size());
  }
  if (s.find_first_of("0123456789") == std::string::npos) return std::nullopt;
  // A year alone ("2015") reads as ISO 8601 but is a headline number more often than a date.
  if (all_digits(s) && s.size() <= 4) return std::nullopt;
  if (std::optional<std::string> d = dotted_date(s)) return d;
  if (to_rfc3339_utc(s)) return s;
  return std::nullopt;
}

// A title has letters; "***" or "|" is a separator.
bool is_substantial(std::string_view line) {
  std::size_t letters = 0;
  for (unsigned char c : line) letters += (c >= 0x80 || std::isalpha(c)) ? 1 : 0;
  return letters >= 2 && line.size() <= kMaxTitle;
}

std::string as_html(const std::vector<Paragraph>& paragraphs) {
  std::string out;
  for (const Paragraph& p : paragraphs) {
    if (p.empty()) continue;
    out += "<p>";
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (i > 0) out += "<br>\n";
      append_markup_escaped(out, p[i]);
    }
    out += "</p>\n";
  }
  return out;
}

}  // namespace

Outcome<ParsedFeed> TextParser::parse(const Document& doc) const {
  if (std::optional<std::string> why = not_text(doc.body)) return Failure{*why};
  std::string body = remove_control_chars(doc.body);
  if (body.starts_with("\xef\xbb\xbf")) body.erase(0, 3);

  RawItem item;
  std::vector<Paragraph> paragraphs;
  bool in_body = false;  // past the title, date and link at the top
  for (Paragraph& block : split_paragraphs(body)) {
    Paragraph kept;
    for (const std::string& raw : block) {
      const std::string line(trim(raw));
      if (is_url_line(line)) {  // a short link or permalink, wherever it stands
        if (item.link.empty()) item.link = line;
        continue;
      }
      if (item.title.empty()) {
        if (std::optional<std::string> d = date_line(line)) {
          if (item.published.empty()) item.published = *d;
          continue;
        }
        if (is_chrome_line(line) || !is_substantial(line)) continue;
        append_markup_escaped(item.title, line);
        continue;
      }
      if (!in_body && item.published.empty()) {
        if (std::optional<std::string> d = date_line(line)) {
          item.published = *d;
          continue;
        }
      }
      kept.push_back(line);
    }
    if (kept.empty()) continue;
    in_body = true;
    paragraphs.push_back(std::move(kept));
  }

  ParsedFeed feed;
  feed.meta.format = "text";
  if (item.title.empty() && paragraphs.empty()) {
    feed.warnings.push_back("no text in the document");
    return feed;
  }
  if (!paragraphs.empty()) {
    std::string lede;
    append_markup_escaped(lede, collapse_whitespace(join_paragraphs({paragraphs.front()})));
    item.summary = std::move(lede);
  }
  item.content = as_html(paragraphs);
  feed.items.push_back(std::move(item));
  return feed;
}

}  // namespace newswired
