#pragma once
// Most feed HTML is a handful of paragraphs with links and emphasis. For such markup the HTML5
// tree builder changes nothing that html_to_text reads: text stays in document order and block
// boundaries stay where the tags are. This path reads that markup with a tokenizer alone, at a
// small fraction of gumbo's cost, and declines (nullopt) everything else: other elements
// (tables, scripts, forms, pre, comments, ...), entities beyond the basic ones, end tags that
// close across a block, chrome containers, or anything unusual in a tag. Declined input goes to
// gumbo. A differential test holds the two paths to the same output.

#include <optional>
#include <string>
#include <string_view>

namespace newswired {

// The laid-out text (before tidying) of `html`, which has had its control characters removed
// and is valid UTF-8 without the characters gumbo replaces; nullopt when the markup is not
// simple.
std::optional<std::string> simple_markup_text(std::string_view html);

}  // namespace newswired
