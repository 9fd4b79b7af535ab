#pragma once
// Clean text as the normalize stage writes it: paragraphs separated by one blank line, lines
// within a paragraph by '\n'. The boilerplate, caption and agency-line passes work on that
// layout, line by line.

#include <string>
#include <string_view>
#include <vector>

namespace newswired {

using Paragraph = std::vector<std::string>;

std::vector<Paragraph> split_paragraphs(std::string_view text);
std::string join_paragraphs(const std::vector<Paragraph>& paragraphs);

// A line reduced for comparing with phrase tables: case-folded (Unicode), list numbering and
// bullets ("1.", "2)", "•", "-") removed from the start, arrows, colons and ellipses from the
// end, whitespace collapsed. "  2. Skip to main menu »" -> "skip to main menu".
std::string match_key(std::string_view line);

// Case-folded (Unicode), nothing else changed.
std::string fold_case(std::string_view text);

}  // namespace newswired
