#include "daemon/ops/log.h"

#include <atomic>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>

#include "pipeline/core/clock.h"

namespace newswired::log {
namespace {

std::atomic<bool> json_format{false};

}  // namespace

void init(const LogConfig& config) {
  auto logger = spdlog::stderr_logger_mt("newswired");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(config.level));
  json_format = config.format == "json";
  // In JSON mode the whole line is built here, so that messages are escaped properly.
  spdlog::set_pattern(json_format ? "%v" : "%Y-%m-%dT%H:%M:%S.%eZ %-5l %v",
                      spdlog::pattern_time_type::utc);
  spdlog::flush_on(spdlog::level::info);
}

void write(spdlog::level::level_enum level, std::string_view source, std::string_view message) {
  if (!spdlog::should_log(level)) return;
  if (json_format) {
    nlohmann::json line{{"time", now_rfc3339()},
                        {"level", spdlog::level::to_string_view(level).data()},
                        {"source", source},
                        {"msg", message}};
    spdlog::log(level, "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else if (source.empty()) {
    spdlog::log(level, "{}", message);
  } else {
    spdlog::log(level, "[{}] {}", source, message);
  }
}

}  // namespace newswired::log
