#include "pipeline/tag/tag_text.h"

#include <cctype>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newswired {
namespace {

constexpr std::size_t kLedeBytes = 500;
constexpr std::size_t kCreditLineBytes = 60;

// Combining marks belong to the letter before them ("e" + U+0301 is one letter).
bool is_word_char(UChar32 c) {
  if (c < 0) return false;
  const auto type = u_charType(c);
  return u_isalnum(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

}  // namespace

bool is_whole_word(std::string_view text, std::size_t start, std::size_t end) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  // Most neighbours are ASCII: decide those without ICU.
  const auto ascii_word = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (start > 0 && s[start - 1] < 0x80) {
    if (ascii_word(s[start - 1])) return false;
  } else if (start > 0) {
    auto i = static_cast<std::int32_t>(start);
    UChar32 c = 0;
    U8_PREV(s, 0, i, c);
    if (is_word_char(c)) return false;
  }
  if (end < text.size() && s[end] < 0x80) {
    if (ascii_word(s[end])) return false;
  } else if (end < text.size()) {
    auto i = static_cast<std::int32_t>(end);
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (is_word_char(c)) return false;
  }
  return true;
}

bool is_credit_position(std::string_view text, std::size_t start, std::size_t end) {
  if ((start > 0 && text[start - 1] == '/') || (end < text.size() && text[end] == '/')) return true;
  const std::size_t line_start = start == 0 ? 0 : text.rfind('\n', start - 1) + 1;  // npos+1 = 0
  std::size_t line_end = text.find('\n', end);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end - line_start <= kCreditLineBytes) return true;
  const std::size_t open = text.rfind('(', start);
  if (open == std::string_view::npos || open < line_start) return false;
  const std::size_t closed_before = text.find(')', open);
  if (closed_before < start) return false;
  return closed_before != std::string_view::npos && closed_before < line_end;
}

double position_weight(int field, std::size_t start) {
  switch (field) {
    case kFieldTitle:
      return 2.0;
    case kFieldSummary:
      return 1.5;
    default:
      return start < kLedeBytes ? 1.5 : 1.0;
  }
}

}  // namespace newswired
