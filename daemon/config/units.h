#pragma once
// Human units in configs: durations ("90s", "5m", "1h30m", "250ms") and sizes ("16MiB").

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace newswired {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
std::optional<std::size_t> parse_size(std::string_view text);

}  // namespace newswired
