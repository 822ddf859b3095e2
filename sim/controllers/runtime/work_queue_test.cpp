// The work queue's client-go semantics: de-duplication, one reconcile per key at a
// time, the worker limit, per-key backoff, and teardown.
#include "sim/controllers/runtime/work_queue.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace xnsim {
namespace {

// A reconciler whose every call takes `cost` of virtual time and answers `result`,
// recording which key started when.
struct Recorder {
  explicit Recorder(Engine& e, SimDuration c = 0) : engine(e), cost(c) {}
  Engine& engine;
  SimDuration cost;
  ReconcileResult result = ReconcileResult::Done();
  std::vector<std::pair<std::string, SimTime>> started;
  int in_flight = 0, max_in_flight = 0, finished = 0;

  Task<ReconcileResult> Reconcile(const std::string& key) {
    started.emplace_back(key, engine.Now());
    ++in_flight;
    max_in_flight = std::max(max_in_flight, in_flight);
    if (cost > 0) co_await Sleep(engine, cost);
    --in_flight;
    ++finished;
    co_return result;
  }
  std::vector<std::string> Keys() const {
    std::vector<std::string> out;
    for (const auto& [k, t] : started) out.push_back(k);
    return out;
  }
};

WorkQueueOptions Opts(int workers, Backoff backoff = {}) {
  return WorkQueueOptions{.name = "test", .workers = workers, .backoff = backoff};
}

WorkQueue::Reconciler Bind(Recorder& r) {
  return [&r](const std::string& key) { return r.Reconcile(key); };
}

TEST(WorkQueue, WaitingKeyIsDeduplicated) {
  Engine engine;
  Recorder rec{engine};
  WorkQueue q(engine, Opts(1), Bind(rec));
  q.Add("a");
  q.Add("a");
  q.Add("b");
  q.Add("a");
  EXPECT_EQ(q.waiting(), 2u);
  engine.RunUntil(kSecond);
  EXPECT_EQ(rec.Keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(q.idle());
}

TEST(WorkQueue, AddDoesNotReconcileInsideTheCaller) {
  Engine engine;
  Recorder rec{engine};
  WorkQueue q(engine, Opts(1), Bind(rec));
  q.Add("a");
  EXPECT_TRUE(rec.started.empty());
  EXPECT_EQ(engine.pending_work(), 1u);  // the waiting key keeps the cluster busy
  engine.RunUntil(0);
  EXPECT_EQ(rec.started.size(), 1u);
}

TEST(WorkQueue, ReadyKeysRunInFifoOrder) {
  Engine engine;
  Recorder rec{engine};
  WorkQueue q(engine, Opts(1), Bind(rec));
  for (std::string k : {"c", "a", "d", "b"}) q.Add(k);
  engine.RunUntil(kSecond);
  EXPECT_EQ(rec.Keys(), (std::vector<std::string>{"c", "a", "d", "b"}));
}

TEST(WorkQueue, KeyReAddedWhileProcessingRunsAgainAfterwards) {
  Engine engine;
  Recorder rec{engine, 10 * kSecond};
  WorkQueue q(engine, Opts(4), Bind(rec));
  q.Add("a");
  engine.RunUntil(1 * kSecond);
  ASSERT_EQ(q.running(), 1u);
  q.Add("a");
  q.Add("a");
  engine.RunUntil(5 * kSecond);
  EXPECT_EQ(rec.started.size(), 1u);  // never two reconciles of one key at once
  EXPECT_EQ(rec.max_in_flight, 1);
  engine.RunUntil(kMinute);
  ASSERT_EQ(rec.started.size(), 2u);  // the re-adds collapse into one more run
  EXPECT_EQ(rec.started[1].second, 10 * kSecond);
  EXPECT_TRUE(q.idle());
}

TEST(WorkQueue, AtMostWorkersReconcilesRunTogether) {
  Engine engine;
  Recorder rec{engine, 10 * kSecond};
  WorkQueue q(engine, Opts(3), Bind(rec));
  for (int i = 0; i < 10; ++i) q.Add("k" + std::to_string(i));
  engine.RunUntil(1 * kSecond);
  EXPECT_EQ(q.running(), 3u);
  EXPECT_EQ(q.waiting(), 7u);
  engine.RunUntil(kMinute);
  EXPECT_EQ(rec.max_in_flight, 3);
  EXPECT_EQ(rec.finished, 10);
  EXPECT_EQ(rec.started[3].second, 10 * kSecond);
}

TEST(WorkQueue, RetryBacksOffExponentiallyUpToTheCap) {
  Engine engine;
  Recorder rec{engine};
  rec.result = ReconcileResult::Retry();
  WorkQueue q(engine, Opts(1, {1 * kSecond, 10 * kSecond}),
              Bind(rec));
  q.Add("a");
  engine.RunUntil(60 * kSecond);
  std::vector<SimTime> gaps;
  for (size_t i = 1; i < rec.started.size() && i <= 6; ++i)
    gaps.push_back(rec.started[i].second - rec.started[i - 1].second);
  EXPECT_EQ(gaps, (std::vector<SimTime>{1 * kSecond, 2 * kSecond, 4 * kSecond, 8 * kSecond,
                                        10 * kSecond, 10 * kSecond}));
  EXPECT_GE(q.NumRequeues("a"), 6);
}

TEST(WorkQueue, DoneForgetsTheBackoff) {
  Engine engine;
  Recorder rec{engine};
  rec.result = ReconcileResult::Retry();
  WorkQueue q(engine, Opts(1, {1 * kSecond, kMinute}), Bind(rec));
  q.Add("a");
  engine.RunUntil(3 * kSecond);  // runs at 0, 1 and 3, failing each time
  EXPECT_EQ(q.NumRequeues("a"), 3);
  rec.result = ReconcileResult::Done();
  engine.RunUntil(kMinute);
  EXPECT_EQ(q.NumRequeues("a"), 0);
  EXPECT_TRUE(q.idle());
  rec.result = ReconcileResult::Retry();
  const size_t before = rec.started.size();
  q.Add("a");
  engine.RunUntil(kMinute + 2 * kSecond);
  // The backoff starts again at the initial delay.
  ASSERT_EQ(rec.started.size(), before + 2);
  EXPECT_EQ(rec.started[before + 1].second - rec.started[before].second, 1 * kSecond);
}

TEST(WorkQueue, RetryAfterRequeuesAtThatDelay) {
  Engine engine;
  Recorder rec{engine};
  rec.result = ReconcileResult::RetryAfter(7 * kSecond);
  WorkQueue q(engine, Opts(1), Bind(rec));
  q.Add("a");
  engine.RunUntil(15 * kSecond);
  ASSERT_EQ(rec.started.size(), 3u);
  EXPECT_EQ(rec.started[1].second, 7 * kSecond);
  EXPECT_EQ(rec.started[2].second, 14 * kSecond);
}

TEST(WorkQueue, AddAfterKeepsTheEarliestTimerAndCountsAsWork) {
  Engine engine;
  Recorder rec{engine};
  WorkQueue q(engine, Opts(1), Bind(rec));
  q.AddAfter("a", 10 * kSecond);
  q.AddAfter("a", 3 * kSecond);
  q.AddAfter("a", 20 * kSecond);
  EXPECT_FALSE(q.idle());
  EXPECT_EQ(engine.pending_work(), 1u);
  engine.RunUntil(kMinute);
  ASSERT_EQ(rec.started.size(), 1u);
  EXPECT_EQ(rec.started[0].second, 3 * kSecond);
}

TEST(WorkQueue, DestroyingTheQueueDropsKeysTimersAndRunningReconciles) {
  Engine engine;
  Recorder rec{engine, 10 * kSecond};
  {
    WorkQueue q(engine, Opts(1), Bind(rec));
    q.Add("running");
    q.Add("waiting");
    q.AddAfter("timer", 5 * kSecond);
    engine.RunUntil(1 * kSecond);
    ASSERT_EQ(q.running(), 1u);
  }
  EXPECT_EQ(engine.pending_work(), 0u);  // the Sleep and the timer are cancelled
  engine.RunUntil(kMinute);
  EXPECT_EQ(rec.started.size(), 1u);
  EXPECT_EQ(rec.finished, 0);
}

// A reconcile that finishes at once and re-adds its own key is dispatched again by a
// later event, never inside the same one (which would spin forever).
TEST(WorkQueue, SynchronousSelfReAddTakesANewEvent) {
  Engine engine;
  int runs = 0;
  WorkQueue* self = nullptr;
  WorkQueue q(engine, Opts(1), [&](const std::string& key) -> Task<ReconcileResult> {
    ++runs;
    self->Add(key);
    co_return ReconcileResult::Done();
  });
  self = &q;
  q.Add("a");
  const uint64_t before = engine.events_run();
  EXPECT_TRUE(engine.RunUntil(0, [&] { return runs >= 5; }));
  EXPECT_EQ(runs, 5);
  EXPECT_GE(engine.events_run() - before, 5u);
}

TEST(ItemBackoff, CountsFailuresPerKey) {
  ItemBackoff b({2 * kSecond, 100 * kSecond});
  EXPECT_EQ(b.Next("a"), 2 * kSecond);
  EXPECT_EQ(b.Next("a"), 4 * kSecond);
  EXPECT_EQ(b.Next("b"), 2 * kSecond);
  EXPECT_EQ(b.Failures("a"), 2);
  for (int i = 0; i < 100; ++i) b.Next("a");  // no overflow on a long streak
  EXPECT_EQ(b.Next("a"), 100 * kSecond);
  b.Forget("a");
  EXPECT_EQ(b.Failures("a"), 0);
  EXPECT_EQ(b.Next("a"), 2 * kSecond);
}

}  // namespace
}  // namespace xnsim
