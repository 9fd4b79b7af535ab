#pragma once
// Response headers that say when to come back: Cache-Control max-age, Expires and
// Retry-After. Values are what the server asked for; the policy decides how far to follow.

#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

namespace newswired {

// What one response said about the next poll.
struct ServerHints {
  std::optional<std::chrono::seconds> fresh_for;    // max-age, else Expires - Date
  std::optional<std::chrono::seconds> retry_after;  // 429 / 503
};

// Unix time of an HTTP-date (RFC 9110: IMF-fixdate, and the obsolete forms curl reads).
std::optional<std::time_t> parse_http_date(std::string_view text);
// max-age of a Cache-Control value; nullopt without one or with no-cache / no-store, which
// ask for revalidation rather than for staying away.
std::optional<std::chrono::seconds> cache_max_age(std::string_view cache_control);
// Retry-After is either delay-seconds or an HTTP-date; a date in the past means now.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now);

}  // namespace newswired
