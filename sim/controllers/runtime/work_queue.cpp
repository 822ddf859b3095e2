#include "sim/controllers/runtime/work_queue.h"

#include <vector>
#include <utility>

namespace xnsim {

// ---- ItemBackoff -------------------------------------------------------------------

SimDuration ItemBackoff::Next(const std::string& key) {
  const int exp = failures_[key]++;
  // initial * 2^exp, computed so that a long failure streak cannot overflow.
  SimDuration delay = policy_.initial;
  for (int i = 0; i < exp && delay < policy_.max; ++i) delay *= 2;
  return delay < policy_.max ? delay : policy_.max;
}

void ItemBackoff::Forget(const std::string& key) { failures_.erase(key); }

int ItemBackoff::Failures(const std::string& key) const {
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

// ---- WorkQueue -----------------------------------------------------------------------

// One map entry per key the queue knows about; the entry goes when the key is neither
// queued, running, re-added while running, nor waiting for a timer. The FIFO and the
// timers point at the entries (unordered_map nodes never move), so a key's string is
// stored once.
struct WorkQueue::State {
  struct KeyState {
    bool queued = false;      // in `ready`
    bool processing = false;  // a reconcile is running
    bool dirty = false;       // re-added while processing: queue again when it ends
    SimTime delayed_until = 0;
    EventId delayed;          // a pending AddAfter timer (kWork)
  };
  using Keys = std::unordered_map<std::string, KeyState>;
  using Node = Keys::value_type;

  State(Engine& e, WorkQueueOptions o, Reconciler r)
      : engine(e), options(std::move(o)), reconcile(std::move(r)), backoff(options.backoff) {}

  Engine& engine;
  WorkQueueOptions options;
  Reconciler reconcile;
  ItemBackoff backoff;
  Keys keys;
  // The FIFO of queued keys: keys[head] on, oldest first. A vector rather than a deque,
  // so that a queue allocates nothing until its first key and then reuses its buffer.
  struct ReadyKeys {
    std::vector<Node*> keys;
    size_t head = 0;

    size_t size() const { return keys.size() - head; }
    bool empty() const { return head == keys.size(); }
    void push_back(Node* node) { keys.push_back(node); }
    // Removes and returns the i-th oldest key.
    Node* Take(size_t i) {
      Node* node = keys[head + i];
      if (i == 0) {
        ++head;
      } else {
        keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(head + i));
      }
      if (head == keys.size()) {
        keys.clear();
        head = 0;
      } else if (head >= 64 && head * 2 >= keys.size()) {
        // Never quite drained: drop the taken half, so the buffer cannot grow without bound.
        keys.erase(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(head));
        head = 0;
      }
      return node;
    }
  };
  ReadyKeys ready;
  size_t running = 0;
  size_t delayed = 0;       // pending timers
  uint64_t retries = 0;     // AddRateLimited calls, for capacity studies
  EventId pump;             // a pending dispatch of ready keys (kWork)
  bool pumping = false;
  // Declared last so that it is destroyed first: the running reconciles go before the
  // keys they refer to.
  TaskScope scope;

  // try_emplace leaves an rvalue key untouched when the entry exists.
  template <class Key>
  Node& Entry(Key&& key) {
    return *keys.try_emplace(std::forward<Key>(key)).first;
  }

  void ReleaseIfUnused(Node& node) {
    const KeyState& s = node.second;
    if (s.queued || s.processing || s.dirty || s.delayed.valid()) return;
    keys.erase(keys.find(node.first));
  }

  void Add(Node& node) {
    KeyState& s = node.second;
    if (s.queued) return;
    if (s.processing) {
      s.dirty = true;
      return;
    }
    s.queued = true;
    ready.push_back(&node);
    SchedulePump();
  }

  void AddAfter(Node& node, SimDuration delay) {
    if (delay <= 0) return Add(node);
    KeyState& s = node.second;
    const SimTime when = engine.Now() + delay;
    if (s.delayed.valid()) {
      if (s.delayed_until <= when) return;  // the earlier timer wins, as client-go's
      engine.Cancel(s.delayed);
      --delayed;
    }
    s.delayed_until = when;
    Node* n = &node;
    s.delayed = engine.ScheduleAt(when, [this, n] { OnTimer(*n); });
    ++delayed;
  }

  void OnTimer(Node& node) {
    node.second.delayed = EventId{};
    --delayed;
    Add(node);
    ReleaseIfUnused(node);
  }

  // Dispatch happens in its own event, never inside Add: an informer handler that adds
  // a key must not find its reconcile already run.
  void SchedulePump() {
    if (pump.valid() || pumping || ready.empty() || running >= Workers()) return;
    pump = engine.Schedule(0, [this] { Pump(); });
  }

  void Pump() {
    pump = EventId{};
    pumping = true;
    // Only the keys ready when this dispatch began: a reconcile that finishes at once
    // and re-adds its key gets the next dispatch, so one event never loops forever.
    size_t batch = ready.size();
    while (batch-- > 0 && !ready.empty() && running < Workers()) {
      // Which ready key the next free worker takes: FIFO, unless exploration picks.
      const size_t pick = engine.PickReady(ready.size());
      Node* node = ready.Take(pick);
      node->second.queued = false;
      node->second.processing = true;
      ++running;
      scope.Spawn(Run(this, node));
    }
    pumping = false;
    SchedulePump();
  }

  size_t Workers() const { return options.workers > 0 ? static_cast<size_t>(options.workers) : 1; }

  static Task<void> Run(State* self, Node* node) {
    ReconcileResult result = co_await self->reconcile(node->first);
    self->Finish(*node, result);
  }

  void Finish(Node& node, ReconcileResult result) {
    KeyState& s = node.second;
    s.processing = false;
    --running;
    switch (result.kind) {
      case ReconcileResult::Kind::kDone:
        backoff.Forget(node.first);
        break;
      case ReconcileResult::Kind::kRetry:
        AddAfter(node, backoff.Next(node.first));
        break;
      case ReconcileResult::Kind::kRetryAfter:
        AddAfter(node, result.after);
        break;
    }
    if (s.dirty) {
      s.dirty = false;
      Add(node);
    }
    ReleaseIfUnused(node);
    SchedulePump();
  }
};

WorkQueue::WorkQueue(Engine& engine, WorkQueueOptions options, Reconciler reconcile)
    : state_(std::make_unique<State>(engine, std::move(options), std::move(reconcile))) {}

WorkQueue::~WorkQueue() {
  State& s = *state_;
  s.engine.Cancel(s.pump);
  for (auto& [key, ks] : s.keys) s.engine.Cancel(ks.delayed);  // order cannot show
}

void WorkQueue::Add(const std::string& key) {
  auto& node = state_->Entry(key);
  state_->Add(node);
}

void WorkQueue::Add(std::string&& key) {
  auto& node = state_->Entry(std::move(key));
  state_->Add(node);
}

void WorkQueue::AddAfter(const std::string& key, SimDuration delay) {
  auto& node = state_->Entry(key);
  state_->AddAfter(node, delay);
}

void WorkQueue::AddRateLimited(const std::string& key) {
  ++state_->retries;
  AddAfter(key, state_->backoff.Next(key));
}

void WorkQueue::Forget(const std::string& key) { state_->backoff.Forget(key); }

int WorkQueue::NumRequeues(const std::string& key) const { return state_->backoff.Failures(key); }

size_t WorkQueue::waiting() const { return state_->ready.size(); }
size_t WorkQueue::running() const { return state_->running; }
size_t WorkQueue::delayed() const { return state_->delayed; }
uint64_t WorkQueue::retries() const { return state_->retries; }
bool WorkQueue::idle() const {
  return state_->ready.empty() && state_->running == 0 && state_->delayed == 0;
}

}  // namespace xnsim
