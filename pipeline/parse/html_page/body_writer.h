#pragma once
// The kept part of a page as a list of text blocks (text_blocks.h). Inside the kept
// subtrees it drops what reads as furniture: excluded elements, containers made mostly of
// links, link-only lines ("Read more: ..."), and stock lines such as "Advertisement".

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/parse/html_page/page_index.h"
#include "pipeline/parse/html_page/scoring.h"
#include "pipeline/parse/html_page/text_blocks.h"

namespace newswired::html_page {

// `title` is the page's headline: an <h1> repeating it inside the body is left out.
std::vector<TextBlock> read_blocks(const PageIndex& index, const ContentSelection& selection,
                                   std::string_view title);

// Stock lines of page furniture that sit between paragraphs ("Advertisement").
bool is_furniture_line(std::string_view text);

}  // namespace newswired::html_page
