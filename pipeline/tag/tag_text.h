#pragma once
// Where in a text a literal hit stands: inside a word or not, in a credit or not, and how much
// its position weighs.

#include <cstddef>
#include <string_view>

namespace newswired {

// True when [start, end) is a whole word sequence: no letter or digit (any script, UTF-8)
// touches it on either side. "Oman" in "woman" and "Iran" in "Iranian" are not.
bool is_whole_word(std::string_view text, std::size_t start, std::size_t end);

// True when [start, end) stands where agencies are credited: inside parentheses
// ("(Reuters, AFP)"), next to a slash ("Reuters/J. Roberts", "AFP/Getty"), or on a short line
// of its own (a credit or byline).
bool is_credit_position(std::string_view text, std::size_t start, std::size_t end);

// The weight of a mention by where it stands: the title and the lede say what an article is
// about, a name in the tenth paragraph less so.
double position_weight(int field, std::size_t start);

inline constexpr int kFieldTitle = 0;
inline constexpr int kFieldSummary = 1;
inline constexpr int kFieldBody = 2;
inline constexpr int kFieldAuthors = 3;

}  // namespace newswired
