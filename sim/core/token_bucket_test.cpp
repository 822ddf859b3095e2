#include "sim/core/token_bucket.h"

#include <gtest/gtest.h>

namespace xnsim {
namespace {

// Rule: client-go's token bucket starts full: `burst` requests go through at once,
// then one every 1/qps.
TEST(TokenBucket, BurstThenOneEveryPeriod) {
  TokenBucket b(5, 10);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(b.Reserve(0), 0) << i;
  // The 11th request at t=0 waits 200ms, the 12th 400ms: reservations queue up.
  EXPECT_EQ(b.Reserve(0), 200 * kMillisecond);
  EXPECT_EQ(b.Reserve(0), 400 * kMillisecond);
}

TEST(TokenBucket, RefillsAtQpsUpToTheBurst) {
  TokenBucket b(10, 2);
  EXPECT_EQ(b.Reserve(0), 0);
  EXPECT_EQ(b.Reserve(0), 0);
  EXPECT_EQ(b.Reserve(0), 100 * kMillisecond);
  // At t=100ms the reserved token has arrived and been spent; the next is due at 200ms.
  EXPECT_EQ(b.Reserve(100 * kMillisecond), 100 * kMillisecond);
  // A long idle period refills only up to the burst.
  EXPECT_EQ(b.Reserve(10 * kSecond), 0);
  EXPECT_EQ(b.Reserve(10 * kSecond), 0);
  EXPECT_EQ(b.Reserve(10 * kSecond), 100 * kMillisecond);
}

TEST(TokenBucket, SteadyRequestsAtTheRateNeverWait) {
  TokenBucket b(20, 1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(b.Reserve(i * 50 * kMillisecond), 0) << i;
  EXPECT_EQ(b.Reserve(99 * 50 * kMillisecond + 10 * kMillisecond), 40 * kMillisecond);
}

TEST(TokenBucket, PartialRefillShortensTheWait) {
  TokenBucket b(5, 1);
  EXPECT_EQ(b.Reserve(0), 0);
  EXPECT_EQ(b.Reserve(150 * kMillisecond), 50 * kMillisecond);
}

TEST(TokenBucket, NonPositiveQpsIsUnlimited) {
  TokenBucket b(0, 1);
  TokenBucket c(-1, 0);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(b.Reserve(0), 0);
    EXPECT_EQ(c.Reserve(0), 0);
  }
}

TEST(TokenBucket, FractionalQps) {
  TokenBucket b(0.5, 1);
  EXPECT_EQ(b.Reserve(0), 0);
  EXPECT_EQ(b.Reserve(0), 2 * kSecond);
}

// Rule: TryAccept (client-go's event spam filter uses it with burst 25 and one token
// per 5 minutes) takes a token when there is one and otherwise refuses without
// reserving: a refused call does not push later tokens further out.
TEST(TokenBucket, TryTakeRefusesWithoutReserving) {
  TokenBucket b(1.0 / 300, 25);
  for (int i = 0; i < 25; ++i) EXPECT_TRUE(b.TryTake(i * kSecond)) << i;
  EXPECT_FALSE(b.TryTake(30 * kSecond));
  EXPECT_FALSE(b.TryTake(200 * kSecond));
  // One token has refilled 300 s after the bucket was last full (t=0).
  EXPECT_FALSE(b.TryTake(300 * kSecond - 1));
  EXPECT_TRUE(b.TryTake(300 * kSecond));
  EXPECT_FALSE(b.TryTake(301 * kSecond));
  EXPECT_TRUE(b.TryTake(600 * kSecond));
}

}  // namespace
}  // namespace xnsim
