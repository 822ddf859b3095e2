#include "sim/core/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace xnsim {
namespace {

TEST(Engine, RunsEventsInTimeOrder) {
  Engine e;
  std::vector<int> order;
  e.Schedule(30, [&] { order.push_back(3); });
  e.Schedule(10, [&] { order.push_back(1); });
  e.Schedule(20, [&] { order.push_back(2); });
  while (e.Step()) {}
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(e.Now(), 30);
  EXPECT_EQ(e.events_run(), 3u);
}

// Rule: events due at the same instant run in the order they were scheduled.
TEST(Engine, SameInstantRunsInSchedulingOrder) {
  Engine e;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i) e.Schedule(5, [&order, i] { order.push_back(i); });
  while (e.Step()) {}
  std::vector<int> want;
  for (int i = 0; i < 100; ++i) want.push_back(i);
  EXPECT_EQ(order, want);
}

TEST(Engine, EventsScheduledFromAnEventRunAfterItAtTheSameInstant) {
  Engine e;
  std::vector<std::string> order;
  e.Schedule(0, [&] {
    order.push_back("a");
    e.Schedule(0, [&] { order.push_back("c"); });
  });
  e.Schedule(0, [&] { order.push_back("b"); });
  while (e.Step()) {}
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Engine, CancelledEventsDoNotRun) {
  Engine e;
  int ran = 0;
  EventId a = e.Schedule(10, [&] { ran += 1; });
  e.Schedule(20, [&] { ran += 10; });
  EXPECT_EQ(e.pending(), 2u);
  EXPECT_EQ(e.pending_work(), 2u);
  e.Cancel(a);
  EXPECT_EQ(e.pending(), 1u);
  EXPECT_EQ(e.pending_work(), 1u);
  e.Cancel(a);  // twice: no-op
  EXPECT_EQ(e.pending(), 1u);
  EXPECT_EQ(e.NextEventTime(), 20);
  while (e.Step()) {}
  EXPECT_EQ(ran, 10);
  EXPECT_EQ(e.pending(), 0u);
}

TEST(Engine, CancelOfARunOrRecycledEventIsANoOp) {
  Engine e;
  int ran = 0;
  EventId a = e.Schedule(1, [&] { ++ran; });
  ASSERT_TRUE(e.Step());
  // The slot is reused by the next event; the stale id must not cancel it.
  EventId b = e.Schedule(1, [&] { ran += 10; });
  EXPECT_EQ(a.slot, b.slot);
  e.Cancel(a);
  e.Cancel(EventId{});
  while (e.Step()) {}
  EXPECT_EQ(ran, 11);
}

TEST(Engine, AnEventCanCancelAnother) {
  Engine e;
  int ran = 0;
  EventId later = e.Schedule(10, [&] { ++ran; });
  e.Schedule(5, [&] { e.Cancel(later); });
  while (e.Step()) {}
  EXPECT_EQ(ran, 0);
  EXPECT_EQ(e.Now(), 5);
}

TEST(Engine, RunUntilStopsAtTheDeadlineAndSetsTheClock) {
  Engine e;
  std::vector<SimTime> at;
  for (SimTime t : {5, 10, 15}) e.ScheduleAt(t, [&] { at.push_back(e.Now()); });
  e.RunUntil(10);  // inclusive
  EXPECT_EQ(at, (std::vector<SimTime>{5, 10}));
  EXPECT_EQ(e.Now(), 10);
  e.RunUntil(12);
  EXPECT_EQ(e.Now(), 12);
  EXPECT_EQ(e.pending(), 1u);
  e.RunUntil(100);
  EXPECT_EQ(at.size(), 3u);
  EXPECT_EQ(e.Now(), 100);
}

TEST(Engine, RunUntilWithConditionStopsWhenItHolds) {
  Engine e;
  int count = 0;
  for (int i = 1; i <= 10; ++i) e.ScheduleAt(i * 10, [&] { ++count; });
  EXPECT_TRUE(e.RunUntil(1000, [&] { return count == 3; }));
  EXPECT_EQ(count, 3);
  EXPECT_EQ(e.Now(), 30);  // the clock stays where the condition became true
  EXPECT_FALSE(e.RunUntil(55, [&] { return count == 100; }));
  EXPECT_EQ(count, 5);
  EXPECT_EQ(e.Now(), 55);  // timed out: the clock moves to the deadline
}

// Rule: periodic events (resyncs) never count as pending work, so a scenario can
// wait for the cluster to settle while they keep recurring.
TEST(Engine, PendingWorkIgnoresPeriodicEvents) {
  Engine e;
  int resyncs = 0;
  struct Resync {
    Engine* e;
    int* n;
    void operator()() const {
      ++*n;
      e->Schedule(100, Resync{e, n}, EventClass::kPeriodic);
    }
  };
  e.Schedule(100, Resync{&e, &resyncs}, EventClass::kPeriodic);
  e.Schedule(50, [] {});
  EXPECT_EQ(e.pending(), 2u);
  EXPECT_EQ(e.pending_work(), 1u);
  EXPECT_TRUE(e.RunUntil(10000, [&] { return e.pending_work() == 0; }));
  EXPECT_EQ(e.Now(), 50);
  e.RunUntil(1000);
  EXPECT_EQ(resyncs, 10);
  EXPECT_EQ(e.pending_work(), 0u);
  EXPECT_EQ(e.pending(), 1u);
  // Cancelling a periodic event leaves pending_work alone.
  EventId p = e.Schedule(5, [] {}, EventClass::kPeriodic);
  e.Cancel(p);
  EXPECT_EQ(e.pending_work(), 0u);
  EXPECT_EQ(e.pending(), 1u);
}

