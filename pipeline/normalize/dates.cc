#include "pipeline/normalize/dates.h"

#include <array>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

#include "pipeline/core/clock.h"
#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

using std::chrono::sys_seconds;

// Reads fixed-width fields left to right; every method returns false instead of throwing.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool done() const { return i_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  bool number(std::size_t width, int& out) {
    if (s_.size() - i_ < width) return false;
    for (std::size_t k = i_; k < i_ + width; ++k)
      if (s_[k] < '0' || s_[k] > '9') return false;
    std::from_chars(s_.data() + i_, s_.data() + i_ + width, out);
    i_ += width;
    return true;
  }
  void skip_digits() {
    while (peek() >= '0' && peek() <= '9') ++i_;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_alpha_word(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '.' || static_cast<unsigned char>(c) >= 0x80))
      return false;
  }
  return true;
}

std::string leading_digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!is_digit(c)) break;
    out += c;
  }
  return out;
}

// Lower-cased words split at spaces and commas; "06-Nov-94" (RFC 850) splits at its dashes.
std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  int paren = 0;  // RFC 822 comments, e.g. "+0200 (CEST)", are skipped
  for (char c : s) {
    if (c == '(') ++paren;
    if (paren > 0) {
      if (c == ')') --paren;
      continue;
    }
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  std::vector<std::string> split;
  for (std::string& t : out) {
    const std::size_t d1 = t.find('-', 1);
    const std::size_t d2 = d1 == std::string::npos ? d1 : t.find('-', d1 + 1);
    if (d2 != std::string::npos && is_digit(t[0]) && !is_digit(t[d1 + 1])) {
      split.push_back(t.substr(0, d1));
      split.push_back(t.substr(d1 + 1, d2 - d1 - 1));
      split.push_back(t.substr(d2 + 1));
    } else {
      split.push_back(std::move(t));
    }
  }
  return split;
}

// English month names and their abbreviations (any prefix of three letters or more), and the
// usual abbreviations of a few languages whose feeds localize them.
std::optional<int> month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kEnglish{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::string_view w = word;
  if (w.ends_with('.')) w.remove_suffix(1);
  if (w.size() >= 3) {
    for (std::size_t i = 0; i < kEnglish.size(); ++i) {
      if (kEnglish[i].starts_with(w)) return static_cast<int>(i + 1);
    }
    if (w == "sept") return 9;
  }
  static constexpr std::array<std::pair<std::string_view, int>, 14> kOther{{
      {"mär", 3},
      {"mrz", 3},
      {"mai", 5},
      {"okt", 10},
      {"dez", 12},  // German
      {"janv", 1},
      {"févr", 2},
      {"mars", 3},
      {"avr", 4},
      {"juin", 6},  // French
      {"juil", 7},
      {"déc", 12},
      {"ene", 1},
      {"dic", 12},  // French, Spanish
  }};
  for (const auto& [name, number] : kOther) {
    if (w == name) return number;
  }
  return std::nullopt;
}

