#pragma once
// Feed titles, summaries and content are HTML fragments, or plain text that may look like HTML
// ("a < b", "AT&T"). Both go through a real HTML5 parser (gumbo), which decodes entities and
// never fails: invalid UTF-8 is replaced with U+FFFD, broken markup is recovered as browsers do.

#include <cstddef>
#include <string>
#include <string_view>

namespace newswired {

// gumbo's tree builder follows the HTML5 algorithm, which does work proportional to the nesting
// depth for every tag: 1 MB of "<div>" takes minutes. Real article markup stays well below this
// many tags (it is some 300 KB of HTML); of a hostile or absurd fragment only the text before
// the tag past the limit is read, which bounds one call to about 0.1 s.
inline constexpr std::size_t kMaxHtmlTags = 10000;

// The visible text of an HTML fragment. Block elements become paragraphs separated by one blank
// line ("\n\n"), <br> a line break; scripts, styles, navigation, forms and embedded objects are
// dropped; whitespace inside a line is collapsed and lines are trimmed.
std::string html_to_text(std::string_view html);

// html_to_text always through the parser, without the shortcuts for text that has no '<' and no
// '&' and for simple markup (html_simple.h), which must give the same result: for tests and
// benchmarks.
std::string html_to_text_parsed(std::string_view html);

// html_to_text on a single line: for titles, names and labels.
std::string title_text(std::string_view html);

}  // namespace newswired
