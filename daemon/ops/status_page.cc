// The status page's JSON form, and what both forms share.

#include "daemon/ops/status_page.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "pipeline/core/clock.h"

namespace newswired {
namespace {

using nlohmann::json;

json time_or_null(std::int64_t t) {
  if (t <= 0) return nullptr;
  return format_rfc3339(std::chrono::system_clock::from_time_t(t));
}

json age_or_null(std::int64_t t, std::int64_t now) {
  if (t <= 0) return nullptr;
  return std::max<std::int64_t>(now - t, 0);
}

json text_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

// Member by member: nlohmann's initializer lists copy every value once more, which doubles
// the time of a page with thousands of sources.
json source_json(const SourceStatus& s, std::int64_t now) {
  const auto polls = s.history.oldest_first();
  json history(json::value_t::array);
  history.get_ref<json::array_t&>().reserve(polls.size());
  for (const auto& p : polls) {
    json poll(json::value_t::object);
    poll["at"] = time_or_null(p.at);
    poll["new_items"] = p.new_items;
    poll["ok"] = p.ok;
    history.push_back(std::move(poll));
  }
  json j(json::value_t::object);
  j["name"] = s.name;
  j["kind"] = s.kind;
  j["url"] = s.url;
  j["moved_to"] = text_or_null(s.moved_to);
  j["state"] = to_string(health_of(s, now));
  j["last_fetch_at"] = time_or_null(s.last_fetch_at);
  j["last_fetch_age_seconds"] = age_or_null(s.last_fetch_at, now);
  j["last_http_status"] = s.last_http_status > 0 ? json(s.last_http_status) : json(nullptr);
  j["last_result"] = text_or_null(s.last_result);
  j["last_error"] = text_or_null(s.last_error);
  j["last_error_at"] = time_or_null(s.last_error_at);
  j["consecutive_failures"] = s.consecutive_failures;
  j["backoff_until"] = s.backoff_until > now ? time_or_null(s.backoff_until) : json(nullptr);
  j["last_new_item_at"] = time_or_null(s.last_new_at);
  j["freshness_seconds"] = age_or_null(s.last_new_at, now);
  j["items_new"] = s.items_new;
  j["items_seen"] = s.items_seen;
  j["history"] = std::move(history);
  return j;
}

}  // namespace

void sort_worst_first(std::vector<SourceStatus>& sources, std::int64_t now) {
  std::vector<std::pair<SourceHealth, std::size_t>> order;
  order.reserve(sources.size());
  for (std::size_t i = 0; i < sources.size(); ++i)
    order.emplace_back(health_of(sources[i], now), i);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return sources[a.second].name < sources[b.second].name;
  });
  std::vector<SourceStatus> sorted;
  sorted.reserve(sources.size());
  for (const auto& [health, i] : order) sorted.push_back(std::move(sources[i]));
  sources = std::move(sorted);
}

json status_json(StatusSnapshot snapshot, std::int64_t now) {
  sort_worst_first(snapshot.sources, now);
  const InstanceStatus& in = snapshot.instance;
  std::map<std::string, int> summary;
  json sources = json::array();
  for (const auto& s : snapshot.sources) {
    ++summary[std::string(to_string(health_of(s, now)))];
    sources.push_back(source_json(s, now));
  }
  return {
      {"version", in.version},
      {"generated_at", time_or_null(now)},
      {"started_at", time_or_null(in.started_at)},
      {"uptime_seconds", age_or_null(in.started_at, now)},
      {"ready", in.ready},
      {"kafka_connected", in.kafka_connected},
      {"spool",
       {{"records", in.spool_records},
        {"bytes", in.spool_bytes},
        {"limit_bytes", in.spool_limit_bytes}}},
      {"summary", summary},
      {"sources", std::move(sources)},
  };
}

std::string status_json_text(StatusSnapshot snapshot, std::int64_t now) {
  return status_json(std::move(snapshot), now).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string short_duration(double seconds) {
  const auto s = static_cast<std::int64_t>(std::max(seconds, 0.0));
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

std::string binary_size(std::uint64_t bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

}  // namespace newswired
