#pragma once

#include <string>

#include "pipeline/core/raw_item.h"

namespace newswired {

// Empty if the item has something to publish (title, link, guid, summary or content);
// otherwise the warning for ParsedFeed::warnings, naming the item's 1-based position. The item
// is kept either way: it is an entry of the feed (feedparser counts it too), and whether it can
// become an article is normalize's decision.
std::string unusable_item_warning(const RawItem& item, int position);

}  // namespace newswired
