#include "pipeline/normalize/text_clean.h"

#include <cstdint>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "pipeline/normalize/byte_blocks.h"

namespace newswired {
namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_control(unsigned char c) { return c < 0x20 || c == 0x7f; }
bool is_visible_ascii(unsigned char c) { return c > 0x20 && c < 0x7f; }

// UTF-8 for U+0080..U+00BF is 0xC2 followed by the code point's low byte.
bool is_c1_control(unsigned char lead, unsigned char next) {
  return lead == 0xc2 && next >= 0x80 && next <= 0x9f;
}

unsigned char byte_after(std::string_view text, std::size_t i) {
  return i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
}

// From `i` (a visible character), the end of the whole blocks of visible ASCII and single
// spaces before visible characters: what collapsing copies as it is.
std::size_t clean_blocks_end(std::string_view text, std::size_t i) {
  using namespace bytes;
  while (i + kBlockSize < text.size()) {
    const Block b = load(text.data() + i);
    const Block next = load(text.data() + i + 1);
    const Block clean = in_range(b, 0x21, 0x7e) | (equal(b, ' ') & in_range(next, 0x21, 0x7e));
    if (!none(~clean)) break;
    i += kBlockSize;
  }
  return i;
}

enum class Special { kNone, kSpace, kInvisible };

// Characters beyond ASCII that are layout rather than text. Zero-width spaces, word joiners,
// BOMs and soft hyphens only mark where a line may (not) break: they go, so that "news\u00adpaper"
// and "newspaper" compare equal. ZWJ and ZWNJ stay: they change how Persian, Indic scripts and
// emoji are written. The other Unicode spaces (en, em, thin, ideographic, line separator...)
// are spaces. Returns the class and the length of the sequence at `i`.
std::pair<Special, std::size_t> special_at(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  const unsigned char b1 = byte_after(text, i);
  if (b0 == 0xc2) {
    if (b1 == 0xa0) return {Special::kSpace, 2};
    if (b1 == 0xad) return {Special::kInvisible, 2};
    return {Special::kNone, 0};
  }
  if (b0 < 0xe1 || b0 > 0xef || i + 2 >= text.size()) return {Special::kNone, 0};
  const auto b2 = static_cast<unsigned char>(text[i + 2]);
  if (b0 == 0xe2 && b1 == 0x80) {
    if (b2 <= 0x8a || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf) return {Special::kSpace, 3};
    if (b2 == 0x8b) return {Special::kInvisible, 3};
  }
  if (b0 == 0xe2 && b1 == 0x81 && b2 == 0x9f) return {Special::kSpace, 3};
  if (b0 == 0xe2 && b1 == 0x81 && b2 == 0xa0) return {Special::kInvisible, 3};
  if (b0 == 0xe3 && b1 == 0x80 && b2 == 0x80) return {Special::kSpace, 3};
  if (b0 == 0xe1 && b1 == 0x9a && b2 == 0x80) return {Special::kSpace, 3};
  if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) return {Special::kInvisible, 3};
  return {Special::kNone, 0};
}

// The first code point NFC can change or combine with what precedes it: text below it is NFC.
constexpr char32_t kFirstNotQuickCheckYes = 0x300;

// What unify_text leaves as it is: well-formed UTF-8 (ICU replaces anything else), in NFC,
// without the reversed-9 quotes. Most text is ASCII or Latin and is decided without ICU.
bool is_unified(std::string_view text) {
  if (is_ascii(text)) return true;
  bool below_combining = true;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0 || cp == 0x201F || cp == 0x201B) return false;
    below_combining = below_combining && cp < kFirstNotQuickCheckYes;
    i += n;
  }
  if (below_combining) return true;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  const bool normalized = nfc->isNormalizedUTF8(icu::StringPiece(text.data(), text.size()), status);
  return U_SUCCESS(status) && normalized;
}

std::string unified_by_icu(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  if (U_SUCCESS(status) && !nfc->isNormalized(u, status) && U_SUCCESS(status)) {
    icu::UnicodeString composed = nfc->normalize(u, status);
    if (U_SUCCESS(status)) u = std::move(composed);
  }
  // The reversed-9 quotes are typewriter-era variants of the opening quotes every font has.
  u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x201F)),
                   icu::UnicodeString(static_cast<UChar32>(0x201C)));
  u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x201B)),
                   icu::UnicodeString(static_cast<UChar32>(0x2018)));
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::size_t append_collapsed_whitespace(std::string& out, std::string_view text) {
  const std::size_t before = out.size();
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Visible ASCII with single spaces between words, most of any text, is copied whole.
    std::size_t run = i;
    if (is_visible_ascii(static_cast<unsigned char>(text[i]))) run = clean_blocks_end(text, i);
    while (run < text.size()) {
      if (is_visible_ascii(static_cast<unsigned char>(text[run]))) {
        ++run;
      } else if (text[run] == ' ' && run > i &&
                 is_visible_ascii(static_cast<unsigned char>(byte_after(text, run)))) {
        run += 2;
      } else {
        break;
      }
    }
    if (run > i) {
      if (pending_space && out.size() > before) out += ' ';
      pending_space = false;
      out.append(text.data() + i, run - i);
      i = run - 1;
      continue;
    }
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
    if (c >= 0xc2) {
      const auto [special, length] = special_at(text, i);
      if (special != Special::kNone) {
        i += length - 1;
        pending_space = pending_space || special == Special::kSpace;
        continue;
      }
    }
    if (pending_space && out.size() > before) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
  return out.size() - before;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_collapsed_whitespace(out, text);
  return out;
}

std::string remove_control_chars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t run = i;
    while (run < text.size() && is_visible_ascii(static_cast<unsigned char>(text[run]))) ++run;
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run - 1;
      continue;
    }
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

std::string unify_text(std::string_view text) {
  if (is_unified(text)) return std::string(text);
  return unified_by_icu(text);
}

void unify_in_place(std::string& text) {
  if (!is_unified(text)) text = unified_by_icu(text);
}

// Both loops are written without branches so that the compiler runs them on vector registers.
void lower_ascii_in_place(std::string& text) {
  for (char& c : text)
    c = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 'a' - 'A' : 0));
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  lower_ascii_in_place(out);
  return out;
}

bool is_ascii(std::string_view text) {
  unsigned char high = 0;
  for (const char c : text) high |= static_cast<unsigned char>(c);
  return high < 0x80;
}

std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  std::size_t next = i;
  UChar32 c = 0;
  U8_NEXT(bytes, next, s.size(), c);
  if (c < 0) return 0;
  cp = static_cast<char32_t>(c);
  return next - i;
}

}  // namespace newswired
