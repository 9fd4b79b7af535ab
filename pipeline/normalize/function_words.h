#pragma once
// Whether a text reads as the language its source declares, judged by its commonest function
// words ("the", "der", "les", "que"...). A declared language that the text confirms this way
// needs no statistical detection, which costs 20-40 µs an article; a text that does not
// confirm it (another language, another script, too few words) goes to detection as before.

#include <string_view>

namespace newswired {

// The languages with a function-word list: a declaration of any other always goes to detection.
bool has_function_words(std::string_view language);

// True when the first words of `text` (up to kFunctionWordBytes) include at least
// kMinFunctionWords words, at least kMinFunctionShare of them function words of `language`,
// and at least kFunctionLead times as many as of any other listed language. `language` is a
// primary subtag ("en", "de"...).
bool reads_as(std::string_view language, std::string_view text);

inline constexpr std::size_t kFunctionWordBytes = 600;
inline constexpr int kMinFunctionWords = 30;
inline constexpr double kMinFunctionShare = 0.2;
inline constexpr double kFunctionLead = 2.0;

}  // namespace newswired
