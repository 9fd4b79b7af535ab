#include "pipeline/parse/wire/anpa/trailer_dates.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <regex>
#include <utility>

namespace newswired::wire_text {
namespace {

struct Stamp {
  int year = 0;  // 0: not given
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  std::string zone;  // as written, "" when not given
};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Minutes east of UTC. ANPA writes US zones with or without the final T ("ED", "EDT"); IPTC
// 7901 lines from German agencies may say MEZ/MESZ. No zone at all reads as GMT, which both
// formats use by default.
std::optional<int> zone_offset(std::string_view zone) {
  static constexpr std::pair<std::string_view, int> kZones[] = {
      {"", 0},      {"gmt", 0},    {"ut", 0},     {"utc", 0},    {"z", 0},     {"bst", 60},
      {"cet", 60},  {"mez", 60},   {"cest", 120}, {"mesz", 120}, {"eet", 120}, {"eest", 180},
      {"ad", -180}, {"adt", -180}, {"as", -240},  {"ast", -240}, {"ed", -240}, {"edt", -240},
      {"es", -300}, {"est", -300}, {"cd", -300},  {"cdt", -300}, {"cs", -360}, {"cst", -360},
      {"md", -360}, {"mdt", -360}, {"ms", -420},  {"mst", -420}, {"pd", -420}, {"pdt", -420},
      {"ps", -480}, {"pst", -480}, {"hs", -600},  {"hst", -600},
  };
  const std::string z = lower_ascii(zone);
  for (const auto& [name, offset] : kZones)
    if (name == z) return offset;
  return std::nullopt;
}

// English, German and French month abbreviations ("Nov", "Okt", "Mär", "déc").
int month_number(std::string_view name) {
  const std::string n = lower_ascii(name);
  static constexpr std::pair<std::string_view, int> kPrefixes[] = {
      {"jan", 1},
      {"feb", 2},
      {"fev", 2},
      {"f\xC3\xA9v", 2},
      {"mar", 3},
      {"m\xC3\xA4r", 3},
      {"mrz", 3},
      {"apr", 4},
      {"avr", 4},
      {"may", 5},
      {"mai", 5},
      {"juin", 6},
      {"jun", 6},
      {"juil", 7},
      {"jul", 7},
      {"aug", 8},
      {"aou", 8},
      {"ao\xC3\xBB", 8},
      {"sep", 9},
      {"oct", 10},
      {"okt", 10},
      {"nov", 11},
      {"dec", 12},
      {"dez", 12},
      {"d\xC3\xA9"
       "c",
       12},
  };
  for (const auto& [prefix, month] : kPrefixes)
    if (n.starts_with(prefix)) return month;
  return 0;
}

int number(const std::ssub_match& m) { return m.matched ? std::atoi(m.str().c_str()) : 0; }

int full_year(const std::ssub_match& m) {
  if (!m.matched) return 0;
  const int y = number(m);
  if (m.length() == 4) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int year = 0, month = 0, day = 0;
};

std::optional<Civil> date_of(std::string_view rfc3339) {
  static const std::regex kDate(R"(^\s*(\d{4})-(\d{2})-(\d{2}))");
  std::smatch m;
  const std::string s(rfc3339.substr(0, 32));
  if (!std::regex_search(s, m, kDate)) return std::nullopt;
  return Civil{number(m[1]), number(m[2]), number(m[3])};
}

// The year of `fetched` or either next to it, whichever puts month-day nearest to it.
int nearest_year(const Stamp& s, const Civil& fetched) {
  const long reference = days_from_civil(fetched.year, fetched.month, fetched.day);
  int best = 0;
  long best_distance = 0;
  for (int y = fetched.year - 1; y <= fetched.year + 1; ++y) {
    if (s.day > days_in_month(y, s.month)) continue;
    const long distance = std::labs(days_from_civil(y, s.month, s.day) - reference);
    if (best == 0 || distance < best_distance) {
      best = y;
      best_distance = distance;
    }
  }
  return best;
}

TrailerDate resolve(Stamp s, std::string_view written, std::string_view fetched_at) {
  TrailerDate out;
  const std::string quoted = "'" + std::string(written) + "'";
  const std::optional<int> offset = zone_offset(s.zone);
  if (!offset) {
    out.problem = "date " + quoted + " has an unknown time zone '" + s.zone + "'";
    return out;
  }
  if (s.month < 1 || s.month > 12 || s.day < 1 || s.day > 31 || s.hour > 23 || s.minute > 59) {
    out.problem = "date " + quoted + " is not a date";
    return out;
  }
  if (s.year == 0) {
    const std::optional<Civil> fetched = date_of(fetched_at);
    if (!fetched) {
      out.problem = "date " + quoted + " has no year and the fetch time is unknown";
      return out;
    }
    s.year = nearest_year(s, *fetched);
  }
  if (s.year == 0 || s.day > days_in_month(s.year, s.month)) {
    out.problem = "date " + quoted + " is not a date";
    return out;
  }
  char buffer[40];
  const int minutes = std::abs(*offset);
  if (*offset == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:00Z", s.year, s.month, s.day,
                  s.hour, s.minute);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", s.year, s.month,
                  s.day, s.hour, s.minute, *offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
  }
  out.rfc3339 = buffer;
  return out;
}

const std::regex& iptc7901_pattern() {
  static const std::regex kPattern(
      R"((\d{2})(\d{2})(\d{2})\s*([A-Za-z]{1,4})?\s+([^\s\d.,]{3,6})\.?(?:\s+(\d{4}|\d{2}))?)");
  return kPattern;
}

}  // namespace

TrailerDate anpa_trailer_date(std::string_view trailer, std::string_view fetched_at) {
  static const std::regex kPattern(
      R"((\d{1,2})-(\d{1,2})(?:-(\d{4}|\d{2}))?\s+(\d{2})(\d{2})\s*([A-Za-z]{1,4})?)");
  const std::string text(trailer.substr(0, 256));
  std::smatch m;
  if (!std::regex_search(text, m, kPattern)) return {};
  const Stamp s{full_year(m[3]), number(m[1]), number(m[2]), number(m[4]), number(m[5]), m[6]};
  return resolve(s, m.str(), fetched_at);
}

TrailerDate iptc7901_trailer_date(std::string_view trailer, std::string_view fetched_at) {
  const std::string text(trailer.substr(0, 256));
  std::smatch m;
  if (!std::regex_search(text, m, iptc7901_pattern())) return {};
  const Stamp s{
      full_year(m[6]), month_number(m[5].str()), number(m[1]), number(m[2]), number(m[3]), m[4]};
  return resolve(s, m.str(), fetched_at);
}

bool is_iptc7901_date_line(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t");
  const std::size_t last = line.find_last_not_of(" \t\r");
  if (first == std::string_view::npos || last - first > 40) return false;
  const std::string text(line.substr(first, last - first + 1));
  std::smatch m;
  return std::regex_match(text, m, iptc7901_pattern()) && month_number(m[5].str()) != 0;
}

}  // namespace newswired::wire_text
