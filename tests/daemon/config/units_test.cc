#include "daemon/config/units.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

using std::chrono::milliseconds;

TEST(Units, Durations) {
  EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("5m"), milliseconds(300'000));
  EXPECT_EQ(parse_duration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("1d"), milliseconds(86'400'000));
  for (const char* bad : {"", "5", "m", "5 m", "-5m", "5x", "1.5m"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
}

// Found by the config fuzzer: counts too large for any clock were wrapped into nonsense
// (negative timeouts) instead of being refused.
TEST(Units, DurationsBeyondTheClockAreRefused) {
  for (const char* huge : {"1000000000000000m", "400000000000000000d", "18446744073709551615ms",
                           "9223372036854775807ms1ms", "106751991168d"})
    EXPECT_FALSE(parse_duration(huge).has_value()) << huge;
  EXPECT_EQ(parse_duration("9223372036854775807ms"), milliseconds::max());
  EXPECT_EQ(parse_duration("106751991167d"), milliseconds(106751991167LL * 86'400'000));
}

TEST(Units, Sizes) {
  EXPECT_EQ(parse_size("16MiB"), std::size_t{16} << 20);
  EXPECT_EQ(parse_size("500KB"), 500'000u);
  EXPECT_EQ(parse_size("1024"), 1024u);
  for (const char* bad : {"", "MiB", "16mib", "16 MiB", "99999999999999999999GiB"})
    EXPECT_FALSE(parse_size(bad).has_value()) << bad;
}

}  // namespace
}  // namespace newswired
