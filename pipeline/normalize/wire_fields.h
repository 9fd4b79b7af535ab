#pragma once
// Wire documents (NewsML-G2, NITF, ninjs) carry their agency's version, status and subject
// codes; the record keeps them (Article::wire) and the stated subjects become tags, which
// need no guessing: the agency put them there.

#include <string>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/core/raw_item.h"

namespace newswired {

// Fills a.wire and adds the wire's subjects to a.tags; nothing for items without wire data.
// Problems (an urgency outside 1-9, an unknown status) go to `warnings`.
void apply_wire_fields(const RawItem& item, Article& a, std::vector<std::string>* warnings);

}  // namespace newswired
