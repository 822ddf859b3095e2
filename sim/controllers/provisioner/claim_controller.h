// sig-storage-lib-external-provisioner's claim side (controller/controller.go,
// volume_store.go) around the csiProvisioner: the claim work queue keyed by PVC UID,
// syncClaim with claimsInProgress and the v6.0+ slow set, shouldProvision,
// provisionClaimOperation with its events and error handling (reschedule), and the
// volume store that saves the PV and retries in the background (SEMANTICS.md 3.1,
// 3.2, 3.6, 3.10).
#pragma once

#include <string>
#include <unordered_map>

#include "sim/controllers/provisioner/csi_provisioner.h"
#include "sim/controllers/provisioner/sidecar.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

class ClaimController {
 public:
  ClaimController(Sidecar& sidecar, CsiProvisioner& provisioner);
  ClaimController(const ClaimController&) = delete;
  ClaimController& operator=(const ClaimController&) = delete;

  // For capacity studies (ProcessLoad).
  const WorkQueue& queue() const { return queue_; }
  const WorkQueue& unsaved_queue() const { return unsaved_queue_; }

 private:
  // provisionClaimOperation's (state, error): ok = provisioned, stop = errStopProvision.
  struct OperationResult {
    ProvisioningState state = ProvisioningState::kFinished;
    bool ok = false;
    bool stop = false;
    std::string error;
  };

  Task<ReconcileResult> SyncClaimHandler(std::string uid);
  Task<ReconcileResult> SyncClaim(Ptr<PersistentVolumeClaim> claim);
  StatusOr<bool> ShouldProvision(const PersistentVolumeClaim& claim) const;
  Task<OperationResult> ProvisionClaimOperation(Ptr<PersistentVolumeClaim> claim);
  // The attempt proper, after its Provisioning event.
  Task<OperationResult> ProvisionAttempt(Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc);
  // The audit's record of an attempt, when it keeps history.
  void RecordAttempt(const PersistentVolumeClaim& claim, SimTime started,
                     const OperationResult& r) const;
  Task<OperationResult> ProvisionVolumeErrorHandling(Ptr<PersistentVolumeClaim> claim,
                                                     ProvisioningState state, std::string error);
  Task<Status> RescheduleProvisioning(Ptr<PersistentVolumeClaim> claim);
  // delayProvisioningIfRecentlyInfeasible / markForSlowRetry (v6.0+).
  bool RecentlyInfeasible(const PersistentVolumeClaim& claim);
  void MarkForSlowRetry(const PersistentVolumeClaim& claim);
  // The queue store: save now, or remember it and retry in the background.
  Task<void> StoreVolume(Ptr<PersistentVolumeClaim> claim, Ptr<StorageClass> sc, ProvisionOutcome outcome);
  Task<Status> SaveVolume(PersistentVolume volume);
  Task<ReconcileResult> SaveUnsavedVolume(std::string name);

  Sidecar& s_;
  CsiProvisioner& provisioner_;
  // Claims whose CreateVolume may still run in the driver, by UID: retried even after
  // the PVC object is gone.
  std::unordered_map<std::string, Ptr<PersistentVolumeClaim>> claims_in_progress_;
  struct SlowEntry {
    SimTime since = 0;
    std::string class_uid;
  };
  std::unordered_map<std::string, SlowEntry> slow_set_;          // by claim UID; looked up only
  std::unordered_map<std::string, PersistentVolume> unsaved_;    // by PV name; looked up only
  // Declared last, destroyed first: their running reconciles use the members above.
  WorkQueue unsaved_queue_;
  WorkQueue queue_;
};

}  // namespace xnsim
