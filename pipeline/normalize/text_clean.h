#pragma once
// Feed text arrives with arbitrary layout whitespace and the odd control character (pasted from
// word processors, mangled by broken encoders). Every text field of an article passes through
// here so that equal stories compare equal and consumers never see invisible bytes.

#include <string>
#include <string_view>

namespace newswired {

// Control characters (C0 other than whitespace, DEL, C1) removed; runs of whitespace, including
// line breaks and no-break spaces, become one space; the result is trimmed.
std::string collapse_whitespace(std::string_view text);

// Control characters (C0 other than whitespace, DEL, C1) removed, everything else kept as is.
std::string remove_control_chars(std::string_view text);

// ASCII only: the things lowercased here (schemes, hosts, language tags) are ASCII by spec.
std::string to_lower_ascii(std::string_view text);

}  // namespace newswired
