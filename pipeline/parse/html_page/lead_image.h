#pragma once
// The caption and credit of a page's lead image, read from the <figure> that shows it: the one
// whose <img> has the same file as the declared image (og:image, JSON-LD), else the first
// figure within or next to the article's container.

#include "pipeline/parse/html_page/metadata.h"
#include "pipeline/parse/html_page/page_index.h"
#include "pipeline/parse/html_page/scoring.h"

namespace newswired::html_page {

// Fills image.caption / image.credit where they are still empty.
void find_image_caption(const PageIndex& index, const ContentSelection& selection,
                        LeadImage& image);

}  // namespace newswired::html_page
