#include "sim/core/coro.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace xnsim {
namespace {

// Counts live coroutine frames: each coroutine below holds one as a local.
struct FrameCounter {
  static inline int live = 0;
  FrameCounter() { ++live; }
  ~FrameCounter() { --live; }
  FrameCounter(const FrameCounter&) = delete;
};

Task<int> Leaf(Engine& e, SimDuration d, int v) {
  FrameCounter c;
  co_await Sleep(e, d);
  co_return v;
}

Task<int> Middle(Engine& e) {
  FrameCounter c;
  const int a = co_await Leaf(e, 10, 1);
  const int b = co_await Leaf(e, 20, 2);
  co_return a * 10 + b;
}

Task<void> Top(Engine& e, int* out, SimTime* at) {
  FrameCounter c;
  *out = co_await Middle(e);
  *at = e.Now();
}

TEST(Coro, NestedTasksReturnValuesInVirtualTime) {
  Engine e;
  int out = 0;
  SimTime at = -1;
  Spawn(Top(e, &out, &at));
  EXPECT_EQ(FrameCounter::live, 3);  // Top, Middle, Leaf: suspended in the first Sleep
  while (e.Step()) {}
  EXPECT_EQ(out, 12);
  EXPECT_EQ(at, 30);
  EXPECT_EQ(FrameCounter::live, 0);  // every frame, spawned ones included, freed
}

Task<std::unique_ptr<std::string>> MoveOnly() {
  co_return std::make_unique<std::string>("claim");
}

Task<void> TakeMoveOnly(std::string* out) {
  std::unique_ptr<std::string> p = co_await MoveOnly();
  *out = *p;
}

TEST(Coro, TaskCarriesMoveOnlyValues) {
  std::string out;
  Spawn(TakeMoveOnly(&out));
  EXPECT_EQ(out, "claim");  // no suspension: finished inside Spawn
}

Task<void> Worker(Engine& e, std::vector<std::string>* log, std::string name, SimDuration step,
                  int n) {
  FrameCounter c;
  for (int i = 0; i < n; ++i) {
    co_await Sleep(e, step);
    log->push_back(name + "@" + std::to_string(e.Now()));
  }
}

TEST(Coro, SpawnedWorkersInterleaveByVirtualTime) {
  Engine e;
  std::vector<std::string> log;
  Spawn(Worker(e, &log, "a", 3, 3));
  Spawn(Worker(e, &log, "b", 2, 3));
  EXPECT_TRUE(log.empty());
  while (e.Step()) {}
  // At t=6 both are due: b's Sleep was scheduled at t=4, a's at t=3, so a runs first.
  EXPECT_EQ(log, (std::vector<std::string>{"b@2", "a@3", "b@4", "a@6", "b@6", "a@9"}));
  EXPECT_EQ(FrameCounter::live, 0);
}

TEST(Coro, SpawnRunsUntilTheFirstSuspension) {
  Engine e;
  std::vector<std::string> log;
  auto body = [](Engine& e, std::vector<std::string>* log) -> Task<void> {
    log->push_back("start");
    co_await Sleep(e, 5);
    log->push_back("end");
  };
  Spawn(body(e, &log));
  EXPECT_EQ(log, (std::vector<std::string>{"start"}));
  EXPECT_EQ(e.pending_work(), 1u);  // the Sleep counts as work
  while (e.Step()) {}
  EXPECT_EQ(log, (std::vector<std::string>{"start", "end"}));
}

TEST(Coro, PeriodicSleepDoesNotCountAsWork) {
  Engine e;
  auto body = [](Engine& e) -> Task<void> { co_await Sleep(e, 5, EventClass::kPeriodic); };
  Spawn(body(e));
  EXPECT_EQ(e.pending_work(), 0u);
  EXPECT_EQ(e.pending(), 1u);
  while (e.Step()) {}
}

Task<int> Immediate(int v) { co_return v; }

Task<void> ManySynchronousAwaits(long* sum) {
  for (int i = 0; i < 1000000; ++i) *sum += co_await Immediate(1);
}

// Symmetric transfer: a million awaits of tasks that finish without suspending must
// not grow the native stack.
TEST(Coro, SynchronousAwaitsDoNotGrowTheStack) {
  long sum = 0;
  Spawn(ManySynchronousAwaits(&sum));
  EXPECT_EQ(sum, 1000000);
}

TEST(Coro, AnUnawaitedTaskFreesItsFrame) {
  Engine e;
  {
    Task<int> t = Leaf(e, 5, 1);
    // Lazily started: nothing ran, nothing scheduled; the frame exists until t dies.
    EXPECT_EQ(FrameCounter::live, 0);  // the local is not constructed before the body runs
    EXPECT_EQ(e.pending(), 0u);
  }
  EXPECT_EQ(FrameCounter::live, 0);
}

TEST(Coro, MovedTaskKeepsOwnership) {
  Engine e;
  int out = 0;
  auto body = [](Engine& e, int* out) -> Task<void> {
    Task<int> a = Leaf(e, 1, 4);
    Task<int> b = std::move(a);
    *out = co_await std::move(b);
  };
  Spawn(body(e, &out));
  while (e.Step()) {}
  EXPECT_EQ(out, 4);
  EXPECT_EQ(FrameCounter::live, 0);
}

TEST(TaskScope, DestroyingTheScopeFreesSuspendedTasksAndCancelsTheirWakeUps) {
  Engine e;
  int out = 0;
  SimTime at = -1;
  {
    TaskScope scope;
    scope.Spawn(Top(e, &out, &at));
    EXPECT_EQ(scope.running(), 1u);
    EXPECT_EQ(FrameCounter::live, 3);
    EXPECT_EQ(e.pending_work(), 1u);
  }
  EXPECT_EQ(FrameCounter::live, 0);
  EXPECT_EQ(e.pending_work(), 0u);  // the Sleep's wake-up went with its frame
  while (e.Step()) {}
  EXPECT_EQ(out, 0);  // never resumed
}

TEST(TaskScope, FinishedTasksLeaveTheScope) {
  Engine e;
  TaskScope scope;
  int out = 0;
  SimTime at = -1;
  scope.Spawn(Top(e, &out, &at));
  std::string s;
  scope.Spawn(TakeMoveOnly(&s));  // finishes inside Spawn
  EXPECT_EQ(scope.running(), 1u);
  while (e.Step()) {}
  EXPECT_EQ(scope.running(), 0u);
  EXPECT_EQ(out, 12);
  EXPECT_EQ(s, "claim");
}

}  // namespace
}  // namespace xnsim
