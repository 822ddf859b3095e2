// The PV controller's own cache of PersistentVolumes (persistentVolumeOrderedIndex):
// the newest version it has seen from the informer or from its own writes, indexed so
// that finding a volume for a claim (findBestMatchForClaim) is a lookup: volumes by
// the claim their claimRef names, and unclaimed volumes by class in capacity order.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
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

  // Names of the volumes whose claimRef names the claim.
  const std::set<std::string>& VolumesNaming(const ClaimKeyRef& claim) const;

  // findBestMatchForClaim: among volumes whose access modes include the claim's, the
  // smallest set of modes wins; in it, a volume pre-bound to the claim (claimRef with
  // its name and its uid or none), else the smallest Available unclaimed volume of the
  // claim's class, capacity, volume mode and selector. With delay_binding
  // (WaitForFirstConsumer) only pre-bound volumes count: the scheduler binds the rest.
  Ptr<PersistentVolume> FindBestMatch(const PersistentVolumeClaim& claim, bool delay_binding) const;

 private:
  void Index(const PersistentVolume& v);
  void Unindex(const PersistentVolume& v);

  std::unordered_map<std::string, Ptr<PersistentVolume>> by_name_;            // looked up only
  ClaimKeyMap<std::set<std::string>> by_claim_;                               // looked up only
  // class -> (capacity, name) of volumes without claimRef, ascending.
  std::unordered_map<std::string, std::set<std::pair<Quantity, std::string>>> unclaimed_by_class_;
};

}  // namespace xnsim::pv
