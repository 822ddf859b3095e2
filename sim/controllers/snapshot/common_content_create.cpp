// createSnapshotContent: the VolumeSnapshotContent of a dynamic snapshot, made from its
// class and the source claim's volume, with the source claim protected meanwhile.
#include "sim/controllers/snapshot/common_controller.h"
#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/core/quote.h"

namespace xnsim::snapshot {
namespace {

constexpr std::string_view kClaimResource = "persistentvolumeclaim";

// isVolumeBoundToClaim: the volume's claimRef names the claim (and its uid, if set).
bool IsVolumeBoundToClaim(const PersistentVolume& pv, const PersistentVolumeClaim& pvc) {
  if (!pv.spec.claim_ref) return false;
  const ObjectReference& ref = *pv.spec.claim_ref;
  if (ref.name != pvc.metadata.name || ref.namespace_ != pvc.metadata.namespace_) return false;
  return ref.uid.empty() || ref.uid == pvc.metadata.uid;
}

}  // namespace

Task<StatusOr<CommonSnapshotController::ContentPtr>> CommonSnapshotController::CreateSnapshotContent(
    SnapshotPtr snapshot) {
  if (Status st = co_await EnsurePvcFinalizer(snapshot); !st.ok()) co_return st;

  // getCreateSnapshotInput
  Ptr<VolumeSnapshotClass> cls;
  Ptr<PersistentVolume> pv;
  Status input_error;
  if (const auto& class_name = snapshot->spec.volume_snapshot_class_name) {
    cls = informers_.classes.Get("", *class_name);
    if (!cls) input_error = ListerNotFound(kClassResource, *class_name);
  } else {
    input_error = GoError(Cat("failed to take snapshot ", snapshot->metadata.name, " without a snapshot class"));
  }
  if (input_error.ok()) {
    StatusOr<Ptr<PersistentVolume>> found = co_await GetVolumeFromVolumeSnapshot(snapshot);
    if (found.ok()) {
      pv = *found;
    } else {
      input_error = found.status();
    }
  }
  if (!input_error.ok()) {
    co_return GoError(Cat("failed to get input parameters to create snapshot ", snapshot->metadata.name, ": ",
                          GoQuote(input_error.message())));
  }
  const PersistentVolume& volume = *pv;
  if (!volume.spec.csi) {
    co_return GoError(Cat("cannot find CSI PersistentVolumeSource for volume ", volume.metadata.name));
  }

  VolumeSnapshotContent content;
  content.metadata.name = DynamicContentName(*snapshot);
  // ref.GetReference(snapshot), resourceVersion included.
  content.spec.volume_snapshot_ref =
      ObjectReference{ApiVersionOf(KindOf<VolumeSnapshot>::kInfo), std::string(kSnapshotKind),
                      snapshot->metadata.namespace_, snapshot->metadata.name, snapshot->metadata.uid,
                      std::to_string(snapshot->metadata.resource_version), ""};
  content.spec.volume_handle = volume.spec.csi->volume_handle;
  content.spec.volume_snapshot_class_name = cls->metadata.name;
  content.spec.deletion_policy = cls->deletion_policy;
  content.spec.driver = cls->driver;
  if (prevent_volume_mode_conversion_ && volume.spec.volume_mode) {
    content.spec.source_volume_mode = volume.spec.volume_mode;
  }

  const std::string key = SnapshotKey(*snapshot);
  StatusOr<ContentPtr> created = co_await client_.Create(content);
  ContentPtr result;
  if (created.ok()) {
    result = *created;
  } else if (created.status().code() == StatusCode::kAlreadyExists) {
    // Made by an earlier attempt (before a restart, say): reuse it.
    result = std::make_shared<const VolumeSnapshotContent>(std::move(content));
  } else {
    std::string msg = Cat("Error creating volume snapshot content object for snapshot ", key, ": ",
                          created.status().message(), ".");
    events_.Record(*snapshot, kWarning, reason::kCreateSnapshotContentFailed, msg);
    co_return GoError(ControllerUpdateError(key, created.status().message()));
  }
  events_.Record(*snapshot, kNormal, reason::kCreatingSnapshot,
                 Cat("Waiting for a snapshot ", key, " to be created by the CSI driver."));
  co_return result;
}

// ensurePVCFinalizer: the source claim keeps pvc-as-source-protection while it is
// being snapshotted.
Task<Status> CommonSnapshotController::EnsurePvcFinalizer(SnapshotPtr snapshot) {
  if (!snapshot->spec.persistent_volume_claim_name) co_return Status::Ok();
  StatusOr<Ptr<PersistentVolumeClaim>> pvc = GetClaimFromVolumeSnapshot(*snapshot);
  if (!pvc.ok()) co_return GoError(ControllerUpdateError(snapshot->metadata.name, "cannot get claim from snapshot"));
  const PersistentVolumeClaim& claim = **pvc;
  if (claim.metadata.HasFinalizer(kPvcAsSourceFinalizer)) co_return Status::Ok();
  if (claim.metadata.deletion_timestamp) {
    co_return GoError(
        ControllerUpdateError(claim.metadata.name, "cannot add finalizer on claim because it is being deleted"));
  }
  PersistentVolumeClaim copy = claim;
  copy.metadata.finalizers.emplace_back(kPvcAsSourceFinalizer);
  StatusOr<Ptr<PersistentVolumeClaim>> updated = co_await client_.Update(std::move(copy));
  if (!updated.ok()) co_return GoError(ControllerUpdateError(claim.metadata.name, updated.status().message()));
  co_return Status::Ok();
}

StatusOr<Ptr<PersistentVolumeClaim>> CommonSnapshotController::GetClaimFromVolumeSnapshot(
    const VolumeSnapshot& snapshot) const {
  if (!snapshot.spec.persistent_volume_claim_name) return GoError("the snapshot source PVC name is not specified");
  const std::string& name = *snapshot.spec.persistent_volume_claim_name;
  if (name.empty()) return GoError("the PVC name is not specified in snapshot " + SnapshotKey(snapshot));
  Ptr<PersistentVolumeClaim> pvc = informers_.claims.Get(snapshot.metadata.namespace_, name);
  if (!pvc) {
    return GoError(Cat("failed to retrieve PVC ", name, " from the lister: ",
                       GoQuote(ListerNotFound(kClaimResource, name).message())));
  }
  return pvc;
}

// getVolumeFromVolumeSnapshot: the source claim must be Bound, and its volume (a live
// GET) must point back at it.
Task<StatusOr<Ptr<PersistentVolume>>> CommonSnapshotController::GetVolumeFromVolumeSnapshot(SnapshotPtr snapshot) {
  StatusOr<Ptr<PersistentVolumeClaim>> pvc = GetClaimFromVolumeSnapshot(*snapshot);
  if (!pvc.ok()) co_return pvc.status();
  const Ptr<PersistentVolumeClaim> claim = *pvc;
  if (claim->status.phase != "Bound") {
    co_return GoError(Cat("the PVC ", claim->metadata.name,
                          " is not yet bound to a PV, will not attempt to take a snapshot"));
  }
  const std::string& pv_name = claim->spec.volume_name;
  StatusOr<Ptr<PersistentVolume>> pv = co_await client_.Get<PersistentVolume>("", pv_name);
  if (!pv.ok()) {
    co_return GoError(Cat("failed to retrieve PV ", pv_name, " from the API server: ", GoQuote(pv.status().message())));
  }
  if (!IsVolumeBoundToClaim(**pv, *claim)) co_return GoError("claim in dataSource not bound or invalid");
  co_return *pv;
}

}  // namespace xnsim::snapshot
