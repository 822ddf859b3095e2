// A shared-informer cache of one kind, as client-go's: it lists every object, then
// watches for changes (delivered after the API server's watch delay), keeps the newest
// state of each object, and calls its handlers. A resync period re-delivers every
// cached object as an update (a kPeriodic event, which `settle` does not wait for).
// The controllers of one process share an informer per kind, each adding its handlers
// (client-go's SharedInformerFactory): one watch, one cache, one delivery for all.
//
//   Informer<PersistentVolumeClaim> claims(api, 15 * kMinute);
//   claims.AddHandlers({.on_add = ..., .on_update = ..., .on_delete = ...});
//   claims.Start();
//   Ptr<PersistentVolumeClaim> c = claims.Get("dev", "db");
//
// Destroying the informer stops its watch and its resync.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/api/object_rows.h"

namespace xnsim {

template <class T>
struct InformerHandlers {
  std::function<void(const Ptr<T>&)> on_add;
  std::function<void(const Ptr<T>& old_obj, const Ptr<T>& new_obj)> on_update;
  std::function<void(const Ptr<T>&)> on_delete;  // the last state seen
};

template <class T>
class Informer {
 public:
  // resync_period: of handlers added without one of their own; 0: no resync.
  Informer(ApiServer& api, SimDuration resync_period);
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // Before Start. A handler's own resync period is client-go's
  // AddEventHandlerWithResyncPeriod: only that handler's on_update is called for it.
  void AddHandlers(InformerHandlers<T> handlers);
  void AddHandlers(InformerHandlers<T> handlers, SimDuration resync_period);
  // Lists (calling on_add for each object, in (namespace, name) order), then watches.
  // A started informer ignores Start, as client-go's does, so that every controller
  // sharing it may call it.
  void Start();

  Ptr<T> Get(std::string_view ns, std::string_view name) const;  // null if not cached
  std::vector<Ptr<T>> List(std::string_view ns = {}) const;      // "" = all, ordered
  // List(ns) as an immutable list that callers may keep (an audit record does): built
  // once and shared until an object of `ns` changes, so that a lister read for every
  // claim neither copies the namespace nor holds a copy per claim.
  std::shared_ptr<const std::vector<Ptr<T>>> SharedList(std::string_view ns = {}) const;
  // Calls fn(const Ptr<T>&) for each cached object in `ns` ("" = all), in order.
  template <class F>
  void ForEach(std::string_view ns, F&& fn) const {
    cache_.ForEach(ns, std::forward<F>(fn));
  }
  size_t size() const { return cache_.size(); }

 private:
  // The handlers that resync at one period, in the order they were added; their timer.
  struct ResyncGroup {
    SimDuration period;
    std::vector<size_t> handlers;  // indexes into handlers_
    EventId event;
  };

  void OnWatchEvent(const WatchEvent<T>& ev);
  void Resync(ResyncGroup& group);

  ApiServer& api_;
  SimDuration default_resync_period_;
  std::vector<InformerHandlers<T>> handlers_;
  std::vector<ResyncGroup> resync_groups_;
  // namespace/name -> newest object seen, hashed, in order for List and ForEach.
  ObjectRows<T> cache_;
  // SharedList's lists by namespace ("" = all); dropped when their namespace changes.
  mutable std::map<std::string, std::shared_ptr<const std::vector<Ptr<T>>>, std::less<>> shared_lists_;
  int watch_id_ = -1;
  bool started_ = false;
};

}  // namespace xnsim
