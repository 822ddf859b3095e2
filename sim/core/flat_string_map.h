// A map from string keys, kept as one sorted vector with interned keys: the labels,
// annotations, parameters and resource lists of API objects. Those maps hold a handful
// of entries, copied with their object on every write, and their keys repeat across
// thousands of objects; a std::map spends a node allocation (and a key allocation, as
// keys are seldom short) per entry. Here an entry is a pointer and a value, in one block.
//
// The API follows std::map where call sites use it (find, count, contains, operator[],
// emplace, try_emplace, insert_or_assign, erase, ==) with lookups by std::string_view.
// Iteration is in key order, byte-wise as std::string compares, so codecs and traces
// print exactly what a std::map<std::string, V> would. Inserting or erasing invalidates
// iterators, as with a vector.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/core/interned_string.h"

namespace xnsim {

template <class V>
class FlatStringMap {
 public:
  using key_type = InternedString;
  using mapped_type = V;
  using value_type = std::pair<InternedString, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;
  using size_type = size_t;

  FlatStringMap() = default;
  FlatStringMap(std::initializer_list<std::pair<std::string_view, V>> entries) {
    for (const auto& [k, v] : entries) insert_or_assign(k, v);
  }
  // From any range of (key, value) pairs, such as a std::map; later duplicates win.
  template <class It>
  FlatStringMap(It first, It last) {
    for (; first != last; ++first) insert_or_assign(first->first, first->second);
  }

  iterator begin() noexcept { return entries_.begin(); }
  iterator end() noexcept { return entries_.end(); }
  const_iterator begin() const noexcept { return entries_.begin(); }
  const_iterator end() const noexcept { return entries_.end(); }
  size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  void clear() noexcept { entries_.clear(); }
  void reserve(size_t n) { entries_.reserve(n); }

  iterator find(std::string_view key) {
    auto it = LowerBound(key);
    return it != end() && it->first == key ? it : end();
  }
  const_iterator find(std::string_view key) const {
    auto it = const_cast<FlatStringMap*>(this)->LowerBound(key);
    return it != end() && it->first == key ? const_iterator(it) : end();
  }
  bool contains(std::string_view key) const { return find(key) != end(); }
  size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }

  V& at(std::string_view key) {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("FlatStringMap::at: no such key");
    return it->second;
  }
  const V& at(std::string_view key) const { return const_cast<FlatStringMap*>(this)->at(key); }

  V& operator[](std::string_view key) { return try_emplace(key).first->second; }

  // Adds key -> V(args...) unless the key is present; like std::map, never assigns.
  template <class... Args>
  std::pair<iterator, bool> try_emplace(std::string_view key, Args&&... args) {
    auto it = LowerBound(key);
    if (it != end() && it->first == key) return {it, false};
    it = entries_.emplace(it, std::piecewise_construct, std::forward_as_tuple(key),
                          std::forward_as_tuple(std::forward<Args>(args)...));
    return {it, true};
  }
  template <class... Args>
  std::pair<iterator, bool> emplace(std::string_view key, Args&&... args) {
    return try_emplace(key, std::forward<Args>(args)...);
  }
  // The hint is only a fast path for keys added in order (as decoders and filters do).
  template <class... Args>
  iterator emplace_hint(const_iterator hint, std::string_view key, Args&&... args) {
    if (hint == end() && (empty() || entries_.back().first < key)) {
      entries_.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                            std::forward_as_tuple(std::forward<Args>(args)...));
      return end() - 1;
    }
    return try_emplace(key, std::forward<Args>(args)...).first;
  }
  template <class M>
  std::pair<iterator, bool> insert_or_assign(std::string_view key, M&& value) {
    auto [it, added] = try_emplace(key, std::forward<M>(value));
    if (!added) it->second = std::forward<M>(value);
    return {it, added};
  }

  size_t erase(std::string_view key) {
    auto it = find(key);
    if (it == end()) return 0;
    entries_.erase(it);
    return 1;
  }
  iterator erase(const_iterator pos) { return entries_.erase(pos); }

  friend bool operator==(const FlatStringMap&, const FlatStringMap&) = default;

 private:
  iterator LowerBound(std::string_view key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const value_type& e, std::string_view k) { return e.first < k; });
  }

  std::vector<value_type> entries_;  // sorted by key, keys unique
};

// String to string: labels, annotations, StorageClass and CSI parameters.
using StringMap = FlatStringMap<std::string>;

}  // namespace xnsim
