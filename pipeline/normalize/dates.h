#pragma once
// Feed dates come as RFC 822 (RSS: "Tue, 12 May 2015 14:03:00 +0200", with every sloppiness
// seen in the wild) or ISO 8601 / RFC 3339 / W3CDTF (Atom, Dublin Core: "2015-05-12T14:03:00Z").
// Articles carry one form only: RFC 3339 in UTC with second precision.

#include <optional>
#include <string>
#include <string_view>

namespace newswired {

// nullopt when the text is not a date we can read, or names a year outside 1970..2100
// (typos and placeholder dates like "0001-01-01" are worse than no date).
std::optional<std::string> to_rfc3339_utc(std::string_view raw);

}  // namespace newswired
