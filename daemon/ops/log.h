#pragma once
// One line per event, naming the source it concerns. Text for people, JSON for collectors.
//
//   log::warn({.source = name, .stage = "publish", .error = err}, "Kafka did not take {}", id);
//
// JSON (log.format: json): one object per line with the keys ts, level, msg, and source,
// stage, error only when known. Text: `TS LEVEL [source] msg: error [stage]`, so a message
// reads best when the error can follow it after a colon.

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "daemon/config/config.h"

namespace newswired::log {

// What an event concerns; empty fields are left out of the line.
struct Context {
  std::string_view source = {};  // a configured source's name; empty for the daemon as a whole
  // fetch, parse, normalize, dedupe, tag, publish, spool, state, config, cluster, runtime: stable
  // names that collectors index, the same as the metrics' stage label where both exist.
  std::string_view stage = {};
  std::string_view error = {};  // the reason alone, as the failing call reported it
};

void init(const LogConfig& config);
// The same, writing to `sink` instead of standard error.
void init(const LogConfig& config, std::shared_ptr<spdlog::sinks::sink> sink);

void write(spdlog::level::level_enum level, const Context& context, std::string_view message);
inline void write(spdlog::level::level_enum level, std::string_view source,
                  std::string_view message) {
  write(level, Context{.source = source}, message);
}

template <typename... Args>
void debug(const Context& c, fmt::format_string<Args...> f, Args&&... args) {
  if (spdlog::should_log(spdlog::level::debug))
    write(spdlog::level::debug, c, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(const Context& c, fmt::format_string<Args...> f, Args&&... args) {
  if (spdlog::should_log(spdlog::level::info))
    write(spdlog::level::info, c, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(const Context& c, fmt::format_string<Args...> f, Args&&... args) {
  write(spdlog::level::warn, c, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(const Context& c, fmt::format_string<Args...> f, Args&&... args) {
  write(spdlog::level::err, c, fmt::format(f, std::forward<Args>(args)...));
}

// The source name alone, for call sites that name no stage or error.
template <typename... Args>
void debug(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  debug(Context{.source = source}, f, std::forward<Args>(args)...);
}
template <typename... Args>
void info(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  info(Context{.source = source}, f, std::forward<Args>(args)...);
}
template <typename... Args>
void warn(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  warn(Context{.source = source}, f, std::forward<Args>(args)...);
}
template <typename... Args>
void error(std::string_view source, fmt::format_string<Args...> f, Args&&... args) {
  error(Context{.source = source}, f, std::forward<Args>(args)...);
}

}  // namespace newswired::log
