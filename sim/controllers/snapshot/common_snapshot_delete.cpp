// A snapshot with a deletionTimestamp: the restore check (SnapshotDeletePending), the
// content's deletion by policy, the snapshot's own finalizers, and the source claim's
// pvc-as-source-protection finalizer, which goes once no unready snapshot needs it.
#include "sim/controllers/snapshot/api_patch.h"
#include "sim/controllers/snapshot/common_controller.h"
#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/core/quote.h"

namespace xnsim::snapshot {

Task<Status> CommonSnapshotController::ProcessSnapshotWithDeletionTimestamp(SnapshotPtr snapshot) {
  std::string content_name;
  if (IsBoundVolumeSnapshotContentNameSet(*snapshot)) {
    content_name = *snapshot->status->bound_volume_snapshot_content_name;
  }
  // A dynamic snapshot may have lost its status write after its content was created.
  if (content_name.empty() && snapshot->spec.persistent_volume_claim_name) {
    content_name = DynamicContentName(*snapshot);
  }
  ContentPtr content = content_name.empty() ? nullptr : informers_.contents.Get("", content_name);
  bool delete_content = false;
  // Only a content that points back at this very snapshot is touched.
  if (content && IsVolumeSnapshotRefSet(*snapshot, *content)) {
    delete_content = content->spec.deletion_policy == "Delete";
  } else {
    content = nullptr;
  }
  co_return co_await CheckAndRemoveSnapshotFinalizersAndCheckAndDeleteContent(snapshot, content, delete_content);
}

Task<Status> CommonSnapshotController::CheckAndRemoveSnapshotFinalizersAndCheckAndDeleteContent(
    SnapshotPtr snapshot, ContentPtr content, bool delete_content) {
  if (!IsSnapshotDeletionCandidate(*snapshot)) co_return Status::Ok();

  // SEMANTICS.md 4: only a Pending claim in the snapshot's namespace with
  // spec.dataSource = this snapshot blocks. The real controller does not requeue here
  // (a TODO in its source): the check runs again on the next event or resync.
  if (content && IsVolumeBeingCreatedFromSnapshot(*snapshot)) {
    events_.Record(*snapshot, kWarning, reason::kSnapshotDeletePending, "Snapshot is being used to restore a PVC");
    co_return Status::Ok();
  }
  // Whatever the policy, tell the sidecar: it acts once the content itself is deleted.
  if (content) {
    StatusOr<ContentPtr> annotated = co_await SetAnnVolumeSnapshotBeingDeleted(content);
    if (!annotated.ok()) co_return annotated.status();
    content = *annotated;
  }
  if (content && delete_content) {
    Status st = co_await client_.Delete<VolumeSnapshotContent>("", content->metadata.name);
    if (!st.ok()) {
      events_.Record(*snapshot, kWarning, reason::kSnapshotContentObjectDeleteError,
                     "Failed to delete snapshot content API object");
      co_return GoError(Cat("failed to delete VolumeSnapshotContent ", content->metadata.name,
                            " from API server: ", GoQuote(st.message())));
    }
  }
  // The bound finalizer stays while the content (policy Delete) is being deleted by the
  // sidecar; the content's disappearance syncs this snapshot again.
  const bool remove_bound = !(content && delete_content);
  co_return co_await RemoveSnapshotFinalizer(snapshot, true, remove_bound);
}

bool CommonSnapshotController::IsVolumeBeingCreatedFromSnapshot(const VolumeSnapshot& snapshot) const {
  bool pending = false;
  informers_.claims.ForEach(snapshot.metadata.namespace_, [&](const Ptr<PersistentVolumeClaim>& pvc) {
    const auto& ds = pvc->spec.data_source;
    if (pending || !ds || ds->name != snapshot.metadata.name) return;
    if (ds->kind == kSnapshotKind && ds->api_group == kSnapshotGroup && pvc->status.phase == "Pending") pending = true;
  });
  return pending;
}

Task<Status> CommonSnapshotController::CheckAndRemovePvcFinalizer(SnapshotPtr snapshot, bool skip_current_snapshot) {
  if (!snapshot->spec.persistent_volume_claim_name) co_return Status::Ok();  // only dynamic snapshots protect a claim
  StatusOr<Ptr<PersistentVolumeClaim>> pvc = GetClaimFromVolumeSnapshot(*snapshot);
  if (!pvc.ok()) co_return Status::Ok();  // the claim is gone: nothing to remove
  if (!(*pvc)->metadata.HasFinalizer(kPvcAsSourceFinalizer)) co_return Status::Ok();
  if (IsPvcBeingUsed(**pvc, *snapshot, skip_current_snapshot)) co_return Status::Ok();
  co_return co_await RemovePvcFinalizer(*pvc);
}

// isPVCBeingUsed: some unready dynamic snapshot in the namespace (this one unless
// skipped) still takes its data from the claim.
bool CommonSnapshotController::IsPvcBeingUsed(const PersistentVolumeClaim& pvc, const VolumeSnapshot& snapshot,
                                              bool skip_current_snapshot) const {
  bool used = false;
  informers_.snapshots.ForEach(snapshot.metadata.namespace_, [&](const SnapshotPtr& snap) {
    if (used || (skip_current_snapshot && snap->metadata.name == snapshot.metadata.name)) return;
    const auto& source = snap->spec.persistent_volume_claim_name;
    if (source && *source == pvc.metadata.name && !IsSnapshotReady(*snap)) used = true;
  });
  return used;
}

// removePVCFinalizer. Its RetryOnConflict never retries: the error it sees is already
// wrapped and no longer a Conflict.
Task<Status> CommonSnapshotController::RemovePvcFinalizer(Ptr<PersistentVolumeClaim> pvc) {
  StatusOr<Ptr<PersistentVolumeClaim>> live =
      co_await client_.Get<PersistentVolumeClaim>(pvc->metadata.namespace_, pvc->metadata.name);
  if (!live.ok()) co_return live.status();
  PersistentVolumeClaim copy = **live;
  copy.metadata.finalizers = WithoutFinalizer(copy.metadata.finalizers, kPvcAsSourceFinalizer);
  StatusOr<Ptr<PersistentVolumeClaim>> written = co_await client_.Update(std::move(copy));
  if (!written.ok()) co_return GoError(ControllerUpdateError(pvc->metadata.name, written.status().message()));
  co_return Status::Ok();
}

}  // namespace xnsim::snapshot
