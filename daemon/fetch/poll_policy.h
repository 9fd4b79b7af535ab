#pragma once
// When a source polls next, and what its history says about it: interval bounds, server and
// feed hints, adaptive intervals from the publishing rate, backoff with jitter, the circuit
// breaker, and the quiet-feed signal. Pure functions of the state and the time passed in, so
// that every rule is testable without a server or a clock.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "daemon/config/config.h"
#include "daemon/fetch/http_hints.h"
#include "pipeline/core/raw_item.h"

namespace newswired {

using Millis = std::chrono::milliseconds;
using WallTime = std::chrono::system_clock::time_point;

// A source's per-source fetch state besides its validators; persisted as it changes.
struct SourceState {
  std::string source_url;      // the configured URL this state belongs to
  std::string effective_url;   // after a permanent redirect; empty: the configured URL
  Millis learned_interval{0};  // adaptive interval; 0: not learned yet (the configured one)
  int consecutive_failures = 0;
  std::int64_t not_before = 0;  // unix seconds: backoff, Retry-After or an open circuit
  bool circuit_open = false;
  bool retired = false;          // answered 410 Gone: never polled again
  double usual_gap_seconds = 0;  // smoothed time between polls that brought new items
  std::int64_t last_new_at = 0;  // unix seconds of the last poll that brought new items
  int new_polls = 0;             // polls that brought new items (the gap needs a few)
  bool quiet = false;

  std::string to_json() const;
  static SourceState from_json(const std::string& text);  // defaults where unreadable
};

struct IntervalBounds {
  Millis interval, min, max;
};
// The source's range, widened so that its configured interval is always inside.
IntervalBounds bounds_for(const FetchConfig& fetch, const SourceConfig& source);

// The interval to use now: learned (or configured), raised to what the server and the feed
// ask for, within the bounds.
Millis planned_interval(const SourceState& s, const IntervalBounds& b, const ServerHints& server,
                        const FeedMeta& feed);
// Moves `due` out of the feed's skipHours / skipDays (GMT), but never past `latest`.
WallTime skip_forward(WallTime due, WallTime latest, const FeedMeta& feed);

// Feedback after the pipeline read a document: new_items is what dedupe let through.
// Halves the interval toward min while items keep coming, stretches it 1.5x toward max
// when polls bring nothing. Returns true when the feed stopped being quiet.
bool observe_items(SourceState& s, const IntervalBounds& b, std::size_t new_items, WallTime now);

// Whether the feed, which usually publishes, has been silent for quiet_after of its usual
// gaps (and at least that many planned intervals). Returns true when `quiet` changed.
bool update_quiet(SourceState& s, const IntervalBounds& b, int quiet_after, WallTime now);

// After a failed poll: counts it and returns the delay before the next one (exponential
// backoff with jitter from the planned interval, at least Retry-After, at most max; the
// cool-down when the circuit opens or a probe failed). Sets circuit_open.
Millis after_failure(SourceState& s, const IntervalBounds& b, const FetchConfig& fetch,
                     std::optional<std::chrono::seconds> retry_after, std::mt19937_64& rng);

}  // namespace newswired
