#include "pipeline/parse/html_page/extractor.h"

#include "pipeline/parse/html_page/body_writer.h"
#include "pipeline/parse/html_page/dom.h"
#include "pipeline/parse/html_page/lead_image.h"
#include "pipeline/parse/html_page/page_index.h"
#include "pipeline/parse/html_page/page_input.h"
#include "pipeline/parse/html_page/scoring.h"

namespace newswired::html_page {
namespace {

int text_chars(const std::vector<TextBlock>& blocks) {
  int n = 0;
  for (const TextBlock& b : blocks) n += visible_chars(b.text);
  return n;
}

// The markup failed us when the publisher's declared body is much longer than what was found
// (the text sits in an unusual structure, or is rendered by script from data in the page).
bool prefer_declared(const std::vector<TextBlock>& found, const std::string& declared) {
  const int declared_chars = visible_chars(declared);
  return declared_chars >= 300 && text_chars(found) * 2 < declared_chars;
}

}  // namespace

Outcome<ExtractedPage> extract_page(std::string_view bytes, std::string_view page_url,
                                    std::string_view content_type) {
  Outcome<std::string> text = page_text(bytes, content_type);
  if (!text.ok()) return Failure{text.reason()};
  const HtmlTree tree(text.value());
  PageMetadata meta = read_metadata(tree, page_url);

  PageIndex index(tree.body());
  const ContentSelection selection = select_content(index);
  std::vector<TextBlock> blocks = read_blocks(index, selection, meta.title);
  if (prefer_declared(blocks, meta.declared_body)) blocks = blocks_from_text(meta.declared_body);
  find_image_caption(index, selection, meta.image);

  ExtractedPage page;
  page.title = std::move(meta.title);
  page.site_name = std::move(meta.site_name);
  page.published = std::move(meta.published);
  page.modified = std::move(meta.modified);
  page.authors = std::move(meta.authors);
  page.canonical_url = std::move(meta.canonical_url);
  page.description = std::move(meta.description);
  page.language = std::move(meta.language);
  page.image = std::move(meta.image);
  page.body_html = blocks_to_html(blocks);
  page.body_text = blocks_to_text(blocks);
  return page;
}

}  // namespace newswired::html_page
