#pragma once
// Clean text as the normalize stage writes it: paragraphs separated by one blank line, lines
// within a paragraph by '\n'. The boilerplate, caption and agency-line passes work on that
// layout, line by line.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newswired {

using Paragraph = std::vector<std::string>;

std::vector<Paragraph> split_paragraphs(std::string_view text);
std::string join_paragraphs(const std::vector<Paragraph>& paragraphs);

// The same over views into the text, for the passes that only drop lines: the text is copied
// once, when they join what is left.
using ParagraphView = std::vector<std::string_view>;
std::vector<ParagraphView> split_paragraph_views(std::string_view text);
std::string join_paragraph_views(const std::vector<ParagraphView>& paragraphs);

// A line reduced for comparing with phrase tables: case-folded (Unicode), list numbering and
// bullets ("1.", "2)", "•", "-") removed from the start, arrows, colons and ellipses from the
// end, whitespace collapsed. "  2. Skip to main menu »" -> "skip to main menu".
std::string match_key(std::string_view line);
// match_key(line) written to `buffer`, which it returns: the passes that key every line reuse
// one buffer.
const std::string& match_key(std::string_view line, std::string& buffer);
// Whether match_key(line) starts with one of `prefixes`; `buffer` may be used for the key.
bool key_starts_with_any(std::string_view line, std::span<const std::string_view> prefixes,
                         std::string& buffer);
// match_key(line, buffer), or nullptr when the key is longer than `max_size`: phrase tables
// hold short phrases, and a long ASCII line is ruled out without making its key.
const std::string* match_key_up_to(std::string_view line, std::size_t max_size,
                                   std::string& buffer);

// Case-folded (Unicode), nothing else changed.
std::string fold_case(std::string_view text);
// fold_case(text) written to `buffer`, which it returns.
const std::string& fold_case(std::string_view text, std::string& buffer);

}  // namespace newswired
