#pragma once
// What an RSS channel says about the feed itself rather than its items: the publisher's
// polling hints (<ttl>, sy:updatePeriod, sy:updateFrequency, <skipHours>, <skipDays>) and its
// atom:link rel="self" / rel="hub" (WebSub).

#include <pugixml.hpp>

#include "pipeline/core/raw_item.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {

// Reads `child`, a direct child of the channel, into `meta` when it is one of these (the first
// of each counts); returns whether it was.
bool read_channel_hint(pugi::xml_node child, const xml::Name& name, FeedMeta& meta);

// atom:link rel="self" / rel="hub" into meta.self_url / meta.hub_url (first of each); other
// relations are ignored. For RSS channels and Atom feeds alike.
void read_feed_link(pugi::xml_node link, FeedMeta& meta);

}  // namespace newswired
