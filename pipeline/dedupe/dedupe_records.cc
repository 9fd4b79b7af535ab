#include "pipeline/dedupe/dedupe_records.h"

#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace newswired::dedupe {
namespace {

void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint64_t get_be(std::string_view in, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

}  // namespace

namespace {

// Printable ASCII that JSON needs no escape for: written as it is.
bool plain_json_string(std::string_view s) {
  for (const char c : s)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  return true;
}

}  // namespace

std::string IdRecord::encode() const {
  // Written here as nlohmann::json::dump writes it (keys in order, no spaces) when no string
  // needs escaping, as ids, hashes and timestamps never do: a record is written per article.
  if (plain_json_string(content_hash) && plain_json_string(fetched_at) &&
      plain_json_string(cluster_id)) {
    std::string out;
    out.reserve(96 + content_hash.size() + fetched_at.size() + cluster_id.size());
    out.append("{\"cluster_id\":\"").append(cluster_id);
    out.append("\",\"content_hash\":\"").append(content_hash);
    out.append("\",\"fetched_at\":\"").append(fetched_at);
    out.append("\",\"version\":").append(std::to_string(version));
    if (wire_version) out.append(",\"wire_version\":").append(std::to_string(*wire_version));
    if (withdrawn) out.append(",\"withdrawn\":true");
    out += '}';
    return out;
  }
  nlohmann::json j{{"version", version},
                   {"content_hash", content_hash},
                   {"fetched_at", fetched_at},
                   {"cluster_id", cluster_id}};
  if (wire_version) j["wire_version"] = *wire_version;
  if (withdrawn) j["withdrawn"] = true;
  return j.dump();
}

std::optional<IdRecord> IdRecord::decode(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  IdRecord r;
  r.version = j.value("version", 1);
  r.content_hash = j.value("content_hash", std::string());
  r.fetched_at = j.value("fetched_at", std::string());
  r.cluster_id = j.value("cluster_id", std::string());
  if (j.contains("wire_version") && j["wire_version"].is_number_integer())
    r.wire_version = j["wire_version"].get<std::int64_t>();
  r.withdrawn = j.value("withdrawn", false);
  return r;
}

namespace {
// Leads every NearRecord: rows of an older layout are not read as this one.
constexpr char kNearRecordFormat = 'M';
constexpr std::size_t kNearHeader = 1 + 2 * kMinHashSlots + 4;
}  // namespace

std::string NearRecord::encode() const {
  std::string out;
  out.reserve(kNearHeader + id.size() + 1 + cluster_id.size());
  out.push_back(kNearRecordFormat);
  for (const std::uint16_t slot : signature) put_be(out, slot, 2);
  put_be(out, time, 4);
  out += id;
  out.push_back('\n');
  out += cluster_id;
  return out;
}

std::optional<NearRecord> NearRecord::decode_signature(std::string_view bytes) {
  if (bytes.size() < kNearHeader + 1 || bytes[0] != kNearRecordFormat) return std::nullopt;
  if (bytes.substr(kNearHeader).find('\n') == std::string_view::npos) return std::nullopt;
  NearRecord r;
  for (int i = 0; i < kMinHashSlots; ++i)
    r.signature[i] = static_cast<std::uint16_t>(get_be(bytes.substr(1 + 2 * i), 2));
  r.time = static_cast<std::uint32_t>(get_be(bytes.substr(1 + 2 * kMinHashSlots), 4));
  return r;
}

std::optional<NearRecord> NearRecord::decode(std::string_view bytes) {
  std::optional<NearRecord> r = decode_signature(bytes);
  if (!r) return std::nullopt;
  const std::string_view rest = bytes.substr(kNearHeader);
  const auto nl = rest.find('\n');
  r->id = std::string(rest.substr(0, nl));
  r->cluster_id = std::string(rest.substr(nl + 1));
  return r;
}

std::string ref_key(std::uint32_t ref) {
  std::string k;
  put_be(k, ref, 4);
  return k;
}

std::uint32_t ref_of(std::string_view key) {
  return key.size() == 4 ? static_cast<std::uint32_t>(get_be(key, 4)) : 0;
}

std::string expiry_key(std::int64_t expires_at, std::string_view seen_key) {
  std::string k;
  put_be(k, static_cast<std::uint64_t>(std::max<std::int64_t>(expires_at, 0)), 8);
  k += seen_key;
  return k;
}

std::int64_t expiry_time(std::string_view key) {
  return key.size() < 8 ? -1 : static_cast<std::int64_t>(get_be(key, 8));
}

std::string_view expiry_seen_key(std::string_view key) {
  return key.size() < 8 ? std::string_view() : key.substr(8);
}

namespace {

// Days from 1970-01-01 to the first of `month` (1-12) of `year`, proleptic Gregorian
// (H. Hinnant's days_from_civil).
std::int64_t days_to_month(std::int64_t year, int month) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The digits at [from, from + n) as a number, or -1 if any is not a digit.
int digits(std::string_view s, std::size_t from, std::size_t n) {
  int v = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<std::int64_t> unix_seconds(std::string_view rfc3339) {
  // The form every stored and fetched timestamp has, without sscanf and timegm (a few are
  // read per article). timegm carries out-of-range days and times over linearly, as this
  // does; anything else takes the general path below.
  if (rfc3339.size() >= 19 && rfc3339[4] == '-' && rfc3339[7] == '-' && rfc3339[10] == 'T' &&
      rfc3339[13] == ':' && rfc3339[16] == ':') {
    const int year = digits(rfc3339, 0, 4), month = digits(rfc3339, 5, 2),
              day = digits(rfc3339, 8, 2), hour = digits(rfc3339, 11, 2),
              minute = digits(rfc3339, 14, 2), second = digits(rfc3339, 17, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 0 && hour >= 0 && minute >= 0 &&
        second >= 0)
      return (days_to_month(year, month) + day - 1) * 86400 + hour * 3600 + minute * 60 + second;
  }
  const std::string s(rfc3339);
  std::tm tm{};
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace newswired::dedupe
