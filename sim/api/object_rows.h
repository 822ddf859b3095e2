// Objects of one kind keyed by (namespace, name), as the API server's tables and the
// informers' caches keep them. The rows are hashed, so a point access (Get, Put,
// Erase) never walks an ordered tree; the (namespace, name) order that List and
// ForEach promise is made only when one of them asks for it, and then kept by merging
// in the rows added since. A run that writes much and lists rarely (every large one)
// pays for order once, not on every insert, and a row is one hash node.
//
//   ObjectRows<PersistentVolumeClaim> rows;
//   rows.Put(claim);                       // the replaced version, or null
//   Ptr<PersistentVolumeClaim> c = rows.Get("dev", "db");
//   rows.ForEach("dev", [](const Ptr<PersistentVolumeClaim>& c) { ... });  // in order
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sim/api/name_order.h"
#include "sim/api/objects.h"

namespace xnsim {

// A (namespace, name) to look up.
struct ObjectKeyView {
  std::string_view ns, name;
};

// A stored object's row. The hash and the order read the (namespace, name) from the
// object itself, so a row holds no key of its own; a newer version of the object (same
// namespace and name) replaces it in place, hence mutable.
template <class T>
struct Row {
  mutable Ptr<T> obj;
};

// (namespace, name) of a row, of a pointer to a row, or of a key to look up.
inline ObjectKeyView KeyOf(const ObjectKeyView& k) { return k; }
template <class T>
ObjectKeyView KeyOf(const Row<T>& row) {
  return {row.obj->metadata.namespace_, row.obj->metadata.name};
}
template <class It>
  requires requires(It it) { it->obj; }
ObjectKeyView KeyOf(const It& it) {
  return {it->obj->metadata.namespace_, it->obj->metadata.name};
}

// The byte order of (namespace, name).
struct ObjectKeyLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    const ObjectKeyView x = KeyOf(a), y = KeyOf(b);
    if (int c = CompareNames(x.ns, y.ns); c != 0) return c < 0;
    return CompareNames(x.name, y.name) < 0;
  }
};

// Hash and equality of the rows. Not noexcept, so the nodes cache the hash (free: a
// node of a row takes a 32-byte chunk anyway) and a probe compares names only on a
// hash match.
struct ObjectKeyHash {
  using is_transparent = void;
  template <class K>
  size_t operator()(const K& key) const {
    const ObjectKeyView k = KeyOf(key);
    size_t h = std::hash<std::string_view>()(k.ns);
    return h ^ (std::hash<std::string_view>()(k.name) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};
struct ObjectKeyEqual {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    const ObjectKeyView x = KeyOf(a), y = KeyOf(b);
    return x.ns == y.ns && x.name == y.name;
  }
};

template <class T>
class ObjectRows {
 public:
  Ptr<T> Get(std::string_view ns, std::string_view name) const {
    auto it = rows_.find(ObjectKeyView{ns, name});
    return it == rows_.end() ? nullptr : it->obj;
  }

  // Inserts obj, or replaces the object of its (namespace, name) and returns that one.
  Ptr<T> Put(Ptr<T> obj) {
    const ObjectMeta& m = obj->metadata;
    auto it = rows_.find(ObjectKeyView{m.namespace_, m.name});
    if (it != rows_.end()) return std::exchange(it->obj, std::move(obj));  // same place in order
    const Row<T>& row = *rows_.insert(Row<T>{std::move(obj)}).first;
    if (order_.valid) order_.rows.push_back(&row);  // merged in by the next ordered read
    return nullptr;
  }

  // Removes the object of (ns, name) and returns it; null if there is none.
  Ptr<T> Erase(std::string_view ns, std::string_view name) {
    auto it = rows_.find(ObjectKeyView{ns, name});
    if (it == rows_.end()) return nullptr;
    Ptr<T> erased = it->obj;
    order_.Drop();  // the order points at the row; the next ordered read sorts afresh
    rows_.erase(it);
    return erased;
  }

  // fn(const Ptr<T>&) for each object of `ns` ("" = every object), in (namespace,
  // name) order. fn must not change these rows.
  template <class F>
  void ForEach(std::string_view ns, F&& fn) const {
    const std::vector<const Row<T>*>& rows = Ordered();
    if (ns.empty()) {
      for (const Row<T>* row : rows) fn(row->obj);
      return;
    }
    for (auto it = std::lower_bound(rows.begin(), rows.end(), ObjectKeyView{ns, {}}, ObjectKeyLess());
         it != rows.end() && (*it)->obj->metadata.namespace_ == ns; ++it) {
      fn((*it)->obj);
    }
  }

  size_t size() const { return rows_.size(); }

 private:
  // The rows in order: rows[0, sorted) sorted, then the ones added since. Dropped by an
  // Erase, since finding the erased row's place would cost more than most reads save.
  struct Order {
    std::vector<const Row<T>*> rows;
    size_t sorted = 0;
    bool valid = false;

    void Drop() {
      rows.clear();
      sorted = 0;
      valid = false;
    }
  };

  const std::vector<const Row<T>*>& Ordered() const {
    if (!order_.valid) {
      order_.rows.reserve(rows_.size());
      for (const Row<T>& row : rows_) order_.rows.push_back(&row);  // sorted just below
      order_.valid = true;
    }
    if (order_.sorted < order_.rows.size()) {
      const auto added = order_.rows.begin() + static_cast<std::ptrdiff_t>(order_.sorted);
      std::sort(added, order_.rows.end(), ObjectKeyLess());  // keys are unique: one order
      std::inplace_merge(order_.rows.begin(), added, order_.rows.end(), ObjectKeyLess());
      order_.sorted = order_.rows.size();
    }
    return order_.rows;
  }

  std::unordered_set<Row<T>, ObjectKeyHash, ObjectKeyEqual> rows_;
  mutable Order order_;
};

}  // namespace xnsim
