// csi::Call<T>: the awaitable a controller uses for a CSI call with the sidecar's
// --timeout (SEMANTICS.md 6.1 `--timeout`, 6.2 "the provisioner sees DeadlineExceeded").
#include "fake-csi/csi_call.h"

#include <gtest/gtest.h>

#include "fake-csi/driver_test_support.h"
#include "sim/core/coro.h"

namespace xnsim::csi {
namespace {

using namespace testing;  // NOLINT

struct Outcome {
  int resumed = 0;
  std::optional<Result<Volume>> result;
  SimTime at = -1;
};

Task<void> CreateAndAwait(Engine& engine, MockDriver& driver, SimDuration timeout, CreateVolumeRequest req,
                          Outcome& out) {
  Result<Volume> r = co_await Call<Volume>(engine, timeout, [&](Callback<Volume> done) {
    driver.CreateVolume(req, std::move(done));
  });
  out.result = std::move(r);
  out.at = engine.Now();
  ++out.resumed;
}

MockDriverConfig SlowDriver(SimDuration base) {
  MockDriverConfig config = TestConfig();
  config.costs["createVolume"] = {base, 0};
  return config;
}

TEST(CsiCall, ResumesWithTheReplyAndCancelsItsTimeout) {
  Engine engine;
  MockDriver driver(engine, SlowDriver(kSecond));
  TaskScope scope;
  Outcome out;
  scope.Spawn(CreateAndAwait(engine, driver, 10 * kSecond, VolumeRequest("a", kGiB), out));
  EXPECT_EQ(out.resumed, 0);
  engine.RunUntil(kHour, [&] { return engine.pending_work() == 0; });
  ASSERT_EQ(out.resumed, 1);
  ASSERT_TRUE(out.result->ok());
  EXPECT_EQ(out.at, kSecond);
  EXPECT_EQ(engine.Now(), kSecond);  // no timeout event was left to run at 10s
}

// The timeout wins: DEADLINE_EXCEEDED "context deadline exceeded"; the driver still
// creates the volume and its late reply is dropped.
TEST(CsiCall, TimeoutFirstGivesDeadlineExceededAndDropsTheLateReply) {
  Engine engine;
  MockDriver driver(engine, SlowDriver(30 * kSecond));
  TaskScope scope;
  Outcome out;
  scope.Spawn(CreateAndAwait(engine, driver, 10 * kSecond, VolumeRequest("a", kGiB), out));
  engine.RunUntil(kHour);
  ASSERT_EQ(out.resumed, 1);
  EXPECT_EQ(out.result->code, Code::kDeadlineExceeded);
  EXPECT_EQ(out.result->message, "context deadline exceeded");
  EXPECT_EQ(out.at, 10 * kSecond);
  EXPECT_NE(driver.FindVolumeByName("a"), nullptr);  // the operation went on
}

TEST(CsiCall, ZeroTimeoutWaitsForTheReply) {
  Engine engine;
  MockDriver driver(engine, SlowDriver(kHour));
  TaskScope scope;
  Outcome out;
  scope.Spawn(CreateAndAwait(engine, driver, 0, VolumeRequest("a", kGiB), out));
  engine.RunUntil(2 * kHour);
  ASSERT_EQ(out.resumed, 1);
  EXPECT_TRUE(out.result->ok());
  EXPECT_EQ(out.at, kHour);
}

// A restart destroys the component's TaskScope while a call is pending: the later reply
// and the timeout must not resume the freed coroutine (run under ASan to see it).
TEST(CsiCall, DestroyingTheScopeWhilePendingIsSafe) {
  Engine engine;
  MockDriver driver(engine, SlowDriver(5 * kSecond));
  Outcome out;
  {
    TaskScope scope;
    scope.Spawn(CreateAndAwait(engine, driver, 10 * kSecond, VolumeRequest("a", kGiB), out));
    scope.Spawn(CreateAndAwait(engine, driver, 2 * kSecond, VolumeRequest("b", kGiB), out));
    engine.RunUntil(kSecond);
  }
  engine.RunUntil(kHour);
  EXPECT_EQ(out.resumed, 0);
  EXPECT_NE(driver.FindVolumeByName("a"), nullptr);  // the driver finished anyway
  EXPECT_EQ(engine.pending_work(), 0u);
}

// Destroyed after the timeout fired but before the late reply: still a no-op.
TEST(CsiCall, LateReplyAfterTimeoutAndTeardownIsIgnored) {
  Engine engine;
  MockDriver driver(engine, SlowDriver(5 * kSecond));
  Outcome out;
  auto scope = std::make_unique<TaskScope>();
  scope->Spawn([](Engine& engine, MockDriver& driver, Outcome& out) -> Task<void> {
    co_await CreateAndAwait(engine, driver, kSecond, VolumeRequest("a", kGiB), out);
    co_await Sleep(engine, kHour);  // still suspended here when the scope goes
  }(engine, driver, out));
  engine.RunUntil(2 * kSecond);
  EXPECT_EQ(out.resumed, 1);
  scope.reset();
  engine.RunUntil(kHour);
  EXPECT_EQ(out.resumed, 1);
}

}  // namespace
}  // namespace xnsim::csi
