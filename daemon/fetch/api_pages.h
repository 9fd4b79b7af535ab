#pragma once
// What one page of an agency API says besides its items: where the next page is and what
// token the next poll resumes from. JSON pages are read with nlohmann::json and its JSON
// pointers, links with libcurl's URL parser.

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/config/config.h"

namespace newswired {

struct ApiPage {
  std::string body;  // what the parse stage gets: the item list (JSON), or the page as it is
  std::size_t items = 0;
  bool counted = false;  // whether `items` is known (JSON pages with `api.items`)
  std::string next;      // absolute URL of the next page, empty at the end
  std::string since;     // resume token, when `api.since` names one and the page has it
  std::string error;     // the page is not what the configuration describes
};

// `url` is the page's own (for relative links and cursors), `link` its Link header.
ApiPage read_api_page(const ApiConfig& api, const std::string& url, std::string body,
                      std::string_view link);

// The target of the rel="next" link in a Link header (RFC 8288), as written.
std::string link_rel_next(std::string_view link);

// `ref` resolved against `base`; empty if either is not a URL.
std::string resolve_url(const std::string& base, const std::string& ref);

// `url` with `name=value` set in its query (replacing an earlier value of `name`).
std::string with_query_param(const std::string& url, const std::string& name,
                             const std::string& value);

}  // namespace newswired
