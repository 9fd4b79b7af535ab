#include "daemon/ops/log.h"

#include <atomic>
#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>

namespace newswired::log {
namespace {

std::atomic<bool> json_format{false};

// The four levels collectors know; spdlog's trace and critical fold into their neighbours.
std::string_view level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    default:
      return "error";
  }
}

// RFC 3339, UTC, milliseconds: sorts as text and parses everywhere.
std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms.count() % 1000);
}

std::string json_line(spdlog::level::level_enum level, const Context& c, std::string_view message) {
  nlohmann::ordered_json line{{"ts", timestamp()}, {"level", level_name(level)}};
  if (!c.source.empty()) line["source"] = c.source;
  if (!c.stage.empty()) line["stage"] = c.stage;
  line["msg"] = message;
  if (!c.error.empty()) line["error"] = c.error;
  // Bytes that are not UTF-8 become U+FFFD rather than failing the whole line.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string text_line(const Context& c, std::string_view message) {
  std::string line;
  if (!c.source.empty()) line += fmt::format("[{}] ", c.source);
  line += message;
  if (!c.error.empty()) line += fmt::format(": {}", c.error);
  if (!c.stage.empty()) line += fmt::format(" [{}]", c.stage);
  return line;
}

}  // namespace

void init(const LogConfig& config) {
  init(config, std::make_shared<spdlog::sinks::stderr_sink_mt>());
}

void init(const LogConfig& config, std::shared_ptr<spdlog::sinks::sink> sink) {
  auto logger = std::make_shared<spdlog::logger>("newswired", std::move(sink));
  json_format = config.format == "json";
  // In JSON mode the whole line is built here, so that messages are escaped properly.
  logger->set_pattern(json_format ? "%v" : "%Y-%m-%dT%H:%M:%S.%eZ %-5l %v",
                      spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(config.level));
  spdlog::flush_on(spdlog::level::info);
}

void write(spdlog::level::level_enum level, const Context& context, std::string_view message) {
  if (!spdlog::should_log(level)) return;
  spdlog::log(level, "{}",
              json_format ? json_line(level, context, message) : text_line(context, message));
}

}  // namespace newswired::log
