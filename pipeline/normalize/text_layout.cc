#include "pipeline/normalize/text_layout.h"

#include <algorithm>
#include <array>
#include <cstdint>

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
  if (s.empty() ||
      (static_cast<unsigned char>(s[0]) < 0x80 && s[0] != '-' && s[0] != '*' && s[0] != '>'))
    return s;
  if (starts_with_any(s, {"\u2022 ", "\u00b7 ", "\u203a ", "\u00bb ", "- ", "* ", "> "}, bullet))
    return s.substr(bullet);
  return s;
}

// The last bytes of the marks strip_trailing_marks removes.
bool may_end_a_mark(char c) {
  switch (c) {
    case ':':
    case ' ':
    case '.':
    case '>':
    case '|':
    case '\xa6':  // U+2026 ...
    case '\xbb':  // U+00BB
    case '\xba':  // U+203A
    case '\x92':  // U+2192
      return true;
    default:
      return false;
  }
}

using namespace std::string_view_literals;

// In the order they are tried; a constant array, so their lengths are not measured per call.
constexpr std::array kTrailingMarks{":"sv,      " "sv, "\u2026"sv, "..."sv,   "\u00bb"sv,
                                    "\u203a"sv, ">"sv, "|"sv,      "\u2192"sv};

std::string_view strip_trailing_marks(std::string_view s) {
  if (s.empty() || !may_end_a_mark(s.back())) return s;
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    for (const std::string_view m : kTrailingMarks) {
      // The last byte first: most lines end in none of them.
      if (!s.empty() && s.back() == m.back() && s.ends_with(m)) {
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
  // No early exit and no branch: the loop then runs on vector registers.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t last = s.size() - 1;
  std::uint8_t bad = static_cast<std::uint8_t>(p[last] - 0x20) >= 0x5f;
  for (std::size_t i = 0; i < last; ++i) {
    bad |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(p[i] - 0x20) >= 0x5f) |
           static_cast<std::uint8_t>((p[i] == ' ') & (p[i + 1] == ' '));
  }
  return bad == 0;
}

// Only spaces, tabs and the like (no-break spaces are text).
bool is_blank(std::string_view line) {
  for (const char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

// Found with memchr, which skips the bytes between them a block at a time (std::count reads
// them one by one).
std::size_t line_breaks(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1))
    ++n;
  return n;
}

}  // namespace

std::vector<ParagraphView> split_paragraph_views(std::string_view text) {
  std::vector<ParagraphView> out;
  // Clean text has a blank line between paragraphs: half its line breaks, plus one, is about
  // how many there are.
  out.reserve(line_breaks(text) / 2 + 1);
  bool new_paragraph = true;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    // Clean text has no lines of only spaces; a scraped one may.
    if (is_blank(line)) {
      new_paragraph = true;
      continue;
    }
    if (new_paragraph) out.emplace_back();
    out.back().push_back(line);
    new_paragraph = false;
  }
  return out;
}

std::vector<Paragraph> split_paragraphs(std::string_view text) {
  std::vector<Paragraph> out;
  for (const ParagraphView& p : split_paragraph_views(text)) out.emplace_back(p.begin(), p.end());
  return out;
}

namespace {

template <typename Paragraphs>
std::string join(const Paragraphs& paragraphs) {
  std::size_t size = 0;
  for (const auto& p : paragraphs)
    for (const auto& line : p) size += line.size() + 2;
  std::string out;
  out.reserve(size);
  for (const auto& p : paragraphs) {
    if (p.empty()) continue;
    if (!out.empty()) out += "\n\n";
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (i > 0) out += '\n';
      out += p[i];
    }
  }
  return out;
}

}  // namespace

std::string join_paragraphs(const std::vector<Paragraph>& paragraphs) { return join(paragraphs); }

std::string join_paragraph_views(const std::vector<ParagraphView>& paragraphs) {
  return join(paragraphs);
}

const std::string& fold_case(std::string_view text, std::string& buffer) {
  if (is_ascii(text)) {
    buffer.assign(text);
    lower_ascii_in_place(buffer);
    return buffer;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  u.foldCase();
  buffer.clear();
  u.toUTF8String(buffer);
  return buffer;
}

std::string fold_case(std::string_view text) {
  std::string out;
  fold_case(text, out);
  return out;
}

bool key_starts_with_any(std::string_view line, std::span<const std::string_view> prefixes,
                         std::string& buffer) {
  if (is_collapsed_ascii(line)) {
    // The key is the stripped line in lower case: compared as it stands, case ignored.
    const std::string_view s = strip_trailing_marks(strip_list_marker(line));
    for (const std::string_view prefix : prefixes) {
      if (prefix.size() > s.size()) continue;
      std::size_t k = 0;
      while (k < prefix.size() &&
             s[k] + (static_cast<unsigned char>(s[k] - 'A') < 26 ? 32 : 0) == prefix[k])
        ++k;
      if (k == prefix.size()) return true;
    }
    return false;
  }
  const std::string& key = match_key(line, buffer);
  for (const std::string_view prefix : prefixes)
    if (key.starts_with(prefix)) return true;
  return false;
}

const std::string* match_key_up_to(std::string_view line, std::size_t max_size,
                                   std::string& buffer) {
  if (is_collapsed_ascii(line)) {
    // Lowering ASCII keeps the length: a key too long to match is known before it is made.
    const std::string_view key = strip_trailing_marks(strip_list_marker(line));
    if (key.size() > max_size) return nullptr;
    buffer.assign(key);
    lower_ascii_in_place(buffer);
    return &buffer;
  }
  match_key(line, buffer);
  return buffer.size() > max_size ? nullptr : &buffer;
}

const std::string& match_key(std::string_view line, std::string& buffer) {
  if (is_collapsed_ascii(line)) {
    buffer.assign(strip_trailing_marks(strip_list_marker(line)));
    lower_ascii_in_place(buffer);
    return buffer;
  }
  const std::string collapsed = collapse_whitespace(line);
  return fold_case(strip_trailing_marks(strip_list_marker(collapsed)), buffer);
}

std::string match_key(std::string_view line) {
  std::string out;
  match_key(line, out);
  return out;
}

}  // namespace newswired
