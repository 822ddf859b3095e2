// The small predicates the PV controller decides with, as component-helpers'
// storage/volume helpers define them (GetPersistentVolumeClaimClass,
// IsVolumeBoundToClaim, CheckAccessModes, CheckVolumeModeMismatches, ...), each in one
// place so that matching, binding and the resync's "nothing to do" test agree.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "sim/api/name_order.h"
#include "sim/api/objects.h"
#include "sim/api/well_known.h"

namespace xnsim::pv {

bool HasAnnotation(const ObjectMeta& meta, std::string_view key);

// "ns/name": the claim's key in queues and indexes (claimToClaimKey).
std::string ClaimKey(std::string_view ns, std::string_view name);
inline std::string ClaimKey(const PersistentVolumeClaim& c) {
  return ClaimKey(c.metadata.namespace_, c.metadata.name);
}
inline std::string ClaimKey(const ObjectReference& ref) { return ClaimKey(ref.namespace_, ref.name); }

// A claim's key as its two parts (views), to look up "ns/name" keys without building
// one: the cache and the indexes are read far more often than they gain a key.
struct ClaimKeyRef {
  std::string_view ns, name;
  std::string str() const { return ClaimKey(ns, name); }
};
inline ClaimKeyRef KeyOf(const PersistentVolumeClaim& c) { return {c.metadata.namespace_, c.metadata.name}; }
inline ClaimKeyRef KeyOf(const ObjectReference& ref) { return {ref.namespace_, ref.name}; }
// A key made by ClaimKey, as its parts (views into `key`).
inline ClaimKeyRef SplitClaimKey(std::string_view key) {
  const size_t slash = key.find('/');
  return {key.substr(0, slash), key.substr(slash + 1)};
}

// Hash and equality of string keys (volume names, "ns/name" claim keys) that also
// accept views, and a claim key as a ClaimKeyRef. For hashed containers that are
// looked up only or iterated in sorted order, so the hash never decides an order.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return Mix(kSeed, key); }
  size_t operator()(const ClaimKeyRef& k) const { return Mix(Mix(Mix(kSeed, k.ns), "/"), k.name); }

 private:
  static constexpr uint64_t kSeed = 14695981039346656037ULL;  // FNV-1a, byte by byte
  static uint64_t Mix(uint64_t h, std::string_view bytes) {
    for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
  }
};
struct KeyEqual {
  using is_transparent = void;
  static bool Same(std::string_view key, const ClaimKeyRef& k) {
    return key.size() == k.ns.size() + 1 + k.name.size() && key.starts_with(k.ns) &&
           key[k.ns.size()] == '/' && key.ends_with(k.name);
  }
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  bool operator()(std::string_view a, const ClaimKeyRef& b) const { return Same(a, b); }
  bool operator()(const ClaimKeyRef& a, std::string_view b) const { return Same(b, a); }
};
template <class V>
using KeyMap = std::unordered_map<std::string, V, KeyHash, KeyEqual>;
using KeySet = std::unordered_set<std::string, KeyHash, KeyEqual>;

// The byte order of string keys (std::string's own order), also accepting a claim key
// as a ClaimKeyRef: it compares as the "ns/name" it stands for, without building it.
struct KeyLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return CompareNames(a, b) < 0; }
  bool operator()(std::string_view a, const ClaimKeyRef& b) const { return Compare(b, a) > 0; }
  bool operator()(const ClaimKeyRef& a, std::string_view b) const { return Compare(a, b) < 0; }

 private:
  // <0, 0 or >0 as ClaimKey(k.ns, k.name).compare(key).
  static int Compare(const ClaimKeyRef& k, std::string_view key) {
    if (const int c = CompareNames(k.ns, key.substr(0, k.ns.size())); c != 0) return c;
    if (key.size() == k.ns.size()) return 1;  // key is k.ns itself: shorter
    if (key[k.ns.size()] != '/') return '/' < static_cast<unsigned char>(key[k.ns.size()]) ? -1 : 1;
    return CompareNames(k.name, key.substr(k.ns.size() + 1));
  }
};
// String keys in byte order, for sets that are walked in key order (the resync's).
using OrderedKeySet = std::set<std::string, KeyLess>;

// The beta storage-class annotation wins over spec.storageClassName; "" when neither.
using ::xnsim::ClaimClass;  // sim/api/well_known.h
std::string_view VolumeClass(const PersistentVolume& volume);
// The claim asked for a class, even "" (PersistentVolumeClaimHasClass).
bool ClaimHasClass(const PersistentVolumeClaim& claim);

// claimRef names the claim, and its uid is the claim's or still empty (pre-bound).
bool IsVolumeBoundToClaim(const PersistentVolume& volume, const PersistentVolumeClaim& claim);
// Every access mode of the claim is one of the volume's.
bool AccessModesContained(const std::vector<std::string>& requested,
                          const std::vector<std::string>& offered);
// Filesystem vs Block, an unset mode meaning Filesystem.
bool VolumeModeMismatch(const PersistentVolumeClaim& claim, const PersistentVolume& volume);
// spec.resources.requests.storage (zero when absent).
Quantity RequestedStorage(const PersistentVolumeClaim& claim);
Quantity VolumeCapacity(const PersistentVolume& volume);  // spec.capacity.storage
bool SelectorMatches(const LabelSelector& selector, const StringMap& labels);

// checkVolumeSatisfyClaim: "" when the volume can serve the claim, else the reason.
std::string CheckVolumeSatisfyClaim(const PersistentVolume& volume, const PersistentVolumeClaim& claim);

}  // namespace xnsim::pv
