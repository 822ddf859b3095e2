#include "sim/controllers/provisioner/volume_controller.h"

#include <algorithm>

#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/finalizer_patch.h"
#include "sim/controllers/provisioner/messages.h"

namespace xnsim {

namespace msg = provisioner_messages;

VolumeController::VolumeController(Sidecar& sidecar, CsiProvisioner& provisioner)
    : s_(sidecar),
      provisioner_(provisioner),
      queue_(sidecar.engine,
             WorkQueueOptions{.name = sidecar.component + "/volumes",
                              .workers = sidecar.options.worker_threads,
                              .backoff = {sidecar.options.retry_interval_start,
                                          sidecar.options.retry_interval_max}},
             [this](const std::string& name) { return SyncVolume(name); }) {
  s_.volumes.AddHandlers({
      .on_add = [this](const Ptr<PersistentVolume>& v) { queue_.Add(v->metadata.name); },
      .on_update = [this](const Ptr<PersistentVolume>&,
                          const Ptr<PersistentVolume>& v) { queue_.Add(v->metadata.name); },
      .on_delete = [this](const Ptr<PersistentVolume>& v) { queue_.Forget(v->metadata.name); },
  });
}

Task<ReconcileResult> VolumeController::SyncVolume(std::string name) {
  Ptr<PersistentVolume> volume = s_.volumes.Get("", name);
  if (!volume || !IsProvisionerForVolume(*volume)) co_return ReconcileResult::Done();
  StatusOr<Ptr<PersistentVolume>> handled = co_await HandleProtectionFinalizer(std::move(volume));
  if (!handled.ok()) co_return ReconcileResult::Retry();
  volume = *std::move(handled);
  if (!ShouldDelete(*volume)) co_return ReconcileResult::Done();
  Status deleted = co_await DeleteVolumeOperation(std::move(volume));
  co_return deleted.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
}

bool VolumeController::IsProvisionerForVolume(const PersistentVolume& volume) const {
  const std::string_view migrated = Annotation(volume.metadata, kAnnMigratedTo);
  if (HasAnnotation(volume.metadata, kAnnProvisionedBy)) {
    return Annotation(volume.metadata, kAnnProvisionedBy) == s_.driver_name || migrated == s_.driver_name;
  }
  // Statically provisioned: a CSI volume of this driver.
  if (volume.spec.csi) return volume.spec.csi->driver == s_.driver_name;
  return migrated == s_.driver_name;
}

Task<StatusOr<Ptr<PersistentVolume>>> VolumeController::HandleProtectionFinalizer(
    Ptr<PersistentVolume> volume) {
  const std::string& policy = volume->spec.persistent_volume_reclaim_policy;
  const bool has = volume->metadata.HasFinalizer(kFinalizerPV);
  // The finalizer guards a Bound volume that must be cleaned up; Retain/Recycle drop it.
  const bool add = !has && policy == "Delete" && !volume->metadata.deletion_timestamp &&
                   volume->status.phase == "Bound";
  const bool remove = has && (policy == "Retain" || policy == "Recycle");
  if (!add && !remove) co_return volume;
  StatusOr<Ptr<PersistentVolume>> patched = co_await PatchFinalizers<PersistentVolume>(
      s_.client, "", volume->metadata.name, [add](std::vector<std::string>& finalizers) {
        if (add) {
          if (std::find(finalizers.begin(), finalizers.end(), kFinalizerPV) == finalizers.end()) {
            finalizers.emplace_back(kFinalizerPV);
          }
        } else {
          finalizers = WithoutFinalizer(finalizers, kFinalizerPV);
        }
      });
  co_return patched;
}

bool VolumeController::ShouldDelete(const PersistentVolume& volume) const {
  // The finalizer gone from a deleting volume: already cleaned up.
  if (!volume.metadata.HasFinalizer(kFinalizerPV) && volume.metadata.deletion_timestamp) return false;
  return volume.status.phase == "Released" && volume.spec.persistent_volume_reclaim_policy == "Delete";
}

Task<Status> VolumeController::DeleteVolumeOperation(Ptr<PersistentVolume> volume) {
  const std::string name = volume->metadata.name;
  Status st = co_await provisioner_.Delete(volume);
  if (!st.ok()) {
    s_.library_events.Record(*volume, "Warning", msg::kReasonVolumeFailedDelete, st.message());
    co_return st;
  }
  s_.Trace("volume-deleted", ObjectLabel("PersistentVolume", "", name), volume->spec.csi->volume_handle);
  // The backend volume is gone: delete the object, then let it go.
  Status deleted = co_await s_.client.Delete<PersistentVolume>("", name);
  if (!deleted.ok()) co_return deleted;
  if (volume->metadata.finalizers.empty()) co_return Status::Ok();
  Ptr<PersistentVolume> cached = s_.volumes.Get("", name);
  if (!cached || !cached->metadata.HasFinalizer(kFinalizerPV)) co_return Status::Ok();
  StatusOr<Ptr<PersistentVolume>> patched = co_await PatchFinalizers<PersistentVolume>(
      s_.client, "", name, [](std::vector<std::string>& finalizers) {
        finalizers = WithoutFinalizer(finalizers, kFinalizerPV);
      });
  if (!patched.ok() && patched.status().code() != StatusCode::kNotFound) co_return patched.status();
  co_return Status::Ok();
}

}  // namespace xnsim
