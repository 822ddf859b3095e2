// The discrete-event engine: a virtual clock and a future-event list ordered by
// (time, tie-break, sequence). It is the one seam through which every component gets
// time, randomness and the trace; it is passed in, never global, so the explorer can
// run many simulations in one process.
#pragma once

#include <cstdint>
#include <functional>
#include <new>
#include <string_view>
#include <vector>

#include "sim/core/inline_task.h"
#include "sim/core/perturbation.h"
#include "sim/core/random.h"
#include "sim/core/time.h"
#include "sim/core/trace.h"

namespace xnsim {

// Work events keep the cluster busy (a watch delivery, an API call, a CSI reply, a
// retry). Periodic ones (informer resyncs, sweepers) recur forever and do not count
// when a scenario waits for the cluster to settle.
enum class EventClass : uint8_t { kWork, kPeriodic };

// Names a scheduled event so it can be cancelled (timeouts, backoff timers).
struct EventId {
  uint32_t slot = UINT32_MAX;
  uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class Engine {
 public:
  explicit Engine(uint64_t seed = 1);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  SimTime Now() const { return now_; }
  uint64_t seed() const { return seed_; }

  // Runs `task` at Now() + delay (delay >= 0). Events due at the same instant run in
  // the order they were scheduled unless a tie-breaker is set.
  EventId Schedule(SimDuration delay, InlineTask task, EventClass cls = EventClass::kWork);
  EventId ScheduleAt(SimTime when, InlineTask task, EventClass cls = EventClass::kWork);
  // Cancels a pending event; a no-op for one that already ran or was cancelled.
  void Cancel(EventId id);

  // Runs the next event; false when none is pending.
  bool Step();
  // Runs every event due at or before `until`, then sets the clock to `until`.
  void RunUntil(SimTime until);
  // Runs events until `done()` holds (checked before each event) or `until` passes.
  // Returns whether `done()` held.
  bool RunUntil(SimTime until, const std::function<bool()>& done);

  size_t pending() const { return HeapSize() - cancelled_pending_; }
  size_t pending_work() const { return pending_work_; }  // kWork events not yet run
  uint64_t events_run() const { return events_run_; }
  // Time of the next pending event, or INT64_MAX.
  SimTime NextEventTime();

  // A random stream named for its consumer, derived from this engine's seed.
  Random Stream(std::string_view name) const { return Random(seed_, name); }

  // When set, events due at the same instant are ordered by this stream's draws
  // instead of by scheduling order (schedule exploration).
  void SetTieBreaker(Random* tie_breaker) { tie_breaker_ = tie_breaker; }
  bool shuffles_ties() const { return tie_breaker_ != nullptr || perturbation_ != nullptr; }

  // Schedule exploration (perturbation.h): when set, it decides perturbed delays, the
  // tie keys of new events and which ready key a worker takes. Not owned.
  void SetPerturbation(Perturbation* perturbation) { perturbation_ = perturbation; }
  bool perturbed() const { return perturbation_ != nullptr; }
  // The delay to use for a wait of `kind` on `chain`: `nominal` unless perturbed. The
  // next event scheduled belongs to `chain` (an event otherwise inherits the chain of
  // the event that scheduled it).
  SimDuration Perturb(DelayKind kind, uint64_t chain, SimDuration nominal) {
    if (perturbation_ == nullptr) return nominal;
    next_chain_ = chain;
    has_next_chain_ = true;
    return perturbation_->Delay(kind, chain, nominal);
  }
  // Which of `n` ready keys a worker takes: 0 (FIFO) unless perturbed.
  size_t PickReady(size_t n) {
    return perturbation_ != nullptr && n > 1 ? perturbation_->PickReady(n) : 0;
  }

  Trace& trace() { return trace_; }

 private:
  // Heap entries are 16 bytes and the heap is laid out so that a node's four children
  // share one 64-byte cache line: a pop touches one line per level. The tie-break key
  // lives in the slot and is read only when two events share an instant.
  struct Entry {
    SimTime time;
    uint32_t slot;
    uint32_t unused = 0;
  };
  struct Slot {
    InlineTask task;
    uint64_t tie = 0;  // tie-break draw, 0 when no tie-breaker
    uint64_t seq = 0;  // scheduling order
    uint64_t chain = 0;  // who the event belongs to, for a perturbation's tie keys
    uint32_t generation = 0;
    EventClass cls = EventClass::kWork;
    bool live = false;
  };
  template <class T>
  struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT
    T* allocate(size_t n) {
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{64}));
    }
    void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t{64}); }
    friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
  };
  // Logical heap position k lives at heap_[k + kHeapPad], so the children of k
  // (4k+1 .. 4k+4) start on a multiple of four entries.
  static constexpr size_t kHeapPad = 3;

  bool Before(const Entry& a, const Entry& b) const {
    if (a.time != b.time) return a.time < b.time;
    const Slot& x = slots_[a.slot];
    const Slot& y = slots_[b.slot];
    if (x.tie != y.tie) return x.tie < y.tie;
    return x.seq < y.seq;
  }
  size_t HeapSize() const { return heap_.size() - kHeapPad; }
  const Entry& HeapTop() const { return heap_[kHeapPad]; }
  void HeapPush(Entry e);
  Entry HeapPop();
  void SiftDown(size_t i, Entry e);  // places e at or below logical position i
  void DropCancelledTop();
  void Compact();  // drops every cancelled entry from the heap

  SimTime now_ = 0;
  uint64_t seed_;
  uint64_t next_seq_ = 0;
  uint64_t events_run_ = 0;
  size_t pending_work_ = 0;
  size_t cancelled_pending_ = 0;
  std::vector<Entry, CacheLineAllocator<Entry>> heap_;  // 4-ary min-heap after kHeapPad
  std::vector<Slot> slots_;     // task storage, reused through free_slots_
  std::vector<uint32_t> free_slots_;
  Random* tie_breaker_ = nullptr;
  Perturbation* perturbation_ = nullptr;
  uint64_t current_chain_ = 0;  // the running event's chain
  uint64_t next_chain_ = 0;     // the chain Perturb named for the next event
  bool has_next_chain_ = false;
  Trace trace_;
};

}  // namespace xnsim
