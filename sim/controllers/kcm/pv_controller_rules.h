// The small predicates the PV controller decides with, as component-helpers'
// storage/volume helpers define them (GetPersistentVolumeClaimClass,
// IsVolumeBoundToClaim, CheckAccessModes, CheckVolumeModeMismatches, ...), each in one
// place so that matching, binding and the resync's "nothing to do" test agree.
#pragma once

#include <string>
#include <string_view>

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
bool SelectorMatches(const LabelSelector& selector, const std::map<std::string, std::string>& labels);

// checkVolumeSatisfyClaim: "" when the volume can serve the claim, else the reason.
std::string CheckVolumeSatisfyClaim(const PersistentVolume& volume, const PersistentVolumeClaim& claim);

}  // namespace xnsim::pv
