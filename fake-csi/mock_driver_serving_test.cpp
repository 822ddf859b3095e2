// How the mock driver serves calls: costs in virtual time, maxInflight with a FIFO
// queue, injected faults, price accrual and usage figures.
#include <gtest/gtest.h>

#include "fake-csi/driver_test_support.h"

namespace xnsim::csi {
namespace {

using namespace testing;  // NOLINT

// maxInflight: at most N calls are served; the rest wait FIFO and their cost clock
// starts when they are admitted.
TEST(MockDriverServing, MaxInflightQueuesFifo) {
  Engine engine;
  MockDriverConfig config = TestConfig();
  config.max_inflight = 2;
  config.costs["createVolume"] = {100 * kMillisecond, 0};
  MockDriver driver(engine, config);
  std::vector<Reply<Volume>> replies(5);
  for (int i = 0; i < 5; ++i) driver.CreateVolume(VolumeRequest("v" + std::to_string(i), kGiB), Into(engine, replies[i]));
  DriverUsage u = driver.Usage();
  EXPECT_EQ(u.inflight, 2);
  EXPECT_EQ(u.queued, 3);
  engine.RunUntil(kHour);
  const SimTime expected[] = {100, 100, 200, 200, 300};
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(replies[i].ok());
    EXPECT_EQ(replies[i].at, expected[i] * kMillisecond) << i;
  }
  u = driver.Usage();
  EXPECT_EQ(u.peak_inflight, 2);
  EXPECT_EQ(u.inflight, 0);
  EXPECT_EQ(u.queued, 0);
  EXPECT_EQ(u.calls.at("CreateVolume"), 5u);
}

// A caller that calls again from inside its callback queues behind those already waiting.
TEST(MockDriverServing, CallsFromACallbackQueueBehindWaitingOnes) {
  Engine engine;
  MockDriverConfig config = TestConfig();
  config.max_inflight = 1;
  MockDriver driver(engine, config);
  std::vector<std::string> order;
  driver.CreateVolume(VolumeRequest("a", kGiB), [&](Result<Volume>) {
    order.push_back("a");
    driver.CreateVolume(VolumeRequest("c", kGiB), [&](Result<Volume>) { order.push_back("c"); });
  });
  driver.CreateVolume(VolumeRequest("b", kGiB), [&](Result<Volume>) { order.push_back("b"); });
  engine.RunUntil(kHour);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

// Fault `times`: the next N calls fail at base cost, do nothing, and count as errors.
TEST(MockDriverServing, FaultTimesFailsNextCallsAtBaseCost) {
  Engine engine;
  MockDriverConfig config = TestConfig();
  Fault f = MakeFault("CreateVolume", Code::kResourceExhausted);
  f.times = 2;
  config.faults.push_back(f);
  MockDriver driver(engine, config);
  for (int i = 0; i < 2; ++i) {
    Reply<Volume> r;
    const SimTime start = engine.Now();
    driver.CreateVolume(VolumeRequest("a", kGiB), Into(engine, r));
    engine.RunUntil(engine.Now() + kSecond);
    EXPECT_EQ(r.code(), Code::kResourceExhausted);
    EXPECT_EQ(r.message(), "injected fault: RESOURCE_EXHAUSTED");
    EXPECT_EQ(r.at - start, 50 * kMillisecond);
  }
  EXPECT_EQ(driver.Usage().volumes, 0u);
  EXPECT_FALSE(MakeVolume(engine, driver, VolumeRequest("a", kGiB)).empty());
  DriverUsage u = driver.Usage();
  EXPECT_EQ(u.calls.at("CreateVolume"), 3u);
  EXPECT_EQ(u.errors.at("CreateVolume"), 2u);
  EXPECT_EQ(u.logical_bytes, kGiB);
}

// Fault `until` (the runner turns a step's `for` into until = now + for), added at run time.
TEST(MockDriverServing, FaultUntilFailsEveryCallBeforeThatTime) {
  Engine engine;
  MockDriver driver(engine, TestConfig());
  const std::string vol = MakeVolume(engine, driver, VolumeRequest("v", kGiB));
  Fault f = MakeFault("CreateSnapshot", Code::kUnavailable);
  f.until = engine.Now() + 10 * kSecond;
  driver.AddFault(f);
  int failed = 0, ok = 0;
  for (int i = 0; i < 15; ++i) {
    Reply<Snapshot> r;
    driver.CreateSnapshot({"s" + std::to_string(i), vol, {}}, Into(engine, r));
    engine.RunUntil(engine.Now() + kSecond);
    (r.code() == Code::kUnavailable ? failed : ok) += 1;
  }
  EXPECT_EQ(failed, 10);
  EXPECT_EQ(ok, 5);
}

// Fault `probability`: drawn from engine.Stream("csi-faults/<driver>"), so the same
// seed fails the same calls.
TEST(MockDriverServing, FaultProbabilityIsSeeded) {
  auto run = [](uint64_t seed) {
    Engine engine(seed);
    MockDriverConfig config = TestConfig();
    Fault f = MakeFault("GetCapacity", Code::kInternal);
    f.probability = 0.5;
    config.faults.push_back(f);
    MockDriver driver(engine, config);
    std::string pattern;
    for (int i = 0; i < 64; ++i) {
      Reply<Capacity> r;
      driver.GetCapacity({}, Into(engine, r));
      engine.RunUntil(engine.Now() + kSecond);
      pattern += r.ok() ? '.' : 'x';
    }
    return pattern;
  };
  EXPECT_EQ(run(11), run(11));
  EXPECT_NE(run(11), run(12));
  const std::string p = run(11);
  EXPECT_NE(p.find('x'), std::string::npos);
  EXPECT_NE(p.find('.'), std::string::npos);
}

// Price: integral of physical GiB over virtual time x price per GiB-month (30 days).
TEST(MockDriverServing, PriceAccruesOverVirtualTime) {
  Engine engine;
  MockDriverConfig config = TestConfig();
  config.price_per_gib_month = 0.08;
  config.costs.clear();
  MockDriver driver(engine, config);
  const std::string vol = MakeVolume(engine, driver, VolumeRequest("v", 100 * kGiB));
  ASSERT_TRUE(driver.Write(vol, "x", 10 * kGiB).ok());
  engine.RunUntil(30 * 24 * kHour);
  EXPECT_NEAR(driver.Usage().cost, 0.8, 1e-9);
  ASSERT_TRUE(driver.Write(vol, "x", 20 * kGiB).ok());
  engine.RunUntil(45 * 24 * kHour);
  EXPECT_NEAR(driver.Usage().cost, 0.8 + 0.8, 1e-9);  // 20 GiB for half a month
}

// Same seed, same ids: nothing depends on the wall clock or an unseeded source.
TEST(MockDriverServing, IdsAreDeterministicPerSeed) {
  auto ids = [](uint64_t seed) {
    Engine engine(seed);
    MockDriver driver(engine, TestConfig());
    return MakeVolume(engine, driver, VolumeRequest("a", kGiB)) + MakeVolume(engine, driver, VolumeRequest("b", kGiB));
  };
  EXPECT_EQ(ids(5), ids(5));
  EXPECT_NE(ids(5), ids(6));
}

// A driver torn down with calls in flight or queued cancels its events: running the
// engine afterwards touches nothing freed and calls nobody back.
TEST(MockDriverServing, DestroyedWithCallsPendingIsSafe) {
  Engine engine;
  MockDriverConfig config = TestConfig();
  config.max_inflight = 1;
  auto driver = std::make_unique<MockDriver>(engine, config);
  int replies = 0;
  for (int i = 0; i < 3; ++i) {
    driver->CreateVolume(VolumeRequest("v" + std::to_string(i), kGiB), [&](Result<Volume>) { ++replies; });
  }
  driver.reset();
  engine.RunUntil(kHour);
  EXPECT_EQ(replies, 0);
  EXPECT_EQ(engine.pending_work(), 0u);
}

}  // namespace
}  // namespace xnsim::csi
