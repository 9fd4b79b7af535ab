#include "daemon/fetch/poll_policy.h"

#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include "daemon/fetch/host_limits.h"
#include "daemon/fetch/http_hints.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

IntervalBounds bounds(Millis interval, Millis min, Millis max) { return {interval, min, max}; }

WallTime at_utc(int y, int mo, int d, int h, int mi) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

TEST(HttpHints, CacheControlMaxAge) {
  EXPECT_EQ(cache_max_age("public, max-age=600"), seconds(600));
  EXPECT_EQ(cache_max_age("MAX-AGE=60 , must-revalidate"), seconds(60));
  EXPECT_EQ(cache_max_age("max-age=\"30\""), seconds(30));
  EXPECT_EQ(cache_max_age("no-cache, max-age=600"), std::nullopt);
  EXPECT_EQ(cache_max_age("no-store"), std::nullopt);
  EXPECT_EQ(cache_max_age("max-age=soon"), std::nullopt);
  EXPECT_EQ(cache_max_age(""), std::nullopt);
}

TEST(HttpHints, RetryAfterSecondsAndDates) {
  const std::time_t now = 1'431'439'380;  // Tue, 12 May 2015 14:03:00 GMT
  EXPECT_EQ(parse_retry_after("120", now), seconds(120));
  EXPECT_EQ(parse_retry_after(" 0 ", now), seconds(0));
  EXPECT_EQ(parse_retry_after("Tue, 12 May 2015 15:03:00 GMT", now), seconds(3600));
  EXPECT_EQ(parse_retry_after("Tuesday, 12-May-15 14:04:00 GMT", now), seconds(60));  // RFC 850
  EXPECT_EQ(parse_retry_after("Mon, 11 May 2015 00:00:00 GMT", now), seconds(0));     // past
  EXPECT_EQ(parse_retry_after("-5", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("whenever", now), std::nullopt);
  EXPECT_EQ(parse_http_date("Tue, 12 May 2015 14:03:00 GMT"), now);
}

TEST(PollPolicy, BoundsAlwaysHoldTheConfiguredInterval) {
  FetchConfig fetch;  // 1m .. 1h
  SourceConfig s;
  s.interval = 5min;
  auto b = bounds_for(fetch, s);
  EXPECT_EQ(b.min, 1min);
  EXPECT_EQ(b.max, 1h);
  s.interval = 10s;
  EXPECT_EQ(bounds_for(fetch, s).min, 10s);
  s.interval = 2h;
  EXPECT_EQ(bounds_for(fetch, s).max, 2h);
  s.interval = 5min;
  s.min_interval = 2min;
  s.max_interval = 20min;
  b = bounds_for(fetch, s);
  EXPECT_EQ(b.min, 2min);
  EXPECT_EQ(b.max, 20min);
}

TEST(PollPolicy, HintsAreFloorsWithinBounds) {
  const auto b = bounds(5min, 1min, 1h);
  SourceState st;
  FeedMeta feed;
  EXPECT_EQ(planned_interval(st, b, {}, feed), 5min);
  EXPECT_EQ(planned_interval(st, b, {seconds(60), {}}, feed), 5min);  // never sooner
  EXPECT_EQ(planned_interval(st, b, {seconds(900), {}}, feed), 15min);
  EXPECT_EQ(planned_interval(st, b, {hours(5), {}}, feed), 1h);  // never later than max
  feed.ttl = "30";
  EXPECT_EQ(planned_interval(st, b, {}, feed), 30min);
  feed = {};
  feed.update_period = "hourly";
  feed.update_frequency = "2";
  EXPECT_EQ(planned_interval(st, b, {}, feed), 30min);
  feed.update_period = "daily";
  feed.update_frequency = "";
  EXPECT_EQ(planned_interval(st, b, {}, feed), 1h);
  feed.update_period = "fortnightly";  // unknown: ignored
  EXPECT_EQ(planned_interval(st, b, {}, feed), 5min);
  st.learned_interval = 20min;
  EXPECT_EQ(planned_interval(st, b, {}, {}), 20min);
}

TEST(PollPolicy, SkipHoursAndDaysMoveTheDueTime) {
  FeedMeta feed;
  feed.skip_hours = {0, 1, 2};
  const WallTime due = at_utc(2026, 11, 26, 0, 30);  // a Thursday
  EXPECT_EQ(skip_forward(due, due + 24h, feed), at_utc(2026, 11, 26, 3, 0));
  EXPECT_EQ(skip_forward(due, due + 1h, feed), due + 1h);  // but not past the max interval
  EXPECT_EQ(skip_forward(at_utc(2026, 11, 26, 5, 0), due + 24h, feed), at_utc(2026, 11, 26, 5, 0));
  feed = {};
  feed.skip_days = {"Thursday", "Friday"};
  EXPECT_EQ(skip_forward(due, due + 96h, feed), at_utc(2026, 11, 28, 0, 0));
}

TEST(PollPolicy, AdaptsToThePublishingRate) {
  const auto b = bounds(8min, 1min, 30min);
  SourceState st;
  const WallTime t0 = at_utc(2026, 1, 1, 0, 0);
  observe_items(st, b, 0, t0);
  EXPECT_EQ(st.learned_interval, 12min);
  observe_items(st, b, 0, t0);
  observe_items(st, b, 0, t0);
  observe_items(st, b, 0, t0);
  EXPECT_EQ(st.learned_interval, 30min);  // stops at max
  for (int i = 0; i < 10; ++i) observe_items(st, b, 4, t0 + minutes(i));
  EXPECT_EQ(st.learned_interval, 1min);  // stops at min
  EXPECT_EQ(st.new_polls, 10);
  EXPECT_NEAR(st.usual_gap_seconds, 60, 1);
}

TEST(PollPolicy, QuietAfterSeveralUsualGaps) {
  const auto b = bounds(1min, 1min, 1h);
  SourceState st;
  const WallTime t0 = at_utc(2026, 1, 1, 0, 0);
  for (int i = 0; i < 5; ++i) observe_items(st, b, 1, t0 + minutes(10 * i));
  const WallTime last = t0 + 40min;
  EXPECT_FALSE(update_quiet(st, b, 4, last + 30min));
  EXPECT_FALSE(st.quiet);
  EXPECT_TRUE(update_quiet(st, b, 4, last + 41min));
  EXPECT_TRUE(st.quiet);
  EXPECT_FALSE(update_quiet(st, b, 4, last + 50min));  // said once
  EXPECT_TRUE(observe_items(st, b, 2, last + 60min));  // active again
  EXPECT_FALSE(st.quiet);

  SourceState young;  // too little history to judge
  observe_items(young, b, 1, t0);
  observe_items(young, b, 1, t0 + 1min);
  EXPECT_FALSE(update_quiet(young, b, 4, t0 + 24h));
}

TEST(PollPolicy, BackoffGrowsWithJitterAndOpensTheCircuit) {
  const auto b = bounds(1min, 1min, 1h);
  FetchConfig fetch;
  fetch.circuit_failures = 5;
  fetch.circuit_cooldown = 30min;
  std::mt19937_64 rng(42);
  SourceState st;
  Millis previous_max{0};
  for (int n = 1; n <= 4; ++n) {
    const Millis d = after_failure(st, b, fetch, std::nullopt, rng);
    const Millis full = std::min<Millis>(minutes(1) * (1 << (n - 1)), b.max);
    EXPECT_GE(d, full / 2) << n;
    EXPECT_LE(d, full) << n;
    EXPECT_GE(full, previous_max);
    previous_max = full;
    EXPECT_FALSE(st.circuit_open);
  }
  EXPECT_EQ(after_failure(st, b, fetch, std::nullopt, rng), 30min);
  EXPECT_TRUE(st.circuit_open);
  EXPECT_EQ(st.consecutive_failures, 5);
  EXPECT_EQ(after_failure(st, b, fetch, std::nullopt, rng), 30min);  // failed probe
}

TEST(PollPolicy, RetryAfterWinsOverBackoffButIsCapped) {
  const auto b = bounds(1min, 1min, 1h);
  FetchConfig fetch;
  std::mt19937_64 rng(1);
  SourceState st;
  EXPECT_EQ(after_failure(st, b, fetch, seconds(7200), rng), 2h);
  SourceState st2;
  EXPECT_EQ(after_failure(st2, b, fetch, hours(24 * 30), rng), 24h);
}

TEST(PollPolicy, StateSurvivesJson) {
  SourceState st;
  st.source_url = "https://a.example/feed";
  st.effective_url = "https://b.example/feed";
  st.learned_interval = 90s;
  st.consecutive_failures = 3;
  st.not_before = 1'800'000'000;
  st.circuit_open = true;
  st.retired = true;
  st.usual_gap_seconds = 612.5;
  st.last_new_at = 1'700'000'000;
  st.new_polls = 9;
  st.quiet = true;
  const SourceState back = SourceState::from_json(st.to_json());
  EXPECT_EQ(back.to_json(), st.to_json());
  EXPECT_EQ(back.effective_url, st.effective_url);
  EXPECT_EQ(back.learned_interval, 90s);
  EXPECT_EQ(SourceState::from_json("not json").to_json(), SourceState{}.to_json());
  EXPECT_EQ(SourceState::from_json("{\"retired\": \"yes\"}").retired, false);
}

TEST(HostLimits, KeysAndLimits) {
  EXPECT_EQ(host_key("https://User@Feeds.Example.com:8443/a?b"), "https://feeds.example.com:8443");
  EXPECT_EQ(host_key("HTTP://example.com"), "http://example.com");
  EXPECT_EQ(host_key("file:///tmp/x.xml"), "");

  using C = HostLimits::Clock;
  HostLimits h(2, std::chrono::seconds(1));
  const auto t = C::now();
  EXPECT_TRUE(h.can_start("http://a", t));
  h.started("http://a", t);
  EXPECT_FALSE(h.can_start("http://a", t));  // delay
  EXPECT_TRUE(h.can_start("http://b", t));   // another host
  h.queue("http://a", 7);
  EXPECT_EQ(h.pop_ready(t), std::nullopt);
  EXPECT_EQ(h.next_ready(), t + std::chrono::seconds(1));
  EXPECT_EQ(h.pop_ready(t + std::chrono::seconds(1)), 7u);
  h.started("http://a", t + std::chrono::seconds(1));  // two in flight: full
  h.queue("http://a", 8);
  EXPECT_EQ(h.pop_ready(t + std::chrono::seconds(5)), std::nullopt);
  EXPECT_EQ(h.next_ready(), std::nullopt);  // waits for a slot, not a time
  h.finished("http://a");
  EXPECT_EQ(h.pop_ready(t + std::chrono::seconds(5)), 8u);
  EXPECT_EQ(h.queued(), 0u);
}

}  // namespace
}  // namespace newswired
