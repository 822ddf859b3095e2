// ClusterLoader2's percentiles (nearest rank), as capacity reports give them.
#include "sim/scenario/capacity_metrics.h"

#include <gtest/gtest.h>

#include <vector>

namespace xnsim {
namespace {

TEST(Percentiles, NearestRankOfOneToAHundredMilliseconds) {
  std::vector<SimDuration> v;
  for (int i = 100; i >= 1; --i) v.push_back(i * kMillisecond);  // unsorted on purpose
  const LatencyPercentiles p = Percentiles(v);
  EXPECT_EQ(p.count, 100u);
  EXPECT_DOUBLE_EQ(p.p50, 50);
  EXPECT_DOUBLE_EQ(p.p90, 90);
  EXPECT_DOUBLE_EQ(p.p99, 99);
  EXPECT_DOUBLE_EQ(p.max, 100);
  EXPECT_EQ(v.front(), 1 * kMillisecond);  // sorted in place
}

TEST(Percentiles, SmallListsRoundTheRankUp) {
  std::vector<SimDuration> v = {3 * kMillisecond, 1 * kMillisecond, 2 * kMillisecond};
  const LatencyPercentiles p = Percentiles(v);
  EXPECT_DOUBLE_EQ(p.p50, 2);  // ceil(1.5) = 2nd
  EXPECT_DOUBLE_EQ(p.p90, 3);
  EXPECT_DOUBLE_EQ(p.p99, 3);
  std::vector<SimDuration> one = {1500 * kMicrosecond};
  EXPECT_DOUBLE_EQ(Percentiles(one).p50, 1.5);
}

TEST(Percentiles, EmptyGivesZeros) {
  std::vector<SimDuration> none;
  const LatencyPercentiles p = Percentiles(none);
  EXPECT_EQ(p.count, 0u);
  EXPECT_EQ(p.max, 0);
}

}  // namespace
}  // namespace xnsim
