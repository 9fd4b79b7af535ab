#include "daemon/fetch/schedule.h"

#include <set>

#include <gtest/gtest.h>

namespace newswired {
namespace {

using namespace std::chrono_literals;
using Clock = Schedule::Clock;

TEST(ScheduleTest, PopsDueSourcesInOrder) {
  Schedule s(0.1, 42);
  const auto t0 = Clock::now();
  s.add(0, t0 + 3s);
  s.add(1, t0 + 1s);
  s.add(2, t0 + 2s);
  EXPECT_EQ(s.next_due(), t0 + 1s);
  EXPECT_EQ(s.pop_due(t0), std::nullopt);
  EXPECT_EQ(s.pop_due(t0 + 2s), 1u);
  EXPECT_EQ(s.pop_due(t0 + 2s), 2u);
  EXPECT_EQ(s.pop_due(t0 + 2s), std::nullopt);
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(s.pop_due(t0 + 10s), 0u);
  EXPECT_TRUE(s.empty());
}

TEST(ScheduleTest, JitterStaysWithinTheFraction) {
  Schedule s(0.1, 7);
  std::set<Clock::rep> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto d = s.jittered(100s);
    EXPECT_GE(d, 90s);
    EXPECT_LE(d, 110s);
    seen.insert(d.count());
  }
  EXPECT_GT(seen.size(), 100u);  // actually random, not a constant
}

TEST(ScheduleTest, NoJitterKeepsTheInterval) {
  Schedule s(0, 7);
  EXPECT_EQ(s.jittered(100s), 100s);
}

TEST(ScheduleTest, JitterNeverCollapsesTheInterval) {
  Schedule s(5.0, 7);
  for (int i = 0; i < 1000; ++i) EXPECT_GT(s.jittered(100s), 9s);
}

TEST(ScheduleTest, FirstPollsAreSpreadOverAFewSeconds) {
  std::set<Clock::duration> offsets;
  for (std::size_t i = 0; i < 100; ++i) {
    const auto d = first_poll_offset(i, 100, std::chrono::minutes(5));
    EXPECT_GE(d, 0s);
    EXPECT_LT(d, 5s);
    offsets.insert(d);
  }
  EXPECT_EQ(offsets.size(), 100u);
  EXPECT_EQ(first_poll_offset(0, 100, std::chrono::minutes(5)), 0s);
}

TEST(ScheduleTest, FirstPollComesWithinTheInterval) {
  for (std::size_t i = 0; i < 10; ++i) EXPECT_LT(first_poll_offset(i, 10, 200ms), 200ms);
}

}  // namespace
}  // namespace newswired
