// The fake API server's object store (private to sim/api): one table per kind of
// immutable snapshots keyed by (namespace, name) and listed in that order (ObjectRows),
// an etcd-like global
// resourceVersion, deterministic uids, and the watch fan-out. An update stores a new
// object; readers, watchers and caches keep the old Ptr without copies.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/api/object_rows.h"
#include "sim/core/engine.h"
#include "sim/core/random.h"

namespace xnsim {

// One registered watch. Deliveries are queued here in commit order; each scheduled
// delivery task hands over the oldest queued event, so the order holds even when the
// engine's tie-breaker reorders events due at the same instant.
class WatcherBase {
 public:
  virtual ~WatcherBase() = default;
  // Stops deliveries, including those already scheduled.
  virtual void Stop(Engine& engine) = 0;
  bool active() const { return active_; }

 protected:
  bool active_ = true;
};

template <class T>
class Watcher : public WatcherBase {
 public:
  explicit Watcher(WatchHandler<T> handler, bool jittered = true)
      : handler_(std::move(handler)), jittered_(jittered) {}
  // Whether exploration may jitter its deliveries (ApiServer::WatchInstrument: not).
  bool jittered() const { return jittered_; }

  void Enqueue(WatchEvent<T> event, EventId id) {
    if (!queue_) queue_.emplace();
    queue_->emplace_back(std::move(event), id);
  }

  void DeliverOldest() {
    if (!active_ || !queue_ || queue_->empty()) return;
    WatchEvent<T> event = std::move(queue_->front().first);
    queue_->pop_front();
    handler_(event);
  }

  // A delivery event can be shared by every watcher of the write: cancel it only when no
  // other active watcher still waits on it, so a stopped watch leaves no work pending.
  void Stop(Engine& engine) override {
    active_ = false;
    if (!queue_) return;
    for (auto& [event, id] : *queue_) {
      bool shared = false;
      if (siblings_ != nullptr) {
        for (const auto& w : **siblings_) {
          if (w.get() != this && w->active() && w->Awaits(id)) shared = true;
        }
      }
      if (!shared) engine.Cancel(id);
    }
    queue_->clear();
  }

  bool Awaits(EventId id) const {
    if (!queue_) return false;
    for (const auto& [event, queued] : *queue_) {
      if (queued.slot == id.slot && queued.generation == id.generation) return true;
    }
    return false;
  }

  // The table's current watcher list, to tell a shared delivery from this watcher's own.
  void SetSiblings(const std::shared_ptr<std::vector<std::shared_ptr<Watcher<T>>>>* siblings) {
    siblings_ = siblings;
  }

 private:
  const std::shared_ptr<std::vector<std::shared_ptr<Watcher<T>>>>* siblings_ = nullptr;
  WatchHandler<T> handler_;
  bool jittered_ = true;
  // Undelivered events, oldest first. Made on the first event: an empty deque already
  // allocates, and most of a cluster's watches receive nothing before it is torn down.
  std::optional<std::deque<std::pair<WatchEvent<T>, EventId>>> queue_;
};

template <class T>
class Table {
 public:
  Ptr<T> Get(std::string_view ns, std::string_view name) const { return rows_.Get(ns, name); }
  // Inserts or replaces the row of obj's (namespace, name).
  void Put(Ptr<T> obj) { rows_.Put(std::move(obj)); }
  void Erase(std::string_view ns, std::string_view name) { rows_.Erase(ns, name); }

  // A range over one namespace ("" = every row), in (namespace, name) order.
  std::vector<Ptr<T>> List(std::string_view ns) const {
    std::vector<Ptr<T>> out;
    if (ns.empty()) out.reserve(rows_.size());
    rows_.ForEach(ns, [&out](const Ptr<T>& obj) { out.push_back(obj); });
    return out;
  }

  size_t size() const { return rows_.size(); }

