#pragma once
// What normalize does to an article's text after HTML -> text, for every format: page chrome
// out (boilerplate.h), image captions and credits into `media` (captions.h), the agency credit
// line into `authors` and `tags.agencies` (agency_line.h). Done here rather than in the
// parsers so that a scraped text, a web page and a feed item with the full text in
// content:encoded all give the same body.

#include "pipeline/core/article.h"

namespace newswired {

// Reads and rewrites a.summary and a.body_text; adds to a.media, a.authors and a.tags.agencies.
void clean_article_text(Article& a);

}  // namespace newswired
