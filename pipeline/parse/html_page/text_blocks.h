#pragma once
// An article body as a list of text blocks (paragraphs, headings, list items, quotes,
// preformatted text), and those blocks as simple clean HTML or as plain text.

#include <string>
#include <string_view>
#include <vector>

namespace newswired::html_page {

enum class BlockKind { kParagraph, kHeading, kListItem, kQuote, kPreformatted };

struct TextBlock {
  BlockKind kind = BlockKind::kParagraph;
  int heading_level = 0;  // 2..6 for kHeading
  int list = -1;          // kListItem: index of the list element, to group items
  bool ordered = false;   // kListItem: inside <ol>
  std::string text;       // plain; "\n" where the markup had <br>
};

// Plain text as paragraphs for a page without usable markup (JSON-LD articleBody).
std::vector<TextBlock> blocks_from_text(std::string_view text);

std::string blocks_to_html(const std::vector<TextBlock>& blocks);
std::string blocks_to_text(const std::vector<TextBlock>& blocks);

}  // namespace newswired::html_page
