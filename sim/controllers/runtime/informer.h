// A shared-informer cache of one kind, as client-go's: it lists every object, then
// watches for changes (delivered after the API server's watch delay), keeps the newest
// state of each object, and calls its handlers. A resync period re-delivers every
// cached object as an update (a kPeriodic event, which `settle` does not wait for).
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
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/api/name_order.h"

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
  // resync_period 0: no resync.
  Informer(ApiServer& api, SimDuration resync_period);
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  void AddHandlers(InformerHandlers<T> handlers);  // before Start
  // Lists (calling on_add for each object, in (namespace, name) order), then watches.
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
    if (ns.empty()) {
      for (const auto& [n, by_name] : cache_)
        for (const Entry& e : by_name) fn(e.obj);
      return;
    }
    const ByName* by_name = FindNamespace(ns);
    if (by_name == nullptr) return;
    for (const Entry& e : *by_name) fn(e.obj);
  }
  size_t size() const { return size_; }

 private:
  void OnWatchEvent(const WatchEvent<T>& ev);
  // Caches obj, replacing the object of its (namespace, name); returns the replaced one.
  Ptr<T> Put(const Ptr<T>& obj);
  void Resync();

  ApiServer& api_;
  SimDuration resync_period_;
  std::vector<InformerHandlers<T>> handlers_;
  // A cached object, ordered by its name. The name's first eight bytes, kept as a
  // big-endian number, settle most comparisons without reading the name itself (a
  // cache miss into the object): the order is still the names' byte order. The object
  // is mutable so that a newer version (same name) replaces it in place.
  struct Entry {
    uint64_t prefix;
    mutable Ptr<T> obj;
  };
  // A name to look up.
  struct NameProbe {
    uint64_t prefix;
    std::string_view name;
  };
  struct EntryLess {
    using is_transparent = void;
    static std::string_view Name(const Entry& e) { return e.obj->metadata.name; }
    static std::string_view Name(const NameProbe& p) { return p.name; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      return CompareNames(Name(a), Name(b)) < 0;
    }
  };
  using ByName = std::set<Entry, EntryLess>;
  // namespace -> name -> object; NameLess is transparent: string_view lookups need no copy.
  using ByNamespace = std::map<std::string, ByName, NameLess>;
  ByNamespace cache_;
  // The same namespaces hashed (views of cache_'s keys), so that a point access does
  // not walk the namespaces' tree; never iterated.
  std::unordered_map<std::string_view, typename ByNamespace::iterator> namespaces_;
  const ByName* FindNamespace(std::string_view ns) const {
    auto it = namespaces_.find(ns);
    return it == namespaces_.end() ? nullptr : &it->second->second;
  }
  size_t size_ = 0;
  // SharedList's lists by namespace ("" = all); dropped when their namespace changes.
  mutable std::map<std::string, std::shared_ptr<const std::vector<Ptr<T>>>, std::less<>> shared_lists_;
  int watch_id_ = -1;
  EventId resync_event_;
};

}  // namespace xnsim
