// sig-storage-lib-external-provisioner's volume side (syncVolume,
// handleProtectionFinalizer, shouldDelete, deleteVolumeOperation): PVs this driver
// provisioned get the external-provisioner finalizer while Bound with reclaim policy
// Delete; once Released they are deleted in the driver (DeleteVolume), then the PV
// object is deleted and the finalizer removed (SEMANTICS.md 2 step 4, 3.10).
#pragma once

#include <string>

#include "sim/controllers/provisioner/csi_provisioner.h"
#include "sim/controllers/provisioner/sidecar.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

class VolumeController {
 public:
  VolumeController(Sidecar& sidecar, CsiProvisioner& provisioner);
  VolumeController(const VolumeController&) = delete;
  VolumeController& operator=(const VolumeController&) = delete;

  const WorkQueue& queue() const { return queue_; }  // for capacity studies (ProcessLoad)

 private:
  Task<ReconcileResult> SyncVolume(std::string name);
  bool IsProvisionerForVolume(const PersistentVolume& volume) const;
  Task<StatusOr<Ptr<PersistentVolume>>> HandleProtectionFinalizer(Ptr<PersistentVolume> volume);
  bool ShouldDelete(const PersistentVolume& volume) const;
  Task<Status> DeleteVolumeOperation(Ptr<PersistentVolume> volume);

  Sidecar& s_;
  CsiProvisioner& provisioner_;
  WorkQueue queue_;  // keyed by PV name
};

}  // namespace xnsim
