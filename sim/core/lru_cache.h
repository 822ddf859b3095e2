// LruCache: a map of string keys with a fixed capacity that drops its least recently
// used entry, as github.com/golang/groupcache/lru does for client-go's event caches:
// Get and Put both make an entry the most recent, and a Put past the capacity drops
// the oldest. Lookups take a string_view, so a caller can build keys in a reused
// buffer and pay for a copy only when an entry is added.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace xnsim {

template <class V>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The value under key, made the most recent; nullptr when absent.
  V* Get(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->second;
  }

  // Stores value under key as the most recent entry, dropping the oldest entry when
  // the cache would hold more than its capacity.
  V& Put(std::string_view key, V value) {
    if (auto it = index_.find(key); it != index_.end()) {
      entries_.splice(entries_.begin(), entries_, it->second);
      return it->second->second = std::move(value);
    }
    entries_.emplace_front(std::string(key), std::move(value));
    index_.emplace(entries_.front().first, entries_.begin());
    if (entries_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
    return entries_.front().second;
  }

  size_t size() const { return entries_.size(); }

 private:
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Entries = std::list<std::pair<std::string, V>>;

  size_t capacity_;
  Entries entries_;  // most recent first
  // Keys are views of the entries' own strings, which list nodes never move.
  std::unordered_map<std::string_view, typename Entries::iterator, ViewHash, std::equal_to<>>
      index_;
};

}  // namespace xnsim
