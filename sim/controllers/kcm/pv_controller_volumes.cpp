// syncVolume and the reclaim policy: what the PV controller does with one volume
// (SEMANTICS.md 2 rule 4), following pv_controller.go branch by branch.
#include <utility>

#include "sim/controllers/kcm/pv_controller.h"
#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_rules.h"
#include "sim/core/quote.h"

namespace xnsim {

using namespace pv;  // NOLINT: the keys and rules are this file's vocabulary

namespace {
bool ReleasedOrFailed(const PersistentVolume& v) {
  return v.status.phase == "Released" || v.status.phase == "Failed";
}
}  // namespace

Task<Status> PersistentVolumeController::SyncVolume(VolumePtr volume) {
  if (!volume->spec.claim_ref || volume->spec.claim_ref->uid.empty()) {
    // Unused, or pre-bound to a claim whose sync will finish the binding.
    auto r = co_await UpdateVolumePhase(volume, "Available", "");
    co_return r.status();
  }
  // The claimRef of the version being synced, read in place: `synced` keeps it alive
  // when `volume` moves on to a written version (a copy of its seven strings per
  // resync of every volume waiting for its claim was the sync's largest cost).
  const VolumePtr synced = volume;
  const ObjectReference& ref = *synced->spec.claim_ref;
  ClaimPtr claim = CachedClaim(pv::KeyOf(ref));
  if (!claim && !ReleasedOrFailed(*volume)) {
    // The claim may just not have reached the cache (a PV saved by a provisioner under
    // load): ask the API server before releasing the volume.
    auto live = co_await client_.Get<PersistentVolumeClaim>(ref.namespace_, ref.name);
    if (!live.ok() && live.status().code() != StatusCode::kNotFound) co_return live.status();
    if (live.ok()) claim = *live;
  }
  if (claim && claim->metadata.uid != ref.uid) {
    // Maybe the cache is behind and a claim of the same name was re-created.
    auto live = co_await client_.Get<PersistentVolumeClaim>(ref.namespace_, ref.name);
    if (!live.ok() && live.status().code() != StatusCode::kNotFound) co_return live.status();
    claim = live.ok() && (*live)->metadata.uid == ref.uid ? *live : nullptr;
  }

  if (!claim) {
    // The claim is gone: release the volume and apply its reclaim policy. A Failed
    // volume stays Failed so the user sees that something went wrong.
    if (!ReleasedOrFailed(*volume)) {
      auto released = co_await UpdateVolumePhase(volume, "Released", "");
      if (!released.ok()) co_return released.status();
      volume = *released;
    }
    co_return co_await ReclaimVolume(std::move(volume));
  }
  if (claim->spec.volume_name.empty()) {
    if (VolumeModeMismatch(*claim, *volume)) {
      recorder_.Record(*volume, kWarning, kReasonVolumeMismatch,
                       "Cannot bind PersistentVolume to requested PersistentVolumeClaim " +
                           GoQuote(claim->metadata.name) + " due to incompatible volumeMode.");
      recorder_.Record(*claim, kWarning, kReasonVolumeMismatch,
                       "Cannot bind PersistentVolume " + GoQuote(volume->metadata.name) +
                           " to requested PersistentVolumeClaim due to incompatible volumeMode.");
      co_return Status::Ok();
    }
    // The volume is bound and the claim not yet: the claim's sync finishes the binding.
    // Queueing it now is what binds a freshly provisioned volume without waiting for
    // the resync.
    claim_queue_.Add(ClaimKey(*claim));
    co_return Status::Ok();
  }
  if (claim->spec.volume_name == volume->metadata.name) {
    auto bound = co_await UpdateVolumePhase(volume, "Bound", "");
    co_return bound.status();
  }
  // The claim is bound to another volume.
  if (HasAnnotation(volume->metadata, kAnnProvisionedBy) &&
      volume->spec.persistent_volume_reclaim_policy == "Delete") {
    // Provisioned for this claim, which got bound elsewhere: not needed any more.
    if (!ReleasedOrFailed(*volume)) {
      auto released = co_await UpdateVolumePhase(volume, "Released", "");
      if (!released.ok()) co_return released.status();
      volume = *released;
    }
    co_return co_await ReclaimVolume(std::move(volume));
  }
  // Bound by the controller: undo it; pre-bound by the user: keep the name, drop the uid.
  co_return co_await UnbindVolume(std::move(volume));
}

Task<Status> PersistentVolumeController::ReclaimVolume(VolumePtr volume) {
  auto migrated = volume->metadata.annotations.find(std::string(kAnnMigratedTo));
  if (migrated != volume->metadata.annotations.end() && !migrated->second.empty()) {
    co_return Status::Ok();  // the external provisioner handles migrated volumes
  }
  const std::string& policy = volume->spec.persistent_volume_reclaim_policy;
  if (policy == "Retain") co_return Status::Ok();
  if (policy == "Recycle") {
    operations_.Run("recycle-" + volume->metadata.name + "[" + volume->metadata.uid + "]",
                    RecycleVolumeOperation(volume));
    co_return Status::Ok();
  }
  if (policy == "Delete") {
    operations_.Run("delete-" + volume->metadata.name + "[" + volume->metadata.uid + "]",
                    DeleteVolumeOperation(volume));
    co_return Status::Ok();
  }
  auto failed = co_await UpdateVolumePhaseWithEvent(volume, "Failed", kWarning,
                                                    kReasonVolumeUnknownReclaimPolicy,
                                                    kMsgUnknownReclaimPolicy);
  co_return failed.status();
}

// deleteVolumeOperation. A volume whose provisioned-by annotation names an external
// provisioner is left to it (it deletes the backend volume and the PV). xnsim has no
// in-tree volume plugins, so any other volume fails to find a deleter.
Task<Status> PersistentVolumeController::DeleteVolumeOperation(VolumePtr volume) {
  auto live = co_await client_.Get<PersistentVolume>("", volume->metadata.name);
  if (!live.ok()) co_return Status::Ok();
  if (!IsVolumeReleased(**live)) co_return Status::Ok();  // no longer needs deletion
  auto by = volume->metadata.annotations.find(std::string(kAnnProvisionedBy));
  if (by != volume->metadata.annotations.end() && !by->second.empty() &&
      !by->second.starts_with("kubernetes.io/")) {
    co_return Status::Ok();  // external deleter requested
  }
  const std::string error = NoDeleterMessage(volume->metadata.name);
  auto failed = co_await UpdateVolumePhaseWithEvent(volume, "Failed", kWarning,
                                                    kReasonVolumeFailedDelete, error);
  if (!failed.ok()) co_return failed.status();
  co_return InternalError(error);  // backs the operation off, as the real one does
}

// recycleVolumeOperation. xnsim has no recycler plugins.
Task<Status> PersistentVolumeController::RecycleVolumeOperation(VolumePtr volume) {
  auto live = co_await client_.Get<PersistentVolume>("", volume->metadata.name);
  if (!live.ok()) co_return Status::Ok();
  if (!IsVolumeReleased(**live)) co_return Status::Ok();
  auto failed = co_await UpdateVolumePhaseWithEvent(*live, "Failed", kWarning,
                                                    kReasonVolumeFailedRecycle, kMsgNoRecycler);
  co_return failed.status();
}

// isVolumeReleased: bound to a claim that is gone, or that is bound to another volume.
bool PersistentVolumeController::IsVolumeReleased(const PersistentVolume& volume) const {
  if (!volume.spec.claim_ref || volume.spec.claim_ref->uid.empty()) return false;
  ClaimPtr claim = CachedClaim(pv::KeyOf(*volume.spec.claim_ref));
  if (claim && claim->metadata.uid == volume.spec.claim_ref->uid) {
    return !claim->spec.volume_name.empty() && claim->spec.volume_name != volume.metadata.name;
  }
  return true;
}

}  // namespace xnsim