TEST(Engine, NextEventTimeSkipsCancelledAndReportsEmpty) {
  Engine e;
  EXPECT_EQ(e.NextEventTime(), INT64_MAX);
  EventId a = e.Schedule(1, [] {});
  e.Schedule(2, [] {});
  e.Cancel(a);
  EXPECT_EQ(e.NextEventTime(), 2);
  EXPECT_FALSE(e.Step() && e.Step());
}

TEST(Engine, PastTimesRunNextAndNeverMoveTheClockBack) {
  Engine e;
  e.RunUntil(100);
  SimTime seen = -1;
  e.ScheduleAt(50, [&] { seen = e.Now(); });
  ASSERT_TRUE(e.Step());
  EXPECT_EQ(seen, 100);
}

std::vector<std::pair<SimTime, int>> RunRandomWorkload(uint64_t seed, bool tie_break) {
  Engine e(seed);
  Random tb = e.Stream("explore/schedule");
  if (tie_break) e.SetTieBreaker(&tb);
  Random delays = e.Stream("test/delays");
  std::vector<std::pair<SimTime, int>> log;
  struct Job {
    Engine* e;
    Random* delays;
    std::vector<std::pair<SimTime, int>>* log;
    int id;
    int left;
    void operator()() const {
      log->emplace_back(e->Now(), id);
      if (left > 0) {
        e->Schedule(static_cast<SimDuration>(delays->Below(4)), Job{e, delays, log, id, left - 1});
      }
    }
  };
  for (int id = 0; id < 20; ++id) e.Schedule(0, Job{&e, &delays, &log, id, 30});
  while (e.Step()) {}
  return log;
}

// Rule: same seed, same schedule; a tie-breaker reorders only events at the same instant.
TEST(Engine, RunsAreDeterministic) {
  EXPECT_EQ(RunRandomWorkload(1, false), RunRandomWorkload(1, false));
  EXPECT_EQ(RunRandomWorkload(1, true), RunRandomWorkload(1, true));
}

TEST(Engine, TieBreakerPermutesSameInstantEvents) {
  Engine e(1);
  Random tb(99, "tie");
  e.SetTieBreaker(&tb);
  std::vector<int> order;
  for (int i = 0; i < 20; ++i) e.Schedule(5, [&order, i] { order.push_back(i); });
  e.Schedule(1, [&order] { order.push_back(-1); });  // time still wins over the tie draw
  while (e.Step()) {}
  ASSERT_EQ(order.size(), 21u);
  EXPECT_EQ(order.front(), -1);
  std::vector<int> sorted(order.begin() + 1, order.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> want;
  for (int i = 0; i < 20; ++i) want.push_back(i);
  EXPECT_EQ(sorted, want);
  EXPECT_NE(std::vector<int>(order.begin() + 1, order.end()), want);
}

TEST(Engine, SlotsAreReusedOnceWarm) {
  Engine e;
  struct Tick {
    Engine* e;
    int left;
    void operator()() const {
      if (left > 0) e->Schedule(1, Tick{e, left - 1});
    }
  };
  for (int i = 0; i < 8; ++i) e.Schedule(0, Tick{&e, 1000});
  while (e.Step()) {}
  EXPECT_EQ(e.events_run(), 8u * 1001);
  // Eight chains each need one slot at a time (plus the one being run).
  EventId probe = e.Schedule(0, [] {});
  EXPECT_LT(probe.slot, 16u);
}

TEST(Engine, HeapOrdersManyRandomEvents) {
  Engine e;
  Random r(5, "heap");
  std::vector<SimTime> seen;
  for (int i = 0; i < 5000; ++i) {
    e.ScheduleAt(static_cast<SimTime>(r.Below(1000)), [&] { seen.push_back(e.Now()); });
  }
  // Cancel every third to exercise lazy removal mid-heap.
  Engine e2;
  std::vector<EventId> ids;
  std::vector<SimTime> seen2;
  Random r2(6, "heap");
  for (int i = 0; i < 3000; ++i) {
    ids.push_back(e2.ScheduleAt(static_cast<SimTime>(r2.Below(500)), [&] { seen2.push_back(e2.Now()); }));
  }
  for (size_t i = 0; i < ids.size(); i += 3) e2.Cancel(ids[i]);
  EXPECT_EQ(e2.pending(), 2000u);
  while (e.Step()) {}
  while (e2.Step()) {}
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.size(), 5000u);
  EXPECT_TRUE(std::is_sorted(seen2.begin(), seen2.end()));
  EXPECT_EQ(seen2.size(), 2000u);
}

TEST(Engine, StreamsDeriveFromTheEngineSeed) {
  Engine a(7), b(7), c(8);
  EXPECT_EQ(a.Stream("x").Next(), b.Stream("x").Next());
  EXPECT_NE(a.Stream("x").Next(), c.Stream("x").Next());
}

}  // namespace
}  // namespace xnsim
