#pragma once
// One line per event, naming the source it concerns. Text for people, JSON for collectors.

#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "daemon/config/config.h"

namespace newswired::log {

void init(const LogConfig& config);
void write(spdlog::level::level_enum level, std::string_view source, std::string_view message);

template <typename... Args>
void info(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  write(spdlog::level::info, source, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  write(spdlog::level::warn, source, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  write(spdlog::level::err, source, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void debug(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  write(spdlog::level::debug, source, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace newswired::log
