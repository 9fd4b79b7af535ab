#include "pipeline/parse/wire/anpa/anpa_story.h"

#include <initializer_list>
#include <optional>
#include <regex>

#include "pipeline/parse/wire/anpa/story_text.h"

namespace newswired::anpa {
namespace {

using wire_text::byline_names;
using wire_text::is_indented;
using wire_text::lines_of;
using wire_text::lower_ascii;
using wire_text::squeeze;
using wire_text::TextLine;
using wire_text::without_controls;

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// AP's 7-bit typography: `` and '' for quotation marks (only in stories that use them: an
// apostrophe pair elsewhere stays), " _ " for a dash.
std::string typeset(std::string s, bool backtick_quotes) {
  if (backtick_quotes) {
    replace_all(s, "``", "\xE2\x80\x9C");
    replace_all(s, "''", "\xE2\x80\x9D");
    replace_all(s, "`", "\xE2\x80\x98");
  }
  replace_all(s, " _ ", " \xE2\x80\x94 ");
  return s;
}

// The line without controls, blanks and its quad marks ("<" left, "=" centre) at the end.
std::string clean_line(std::string_view raw) {
  std::string s = squeeze(without_controls(raw));
  while (!s.empty() && (s.back() == '<' || s.back() == '=' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_caret_line(std::string_view raw) {
  const std::string s = without_controls(raw);
  const std::size_t first = s.find_first_not_of(' ');
  return first != std::string::npos && s[first] == '^';
}

// A caret line's parts: AP may put two headings on one line ("^*9006< ^AP-Top-...<"); parts
// starting with "*" are AP's internal codes.
std::vector<std::string> caret_parts(std::string_view raw) {
  std::vector<std::string> out;
  const std::string s = without_controls(raw);
  for (std::size_t start = s.find('^'); start != std::string::npos;) {
    const std::size_t end = s.find('^', start + 1);
    std::string part = clean_line(std::string_view(s).substr(
        start + 1, end == std::string::npos ? std::string::npos : end - start - 1));
    if (!part.empty() && part.front() != '*') out.push_back(std::move(part));
    start = end;
  }
  return out;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes)
    if (s.starts_with(p)) return true;
  return false;
}

// Notes to editors and lists of pictures: not for publication.
bool is_note(std::string_view s) {
  return starts_with_any(
      s, {"AP Photo", "AP Video", "AP Graphic", "AP Audio", "With AP Photo",
          "Eds:", "(Eds:", "EDS:", "Editors:", "EDITOR'S NOTE", "Editor's Note", "EDITORS NOTE"});
}

// "Associated Press", "AP Sports Writer": the line under a byline.
bool is_byline_title(std::string_view s) {
  if (s.size() > 60) return false;
  for (std::string_view word : {"Writer", "Press", "Correspondent", "Editor", "Reporter",
                                "Columnist", "Critic", "Associated", "Staff"}) {
    if (s.find(word) != std::string_view::npos) return true;
  }
  return false;
}

std::string compact_lower(std::string_view s) {
  std::string out;
  for (char c : lower_ascii(s))
    if (c != ' ' && c != '-') out += c;
  return out;
}

// The header's keyword is cut at 24 characters and has no blanks (AP closes them up, others
// put hyphens); the keyword line has its whole keyword with blanks.
bool is_keyword_line(std::string_view part, const AnpaHeader& header) {
  if (!header.keyword.empty()) {
    return compact_lower(part).starts_with(compact_lower(header.keyword));
  }
  static const std::regex kSlug(R"(^[A-Za-z]{2}-\S+.*,)");
  return std::regex_search(std::string(part.substr(0, 200)), kSlug);
}

// "BC-US--Giant Lobster Death, 1st Ld-Writethru,127": keyword, version words, word count.
void read_keyword_line(std::string_view line, AnpaStory& story) {
  std::vector<std::string> parts;
  for (std::size_t start = 0; start <= line.size();) {
    std::size_t end = line.find(',', start);
    if (end == std::string_view::npos) end = line.size();
    parts.push_back(squeeze(line.substr(start, end - start)));
    start = end + 1;
  }
  if (parts.size() > 1 && !parts.back().empty() &&
      parts.back().find_first_not_of("0123456789") == std::string::npos) {
    parts.pop_back();
  }
  story.slug = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty()) continue;
    if (!story.version_text.empty()) story.version_text += ", ";
    story.version_text += parts[i];
  }
}

// The leading caret lines: keyword line, headline, notes, abstract, byline and its title.
// Heading lines after the byline, and all but the headline when there is none, are the
// start of the body.
void read_heading(const std::vector<std::string>& parts, const AnpaHeader& header, AnpaStory& story,
                  std::vector<std::string>& body_start) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < parts.size() && k < 2; ++k) {
    if (is_keyword_line(parts[k], header)) {
      read_keyword_line(parts[k], story);
      i = k + 1;
      break;
    }
  }
  std::vector<std::string> between;
  bool byline = false;
  int titles = 0;
  for (; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (byline) {
      if (titles < 2 && body_start.empty() && is_byline_title(part)) {
        ++titles;
      } else {
        body_start.push_back(part);
      }
      continue;
    }
    if (is_note(part)) continue;
    if (std::vector<std::string> names = byline_names(part); !names.empty()) {
      story.authors = std::move(names);
      byline = true;
    } else if (story.headline.empty()) {
      story.headline = part;
    } else {
      between.push_back(part);
    }
  }
  if (byline) {
    story.summary = std::move(between);
  } else {
    body_start.insert(body_start.begin(), between.begin(), between.end());
  }
}

