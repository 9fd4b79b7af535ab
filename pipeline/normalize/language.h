#pragma once
// The language an article is in: what its source declares, unless the text itself clearly says
// otherwise. Detection is CLD2's (Compact Language Detector 2, Debian libcld2).

#include <string>
#include <string_view>

namespace newswired {

// The primary subtag of a language tag, lower case: "en-GB" -> "en", "zh_TW" -> "zh",
// "DE" -> "de"; retired codes become today's ("iw" -> "he", "in" -> "id"). "" when `tag` does
// not start with a 2-3 letter subtag.
std::string primary_language(std::string_view tag);

struct DetectedLanguage {
  std::string language;  // primary subtag, "" when CLD2 does not know
  bool reliable = false;
  int percent = 0;     // share of the text in that language
  int text_bytes = 0;  // letters CLD2 scored (markup, digits and punctuation do not count)
};

// CLD2 on plain UTF-8 text (invalid UTF-8 is reported as unknown).
DetectedLanguage detect_language(std::string_view text);

// A detection that may overrule a declaration: CLD2 calls it reliable, the language holds at
// least kMinOverridePercent of the text and the text has at least kMinOverrideBytes letters.
// Below that, headlines and teasers of a few words are too easily misread (a German headline
// of English loanwords), and a declared language is never worse than a guess.
inline constexpr int kMinOverrideBytes = 200;
inline constexpr int kMinOverridePercent = 80;

// The primary language in effect for `text` whose source declared `declared` (any tag, ""
// when none): the declaration, unless a detection as above contradicts it; the detection
// when nothing was declared and CLD2 is reliable; else the declaration or "". A text whose
// function words confirm the declaration (function_words.h) is not given to CLD2.
std::string language_in_effect(std::string_view declared, std::string_view text);
// The same, always asking CLD2: what the function-word shortcut must agree with.
std::string language_by_detection(std::string_view declared, std::string_view text);
// language_in_effect of the title and the body joined by a blank line, without copying more
// of the body than detection reads.
std::string language_in_effect(std::string_view declared, std::string_view title,
                               std::string_view body);

}  // namespace newswired
