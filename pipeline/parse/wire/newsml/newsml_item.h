#pragma once
// One NewsML-G2 newsItem or packageItem as a RawItem: its itemMeta and contentMeta, and the
// newsItem's contentSet or the packageItem's groupSet.

#include <pugixml.hpp>

#include "pipeline/core/raw_item.h"

namespace newswired::newsml {

// `item` is a newsItem or packageItem element; the result always has `wire` set. A missing
// pubStatus reads as "usable", the NewsML-G2 default.
RawItem read_item(pugi::xml_node item);

}  // namespace newswired::newsml
