#pragma once
// Page chrome in article text: what a scraper or a full-page extract carries besides the story
// (navigation, share widgets, cookie banners, "Read more" and "Related" blocks, ad labels).
// Works on clean text (text_layout.h) with the phrase tables of boilerplate_phrases.h.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/normalize/text_layout.h"

namespace newswired {

// A line that is navigation or a widget on its own: "1. Skip to content", "Share", "Print",
// "Facebook Twitter WhatsApp", "Home > World > Europe", "Zum Inhalt springen".
bool is_chrome_line(std::string_view line);

// The text without chrome lines, cookie banners, teaser lines ("Read more: ...") and trailing
// link lists under a header ("Related", "Mehr zum Thema"). Story text is kept: lines are only
// dropped when they match as a whole (or, for starts, are short), never cut.
std::string strip_boilerplate(std::string_view text);
// The same on the text's paragraphs, in place; paragraphs left without lines are removed.
void strip_boilerplate(std::vector<ParagraphView>& paragraphs);

}  // namespace newswired
