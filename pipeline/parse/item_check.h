#pragma once

#include <string>

#include "pipeline/core/raw_item.h"

namespace newswired {

// Empty if the item has something to publish (title, link, guid, summary or content);
// otherwise the warning for ParsedFeed::warnings, naming the item's 1-based position.
std::string unusable_item_warning(const RawItem& item, int position);

}  // namespace newswired