std::optional<std::array<int, 3>> read_time(std::string_view s) {
  std::array<int, 3> hms{0, 0, 0};
  std::size_t part = 0;
  std::size_t start = 0;
  while (start <= s.size() && part < 3) {
    std::size_t end = s.find(':', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view field = s.substr(start, end - start);
    if (part == 2) field = field.substr(0, field.find_first_of(".,"));  // fractions dropped
    if (field.empty() || field.size() > 2) return std::nullopt;
    for (char c : field) {
      if (!is_digit(c)) return std::nullopt;
    }
    std::from_chars(field.data(), field.data() + field.size(), hms[part++]);
    start = end + 1;
  }
  if (part < 2) return std::nullopt;
  return hms;
}

// "+0200", "-05:00", "+02": seconds east of UTC; nullopt when it is not a possible offset.
std::optional<int> numeric_offset(std::string_view z) {
  if (z.size() < 2 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
  std::string digits;
  for (char c : z.substr(1)) {
    if (is_digit(c)) {
      digits += c;
    } else if (c != ':') {
      return std::nullopt;
    }
  }
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  const int h = (digits[0] - '0') * 10 + (digits[1] - '0');
  const int m = digits.size() == 4 ? (digits[2] - '0') * 10 + (digits[3] - '0') : 0;
  if (h > 23 || m > 59) return std::nullopt;
  return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

// Named zones: RFC 822's (including its military letters, with RFC 822's signs, as feedparser
// reads them), and the abbreviations news feeds commonly use.
std::optional<int> zone_offset(std::string_view z) {
  if (z.starts_with('+') || z.starts_with('-')) return numeric_offset(z);
  if (z.starts_with("etc/")) z.remove_prefix(4);
  for (std::string_view prefix : {"gmt", "utc", "ut"}) {
    if (z.size() > prefix.size() && z.starts_with(prefix) &&
        (z[prefix.size()] == '+' || z[prefix.size()] == '-'))
      return numeric_offset(z.substr(prefix.size()));
  }
  static constexpr std::array<std::pair<std::string_view, int>, 40> kNamed{{
      {"ut", 0},      {"utc", 0},     {"gmt", 0},    {"z", 0},      {"wet", 0},    {"bst", 60},
      {"west", 60},   {"cet", 60},    {"met", 60},   {"mez", 60},   {"cest", 120}, {"mest", 120},
      {"mesz", 120},  {"eet", 120},   {"eest", 180}, {"msk", 180},  {"npt", 345},  {"sgt", 480},
      {"hkt", 480},   {"awst", 480},  {"jst", 540},  {"kst", 540},  {"aest", 600}, {"aedt", 660},
      {"nzst", 720},  {"nzdt", 780},  {"ast", -240}, {"adt", -180}, {"est", -300}, {"edt", -240},
      {"cst", -360},  {"cdt", -300},  {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
      {"akst", -540}, {"akdt", -480}, {"hst", -600}, {"nst", -210},
  }};
  for (const auto& [name, minutes] : kNamed) {
    if (z == name) return minutes * 60;
  }
  if (z.size() == 1 && z[0] >= 'a' && z[0] <= 'y' && z[0] != 'j') {
    const char c = z[0];
    if (c <= 'i') return -(c - 'a' + 1) * 3600;
    if (c <= 'm') return -(c - 'k' + 10) * 3600;
    return (c - 'n' + 1) * 3600;
  }
  return std::nullopt;
}

// "Z", "+02:00", "+0200" or "+02", as seconds east of UTC.
std::optional<int> parse_offset(Scanner& in) {
  if (in.eat('Z') || in.eat('z')) return 0;
  const char sign = in.peek();
  if (!in.eat('+') && !in.eat('-')) return std::nullopt;
  int hours = 0;
  int minutes = 0;
  if (!in.number(2, hours)) return std::nullopt;
  if (!in.done()) {
    in.eat(':');
    if (!in.number(2, minutes)) return std::nullopt;
  }
  if (hours > 23 || minutes > 59) return std::nullopt;
  const int offset = hours * 3600 + minutes * 60;
  return sign == '-' ? -offset : offset;
}

// No library in our toolchain reads ISO 8601 with offsets (std::chrono::parse is not in g++ 12),
// so the grammar is read by hand and the arithmetic is left to <chrono>'s calendar. Covers
// W3CDTF and what feedparser's _parse_date_iso8601 / _parse_date_w3dtf take: YYYY, YYYY-MM,
// YYYY-MM-DD or YYYYMMDD, then optionally [T, t or space]hh[:]mm[[:]ss[.frac]] and an offset
// ("Z", "+02:00", "+0200", "+02") or zone name ("GMT", "EST"), spaced or not. A time without
// offset is taken as UTC.
std::optional<sys_seconds> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  Scanner in(s);
  int y = 0;
  int mo = 1;
  int d = 1;
  int h = 0;
  int mi = 0;
  int sec = 0;
  int offset = 0;
  if (!in.number(4, y)) return std::nullopt;
  if (in.eat('-')) {
    if (!in.number(2, mo)) return std::nullopt;
    if (in.eat('-') && !in.number(2, d)) return std::nullopt;
  } else if (is_digit(in.peek())) {
    if (!in.number(2, mo) || !in.number(2, d)) return std::nullopt;
  }
  if (in.eat('T') || in.eat('t') || in.eat(' ')) {
    if (!in.number(2, h)) return std::nullopt;
    const bool extended = in.eat(':');
    if (!in.number(2, mi)) return std::nullopt;
    if ((extended && in.eat(':')) || (!extended && is_digit(in.peek()))) {
      if (!in.number(2, sec)) return std::nullopt;
      if (in.eat('.') || in.eat(',')) in.skip_digits();  // second precision is all we keep
    }
    in.eat(' ');
    if (!in.done()) {
      std::optional<int> parsed;
      if (in.peek() == '+' || in.peek() == '-' || in.peek() == 'Z' || in.peek() == 'z') {
        parsed = parse_offset(in);
      } else {
        std::string zone;
        while (!in.done()) {
          const char c = in.peek();
          zone += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
          in.eat(c);
        }
        parsed = zone_offset(zone);
      }
      if (!parsed) return std::nullopt;
      offset = *parsed;
    }
  }
  if (!in.done()) return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  // A leap second (":60") is kept within its minute rather than rolled into the next day.
  if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (sec == 60) sec = 59;
  return sys_days{date} + hours{h} + minutes{mi} + seconds{sec} - seconds{offset};
}

// RFC 822 / 1123 dates as feeds write them. feedparser's _parse_date_rfc822 is the model for
// what is accepted: day name optional (and, here, in any language), day and month in either
// order, two-digit years, full month names, missing seconds or time, named and military zones.
// Unlike feedparser, a zone it does not know still counts as UTC but an impossible offset
// ("+3000") makes the date unreadable, and "PM" is honoured.
std::optional<sys_seconds> parse_rfc822(std::string_view s) {
  using namespace std::chrono;
  std::optional<int> day;
  std::optional<int> month;
  std::optional<int> year;
  std::optional<std::array<int, 3>> time;
  std::optional<int> offset;
  bool pm = false;
  bool am = false;
  for (std::string token : tokens(s)) {
    if (token.empty()) continue;
    if (token.find(':') != std::string::npos && is_digit(token[0])) {
      if (time) return std::nullopt;
      // A zone may be glued to the time: "10:00:00Z", "10:00:00+0200".
      std::size_t zone_at = token.find_first_of("+-zZ", 1);
      std::string zone = zone_at == std::string::npos ? "" : token.substr(zone_at);
      time = read_time(token.substr(0, zone_at));
      if (!time) return std::nullopt;
      if (!zone.empty()) {
        offset = zone_offset(zone);
        if (!offset) return std::nullopt;
      }
    } else if (token[0] == '+' || token[0] == '-') {
      offset = numeric_offset(token);
      if (!offset) return std::nullopt;
    } else if (is_digit(token[0])) {
      int value = 0;
      const std::string digits = leading_digits(token);
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (digits.size() == 4 && !year) {
        year = value;
      } else if (!day && digits.size() <= 2) {
        day = value;
      } else if (!year && digits.size() <= 2) {
        year = value < 50 ? 2000 + value : 1900 + value;  // RFC 2822 4.3
      } else {
        return std::nullopt;
      }
    } else if (token == "am" || token == "a.m.") {
      am = true;
    } else if (token == "pm" || token == "p.m.") {
      pm = true;
    } else if (std::optional<int> m = month_number(token); m && !time) {
      // The last month name wins: a localized day name before it may read as one ("mar."
      // is Tuesday in French, "Mar" March in English).
      month = m;
    } else if (time) {
      // After the time: a zone. feedparser reads an unknown zone name as UTC, and so do we.
      const std::optional<int> z = zone_offset(token);
      if (z)
        offset = z;
      else if (!is_alpha_word(token))
        return std::nullopt;
    } else if (!is_alpha_word(token)) {
      return std::nullopt;
    }
    // Anything else before the time is a day name, in whatever language.
  }
  if (!day || !month || !year) return std::nullopt;
  std::array<int, 3> hms = time.value_or(std::array<int, 3>{0, 0, 0});
  if (pm && hms[0] < 12) hms[0] += 12;
  if (am && hms[0] == 12) hms[0] = 0;
  if (hms[0] > 23 || hms[1] > 59 || hms[2] > 60) return std::nullopt;
  if (hms[2] == 60) hms[2] = 59;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month{unsigned(*month)},
                            std::chrono::day{unsigned(*day)}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date} + hours{hms[0]} + minutes{hms[1]} + seconds{hms[2]} -
         seconds{offset.value_or(0)};
}

bool looks_iso8601(std::string_view s) {
  if (s.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if (!is_digit(s[i])) return false;
  return s.size() == 4 || s[4] == '-' || (s.size() >= 8 && is_digit(s[4]));
}

}  // namespace

std::optional<std::string> to_rfc3339_utc(std::string_view raw) {
  using namespace std::chrono;
  const std::string text = collapse_whitespace(raw);
  if (text.empty()) return std::nullopt;
  const std::optional<sys_seconds> t =
      looks_iso8601(text) ? parse_iso8601(text) : parse_rfc822(text);
  if (!t) return std::nullopt;
  constexpr sys_seconds kEarliest = sys_days{year{1970} / January / 1};
  constexpr sys_seconds kEnd = sys_days{year{2101} / January / 1};
  if (*t < kEarliest || *t >= kEnd) return std::nullopt;
  return format_rfc3339(system_clock::time_point{*t});
}

}  // namespace newswired
