#include "daemon/fetch/poll_policy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

#include <nlohmann/json.hpp>

namespace newswired {
namespace {

using std::chrono::duration_cast;

// A server may ask for a pause longer than max_interval (Retry-After), but a typo in a
// header must not silence a feed for a month.
constexpr Millis kMaxRetryAfter = std::chrono::hours(24);
// The usual gap is smoothed so that one burst or one slow day does not swing it.
constexpr double kGapWeight = 0.3;
constexpr int kPollsBeforeQuiet = 3;

std::optional<long> whole(const std::string& s) {
  long n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

// The feed's own idea of its update rate, as an interval.
std::optional<Millis> feed_interval(const FeedMeta& feed) {
  std::optional<Millis> out;
  if (auto ttl = whole(feed.ttl)) out = std::chrono::minutes(*ttl);
  if (!feed.update_period.empty()) {
    static const std::pair<const char*, std::chrono::hours> periods[] = {
        {"hourly", std::chrono::hours(1)},
        {"daily", std::chrono::hours(24)},
        {"weekly", std::chrono::hours(24 * 7)},
        {"monthly", std::chrono::hours(24 * 30)},
        {"yearly", std::chrono::hours(24 * 365)}};
    for (const auto& [name, length] : periods) {
      if (feed.update_period != name) continue;
      const long frequency = whole(feed.update_frequency).value_or(1);
      const Millis each = duration_cast<Millis>(length) / frequency;
      out = out ? std::max(*out, each) : each;
    }
  }
  return out;
}

int weekday_index(const std::string& day) {
  static const char* days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                               "Thursday", "Friday", "Saturday"};
  for (int i = 0; i < 7; ++i)
    if (day == days[i]) return i;
  return -1;
}

bool skipped(WallTime t, const FeedMeta& feed) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  for (int h : feed.skip_hours)
    if (h == tm.tm_hour) return true;
  for (const auto& d : feed.skip_days)
    if (weekday_index(d) == tm.tm_wday) return true;
  return false;
}

Millis clamp(Millis v, const IntervalBounds& b) { return std::clamp(v, b.min, b.max); }

}  // namespace

std::string SourceState::to_json() const {
  return nlohmann::json{{"source_url", source_url},
                        {"effective_url", effective_url},
                        {"learned_interval_ms", learned_interval.count()},
                        {"consecutive_failures", consecutive_failures},
                        {"not_before", not_before},
                        {"circuit_open", circuit_open},
                        {"retired", retired},
                        {"usual_gap_seconds", usual_gap_seconds},
                        {"last_new_at", last_new_at},
                        {"new_polls", new_polls},
                        {"quiet", quiet}}
      .dump();
}

SourceState SourceState::from_json(const std::string& text) {
  SourceState s;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return s;
  try {
    s.source_url = j.value("source_url", std::string());
    s.effective_url = j.value("effective_url", std::string());
    s.learned_interval = Millis(j.value("learned_interval_ms", std::int64_t{0}));
    s.consecutive_failures = j.value("consecutive_failures", 0);
    s.not_before = j.value("not_before", std::int64_t{0});
    s.circuit_open = j.value("circuit_open", false);
    s.retired = j.value("retired", false);
    s.usual_gap_seconds = j.value("usual_gap_seconds", 0.0);
    s.last_new_at = j.value("last_new_at", std::int64_t{0});
    s.new_polls = j.value("new_polls", 0);
    s.quiet = j.value("quiet", false);
  } catch (const nlohmann::json::exception&) {
    return SourceState{};
  }
  return s;
}

IntervalBounds bounds_for(const FetchConfig& fetch, const SourceConfig& source) {
  IntervalBounds b;
  b.interval = source.interval;
  b.min = std::min(source.min_interval.count() > 0 ? source.min_interval : fetch.min_interval,
                   source.interval);
  b.max = std::max(source.max_interval.count() > 0 ? source.max_interval : fetch.max_interval,
                   source.interval);
  return b;
}

