#include "sim/controllers/runtime/informer.h"

#include <utility>

namespace xnsim {
namespace {

// The first eight bytes of a name as a big-endian number, zero-padded: ordering these
// numbers orders the names by their first eight bytes (names hold no NUL byte).
uint64_t NamePrefix(std::string_view name) {
  uint64_t p = 0;
  for (size_t i = 0; i < 8; ++i) p = (p << 8) | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
  return p;
}

}  // namespace

template <class T>
Informer<T>::Informer(ApiServer& api, SimDuration resync_period)
    : api_(api), resync_period_(resync_period) {}

template <class T>
Informer<T>::~Informer() {
  if (watch_id_ >= 0) api_.Unwatch(watch_id_);
  api_.engine().Cancel(resync_event_);
}

template <class T>
void Informer<T>::AddHandlers(InformerHandlers<T> handlers) {
  handlers_.push_back(std::move(handlers));
}

template <class T>
void Informer<T>::Start() {
  // Fill the cache first, as client-go's Replace does, so a handler that looks at other
  // objects already sees the whole list.
  std::vector<Ptr<T>> listed = api_.List<T>();
  for (const Ptr<T>& obj : listed) Put(obj);
  size_ = listed.size();
  watch_id_ = api_.Watch<T>([this](const WatchEvent<T>& ev) { OnWatchEvent(ev); });
  if (resync_period_ > 0) {
    resync_event_ = api_.engine().Schedule(resync_period_, [this] { Resync(); },
                                           EventClass::kPeriodic);
  }
  for (const Ptr<T>& obj : listed) {
    for (const auto& h : handlers_)
      if (h.on_add) h.on_add(obj);
  }
}

template <class T>
Ptr<T> Informer<T>::Get(std::string_view ns, std::string_view name) const {
  if (!KindOf<T>::kInfo.namespaced) ns = {};
  const ByName* by_name = FindNamespace(ns);
  if (by_name == nullptr) return nullptr;
  auto obj = by_name->find(NameProbe{NamePrefix(name), name});
  return obj == by_name->end() ? nullptr : obj->obj;
}

template <class T>
std::vector<Ptr<T>> Informer<T>::List(std::string_view ns) const {
  std::vector<Ptr<T>> out;
  if (ns.empty()) out.reserve(size_);
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
    auto hashed = namespaces_.find(std::string_view(m.namespace_));
    if (hashed != namespaces_.end()) {
      auto ns = hashed->second;
      auto it = ns->second.find(NameProbe{NamePrefix(m.name), m.name});
      if (it != ns->second.end()) {
        ns->second.erase(it);
        --size_;
        if (ns->second.empty()) {
          namespaces_.erase(hashed);
          cache_.erase(ns);
        }
      }
    }
    for (const auto& h : handlers_)
      if (h.on_delete) h.on_delete(ev.object);
    return;
  }
  // ADDED of a cached object is an update and MODIFIED of an unknown one an add: the
  // cache, not the event type, says which (client-go's processDeltas).
  Ptr<T> old = Put(ev.object);
  if (!old) {
    ++size_;
    for (const auto& h : handlers_)
      if (h.on_add) h.on_add(ev.object);
    return;
  }
  for (const auto& h : handlers_)
    if (h.on_update) h.on_update(old, ev.object);
}

template <class T>
Ptr<T> Informer<T>::Put(const Ptr<T>& obj) {
  const ObjectMeta& m = obj->metadata;
  auto hashed = namespaces_.find(std::string_view(m.namespace_));
  if (hashed == namespaces_.end()) {
    auto added = cache_.emplace(m.namespace_, ByName()).first;
    hashed = namespaces_.emplace(added->first, added).first;
  }
  auto ns = hashed->second;
  const NameProbe probe{NamePrefix(m.name), m.name};
  auto it = ns->second.lower_bound(probe);
  if (it == ns->second.end() || EntryLess()(probe, *it)) {
    ns->second.emplace_hint(it, Entry{probe.prefix, obj});
    return nullptr;
  }
  return std::exchange(it->obj, obj);
}

template <class T>
void Informer<T>::Resync() {
  resync_event_ = api_.engine().Schedule(resync_period_, [this] { Resync(); },
                                         EventClass::kPeriodic);
  ForEach({}, [this](const Ptr<T>& obj) {
    for (const auto& h : handlers_)
      if (h.on_update) h.on_update(obj, obj);
  });
}

#define XNSIM_INSTANTIATE_INFORMER(T, ...) template class Informer<T>;
XNSIM_KINDS(XNSIM_INSTANTIATE_INFORMER)
#undef XNSIM_INSTANTIATE_INFORMER

}  // namespace xnsim
