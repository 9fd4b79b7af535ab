#include "pipeline/parse/item_check.h"

namespace newswired {

std::string unusable_item_warning(const RawItem& item, int position) {
  if (!item.title.empty() || !item.link.empty() || !item.guid.empty() || !item.summary.empty() ||
      !item.content.empty()) {
    return {};
  }
  return "item " + std::to_string(position) + ": no title, link, guid, summary or content";
}

}  // namespace newswired
