#include "sim/core/time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace xnsim {
namespace {

// Rule: ParseDuration accepts exactly what Go's time.ParseDuration accepts, with the
// same values (cases from Go's own time_test.go).
TEST(ParseDuration, MatchesGoParseDuration) {
  struct Case {
    const char* in;
    SimDuration want;
  };
  const Case cases[] = {
      {"0", 0},
      {"5s", 5 * kSecond},
      {"30s", 30 * kSecond},
      {"1478s", 1478 * kSecond},
      {"-5s", -5 * kSecond},
      {"+5s", 5 * kSecond},
      {"-0", 0},
      {"+0", 0},
      {"5.0s", 5 * kSecond},
      {"5.6s", 5 * kSecond + 600 * kMillisecond},
      {"5.s", 5 * kSecond},
      {".5s", 500 * kMillisecond},
      {"1.0s", 1 * kSecond},
      {"1.00s", 1 * kSecond},
      {"1.004s", 1 * kSecond + 4 * kMillisecond},
      {"1.0040s", 1 * kSecond + 4 * kMillisecond},
      {"100.00100s", 100 * kSecond + 1 * kMillisecond},
      {"10ns", 10},
      {"11us", 11 * kMicrosecond},
      {"12\xC2\xB5s", 12 * kMicrosecond},  // µs, U+00B5
      {"12\xCE\xBCs", 12 * kMicrosecond},  // μs, U+03BC
      {"13ms", 13 * kMillisecond},
      {"14s", 14 * kSecond},
      {"15m", 15 * kMinute},
      {"16h", 16 * kHour},
      {"3h30m", 3 * kHour + 30 * kMinute},
      {"10.5s4m", 4 * kMinute + 10 * kSecond + 500 * kMillisecond},
      {"-2m3.4s", -(2 * kMinute + 3 * kSecond + 400 * kMillisecond)},
      {"1h2m3s4ms5us6ns", 1 * kHour + 2 * kMinute + 3 * kSecond + 4 * kMillisecond +
                              5 * kMicrosecond + 6},
      {"39h9m14.425s", 39 * kHour + 9 * kMinute + 14 * kSecond + 425 * kMillisecond},
      {"52763797000ns", 52763797000},
      {"0.3333333333333333333h", 20 * kMinute},
      {"9007199254740993ns", (int64_t{1} << 53) + 1},
      {"9223372036854775807ns", INT64_MAX},
      {"9223372036854775.807us", INT64_MAX},
      {"9223372036854ms775us807ns", INT64_MAX},
      {"-9223372036854775808ns", INT64_MIN},
      {"-9223372036854775.808us", INT64_MIN},
      {"-9223372036854ms775us808ns", INT64_MIN},
      {"-2562047h47m16.854775808s", INT64_MIN},
      {"0.100000000000000000000h", 6 * kMinute},
      {"0.830103483285477580700h", 49 * kMinute + 48 * kSecond + 372539827},
  };
  for (const Case& c : cases) {
    StatusOr<SimDuration> got = ParseDuration(c.in);
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.in;
  }
}

// Rule: the error texts are Go's, with Go's quoting of odd bytes.
TEST(ParseDuration, ErrorsUseGoMessages) {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"", "time: invalid duration \"\""},
      {"3", "time: missing unit in duration \"3\""},
      {"1", "time: missing unit in duration \"1\""},
      {"-", "time: invalid duration \"-\""},
      {"s", "time: invalid duration \"s\""},
      {".", "time: invalid duration \".\""},
      {"-.", "time: invalid duration \"-.\""},
      {".s", "time: invalid duration \".s\""},
      {"+.s", "time: invalid duration \"+.s\""},
      {"1x", "time: unknown unit \"x\" in duration \"1x\""},
      {"1d", "time: unknown unit \"d\" in duration \"1d\""},
      {"1.5sec", "time: unknown unit \"sec\" in duration \"1.5sec\""},
      {"\x85\x85", "time: invalid duration \"\\x85\\x85\""},
      {"\xff" "ff", "time: invalid duration \"\\xffff\""},
      {"hello \xff" "ff world", "time: invalid duration \"hello \\xffff world\""},
      {"\xEF\xBF\xBD", "time: invalid duration \"\\xef\\xbf\\xbd\""},
      {"9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\""},
      {"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
      {"-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""},
      {"9223372036854776us", "time: invalid duration \"9223372036854776us\""},
      {"3000000h", "time: invalid duration \"3000000h\""},
      {"9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\""},
      {"9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\""},
  };
  for (const Case& c : cases) {
    StatusOr<SimDuration> got = ParseDuration(c.in);
    ASSERT_FALSE(got.ok()) << c.in;
    EXPECT_EQ(got.status().message(), c.want);
  }
}

// Rule: FormatDuration prints what Go's Duration.String() prints.
TEST(FormatDuration, MatchesGoDurationString) {
  struct Case {
    const char* want;
    SimDuration in;
  };
  const Case cases[] = {
      {"0s", 0},
      {"1ns", 1},
      {"1.1\xC2\xB5s", 1100},
      {"2.2ms", 2200 * kMicrosecond},
      {"500ms", 500 * kMillisecond},
      {"1.5s", 1500 * kMillisecond},
      {"3.3s", 3300 * kMillisecond},
      {"1m30s", 90 * kSecond},
      {"4m5s", 4 * kMinute + 5 * kSecond},
      {"4m5.001s", 4 * kMinute + 5001 * kMillisecond},
      {"1h0m0s", kHour},
      {"5h6m7.001s", 5 * kHour + 6 * kMinute + 7001 * kMillisecond},
      {"8m0.000000001s", 8 * kMinute + 1},
      {"-1.5s", -1500 * kMillisecond},
      {"2562047h47m16.854775807s", INT64_MAX},
      {"-2562047h47m16.854775808s", INT64_MIN},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatDuration(c.in), c.want) << c.in;
}

TEST(FormatDuration, RoundTripsThroughParseDuration) {
  for (SimDuration d : {SimDuration{0}, SimDuration{1}, 999 * kMicrosecond, 61 * kMinute + 1,
                        -kHour, INT64_MAX, INT64_MIN}) {
    StatusOr<SimDuration> back = ParseDuration(FormatDuration(d));
    ASSERT_TRUE(back.ok()) << FormatDuration(d);
    EXPECT_EQ(*back, d);
  }
}

// Rule: timestamps print like metav1.Time (RFC 3339, whole seconds, UTC) against the
// fixed epoch 2026-01-01T00:00:00Z.
TEST(FormatTimestamp, PrintsWholeSecondsAgainstTheEpoch) {
  EXPECT_EQ(FormatTimestamp(0), "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(90 * kSecond), "2026-01-01T00:01:30Z");
  EXPECT_EQ(FormatTimestamp(1500 * kMillisecond), "2026-01-01T00:00:01Z");  // truncated
  EXPECT_EQ(FormatTimestamp(-1), "2025-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(68214896 * kSecond), "2028-02-29T12:34:56Z");  // leap day
  EXPECT_EQ(FormatTimestamp(2340316800 * kSecond), "2100-03-01T00:00:00Z");  // 2100 not leap
  EXPECT_EQ(FormatTimestamp(-1767225600 * kSecond), "1970-01-01T00:00:00Z");
}

TEST(ParseTimestamp, InvertsFormatTimestamp) {
  for (SimTime t : {SimTime{0}, 90 * kSecond, 68214896 * kSecond, -kSecond,
                    2340316800 * kSecond}) {
    StatusOr<SimTime> back = ParseTimestamp(FormatTimestamp(t));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, t);
  }
}

TEST(ParseTimestamp, AcceptsFractionsAndOffsets) {
  EXPECT_EQ(*ParseTimestamp("2026-01-01T00:00:01.5Z"), 1500 * kMillisecond);
  EXPECT_EQ(*ParseTimestamp("2026-01-01T00:00:00.000000001Z"), 1);
  EXPECT_EQ(*ParseTimestamp("2026-01-01T00:00:00.0000000019Z"), 1);  // past ns: truncated
  EXPECT_EQ(*ParseTimestamp("2026-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(*ParseTimestamp("2025-12-31T23:30:00-00:30"), 0);
}

TEST(ParseTimestamp, RejectsMalformedText) {
  for (const char* bad : {"", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z",
                          "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00.Z",
                          "2026-01-01T00:00:00Zjunk", "2026-1-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace xnsim
