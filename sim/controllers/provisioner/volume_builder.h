// The PersistentVolume a successful CreateVolume becomes (SEMANTICS.md 3.2 step 9):
// first the CSI part external-provisioner's Provision builds, then what the library's
// provisionClaimOperation adds before saving it.
#pragma once

#include <string>

#include "fake-csi/csi.h"
#include "sim/api/objects.h"

namespace xnsim {

struct CsiVolumeFacts {
  std::string pv_name;
  std::string driver;
  std::string identity;      // storage.kubernetes.io/csiProvisionerIdentity
  std::string fs_type;       // from the StorageClass parameters; "" for none
  int64_t capacity_bytes = 0;  // the response's, or the request when it said 0
  bool topology = false;     // the driver reports accessibility constraints
};

// Provision's PV: name, CSI source (handle, volume context + provisioner identity,
// fsType unless Block), capacity, access modes and volume mode from the claim, reclaim
// policy and mount options from the class, node affinity from accessible topology,
// and the deletion-secret annotations (empty: xnsim has no secrets).
PersistentVolume BuildCsiVolume(const PersistentVolumeClaim& claim, const StorageClass& sc,
                                const CsiVolumeFacts& facts, const csi::Volume& volume);

// provisionClaimOperation's additions: claimRef to this claim incarnation, the PV
// finalizer, pv.kubernetes.io/provisioned-by and the claim's class name.
void CompleteProvisionedVolume(PersistentVolume& pv, const PersistentVolumeClaim& claim,
                               const StorageClass& sc);

}  // namespace xnsim
