#include "sim/core/quantity.h"

#include <gtest/gtest.h>

namespace xnsim {
namespace {

Quantity Q(const char* text) {
  StatusOr<Quantity> q = Quantity::Parse(text);
  EXPECT_TRUE(q.ok()) << text << ": " << q.status().ToString();
  return q.ok() ? *q : Quantity();
}

// Rule: canonical form as resource.Quantity.String() prints it (cases from
// apimachinery's quantity_test.go): binary suffix only for exact whole values of at
// least 1Ki, else a decimal mantissa with an exponent that is a multiple of 3.
TEST(Quantity, PrintsTheKubernetesCanonicalForm) {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"0", "0"},
      {"00", "0"},
      {"-0", "0"},
      {"1", "1"},
      {"1000", "1k"},
      {"1024", "1024"},
      {"1000000000", "1G"},
      {"1G", "1G"},
      {"0.001T", "1G"},
      {"1.5G", "1500M"},
      {"1500M", "1500M"},
      {"300M", "300M"},
      {"1234567M", "1234567M"},
      {"3k", "3k"},
      {"1Ki", "1Ki"},
      {"6Ki", "6Ki"},
      {"1024Mi", "1Gi"},
      {"307200Ki", "300Mi"},
      {"1025024Mi", "1001Gi"},
      {"1024Gi", "1Ti"},
      {"1536Mi", "1536Mi"},
      {"1.5Gi", "1536Mi"},
      {"0.5Gi", "512Mi"},
      {"0.5Ki", "512"},
      {"1025", "1025"},
      {"1.1Ki", "1126400m"},
      {"1Ei", "1Ei"},
      {"5000m", "5"},
      {"0.5", "500m"},
      {"1.5", "1500m"},
      {"-1.5", "-1500m"},
      {"-1Gi", "-1Gi"},
      {"1.08", "1080m"},
      {"1080000000n", "1080m"},
      {"100m", "100m"},
      {"1000u", "1m"},
      {"1u", "1u"},
      {"1n", "1n"},
      {"1080n", "1080n"},
      {"0.0000000001", "1n"},  // rounds up to the smallest unit
      {"-0.0000000001", "-1n"},
      {"1e3", "1e3"},
      {"1E3", "1e3"},
      {"1e9", "1e9"},
      {".001e12", "1e9"},
      {"0.001e0", "1e-3"},
      {"1000e-12", "1e-9"},
      {"80e-3", "80e-3"},
      {"300e6", "300e6"},
      {"1.5e3", "1500"},
      {"1e+3", "1e3"},
      {"9E", "9E"},
      {"1.G", "1G"},
  };
  for (const Case& c : cases) EXPECT_EQ(Q(c.in).ToString(), c.want) << c.in;
}

TEST(Quantity, ValueRoundsUpLikeQuantityValue) {
  EXPECT_EQ(Q("100m").value(), 1);
  EXPECT_EQ(Q("1.5").value(), 2);
  EXPECT_EQ(Q("-100m").value(), -1);  // away from zero, as Kubernetes rounds
  EXPECT_EQ(Q("1Gi").value(), kGi);
  EXPECT_EQ(Q("1.5Gi").value(), kGi + kGi / 2);
  EXPECT_EQ(Q("500G").value(), 500000000000);
  EXPECT_EQ(Q("1n").value(), 1);
  EXPECT_EQ(Q("9223372036854775807").value(), INT64_MAX);
}

TEST(Quantity, MilliValueRoundsUpAndSaturates) {
  EXPECT_EQ(Q("100m").milli_value(), 100);
  EXPECT_EQ(Q("1.5").milli_value(), 1500);
  EXPECT_EQ(Q("1.0001m").milli_value(), 2);
  EXPECT_EQ(Q("1n").milli_value(), 1);
  EXPECT_EQ(Q("-100m").milli_value(), -100);
  EXPECT_EQ(Q("1Ei").milli_value(), INT64_MAX);
}

// Rule: the regular-expression message is the API server's, word for word.
TEST(Quantity, MalformedTextGivesTheApiServerMessage) {
  const std::string want =
      "quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  for (const char* bad : {"", "1.1.M", "1+1.0M", "0.1am", "aoeu", " 1", "1 ", "1Gx", "1.5.5", "1KI"}) {
    StatusOr<Quantity> q = Quantity::Parse(bad);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.status().message(), want) << bad;
  }
}

TEST(Quantity, UnknownSuffixGivesTheSuffixMessage) {
  for (const char* bad : {"0.1mi", ".5i", "1i", "-3.01i", "-3.01e-", "1e", "1iK"}) {
    StatusOr<Quantity> q = Quantity::Parse(bad);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.status().message(), "unable to parse quantity's suffix") << bad;
  }
}

TEST(Quantity, OverflowIsAnError) {
  for (const char* bad : {"9223372036854775808", "8Ei", "10E", "1e19", "12.34E", "1e1000",
                          "-9223372036854775808"}) {
    EXPECT_FALSE(Quantity::Parse(bad).ok()) << bad;
  }
  EXPECT_TRUE(Quantity::Parse("7.99Ei").ok());
  EXPECT_TRUE(Quantity::Parse("-9223372036854775807").ok());
}

TEST(Quantity, TinyExponentsRoundUpToOneNanounit) {
  EXPECT_EQ(Q("1e-1000").ToString(), "1e-9");
  EXPECT_EQ(Q("1e-1000"), Q("1n"));
  EXPECT_EQ(Q("0e-1000").ToString(), "0");
}

TEST(Quantity, ComparesExactValuesAcrossFormats) {
  EXPECT_EQ(Q("1Gi"), Q("1073741824"));
  EXPECT_EQ(Q("1k"), Q("1e3"));
  EXPECT_LT(Q("1n"), Q("2n"));
  EXPECT_LT(Q("1Ei"), Q("2Ei"));  // beyond milli_value's range
  EXPECT_LT(Q("-1n"), Q("0"));
  EXPECT_LT(Q("-2"), Q("-1500m"));
  EXPECT_GT(Q("1Gi"), Q("1G"));
}

TEST(Quantity, FromValuePrintsDecimalAndFromBinaryValuePrintsBinary) {
  EXPECT_EQ(Quantity::FromValue(1000).ToString(), "1k");
  EXPECT_EQ(Quantity::FromValue(kGi).ToString(), "1073741824");
  EXPECT_EQ(Quantity::FromBinaryValue(kGi).ToString(), "1Gi");
  EXPECT_EQ(Quantity::FromBinaryValue(1000).ToString(), "1k");  // below 1Ki: decimal
  EXPECT_EQ(Quantity::FromValue(kGi), Q("1Gi"));
  EXPECT_EQ(Quantity::FromValue(5).milli_value(), 5000);
}

}  // namespace
}  // namespace xnsim
