#include "daemon/config/units.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

namespace newswired {
namespace {

// Splits "123abc" into 123 and "abc"; nullopt when it does not start with a number.
std::optional<std::pair<std::uint64_t, std::string_view>> leading_number(std::string_view s) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  return std::make_pair(n, s.substr(static_cast<std::size_t>(end - s.data())));
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::chrono::milliseconds total{0};
  while (!text.empty()) {
    auto num = leading_number(text);
    if (!num) return std::nullopt;
    auto [n, rest] = *num;
    std::size_t unit_len = 0;
    while (unit_len < rest.size() && rest[unit_len] >= 'a' && rest[unit_len] <= 'z') ++unit_len;
    const std::string_view unit = rest.substr(0, unit_len);
    std::int64_t unit_ms = 0;
    if (unit == "ms")
      unit_ms = 1;
    else if (unit == "s")
      unit_ms = 1000;
    else if (unit == "m")
      unit_ms = 60 * 1000;
    else if (unit == "h")
      unit_ms = 3600 * 1000;
    else if (unit == "d")
      unit_ms = 24 * 3600 * 1000;
    else
      return std::nullopt;
    // Larger than any clock holds: not a duration (rather than a wrapped, negative one).
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    if (n > static_cast<std::uint64_t>(kMax / unit_ms)) return std::nullopt;
    const std::int64_t ms = static_cast<std::int64_t>(n) * unit_ms;
    if (ms > kMax - total.count()) return std::nullopt;
    total += std::chrono::milliseconds(ms);
    text = rest.substr(unit_len);
  }
  return total;
}

std::optional<std::size_t> parse_size(std::string_view text) {
  auto num = leading_number(text);
  if (!num) return std::nullopt;
  auto [n, unit] = *num;
  std::uint64_t mult = 0;
  if (unit.empty() || unit == "B")
    mult = 1;
  else if (unit == "KiB")
    mult = 1ULL << 10;
  else if (unit == "MiB")
    mult = 1ULL << 20;
  else if (unit == "GiB")
    mult = 1ULL << 30;
  else if (unit == "KB" || unit == "kB")
    mult = 1000;
  else if (unit == "MB")
    mult = 1000 * 1000;
  else if (unit == "GB")
    mult = 1000 * 1000 * 1000;
  else
    return std::nullopt;
  if (n > SIZE_MAX / mult) return std::nullopt;
  return static_cast<std::size_t>(n * mult);
}

}  // namespace newswired
