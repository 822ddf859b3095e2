// The PV controller's own cache of PersistentVolumes (persistentVolumeOrderedIndex):
// the newest version it has seen from the informer or from its own writes, indexed so
// that finding a volume for a claim (findBestMatchForClaim) is a lookup: volumes by
// the claim their claimRef names, and unclaimed volumes by class in capacity order.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sim/api/objects.h"
#include "sim/controllers/kcm/pv_controller_rules.h"

namespace xnsim::pv {

class VolumeIndex {
 public:
  // Keeps `volume` unless the cached one has a newer resourceVersion (storeObjectUpdate);
  // false when it was older. `replaced` receives the version it replaced, or null.
  bool Store(Ptr<PersistentVolume> volume, Ptr<PersistentVolume>* replaced = nullptr);
  Ptr<PersistentVolume> Erase(std::string_view name);  // the erased version, or null
  Ptr<PersistentVolume> Get(std::string_view name) const;
  size_t size() const { return by_name_.size(); }

  // Names of the volumes whose claimRef names the claim: views of the cached volumes'
  // names, valid until the index next changes.
  const std::set<std::string_view>& VolumesNaming(const ClaimKeyRef& claim) const;

  // findBestMatchForClaim: among volumes whose access modes include the claim's, the
  // smallest set of modes wins; in it, a volume pre-bound to the claim (claimRef with
  // its name and its uid or none), else the smallest Available unclaimed volume of the
  // claim's class, capacity, volume mode and selector. With delay_binding
  // (WaitForFirstConsumer) only pre-bound volumes count: the scheduler binds the rest.
  Ptr<PersistentVolume> FindBestMatch(const PersistentVolumeClaim& claim, bool delay_binding) const;

 private:
  void Index(const PersistentVolume& v);
  void Unindex(const PersistentVolume& v);

  // The cached volumes, hashed by their own names (no copy of a name is kept); looked
  // up only. Mutable: a newer version replaces a volume in place.
  struct Cached {
    mutable Ptr<PersistentVolume> volume;
  };
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>()(name); }
    size_t operator()(const Cached& c) const { return (*this)(c.volume->metadata.name); }
  };
  struct NameEqual {
    using is_transparent = void;
    static std::string_view Name(std::string_view name) { return name; }
    static std::string_view Name(const Cached& c) { return c.volume->metadata.name; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const { return Name(a) == Name(b); }
  };
  std::unordered_set<Cached, NameHash, NameEqual> by_name_;
  // Views of the names of by_name_'s volumes; looked up only.
  KeyMap<std::set<std::string_view>> by_claim_;
  // class -> (capacity, name) of volumes without claimRef, ascending.
  std::unordered_map<std::string, std::set<std::pair<Quantity, std::string>>> unclaimed_by_class_;
};

}  // namespace xnsim::pv
