#include "pipeline/normalize/dates.h"

#include <charconv>
#include <chrono>

#include <curl/curl.h>

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

// No library in our toolchain reads ISO 8601 with offsets (std::chrono::parse is not in g++ 12,
// curl_getdate does not know the "T" form), so the grammar is read by hand and the arithmetic
// is left to <chrono>'s calendar. Covers W3CDTF: YYYY, YYYY-MM, YYYY-MM-DD, then optionally
// [T or space]hh:mm[:ss[.frac]][offset]; a time without offset is taken as UTC.
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
  }
  if (in.eat('T') || in.eat('t') || in.eat(' ')) {
    if (!in.number(2, h) || !in.eat(':') || !in.number(2, mi)) return std::nullopt;
    if (in.eat(':')) {
      if (!in.number(2, sec)) return std::nullopt;
      if (in.eat('.') || in.eat(',')) in.skip_digits();  // second precision is all we keep
    }
    if (!in.done()) {
      const std::optional<int> parsed = parse_offset(in);
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

// curl's date parser is the one HTTP clients use on Last-Modified headers: it reads RFC 822 and
// RFC 850 dates with or without day name or seconds, two-digit years, named zones (GMT, UT, EST,
// PDT, CEST, ...) and numeric offsets. It is reentrant, so worker threads may share it.
std::optional<sys_seconds> parse_rfc822(const std::string& s) {
  const std::time_t t = curl_getdate(s.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return sys_seconds{std::chrono::seconds{t}};
}

bool looks_iso8601(std::string_view s) {
  if (s.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return s.size() == 4 || s[4] == '-';
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
