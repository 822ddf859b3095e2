// Event-engine throughput in steady state: N events pending, each one scheduling one
// successor at a pseudo-random delay from a precomputed table, so the queue size stays
// at N and the loop measures only the engine. A bare std::priority_queue running the
// same pattern is the yardstick.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "sim/core/engine.h"
#include "sim/core/random.h"
#include "sim/core/token_bucket.h"

namespace xnsim {
namespace {

constexpr size_t kTableSize = 1 << 16;  // a power of two: index with a mask

std::vector<SimDuration> DelayTable() {
  Random r(1, "bench/delays");
  std::vector<SimDuration> t(kTableSize);
  // 1us to 1s, the span of API latencies and CSI operations. (Packed into 1ms, a
  // million pending events would share instants and every comparison would fall
  // through to the tie-break key.)
  for (SimDuration& d : t) d = kMicrosecond + static_cast<SimDuration>(r.Below(kSecond));
  return t;
}

struct Chain {
  Engine* engine;
  const SimDuration* delays;
  size_t next = 0;
};

struct Hop {
  Chain* chain;
  void operator()() const {
    Chain& c = *chain;
    c.engine->Schedule(c.delays[c.next++ & (kTableSize - 1)], Hop{chain});
  }
};

void BM_EngineSteadyState(benchmark::State& state) {
  const auto delays = DelayTable();
  Engine engine;
  Chain chain{&engine, delays.data()};
  const int64_t pending = state.range(0);
  for (int64_t i = 0; i < pending; ++i) {
    engine.Schedule(delays[chain.next++ & (kTableSize - 1)], Hop{&chain});
  }
  for (int i = 0; i < pending; ++i) engine.Step();  // warm up: slots and heap at full size
  for (auto _ : state) engine.Step();
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(engine.pending());
}
BENCHMARK(BM_EngineSteadyState)->Arg(100)->Arg(10000)->Arg(1000000);

// The same pattern on std::priority_queue<pair<time, seq>> with no callbacks at all.
void BM_PriorityQueueBaseline(benchmark::State& state) {
  const auto delays = DelayTable();
  using Item = std::pair<int64_t, uint64_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> q;
  size_t next = 0;
  uint64_t seq = 0;
  for (int64_t i = 0; i < state.range(0); ++i) q.emplace(delays[next++ & (kTableSize - 1)], seq++);
  for (auto _ : state) {
    const int64_t now = q.top().first;
    q.pop();
    q.emplace(now + delays[next++ & (kTableSize - 1)], seq++);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PriorityQueueBaseline)->Arg(100)->Arg(10000)->Arg(1000000);

// Steady state with cancellation: every other event also arms a timeout it then
// cancels, as a controller's request deadline does.
struct TimedHop {
  Chain* chain;
  void operator()() const {
    Chain& c = *chain;
    EventId timeout = c.engine->Schedule(30 * kSecond, [] {});
    c.engine->Cancel(timeout);
    c.engine->Schedule(c.delays[c.next++ & (kTableSize - 1)], TimedHop{chain});
  }
};

void BM_EngineWithCancelledTimeouts(benchmark::State& state) {
  const auto delays = DelayTable();
  Engine engine;
  Chain chain{&engine, delays.data()};
  for (int64_t i = 0; i < state.range(0); ++i) {
    engine.Schedule(delays[chain.next++ & (kTableSize - 1)], TimedHop{&chain});
  }
  for (auto _ : state) engine.Step();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineWithCancelledTimeouts)->Arg(10000);

void BM_TokenBucketReserve(benchmark::State& state) {
  TokenBucket bucket(50, 100);
  SimTime now = 0;
  SimDuration total_wait = 0;
  for (auto _ : state) {
    total_wait += bucket.Reserve(now);
    now += 10 * kMillisecond;  // twice the rate: waits grow, exercising the deficit path
  }
  benchmark::DoNotOptimize(total_wait);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TokenBucketReserve);

}  // namespace
}  // namespace xnsim

BENCHMARK_MAIN();
