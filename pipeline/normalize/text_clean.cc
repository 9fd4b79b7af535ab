#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// UTF-8 for U+0080..U+00BF is 0xC2 followed by the code point's low byte.
bool is_c1_control(unsigned char lead, unsigned char next) {
  return lead == 0xc2 && next >= 0x80 && next <= 0x9f;
}

bool is_no_break_space(unsigned char lead, unsigned char next) {
  return lead == 0xc2 && next == 0xa0;
}

unsigned char byte_after(std::string_view text, std::size_t i) {
  return i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
}

}  // namespace

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const unsigned char next = byte_after(text, i);
    if (is_ascii_space(c)) {
      pending_space = true;
      continue;
    }
    if (is_ascii_control(c)) continue;
    if (is_c1_control(c, next)) {
      ++i;
      continue;
    }
    if (is_no_break_space(c, next)) {  // typically from &nbsp;
      ++i;
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::string remove_control_chars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_ascii_control(c) && !is_ascii_space(c)) continue;
    if (is_c1_control(c, byte_after(text, i))) {
      ++i;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace newswired
