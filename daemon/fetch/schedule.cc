#include "daemon/fetch/schedule.h"

#include <algorithm>

namespace newswired {
namespace {

// Long enough to spread a restart of hundreds of sources, short enough that the first
// results arrive while someone is still watching the logs.
constexpr std::chrono::seconds kFirstPollSpread{5};

// A jitter of 1 or more could shrink an interval to nothing and poll a source back to back.
constexpr double kMaxJitter = 0.9;

}  // namespace

Schedule::Schedule(double jitter, std::uint64_t seed)
    : jitter_(std::clamp(jitter, 0.0, kMaxJitter)), rng_(seed) {}

void Schedule::add(std::size_t source, Clock::time_point due) { heap_.emplace(due, source); }

std::optional<std::size_t> Schedule::pop_due(Clock::time_point now) {
  if (heap_.empty() || heap_.top().first > now) return std::nullopt;
  const std::size_t source = heap_.top().second;
  heap_.pop();
  return source;
}

Schedule::Clock::duration Schedule::jittered(std::chrono::milliseconds interval) {
  std::uniform_real_distribution<double> spread(-jitter_, jitter_);
  const std::chrono::duration<double> d = interval * (1.0 + spread(rng_));
  return std::chrono::duration_cast<Clock::duration>(d);
}

Schedule::Clock::duration first_poll_offset(std::size_t index, std::size_t count,
                                            std::chrono::milliseconds interval) {
  if (count == 0) return {};
  const auto window = std::chrono::duration_cast<Schedule::Clock::duration>(
      std::min<std::chrono::milliseconds>(kFirstPollSpread, interval));
  return std::chrono::duration_cast<Schedule::Clock::duration>(
      window * (static_cast<double>(index) / static_cast<double>(count)));
}

}  // namespace newswired
