// snapshot-controller's writes: the snapshot's status (from its content, or an error),
// the snapshot and content finalizers, and the being-deleted annotation on a content.
#include "sim/controllers/snapshot/api_patch.h"
#include "sim/controllers/snapshot/common_controller.h"
#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/controllers/snapshot/snapshot_status.h"

namespace xnsim::snapshot {

// updateSnapshotStatus: re-reads the snapshot (a live GET), copies what changed from
// the content and records SnapshotCreated / SnapshotReady on the transitions.
Task<StatusOr<CommonSnapshotController::SnapshotPtr>> CommonSnapshotController::UpdateSnapshotStatus(
    SnapshotPtr snapshot, ContentPtr content) {
  const std::string key = SnapshotKey(*snapshot);
  StatusOr<SnapshotPtr> live =
      co_await client_.Get<VolumeSnapshot>(snapshot->metadata.namespace_, snapshot->metadata.name);
  if (!live.ok()) co_return GoError(Cat("error get snapshot ", key, " from api server: ", live.status().message()));
  SnapshotStatusUpdate next = SnapshotStatusFromContent((*live)->status, *content);
  if (!next.updated) co_return *live;

  VolumeSnapshot copy = **live;
  copy.status = std::move(next.status);
  // The events go out before the write, as in the real controller.
  if (!IsSnapshotCreated(**live) && IsSnapshotCreated(copy)) {
    events_.Record(*snapshot, kNormal, reason::kSnapshotCreated,
                   Cat("Snapshot ", key, " was successfully created by the CSI driver."));
  }
  if (!IsSnapshotReady(**live) && IsSnapshotReady(copy)) {
    events_.Record(*snapshot, kNormal, reason::kSnapshotReady, Cat("Snapshot ", key, " is ready to use."));
  }
  StatusOr<SnapshotPtr> written = co_await client_.UpdateStatus(std::move(copy));
  if (!written.ok()) co_return GoError(ControllerUpdateError(key, written.status().message()));
  co_return *written;
}

// updateSnapshotErrorStatusWithEvent: writes status.error (and readyToUse=false when
// asked) and records the event; a message already in status.error is neither written
// nor recorded again.
Task<Status> CommonSnapshotController::UpdateSnapshotErrorStatusWithEvent(SnapshotPtr snapshot,
                                                                          bool set_ready_to_false,
                                                                          std::string_view type,
                                                                          std::string_view reason,
                                                                          std::string message) {
  if (snapshot->status && snapshot->status->error && snapshot->status->error->message == message) {
    co_return Status::Ok();
  }
  VolumeSnapshot copy = *snapshot;
  if (!copy.status) copy.status.emplace();
  copy.status->error = VolumeSnapshot::Error{message, engine_.Now()};
  if (set_ready_to_false) copy.status->ready_to_use = false;
  StatusOr<SnapshotPtr> written = co_await client_.UpdateStatus(std::move(copy));
  // Recorded even when the write failed, so that the user sees the error.
  events_.Record(*snapshot, type, reason, message);
  co_return written.status();
}

// checkandAddSnapshotFinalizers: as-source on every live snapshot; bound once it is
// bound to a content whose deletionPolicy is Delete.
Task<Status> CommonSnapshotController::CheckAndAddSnapshotFinalizers(SnapshotPtr snapshot) {
  StatusOr<ContentPtr> content = ContentPtr();
  if (snapshot->spec.volume_snapshot_content_name) {
    content = co_await GetPreprovisionedContentFromStore(snapshot);
  } else {
    content = co_await GetDynamicallyProvisionedContentFromStore(snapshot);
  }
  if (!content.ok()) co_return content.status();
  const bool add_source = NeedToAddSnapshotAsSourceFinalizer(*snapshot);
  const bool add_bound =
      *content && NeedToAddSnapshotBoundFinalizer(*snapshot) && (*content)->spec.deletion_policy == "Delete";
  if (!add_source && !add_bound) co_return Status::Ok();
  co_return co_await AddSnapshotFinalizer(snapshot, add_source, add_bound);
}

Task<Status> CommonSnapshotController::AddSnapshotFinalizer(SnapshotPtr snapshot, bool add_source, bool add_bound) {
  const std::string key = SnapshotKey(*snapshot);
  auto append = [&](std::vector<std::string>& finalizers) {
    if (add_source) finalizers.emplace_back(kSnapshotAsSourceFinalizer);
    if (add_bound) finalizers.emplace_back(kSnapshotBoundFinalizer);
  };
  Status written;
  if (snapshot->metadata.finalizers.empty()) {
    // The real controller updates (with its cached resourceVersion) when there are no
    // finalizers yet, and patches (appends to the server's list) otherwise.
    VolumeSnapshot copy = *snapshot;
    append(copy.metadata.finalizers);
    written = (co_await client_.Update(std::move(copy))).status();
  } else {
    written = (co_await Patch<VolumeSnapshot>(client_, snapshot->metadata.namespace_, snapshot->metadata.name,
                                              [&](VolumeSnapshot& s) { append(s.metadata.finalizers); }))
                  .status();
  }
  if (!written.ok()) co_return GoError(ControllerUpdateError(key, written.message()));
  co_return Status::Ok();
}

// removeSnapshotFinalizer: the source claim's finalizer goes first, because once the
// snapshot is gone nothing would trigger its removal any more.
Task<Status> CommonSnapshotController::RemoveSnapshotFinalizer(SnapshotPtr snapshot, bool remove_source,
                                                               bool remove_bound) {
  if (!remove_source && !remove_bound) co_return Status::Ok();
  if (Status st = co_await CheckAndRemovePvcFinalizer(snapshot, true); !st.ok()) {
    events_.Record(*snapshot, kWarning, reason::kErrorPvcFinalizer,
                   "Error check and remove PVC Finalizer for VolumeSnapshot");
    co_return GoError(ControllerUpdateError(snapshot->metadata.name, st.message()));
  }
  VolumeSnapshot copy = *snapshot;
  if (remove_source) copy.metadata.finalizers = WithoutFinalizer(copy.metadata.finalizers, kSnapshotAsSourceFinalizer);
  if (remove_bound) copy.metadata.finalizers = WithoutFinalizer(copy.metadata.finalizers, kSnapshotBoundFinalizer);
  StatusOr<SnapshotPtr> written = co_await client_.Update(std::move(copy));
  if (!written.ok()) co_return GoError(ControllerUpdateError(snapshot->metadata.name, written.status().message()));
  co_return Status::Ok();
}

Task<Status> CommonSnapshotController::AddContentFinalizer(ContentPtr content) {
  const bool had_none = content->metadata.finalizers.empty();
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", content->metadata.name, [&](VolumeSnapshotContent& c) {
        // "add /metadata/finalizers" (a new list) or "add /metadata/finalizers/-".
        if (had_none) c.metadata.finalizers.clear();
        c.metadata.finalizers.emplace_back(kContentBoundFinalizer);
      });
  if (!written.ok()) co_return GoError(ControllerUpdateError(content->metadata.name, written.status().message()));
  co_return Status::Ok();
}

// Tells the sidecar that the snapshot is going: with the content's deletionTimestamp
// it then deletes the backend snapshot (policy Delete) or just lets the content go.
Task<StatusOr<CommonSnapshotController::ContentPtr>> CommonSnapshotController::SetAnnVolumeSnapshotBeingDeleted(
    ContentPtr content) {
  if (content->metadata.annotations.count(std::string(kAnnBeingDeleted))) co_return content;
  // "replace /metadata/annotations" with the cached annotations plus the key.
  StringMap annotations = content->metadata.annotations;
  annotations[std::string(kAnnBeingDeleted)] = "yes";
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", content->metadata.name,
      [&](VolumeSnapshotContent& c) { c.metadata.annotations = annotations; });
  if (!written.ok()) co_return GoError(ControllerUpdateError(content->metadata.name, written.status().message()));
  co_return *written;
}

}  // namespace xnsim::snapshot
