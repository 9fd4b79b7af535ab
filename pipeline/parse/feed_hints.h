#pragma once
// The publisher's polling hints of an RSS 0.9x/1.0/2.0 channel (<ttl>, sy:updatePeriod,
// sy:updateFrequency, <skipHours>, <skipDays>), read from the document on its own: the
// fetcher needs them whichever parser handled the items.

#include <string_view>

#include "pipeline/core/raw_item.h"

namespace newswired {

// Fills the hint fields of `meta` that are still empty; leaves everything else alone.
// A document that is not RSS, or not XML at all, adds nothing.
void read_feed_hints(std::string_view body, FeedMeta& meta);

}  // namespace newswired
