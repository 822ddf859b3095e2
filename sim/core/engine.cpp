// The future-event list is a 4-ary min-heap of 16-byte entries (time, slot); the
// callbacks and tie-break keys live in a slot array reused through a free list, so
// once the arrays have grown to the run's peak, scheduling and running an event
// allocates nothing. Cancelling only marks the slot; the heap entry is dropped when it
// surfaces, or in one sweep when the dead outnumber the live.
#include "sim/core/engine.h"

#include <cassert>
#include <utility>

namespace xnsim {

namespace {
// Pending events a small cluster reaches: an explorer builds an engine per schedule,
// and growing the slots moves every pending task.
constexpr size_t kInitialEngineSlots = 128;
}  // namespace

Engine::Engine(uint64_t seed) : seed_(seed) {
  heap_.reserve(kHeapPad + kInitialEngineSlots);
  heap_.resize(kHeapPad, Entry{0, 0});
  slots_.reserve(kInitialEngineSlots);
  free_slots_.reserve(kInitialEngineSlots);
}

EventId Engine::Schedule(SimDuration delay, InlineTask task, EventClass cls) {
  assert(delay >= 0);
  return ScheduleAt(now_ + (delay > 0 ? delay : 0), std::move(task), cls);
}

EventId Engine::ScheduleAt(SimTime when, InlineTask task, EventClass cls) {
  if (when < now_) when = now_;  // the past is gone: run it next, in order
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.task = std::move(task);
  if (perturbation_ != nullptr) {
    s.chain = has_next_chain_ ? next_chain_ : current_chain_;
    has_next_chain_ = false;
    s.tie = perturbation_->TieKey(s.chain);
  } else {
    s.tie = tie_breaker_ != nullptr ? tie_breaker_->Next() : 0;
  }
  s.seq = next_seq_++;
  s.cls = cls;
  s.live = true;
  if (cls == EventClass::kWork) ++pending_work_;
  HeapPush(Entry{when, slot});
  return EventId{slot, s.generation};
}

void Engine::Cancel(EventId id) {
  if (!id.valid() || id.slot >= slots_.size()) return;
  Slot& s = slots_[id.slot];
  if (s.generation != id.generation || !s.live) return;
  s.live = false;
  s.task.Reset();
  if (s.cls == EventClass::kWork) --pending_work_;
  ++cancelled_pending_;
  // Lazy removal alone would let far-future timeouts that are always cancelled (request
  // deadlines) pile up; once the dead outnumber the live, sweep them in one O(n) pass.
  if (cancelled_pending_ > 1024 && cancelled_pending_ * 2 > HeapSize()) Compact();
}

void Engine::Compact() {
  size_t kept = kHeapPad;
  for (size_t i = kHeapPad; i < heap_.size(); ++i) {
    const Entry e = heap_[i];
    if (slots_[e.slot].live) {
      heap_[kept++] = e;
    } else {
      ++slots_[e.slot].generation;
      free_slots_.push_back(e.slot);
    }
  }
  heap_.resize(kept);
  cancelled_pending_ = 0;
  // Floyd's heap construction. (time, tie, seq) is a total order, so the order events
  // run in does not depend on the heap's shape.
  const size_t n = HeapSize();
  if (n < 2) return;
  for (size_t i = (n - 2) / 4 + 1; i-- > 0;) SiftDown(i, heap_[kHeapPad + i]);
}

void Engine::DropCancelledTop() {
  while (HeapSize() > 0 && !slots_[HeapTop().slot].live) {
    const Entry e = HeapPop();
    ++slots_[e.slot].generation;
    free_slots_.push_back(e.slot);
    --cancelled_pending_;
  }
}

bool Engine::Step() {
  DropCancelledTop();
  if (HeapSize() == 0) return false;
  const Entry e = HeapPop();
  Slot& s = slots_[e.slot];
  // The task may schedule events and so grow slots_: run it from a local.
  InlineTask task = std::move(s.task);
  s.live = false;
  ++s.generation;
  if (s.cls == EventClass::kWork) --pending_work_;
  free_slots_.push_back(e.slot);
  now_ = e.time;
  current_chain_ = s.chain;
  ++events_run_;
  task();
  return true;
}

SimTime Engine::NextEventTime() {
  DropCancelledTop();
  return HeapSize() == 0 ? INT64_MAX : HeapTop().time;
}

void Engine::RunUntil(SimTime until) {
  while (NextEventTime() <= until) Step();
  if (until > now_) now_ = until;
}

bool Engine::RunUntil(SimTime until, const std::function<bool()>& done) {
  while (true) {
    if (done()) return true;
    if (NextEventTime() > until) break;
    Step();
  }
  if (until > now_) now_ = until;
  return false;
}

void Engine::HeapPush(Entry e) {
  heap_.push_back(e);
  Entry* h = heap_.data() + kHeapPad;
  size_t i = HeapSize() - 1;
  while (i > 0) {
    const size_t parent = (i - 1) / 4;
    if (!Before(e, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = e;
}

Engine::Entry Engine::HeapPop() {
  const Entry top = HeapTop();
  const Entry last = heap_.back();
  heap_.pop_back();
  if (HeapSize() > 0) {
    SiftDown(0, last);
    // In a large run the next event's slot is cold: start fetching it now.
    __builtin_prefetch(&slots_[HeapTop().slot]);
  }
  return top;
}

void Engine::SiftDown(size_t i, Entry e) {
  Entry* h = heap_.data() + kHeapPad;
  const size_t n = HeapSize();
  while (true) {
    const size_t first = 4 * i + 1;
    if (first >= n) break;
    size_t best = first;
    const size_t end = first + 4 < n ? first + 4 : n;
    for (size_t c = first + 1; c < end; ++c) {
      if (Before(h[c], h[best])) best = c;
    }
    if (!Before(h[best], e)) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = e;
}

}  // namespace xnsim
