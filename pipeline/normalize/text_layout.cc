#include "pipeline/normalize/text_layout.h"

#include <unicode/unistr.h>

#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes,
                     std::size_t& length) {
  for (std::string_view p : prefixes) {
    if (s.starts_with(p)) {
      length = p.size();
      return true;
    }
  }
  return false;
}

// "12. ", "3) ", "iv. " is not handled: navigation lists number with digits.
std::string_view strip_list_marker(std::string_view s) {
  std::size_t digits = 0;
  while (digits < s.size() && digits < 3 && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits > 0 && digits + 1 < s.size() && (s[digits] == '.' || s[digits] == ')') &&
      s[digits + 1] == ' ')
    return s.substr(digits + 2);
  std::size_t bullet = 0;
  if (starts_with_any(s, {"\u2022 ", "\u00b7 ", "\u203a ", "\u00bb ", "- ", "* ", "> "}, bullet))
    return s.substr(bullet);
  return s;
}

std::string_view strip_trailing_marks(std::string_view s) {
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    for (std::string_view m : {":", " ", "\u2026", "...", "\u00bb", "\u203a", ">", "|", "\u2192"}) {
      if (s.ends_with(m)) {
        s.remove_suffix(m.size());
        changed = true;
      }
    }
  }
  return s;
}

// Printable ASCII with single spaces and no space at either end: what most lines of clean text
// are, and what collapse_whitespace would return unchanged.
bool is_collapsed_ascii(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return s.empty();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f || (c == ' ' && s[i + 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

std::vector<Paragraph> split_paragraphs(std::string_view text) {
  std::vector<Paragraph> out;
  bool new_paragraph = true;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    // Clean text has no lines of only spaces; a scraped one may (no-break spaces are text).
    if (line.find_first_not_of(" \t\r\f\v") == std::string_view::npos) {
      new_paragraph = true;
      continue;
    }
    if (new_paragraph) out.emplace_back();
    out.back().emplace_back(line);
    new_paragraph = false;
  }
  return out;
}

std::string join_paragraphs(const std::vector<Paragraph>& paragraphs) {
  std::string out;
  for (const Paragraph& p : paragraphs) {
    if (p.empty()) continue;
    if (!out.empty()) out += "\n\n";
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (i > 0) out += '\n';
      out += p[i];
    }
  }
  return out;
}

std::string fold_case(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return to_lower_ascii(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string match_key(std::string_view line) {
  const std::string collapsed =
      is_collapsed_ascii(line) ? std::string(line) : collapse_whitespace(line);
  std::string_view s = strip_trailing_marks(strip_list_marker(collapsed));
  return fold_case(s);
}

}  // namespace newswired