Millis planned_interval(const SourceState& s, const IntervalBounds& b, const ServerHints& server,
                        const FeedMeta& feed) {
  Millis interval = s.learned_interval.count() > 0 ? s.learned_interval : b.interval;
  // Hints are floors: polling sooner than the publisher says it changes only costs both sides.
  if (server.fresh_for) interval = std::max<Millis>(interval, *server.fresh_for);
  if (auto f = feed_interval(feed)) interval = std::max(interval, *f);
  return clamp(interval, b);
}

WallTime skip_forward(WallTime due, WallTime latest, const FeedMeta& feed) {
  if (feed.skip_hours.empty() && feed.skip_days.empty()) return due;
  // Hour by hour: at most a week of skipped hours, and `latest` ends it sooner.
  WallTime t = due;
  for (int i = 0; i < 24 * 7 && skipped(t, feed); ++i) {
    const auto since_hour = t.time_since_epoch() % std::chrono::hours(1);
    t += std::chrono::hours(1) - since_hour;
    if (t >= latest) return latest;
  }
  return t;
}

bool observe_items(SourceState& s, const IntervalBounds& b, std::size_t new_items, WallTime now) {
  const Millis current = s.learned_interval.count() > 0 ? s.learned_interval : b.interval;
  const std::int64_t now_s = std::chrono::system_clock::to_time_t(now);
  if (new_items == 0) {
    s.learned_interval = clamp(duration_cast<Millis>(current * 1.5), b);
    return false;
  }
  s.learned_interval = clamp(current / 2, b);
  if (s.last_new_at > 0 && now_s > s.last_new_at) {
    const double gap = static_cast<double>(now_s - s.last_new_at);
    s.usual_gap_seconds =
        s.usual_gap_seconds > 0 ? (1 - kGapWeight) * s.usual_gap_seconds + kGapWeight * gap : gap;
  }
  s.last_new_at = now_s;
  ++s.new_polls;
  const bool was_quiet = s.quiet;
  s.quiet = false;
  return was_quiet;
}

bool update_quiet(SourceState& s, const IntervalBounds& b, int quiet_after, WallTime now) {
  if (s.new_polls < kPollsBeforeQuiet || s.usual_gap_seconds <= 0 || s.quiet) return false;
  const double silent =
      static_cast<double>(std::chrono::system_clock::to_time_t(now) - s.last_new_at);
  // Never sooner than a few of our own polls: a feed polled hourly cannot look quiet in 10 min.
  const double floor = std::chrono::duration<double>(b.interval).count();
  if (silent < quiet_after * std::max(s.usual_gap_seconds, floor)) return false;
  s.quiet = true;
  return true;
}

Millis after_failure(SourceState& s, const IntervalBounds& b, const FetchConfig& fetch,
                     std::optional<std::chrono::seconds> retry_after, std::mt19937_64& rng) {
  ++s.consecutive_failures;
  Millis delay;
  if (s.circuit_open || s.consecutive_failures >= std::max(fetch.circuit_failures, 1)) {
    s.circuit_open = true;
    delay = fetch.circuit_cooldown;
  } else {
    const Millis base = s.learned_interval.count() > 0 ? s.learned_interval : b.interval;
    const double factor = std::pow(2.0, std::min(s.consecutive_failures - 1, 20));
    const Millis full = std::min(duration_cast<Millis>(base * factor), b.max);
    // "Equal jitter": half fixed so the backoff still grows, half random so that feeds that
    // failed together (one host down) do not come back together.
    std::uniform_real_distribution<double> half(0.5, 1.0);
    delay = duration_cast<Millis>(full * half(rng));
  }
  if (retry_after) delay = std::max<Millis>(delay, std::min<Millis>(*retry_after, kMaxRetryAfter));
  return delay;
}

}  // namespace newswired