  int AddWatcher(std::shared_ptr<Watcher<T>> w) {
    w->SetSiblings(&watchers_);
    WatcherList& list = MutableWatchers();
    // A cluster's processes watch each kind a few times over: one allocation, not four.
    if (list.capacity() == 0) list.reserve(8);
    list.push_back(std::move(w));
    return static_cast<int>(watchers_->size());
  }

  // Queues the change for every active watcher, delivered `delay` from now. One engine
  // event hands it to all of them, in registration order, exactly as one event per
  // watcher scheduled back to back would; the event keeps the list of the moment, so a
  // watcher added later does not see the change. When the engine shuffles ties
  // (schedule exploration), each watcher gets its own event again, so the explorer can
  // still interleave one watcher's delivery with other work.
  void Notify(Engine& engine, SimDuration delay, WatchEventType type, const Ptr<T>& obj, const Ptr<T>& old) {
    bool pruned = false;
    for (const auto& w : *watchers_) {
      if (!w->active()) pruned = true;
    }
    if (pruned) std::erase_if(MutableWatchers(), [](const auto& w) { return !w->active(); });
    if (watchers_->empty()) return;
    if (engine.shuffles_ties()) {
      // Under exploration each watcher's delivery is jittered on its own; the chain is
      // the object, so deliveries about one object form one chain.
      const uint64_t chain = StableHash(obj->metadata.name, StableHash(obj->metadata.namespace_));
      for (const auto& w : *watchers_) {
        const SimDuration d = w->jittered() ? engine.Perturb(DelayKind::kWatch, chain, delay) : delay;
        EventId id = engine.Schedule(d, [w]() { w->DeliverOldest(); });
        w->Enqueue(WatchEvent<T>{type, obj, old}, id);
      }
      return;
    }
    const EventId id = engine.Schedule(delay, [list = watchers_]() {
      for (const auto& w : *list) w->DeliverOldest();
    });
    for (const auto& w : *watchers_) w->Enqueue(WatchEvent<T>{type, obj, old}, id);
  }

 private:
  using WatcherList = std::vector<std::shared_ptr<Watcher<T>>>;

  // The list to change: a pending delivery shares the list it was scheduled with, so a
  // shared list is copied first; one nobody else holds (while a cluster starts, every
  // list) changes in place.
  WatcherList& MutableWatchers() {
    if (watchers_.use_count() > 1) watchers_ = std::make_shared<WatcherList>(*watchers_);
    return *watchers_;
  }

  ObjectRows<T> rows_;
  std::shared_ptr<WatcherList> watchers_ = std::make_shared<WatcherList>();
};

class Store {
 public:
  explicit Store(const Engine& engine);

  template <class T>
  Table<T>& table() {
    return std::get<Table<T>>(tables_);
  }
  template <class T>
  const Table<T>& table() const {
    return std::get<Table<T>>(tables_);
  }

  uint64_t resource_version() const { return rv_; }
  uint64_t NextResourceVersion() { return ++rv_; }

  // A UUID-shaped uid (version 4 layout) drawn from the run's seed.
  std::string NewUid();
  // generateName's suffix: five characters of the names generator's alphabet.
  std::string RandomNameSuffix();

  // Watch ids are global across kinds.
  template <class T>
  int AddWatcher(WatchHandler<T> handler, bool jittered = true) {
    auto w = std::make_shared<Watcher<T>>(std::move(handler), jittered);
    table<T>().AddWatcher(w);
    watchers_.push_back(std::move(w));
    return static_cast<int>(watchers_.size());
  }
  void RemoveWatcher(Engine& engine, int id);

 private:
#define XNSIM_KIND_TABLE(T, ...) Table<T>,
  std::tuple<XNSIM_KINDS(XNSIM_KIND_TABLE) std::monostate> tables_;
#undef XNSIM_KIND_TABLE
  uint64_t rv_ = 0;
  Random uid_random_;
  Random name_random_;
  // Watch id i is watchers_[i - 1], null once removed: ids are handed out in order and
  // a cluster makes a few dozen watches in its life, so a vector beats a map.
  std::vector<std::shared_ptr<WatcherBase>> watchers_;
};

}  // namespace xnsim
