#include "sim/controllers/runtime/informer.h"

#include <algorithm>
#include <utility>

namespace xnsim {

template <class T>
Informer<T>::Informer(ApiServer& api, SimDuration resync_period)
    : api_(api), default_resync_period_(resync_period) {}

template <class T>
Informer<T>::~Informer() {
  if (watch_id_ >= 0) api_.Unwatch(watch_id_);
  for (const ResyncGroup& group : resync_groups_) api_.engine().Cancel(group.event);
}

template <class T>
void Informer<T>::AddHandlers(InformerHandlers<T> handlers) {
  AddHandlers(std::move(handlers), default_resync_period_);
}

template <class T>
void Informer<T>::AddHandlers(InformerHandlers<T> handlers, SimDuration resync_period) {
  handlers_.push_back(std::move(handlers));
  if (resync_period <= 0) return;
  // Handlers of one period share a timer: a resync is one periodic event, whoever asked.
  auto group = std::find_if(resync_groups_.begin(), resync_groups_.end(),
                            [&](const ResyncGroup& g) { return g.period == resync_period; });
  if (group == resync_groups_.end()) group = resync_groups_.insert(group, ResyncGroup{.period = resync_period, .handlers = {}, .event = {}});
  group->handlers.push_back(handlers_.size() - 1);
}

template <class T>
void Informer<T>::Start() {
  if (started_) return;
  started_ = true;
  // Fill the cache first, as client-go's Replace does, so a handler that looks at other
  // objects already sees the whole list.
  std::vector<Ptr<T>> listed = api_.List<T>();
  for (const Ptr<T>& obj : listed) cache_.Put(obj);
  watch_id_ = api_.Watch<T>([this](const WatchEvent<T>& ev) { OnWatchEvent(ev); });
  for (ResyncGroup& group : resync_groups_) {
    group.event = api_.engine().Schedule(group.period, [this, &group] { Resync(group); },
                                         EventClass::kPeriodic);
  }
  for (const Ptr<T>& obj : listed) {
    for (const auto& h : handlers_)
      if (h.on_add) h.on_add(obj);
  }
}

template <class T>
Ptr<T> Informer<T>::Get(std::string_view ns, std::string_view name) const {
  return cache_.Get(KindOf<T>::kInfo.namespaced ? ns : std::string_view(), name);
}

template <class T>
std::vector<Ptr<T>> Informer<T>::List(std::string_view ns) const {
  std::vector<Ptr<T>> out;
  if (ns.empty()) out.reserve(cache_.size());
  ForEach(ns, [&out](const Ptr<T>& obj) { out.push_back(obj); });
  return out;
}

template <class T>
std::shared_ptr<const std::vector<Ptr<T>>> Informer<T>::SharedList(std::string_view ns) const {
  auto it = shared_lists_.find(ns);
  if (it == shared_lists_.end()) {
    it = shared_lists_.emplace(std::string(ns), std::make_shared<const std::vector<Ptr<T>>>(List(ns))).first;
  }
  return it->second;
}

template <class T>
void Informer<T>::OnWatchEvent(const WatchEvent<T>& ev) {
  const ObjectMeta& m = ev.object->metadata;
  if (!shared_lists_.empty()) {
    if (auto all = shared_lists_.find(std::string_view()); all != shared_lists_.end()) shared_lists_.erase(all);
    if (auto it = shared_lists_.find(m.namespace_); it != shared_lists_.end()) shared_lists_.erase(it);
  }
  if (ev.type == WatchEventType::kDeleted) {
    cache_.Erase(m.namespace_, m.name);
    for (const auto& h : handlers_)
      if (h.on_delete) h.on_delete(ev.object);
    return;
  }
  // ADDED of a cached object is an update and MODIFIED of an unknown one an add: the
  // cache, not the event type, says which (client-go's processDeltas).
  Ptr<T> old = cache_.Put(ev.object);
  if (!old) {
    for (const auto& h : handlers_)
      if (h.on_add) h.on_add(ev.object);
    return;
  }
  for (const auto& h : handlers_)
    if (h.on_update) h.on_update(old, ev.object);
}

template <class T>
void Informer<T>::Resync(ResyncGroup& group) {
  group.event = api_.engine().Schedule(group.period, [this, &group] { Resync(group); },
                                       EventClass::kPeriodic);
  ForEach({}, [&](const Ptr<T>& obj) {
    for (size_t i : group.handlers)
      if (const auto& h = handlers_[i]; h.on_update) h.on_update(obj, obj);
  });
}

#define XNSIM_INSTANTIATE_INFORMER(T, ...) template class Informer<T>;
XNSIM_KINDS(XNSIM_INSTANTIATE_INFORMER)
#undef XNSIM_INSTANTIATE_INFORMER

}  // namespace xnsim
