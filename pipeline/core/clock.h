#pragma once

#include <chrono>
#include <string>

namespace newswired {

// RFC 3339 UTC with second precision, e.g. "2015-05-12T14:03:00Z".
std::string format_rfc3339(std::chrono::system_clock::time_point t);
std::string now_rfc3339();

}  // namespace newswired
