#pragma once
// Links in feeds are often relative (to xml:base or the feed's own URL) and decorated with
// campaign parameters; the same story then shows up under many spellings. Parsing and
// reassembly are libcurl's URL API (RFC 3986), the same parser the fetcher uses.

#include <string>
#include <string_view>

#include "pipeline/normalize/tracking_params.h"

namespace newswired {

// `ref` resolved against `base`. Empty for an empty ref; `ref` unchanged when it cannot be
// resolved (no usable base, or a reference curl does not take, e.g. "mailto:x@y").
std::string resolve_url(std::string_view base, std::string_view ref);

// The spelling used to recognise the same page: scheme and host lowercased, default port,
// fragment, empty and tracking parameters (tracking_params.h) dropped, the remaining query
// parameters sorted by name, percent-encoding normalized (RFC 3986 6.2.2: escapes in one case
// (curl's lower), unreserved characters unescaped, spaces, controls and non-ASCII escaped).
// Non-http(s) URLs are returned as given. The one-argument form applies the process's
// configured tracking parameters.
std::string canonical_url(std::string_view url);
std::string canonical_url(std::string_view url, const TrackingParams& tracking);

}  // namespace newswired
