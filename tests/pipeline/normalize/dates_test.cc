#include "pipeline/normalize/dates.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace newswired {
namespace {

constexpr const char* kExpected = "2015-05-12T12:03:00Z";

TEST(Rfc822Dates, NumericOffset) {
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 14:03:00 +0200"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 07:03:00 -0500"), kExpected);
}

TEST(Rfc822Dates, NamedZones) {
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 12:03:00 GMT"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 12:03:00 UT"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 12:03:00 Z"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 07:03:00 EST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 08:03:00 EDT"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 06:03:00 CST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 07:03:00 CDT"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 05:03:00 MST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 06:03:00 MDT"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 04:03:00 PST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 05:03:00 PDT"), kExpected);
}

TEST(Rfc822Dates, SloppyVariants) {
  EXPECT_EQ(to_rfc3339_utc("12 May 2015 14:03:00 +0200"), kExpected);     // no day name
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 14:03 +0200"), kExpected);   // no seconds
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 15 14:03:00 +0200"), kExpected);  // two-digit year
  EXPECT_EQ(to_rfc3339_utc("Sat, 2 May 2015 14:03:00 +0200"), "2015-05-02T12:03:00Z");
  EXPECT_EQ(to_rfc3339_utc("  tue, 12 may 2015 12:03:00 gmt \n"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 12:03:00"), kExpected);  // no zone: UTC
}

// The variants feedparser's _parse_date_rfc822 and _parse_date_asctime accept, seen in the corpus.
TEST(Rfc822Dates, RealWorldVariants) {
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 07:03:00 EST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Sun, 12 August 2012 10:00:00 EST"), "2012-08-12T15:00:00Z");
  EXPECT_EQ(to_rfc3339_utc("Wed, 27 July 2011 01:30:00 EST"), "2011-07-27T06:30:00Z");
  EXPECT_EQ(to_rfc3339_utc("Tue, May 12 2015 12:03:00 GMT"), kExpected);    // month first
  EXPECT_EQ(to_rfc3339_utc("Tuesday, 12-May-15 12:03:00 GMT"), kExpected);  // RFC 850
  EXPECT_EQ(to_rfc3339_utc("Tue May 12 12:03:00 2015"), kExpected);         // asctime
  EXPECT_EQ(to_rfc3339_utc("Tue May 12 04:03:00 PST 2015"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("12 May 2015"), "2015-05-12T00:00:00Z");  // no time
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 14:03:00 +0200 (CEST)"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 14:03:00 GMT+02:00"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue,12 May 2015 14:03:00+0200"), kExpected);
}

TEST(Rfc822Dates, TwelveHourClock) {
  EXPECT_EQ(to_rfc3339_utc("Sat, Dec 16 2023 02:02:33 PM"), "2023-12-16T14:02:33Z");
  EXPECT_EQ(to_rfc3339_utc("Sat, Dec 16 2023 12:02:33 AM"), "2023-12-16T00:02:33Z");
  EXPECT_EQ(to_rfc3339_utc("Sat, Dec 16 2023 12:02:33 PM"), "2023-12-16T12:02:33Z");
}

TEST(Rfc822Dates, MoreNamedAndMilitaryZones) {
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 14:03:00 CEST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 13:03:00 CET"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 21:03:00 JST"), kExpected);
  // RFC 822's military letters, with its signs (as feedparser reads them).
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 11:03:00 A"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 13:03:00 N"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 00:03:00 M"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("Wed, 13 May 2015 00:03:00 Y"), kExpected);
  // A zone name nobody defines is read as UTC, like feedparser.
  EXPECT_EQ(to_rfc3339_utc("Tue, 12 May 2015 12:03:00 XYZT"), kExpected);
}

TEST(Rfc822Dates, LocalizedNames) {
  EXPECT_EQ(to_rfc3339_utc("mer, 16 nov 2022 00:38:15 +0100"), "2022-11-15T23:38:15Z");
  EXPECT_EQ(to_rfc3339_utc("Di, 12 Mai 2015 14:03:00 +0200"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("mar., 12 déc. 2023 10:00:00 +0100"), "2023-12-12T09:00:00Z");
}

TEST(Rfc822Dates, ImpossibleOffsetsAreUnreadable) {
  EXPECT_EQ(to_rfc3339_utc("Fri, 11 Mar 2016 01:15:00 +3000"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("Fri, 11 Mar 2016 01:15:00 +0290"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("Fri, 11 Mar 2016 01:15:00 12:00:00"), std::nullopt);
}

TEST(Rfc822Dates, OffsetsCrossDayAndYear) {
  EXPECT_EQ(to_rfc3339_utc("Mon, 31 Dec 2018 23:30:00 -0100"), "2019-01-01T00:30:00Z");
  EXPECT_EQ(to_rfc3339_utc("Tue, 01 Jan 2019 00:30:00 +0100"), "2018-12-31T23:30:00Z");
  EXPECT_EQ(to_rfc3339_utc("Sat, 29 Feb 2020 22:00:00 PST"), "2020-03-01T06:00:00Z");
}

TEST(IsoDates, Rfc3339) {
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T12:03:00Z"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12t12:03:00z"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T12:03:00.123456Z"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T14:03:00+02:00"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T14:03:00+0200"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T14:03:00.5+02:00"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T06:33:00-05:30"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T14:03+02:00"), kExpected);  // W3CDTF: no seconds
}

TEST(IsoDates, BasicFormatAndZoneNames) {
  EXPECT_EQ(to_rfc3339_utc("20150512T120300Z"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("20150512T1403+0200"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("20150512"), "2015-05-12T00:00:00Z");
  EXPECT_EQ(to_rfc3339_utc("2015-05-12 12:03:00 GMT"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T07:03:00 EST"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T12:03:00 Z"), kExpected);
}

TEST(IsoDates, WithoutOffsetIsUtc) {
  EXPECT_EQ(to_rfc3339_utc("2015-05-12 12:03:00"), kExpected);
  EXPECT_EQ(to_rfc3339_utc("2015-05-12T12:03:00"), kExpected);
}

TEST(IsoDates, ReducedPrecision) {
  EXPECT_EQ(to_rfc3339_utc("2015-05-12"), "2015-05-12T00:00:00Z");
  EXPECT_EQ(to_rfc3339_utc("2015-05"), "2015-05-01T00:00:00Z");
  EXPECT_EQ(to_rfc3339_utc("2015"), "2015-01-01T00:00:00Z");
}

TEST(IsoDates, OffsetsCrossDayAndYear) {
  EXPECT_EQ(to_rfc3339_utc("2018-12-31T23:30:00-01:00"), "2019-01-01T00:30:00Z");
  EXPECT_EQ(to_rfc3339_utc("2019-01-01T00:30:00+01:00"), "2018-12-31T23:30:00Z");
  EXPECT_EQ(to_rfc3339_utc("2016-03-01T01:00:00+02:00"), "2016-02-29T23:00:00Z");
}

TEST(IsoDates, LeapSecondStaysInItsMinute) {
  EXPECT_EQ(to_rfc3339_utc("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59Z");
}

TEST(Dates, UnreadableIsNullopt) {
  for (const char* bad :
       {"", "   ", "yesterday", "hello world", "12", "2015-13-01", "2015-02-30",
        "2015-05-12T25:00:00Z", "2015-05-12T12:60:00Z", "2015-05-12T12:03:00+25:00",
        "2015-05-12T12:03:00 garbage", "2015-05-12T", "2015-5-12", "Tue, 32 May 2015 14:03:00 GMT",
        "Tue, 12 Foo 2015 14:03:00 GMT", "Tue, 12 May 2015 25:03:00 GMT"}) {
    EXPECT_EQ(to_rfc3339_utc(bad), std::nullopt) << bad;
  }
}

TEST(Dates, AbsurdYearsAreRejected) {
  EXPECT_EQ(to_rfc3339_utc("0001-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("1960-05-12"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("Thu, 12 May 1960 14:03:00 GMT"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("2101-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("9999-12-31"), std::nullopt);
  EXPECT_EQ(to_rfc3339_utc("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");
  EXPECT_EQ(to_rfc3339_utc("2100-12-31T23:59:59Z"), "2100-12-31T23:59:59Z");
}

}  // namespace
}  // namespace newswired
