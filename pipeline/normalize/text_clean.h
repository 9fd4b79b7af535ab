#pragma once
// Feed text arrives with arbitrary layout whitespace and the odd control character (pasted from
// word processors, mangled by broken encoders). Every text field of an article passes through
// here so that equal stories compare equal and consumers never see invisible bytes.

#include <string>
#include <string_view>

namespace newswired {

// Control characters (C0 other than whitespace, DEL, C1) removed; runs of whitespace, including
// line breaks, no-break and other Unicode spaces, become one space; zero-width spaces, word
// joiners, BOMs and soft hyphens are removed; the result is trimmed.
std::string collapse_whitespace(std::string_view text);
// collapse_whitespace(text) appended to `out`; returns how many bytes that added.
std::size_t append_collapsed_whitespace(std::string& out, std::string_view text);

// Control characters (C0 other than whitespace, DEL, C1) removed, everything else kept as is.
std::string remove_control_chars(std::string_view text);

// Unicode NFC, so that "é" precomposed and "e" + U+0301 compare equal. Quotes: typographic
// quotes are kept as written ("…", „…", «…», ’): they are the publisher's spelling, differ by
// language, and the apostrophe in "don’t" is one of them; folding them to ASCII would lose that
// for consumers that render, while consumers that compare text (dedupe) fold for themselves.
// Only the rare reversed-9 forms U+201F and U+201B become the usual opening quotes U+201C and
// U+2018. Prime marks (U+2032, U+2033) are feet, inches and seconds, not quotes: kept.
std::string unify_text(std::string_view text);
// unify_text without a copy when the text is unified already, as most text is.
void unify_in_place(std::string& text);

// ASCII only: the things lowercased here (schemes, hosts, language tags) are ASCII by spec.
std::string to_lower_ascii(std::string_view text);
void lower_ascii_in_place(std::string& text);

// No byte of `text` is 0x80 or above.
bool is_ascii(std::string_view text);

// The length of the well-formed UTF-8 sequence at `i` (ICU's strict reading: no overlong
// forms, surrogates or code points past U+10FFFF), 0 when it is ill-formed; `cp` its code point.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp);

}  // namespace newswired
