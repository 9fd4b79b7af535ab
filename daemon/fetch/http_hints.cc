#include "daemon/fetch/http_hints.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include <curl/curl.h>

namespace newswired {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\"");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\"") - first + 1);
}

std::optional<long long> whole_number(std::string_view s) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

}  // namespace

std::optional<std::time_t> parse_http_date(std::string_view text) {
  const std::string s(trim(text));
  if (s.empty()) return std::nullopt;
  const std::time_t t = curl_getdate(s.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return t;
}

std::optional<std::chrono::seconds> cache_max_age(std::string_view cache_control) {
  std::optional<std::chrono::seconds> age;
  const std::string cc = lower(cache_control);
  std::string_view rest = cc;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view directive = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (directive == "no-cache" || directive == "no-store") return std::nullopt;
    if (directive.starts_with("max-age=")) {
      if (auto n = whole_number(trim(directive.substr(8)))) age = std::chrono::seconds(*n);
    }
  }
  return age;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now) {
  const std::string_view v = trim(value);
  if (auto n = whole_number(v)) return std::chrono::seconds(*n);
  if (auto date = parse_http_date(v))
    return std::chrono::seconds(std::max<std::time_t>(*date - now, 0));
  return std::nullopt;
}

}  // namespace newswired
