#pragma once
// What an element's class, id, role and itemprop say about it. Names are split into words
// ("relatedArticles", "article-share_bar" -> related articles / article share bar) so that
// a hint matches whole words or word prefixes, not any substring ("stage" is not "tag").

#include <string_view>

#include "pipeline/parse/html_page/dom.h"

namespace newswired::html_page {

struct ClassHints {
  // +25 for a content-like class (article, story, body, content, ...), -25 for a boilerplate
  // one (comment, share, related, sidebar, ...); class and id count separately, as readability.
  double weight = 0;
  // Some word of class or id is boilerplate and none is content-like, or the ARIA role is
  // navigation, complementary, dialog, ...: not article text, whatever its size.
  bool boilerplate = false;
  // itemprop="articleBody" or role="main" or a strong content word: the publisher marks it.
  bool marked_content = false;
};

ClassHints class_hints(const GumboNode* element);

// A class/id value is boilerplate by its words alone (exposed for tests).
bool is_boilerplate_name(std::string_view class_or_id);
bool is_content_name(std::string_view class_or_id);

}  // namespace newswired::html_page