// A table row: unit and record separators align columns, other controls go.
std::string table_line(std::string_view raw) {
  std::string s;
  for (char c : raw) s += (c == '\x1E' || c == '\x1F') ? ' ' : c;
  s = without_controls(s);
  const std::size_t first = s.find_first_not_of(" \t^");
  if (first == std::string::npos) return {};
  s.erase(0, first);
  while (!s.empty() && (s.back() == '<' || s.back() == '=' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  return s;
}

std::vector<std::string> text_paragraphs(const std::vector<std::string_view>& lines,
                                         std::size_t from,
                                         const std::vector<std::string>& body_start) {
  std::vector<TextLine> text;
  for (const std::string& part : body_start) text.push_back({part, true});
  for (std::size_t i = from; i < lines.size(); ++i) {
    if (is_caret_line(lines[i])) {
      for (std::string& part : caret_parts(lines[i])) text.push_back({std::move(part), true});
      continue;
    }
    text.push_back({clean_line(lines[i]), is_indented(without_controls(lines[i]))});
  }
  return wire_text::join_paragraphs(text);
}

// Stories without caret headings: the first paragraph is the headline (or, with a dateline,
// an alert whose text is its headline), then a "By" line may follow.
void read_plain_heading(AnpaStory& story) {
  std::vector<std::string>& p = story.paragraphs;
  if (story.headline.empty() && !p.empty()) {
    if (std::optional<wire_text::Dateline> d = wire_text::read_dateline(p.front())) {
      story.headline = d->rest;
    } else if (byline_names(p.front()).empty()) {
      story.headline = p.front();
      p.erase(p.begin());
    }
  }
  if (story.authors.empty() && !p.empty()) {
    if (std::vector<std::string> names = byline_names(p.front()); !names.empty()) {
      story.authors = std::move(names);
      p.erase(p.begin());
      if (!p.empty() && is_byline_title(p.front())) p.erase(p.begin());
    }
  }
}

// The last resort for a headline, for tables without a heading: the keyword line's keyword
// without its cycle and category ("BC-WEA--Global Weather" -> "Global Weather").
std::string keyword_of(std::string_view slug) {
  if (const std::size_t dashes = slug.rfind("--"); dashes != std::string_view::npos) {
    return std::string(slug.substr(dashes + 2));
  }
  return std::string(slug);
}

}  // namespace

AnpaStory read_anpa_story(std::string_view text, const AnpaHeader& header) {
  AnpaStory story;
  const std::vector<std::string_view> lines = lines_of(text);
  std::vector<std::string> parts;
  std::size_t body_from = 0;
  for (; body_from < lines.size(); ++body_from) {
    if (is_caret_line(lines[body_from])) {
      for (std::string& part : caret_parts(lines[body_from])) parts.push_back(std::move(part));
    } else if (!clean_line(lines[body_from]).empty()) {
      break;
    }
  }
  std::vector<std::string> body_start;
  read_heading(parts, header, story, body_start);

  if (header.tabular) {
    story.table_lines = std::move(body_start);
    for (std::size_t i = body_from; i < lines.size(); ++i)
      story.table_lines.push_back(table_line(lines[i]));
  } else {
    story.paragraphs = text_paragraphs(lines, body_from, body_start);
    read_plain_heading(story);
  }
  if (!story.paragraphs.empty()) {
    if (auto d = wire_text::read_dateline(story.paragraphs.front())) story.located = d->located;
  }

  if (story.headline.empty()) story.headline = keyword_of(story.slug);

  const bool backticks = text.find("``") != std::string_view::npos;
  story.headline = typeset(story.headline, backticks);
  for (std::string& s : story.summary) s = typeset(s, backticks);
  for (std::string& p : story.paragraphs) p = typeset(p, backticks);
  return story;
}

}  // namespace newswired::anpa
