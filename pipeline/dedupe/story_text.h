#pragma once
// The part of an article that tells its story, for fingerprinting: the body (or the summary)
// without what differs between agencies carrying the same story: bylines, the wire credit in
// the dateline, copyright and newsletter boilerplate, credit lines.

#include <string>
#include <string_view>

namespace newswired {

std::string story_text(std::string_view body);
// The same into `out` (replacing what it held): a caller fingerprinting article after article
// keeps one buffer instead of allocating a body-sized string each time.
void story_text(std::string_view body, std::string& out);

}  // namespace newswired
