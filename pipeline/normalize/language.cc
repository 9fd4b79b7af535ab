#include "pipeline/normalize/language.h"

#include <algorithm>
#include <array>
#include <utility>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "pipeline/normalize/function_words.h"
#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

// CLD2 is reliable from a few hundred letters and its cost grows with the text (27 µs for
// 300 bytes, 151 µs for 4 KB): an article's language is read from its first kilobyte, which
// is title and lede.
constexpr std::size_t kMaxDetectBytes = 1024;

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kRetiredCodes{{
    {"iw", "he"},
    {"in", "id"},
    {"ji", "yi"},
    {"jw", "jv"},
}};

// Languages CLD2 cannot tell apart reliably (or that are one written language under several
// names): a declaration of one is not contradicted by a detection of another.
bool same_family(std::string_view a, std::string_view b) {
  constexpr std::array<std::array<std::string_view, 3>, 3> kFamilies{{
      {"no", "nb", "nn"},
      {"hr", "sr", "bs"},
      {"ms", "id", ""},
  }};
  for (const auto& family : kFamilies) {
    const auto has = [&](std::string_view x) {
      for (std::string_view m : family)
        if (!m.empty() && m == x) return true;
      return false;
    };
    if (has(a) && has(b)) return true;
  }
  return false;
}

// The end of the last whole UTF-8 character at or before `limit`.
std::size_t utf8_cut(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s.size();
  while (limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) --limit;
  return limit;
}

}  // namespace

std::string primary_language(std::string_view tag) {
  const std::string t = to_lower_ascii(collapse_whitespace(tag));
  std::size_t end = 0;
  while (end < t.size() && t[end] >= 'a' && t[end] <= 'z') ++end;
  if (end < 2 || end > 3 || (end < t.size() && t[end] != '-' && t[end] != '_')) return {};
  std::string primary = t.substr(0, end);
  for (const auto& [old_code, code] : kRetiredCodes)
    if (primary == old_code) return std::string(code);
  return primary;
}

DetectedLanguage detect_language(std::string_view text) {
  const std::string_view head = text.substr(0, utf8_cut(text, kMaxDetectBytes));
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  const CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  const CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      head.data(), static_cast<int>(head.size()), true, &hints, 0, top3, percent3, scores3, nullptr,
      &text_bytes, &reliable, &valid_prefix);
  DetectedLanguage out;
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return out;
  out.language = primary_language(CLD2::LanguageCode(lang));
  out.reliable = reliable && !out.language.empty();
  out.percent = percent3[0];
  out.text_bytes = text_bytes;
  return out;
}

std::string language_in_effect(std::string_view declared, std::string_view text) {
  const std::string stated = primary_language(declared);
  if (!stated.empty() && reads_as(stated, text)) return stated;
  return language_by_detection(declared, text);
}

std::string language_by_detection(std::string_view declared, std::string_view text) {
  const std::string stated = primary_language(declared);
  // Too short to ever overrule a declaration: no need to look.
  if (!stated.empty() && text.size() < kMinOverrideBytes) return stated;
  const DetectedLanguage found = detect_language(text);
  if (!found.reliable) return stated;
  if (stated.empty()) return found.language;
  const bool convincing =
      found.text_bytes >= kMinOverrideBytes && found.percent >= kMinOverridePercent;
  if (convincing && found.language != stated && !same_family(found.language, stated))
    return found.language;
  return stated;
}

std::string language_in_effect(std::string_view declared, std::string_view title,
                               std::string_view body) {
  // What detection reads of the joined text is its first kMaxDetectBytes, and where the last
  // character before that ends; the byte after it tells.
  const std::size_t head = kMaxDetectBytes + 1;
  std::string text;
  text.reserve(std::min(title.size() + 2 + body.size(), head));
  text.append(title.substr(0, head));
  text.append(std::string_view("\n\n").substr(0, head - text.size()));
  text.append(body.substr(0, head - text.size()));
  return language_in_effect(declared, text);
}

}  // namespace newswired
