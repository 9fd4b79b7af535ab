#include "pipeline/parse/html_page/text_blocks.h"

#include "pipeline/core/markup_escape.h"
#include "pipeline/parse/html_page/dom.h"

namespace newswired::html_page {
namespace {

// Line breaks inside a block were <br> in the page.
void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t start = 0;;) {
    const std::size_t nl = text.find('\n', start);
    append_markup_escaped(out, text.substr(start, nl - start));
    if (nl == std::string_view::npos) return;
    out += "<br>";
    start = nl + 1;
  }
}

}  // namespace

std::vector<TextBlock> blocks_from_text(std::string_view text) {
  std::vector<TextBlock> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = collapse_spaces(text.substr(start, end - start));
    if (!line.empty())
      out.push_back(TextBlock{BlockKind::kParagraph, 0, -1, false, std::move(line)});
    start = end + 1;
  }
  return out;
}

std::string blocks_to_html(const std::vector<TextBlock>& blocks) {
  std::string out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const TextBlock& b = blocks[i];
    switch (b.kind) {
      case BlockKind::kHeading: {
        const std::string h = "h" + std::to_string(b.heading_level);
        out += "<" + h + ">";
        append_escaped(out, b.text);
        out += "</" + h + ">\n";
        break;
      }
      case BlockKind::kListItem: {
        const char* list = b.ordered ? "ol" : "ul";
        const bool opens =
            i == 0 || blocks[i - 1].kind != BlockKind::kListItem || blocks[i - 1].list != b.list;
        const bool closes = i + 1 == blocks.size() || blocks[i + 1].kind != BlockKind::kListItem ||
                            blocks[i + 1].list != b.list;
        if (opens) out += std::string("<") + list + ">\n";
        out += "<li>";
        append_escaped(out, b.text);
        out += "</li>\n";
        if (closes) out += std::string("</") + list + ">\n";
        break;
      }
      case BlockKind::kQuote:
        out += "<blockquote><p>";
        append_escaped(out, b.text);
        out += "</p></blockquote>\n";
        break;
      case BlockKind::kPreformatted:
        out += "<pre>";
        append_markup_escaped(out, b.text);
        out += "</pre>\n";
        break;
      case BlockKind::kParagraph:
        out += "<p>";
        append_escaped(out, b.text);
        out += "</p>\n";
        break;
    }
  }
  return out;
}

std::string blocks_to_text(const std::vector<TextBlock>& blocks) {
  std::string out;
  for (const TextBlock& b : blocks) {
    if (!out.empty()) out += "\n\n";
    out += b.text;
  }
  return out;
}

}  // namespace newswired::html_page
