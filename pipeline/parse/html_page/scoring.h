#pragma once
// Which part of a page is the article, readability-style: every paragraph of prose gives points
// (one, one per comma, one per 100 characters up to three) to its parent, half to its
// grandparent and a third per level above; a container starts from its tag's and class's
// prior, and ends scaled down by its link density. The best container wins, moved up when
// several strong containers share an ancestor, and its siblings that read like the article
// (high score, or plain paragraphs of prose) join it.

#include <vector>

#include "pipeline/parse/html_page/page_index.h"

namespace newswired::html_page {

struct ContentSelection {
  int top = -1;            // index of the winning container; -1 when the page has no prose
  std::vector<int> roots;  // the subtrees to read, in document order (top and its siblings)
};

// Sets NodeInfo::score and ::candidate on the index.
ContentSelection select_content(PageIndex& index);

}  // namespace newswired::html_page
