#include "daemon/ops/status_text.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "daemon/ops/status_page.h"

namespace newswired {
namespace {

using nlohmann::json;

constexpr std::size_t kMinErrorBytes = 30;

std::string text(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<double> number(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

bool flag(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string whole(const json& j, const char* key, const char* none = "-") {
  const auto n = number(j, key);
  return n ? std::to_string(static_cast<long long>(*n)) : none;
}

std::string printable(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return s;
}

// At most `limit` bytes, cut before a UTF-8 continuation byte rather than inside a character.
std::string clipped(std::string s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t end = limit - 3;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s + "...";
}

std::string age(const json& j, const char* key) {
  const auto n = number(j, key);
  return n ? short_duration(*n) + " ago" : "-";
}

std::string bytes(const json& spool, const char* key) {
  const auto n = number(spool, key);
  return n && *n >= 0 ? binary_size(static_cast<std::uint64_t>(*n)) : "?";
}

std::string instance_line(const json& doc) {
  std::string out = "newswired " + printable(text(doc, "version")) + ": ";
  out += flag(doc, "ready") ? "ready" : "NOT READY";
  if (const auto up = number(doc, "uptime_seconds")) out += ", up " + short_duration(*up);
  out += flag(doc, "kafka_connected") ? ", Kafka connected" : ", Kafka NOT connected";
  if (const auto s = doc.find("spool"); s != doc.end() && s->is_object())
    out += ", spool " + whole(*s, "records", "?") + " records (" + bytes(*s, "bytes") + " of " +
           bytes(*s, "limit_bytes") + ")";
  return out + "\n";
}

}  // namespace

bool looks_like_status(const json& doc) {
  if (!doc.is_object()) return false;
  const auto sources = doc.find("sources");
  return sources != doc.end() && sources->is_array();
}

std::string status_table(const json& doc, std::size_t width) {
  static const std::vector<std::string> header = {"SOURCE", "STATE",    "LAST FETCH", "HTTP",
                                                  "FAILS",  "LAST NEW", "NEW/SEEN",   "ERROR"};
  std::vector<std::vector<std::string>> rows{header};
  static const json kNone = json::array();
  const auto found = doc.find("sources");
  const json& sources = found != doc.end() && found->is_array() ? *found : kNone;
  for (const auto& s : sources) {
    if (!s.is_object()) continue;
    const bool failing = number(s, "consecutive_failures").value_or(0) > 0;
    rows.push_back({printable(text(s, "name")), printable(text(s, "state")),
                    age(s, "last_fetch_age_seconds"), whole(s, "last_http_status"),
                    whole(s, "consecutive_failures", "0"), age(s, "freshness_seconds"),
                    whole(s, "items_new", "0") + "/" + whole(s, "items_seen", "0"),
                    // A recovered source's old error would read as a current one here.
                    failing ? printable(text(s, "last_error")) : ""});
  }
  std::vector<std::size_t> column(header.size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) column[i] = std::max(column[i], r[i].size());
  std::size_t error_at = 0;
  for (std::size_t i = 0; i + 1 < column.size(); ++i) error_at += column[i] + 2;
  const std::size_t error_room = std::max(width > error_at ? width - error_at : 0, kMinErrorBytes);
  std::string out = instance_line(doc);
  for (auto& r : rows) {
    if (width > 0) r.back() = clipped(std::move(r.back()), error_room);
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(column[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace newswired
