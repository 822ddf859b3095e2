// syncSnapshot and its halves: the class check, binding a snapshot to its content
// (pre-provisioned or dynamic), and keeping a bound snapshot's binding honest.
#include "sim/controllers/snapshot/api_patch.h"
#include "sim/controllers/snapshot/common_controller.h"
#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/core/quote.h"

namespace xnsim::snapshot {

// checkAndUpdateSnapshotClass: a named class must exist; without one, the default class
// of the source volume's driver is written into the snapshot.
Task<CommonSnapshotController::ClassCheck> CommonSnapshotController::CheckAndUpdateSnapshotClass(
    SnapshotPtr snapshot) {
  if (const auto& name = snapshot->spec.volume_snapshot_class_name) {
    if (informers_.classes.Get("", *name)) co_return ClassCheck{snapshot, Status::Ok()};
    Status err = ListerNotFound(kClassResource, *name);
    (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, false, kWarning, reason::kGetSnapshotClassFailed,
                                                      "Failed to get snapshot class with error " + err.message());
    co_return ClassCheck{snapshot, err};
  }
  StatusOr<SnapshotPtr> updated = co_await SetDefaultSnapshotClass(snapshot);
  if (!updated.ok()) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(
        snapshot, false, kWarning, reason::kSetDefaultSnapshotClassFailed,
        "Failed to set default snapshot class with error " + updated.status().message());
    co_return ClassCheck{snapshot, updated.status()};
  }
  co_return ClassCheck{*updated, Status::Ok()};
}

Task<StatusOr<CommonSnapshotController::SnapshotPtr>> CommonSnapshotController::SetDefaultSnapshotClass(
    SnapshotPtr snapshot) {
  if (snapshot->spec.volume_snapshot_content_name) co_return snapshot;  // pre-provisioned: no class needed
  StatusOr<Ptr<PersistentVolume>> pv = co_await GetVolumeFromVolumeSnapshot(snapshot);
  if (!pv.ok()) co_return pv.status();
  if (!(*pv)->spec.csi) {
    co_return GoError(Cat("snapshotting non-CSI volumes is not supported, snapshot:",
                          snapshot->metadata.namespace_, "/", snapshot->metadata.name));
  }
  const std::string& driver = (*pv)->spec.csi->driver;
  std::vector<Ptr<VolumeSnapshotClass>> defaults;
  informers_.classes.ForEach("", [&](const Ptr<VolumeSnapshotClass>& c) {
    auto it = c->metadata.annotations.find(std::string(kIsDefaultClassAnnotation));
    if (it != c->metadata.annotations.end() && it->second == "true" && c->driver == driver)
      defaults.push_back(c);
  });
  if (defaults.empty()) co_return GoError("cannot find default snapshot class");
  if (defaults.size() > 1) co_return GoError(Cat(defaults.size(), " default snapshot classes were found"));
  const std::string class_name = defaults.front()->metadata.name;
  // The real controller only logs a failed patch (and then trips over the nil result);
  // here it is an error and the snapshot is retried.
  co_return co_await Patch<VolumeSnapshot>(client_, snapshot->metadata.namespace_, snapshot->metadata.name,
                                           [&](VolumeSnapshot& s) { s.spec.volume_snapshot_class_name = class_name; });
}

Task<Status> CommonSnapshotController::SyncSnapshot(SnapshotPtr snapshot) {
  if (!(co_await CheckAndRemovePvcFinalizer(snapshot, false)).ok()) {
    events_.Record(*snapshot, kWarning, reason::kErrorPvcFinalizer,
                   "Error check and remove PVC Finalizer for VolumeSnapshot");
  }
  if (snapshot->metadata.deletion_timestamp) co_return co_await ProcessSnapshotWithDeletionTimestamp(snapshot);

  if (snapshot->spec.persistent_volume_claim_name.has_value() ==
      snapshot->spec.volume_snapshot_content_name.has_value()) {
    std::string msg = "Exactly one of PersistentVolumeClaimName and VolumeSnapshotContentName should be specified";
    (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, true, kWarning, reason::kSnapshotValidationError, msg);
    co_return GoError(std::move(msg));
  }
  if (Status st = co_await CheckAndAddSnapshotFinalizers(snapshot); !st.ok()) {
    events_.Record(*snapshot, kWarning, reason::kSnapshotFinalizerError,
                   "Failed to check and update snapshot: " + st.message());
    co_return st;
  }
  if (!IsSnapshotReady(*snapshot) || !IsBoundVolumeSnapshotContentNameSet(*snapshot))
    co_return co_await SyncUnreadySnapshot(snapshot);
  co_return co_await SyncReadySnapshot(snapshot);
}

Task<Status> CommonSnapshotController::SyncReadySnapshot(SnapshotPtr snapshot) {
  ContentPtr content = informers_.contents.Get("", *snapshot->status->bound_volume_snapshot_content_name);
  if (!content) {
    co_return co_await UpdateSnapshotErrorStatusWithEvent(snapshot, true, kWarning, reason::kSnapshotContentMissing,
                                                          "VolumeSnapshotContent is missing");
  }
  if (!IsVolumeSnapshotRefSet(*snapshot, *content)) {
    co_return co_await UpdateSnapshotErrorStatusWithEvent(
        snapshot, true, kWarning, reason::kSnapshotMisbound,
        "VolumeSnapshotContent is not bound to the VolumeSnapshot correctly");
  }
  co_return Status::Ok();
}

Task<Status> CommonSnapshotController::SyncUnreadySnapshot(SnapshotPtr snapshot) {
  const std::string key = SnapshotKey(*snapshot);
  if (const auto& content_name = snapshot->spec.volume_snapshot_content_name) {  // pre-provisioned
    StatusOr<ContentPtr> content = co_await GetPreprovisionedContentFromStore(snapshot);
    if (!content.ok()) co_return content.status();
    if (!*content) {
      (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, true, kWarning, reason::kSnapshotContentMissing,
                                                        "VolumeSnapshotContent is missing");
      co_return GoError(Cat("snapshot ", key, " requests an non-existing content ", *content_name));
    }
    StatusOr<ContentPtr> bound = co_await CheckAndBindSnapshotContent(snapshot, *content);
    if (!bound.ok()) {
      (void)co_await UpdateSnapshotErrorStatusWithEvent(
          snapshot, true, kWarning, reason::kSnapshotBindFailed,
          "Snapshot failed to bind VolumeSnapshotContent, " + bound.status().message());
      co_return GoError(Cat("snapshot ", key, " is bound, but VolumeSnapshotContent ", (*content)->metadata.name,
                            " is not bound to the VolumeSnapshot correctly, ", bound.status().message()));
    }
    StatusOr<SnapshotPtr> updated = co_await UpdateSnapshotStatus(snapshot, *bound);
    if (!updated.ok()) {
      (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, false, kWarning, reason::kSnapshotStatusUpdateFailed,
                                                        "Snapshot status update failed, " + updated.status().message());
      co_return updated.status();
    }
    co_return Status::Ok();
  }

  StatusOr<ContentPtr> existing = co_await GetDynamicallyProvisionedContentFromStore(snapshot);
  if (!existing.ok()) co_return existing.status();
  if (*existing) co_return co_await BindAndUpdateVolumeSnapshot(*existing, snapshot);

  if (!snapshot->spec.persistent_volume_claim_name) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, true, kWarning, reason::kSnapshotPvcSourceMissing,
                                                      Cat("PVC source for snapshot ", key, " is missing"));
    co_return GoError(Cat("expected PVC source for snapshot ", key, " but got nil"));
  }
  StatusOr<ContentPtr> created = co_await CreateSnapshotContent(snapshot);
  if (!created.ok()) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(
        snapshot, true, kWarning, reason::kSnapshotContentCreationFailed,
        "Failed to create snapshot content with error " + created.status().message());
    co_return created.status();
  }
  StatusOr<SnapshotPtr> updated = co_await UpdateSnapshotStatus(snapshot, *created);
  if (!updated.ok()) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, false, kWarning, reason::kSnapshotStatusUpdateFailed,
                                                      "Snapshot status update failed, " + updated.status().message());
    co_return updated.status();
  }
  co_return Status::Ok();
}

Task<StatusOr<CommonSnapshotController::ContentPtr>> CommonSnapshotController::GetPreprovisionedContentFromStore(
    SnapshotPtr snapshot) {
  const std::string& name = *snapshot->spec.volume_snapshot_content_name;
  if (name.empty()) co_return GoError("empty VolumeSnapshotContentName for snapshot " + SnapshotKey(*snapshot));
  ContentPtr content = informers_.contents.Get("", name);
  if (!content) co_return ContentPtr();
  if (!content->spec.snapshot_handle) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(
        snapshot, true, kWarning, reason::kSnapshotContentMismatch,
        "VolumeSnapshotContent is dynamically provisioned while expecting a pre-provisioned one");
    co_return GoError(Cat("snapshot ", SnapshotKey(*snapshot), " expects a pre-provisioned VolumeSnapshotContent ",
                          name, " but gets a dynamically provisioned one"));
  }
  const ObjectReference& ref = content->spec.volume_snapshot_ref;
  if (ref.name != snapshot->metadata.name || ref.namespace_ != snapshot->metadata.namespace_ ||
      (!ref.uid.empty() && ref.uid != snapshot->metadata.uid)) {
    std::string msg = Cat("VolumeSnapshotContent [", name, "] is bound to a different snapshot");
    (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, true, kWarning, reason::kSnapshotContentMisbound, msg);
    co_return GoError(std::move(msg));
  }
  co_return content;
}

Task<StatusOr<CommonSnapshotController::ContentPtr>>
CommonSnapshotController::GetDynamicallyProvisionedContentFromStore(SnapshotPtr snapshot) {
  const std::string name = DynamicContentName(*snapshot);
  ContentPtr content = informers_.contents.Get("", name);
  if (!content) co_return ContentPtr();
  if (!content->spec.volume_handle) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(
        snapshot, true, kWarning, reason::kSnapshotContentMismatch,
        "VolumeSnapshotContent " + name + " is pre-provisioned while expecting a dynamically provisioned one");
    co_return GoError(Cat("snapshot ", SnapshotKey(*snapshot),
                          " expects a dynamically provisioned VolumeSnapshotContent ", name,
                          " but gets a pre-provisioned one"));
  }
  // A dynamic content always carries the uid of the snapshot it was made for.
  if (!IsVolumeSnapshotRefSet(*snapshot, *content)) {
    std::string msg = Cat("VolumeSnapshotContent [", name, "] is bound to a different snapshot");
    (void)co_await UpdateSnapshotErrorStatusWithEvent(snapshot, true, kWarning, reason::kSnapshotContentMisbound, msg);
    co_return GoError(std::move(msg));
  }
  co_return content;
}

// Pre-provisioned binding: the content names the snapshot; the controller completes
// the back-pointer with the snapshot's uid (and class).
Task<StatusOr<CommonSnapshotController::ContentPtr>> CommonSnapshotController::CheckAndBindSnapshotContent(
    SnapshotPtr snapshot, ContentPtr content) {
  const ObjectReference& ref = content->spec.volume_snapshot_ref;
  if (ref.name != snapshot->metadata.name || (!ref.uid.empty() && ref.uid != snapshot->metadata.uid)) {
    co_return GoError(Cat("Could not bind snapshot ", snapshot->metadata.name, " and content ", content->metadata.name,
                          ", the VolumeSnapshotRef does not match"));
  }
  if (!ref.uid.empty() && content->spec.volume_snapshot_class_name) co_return content;
  const std::string uid = snapshot->metadata.uid;
  const std::optional<std::string> class_name = snapshot->spec.volume_snapshot_class_name;
  co_return co_await Patch<VolumeSnapshotContent>(client_, "", content->metadata.name,
                                                  [&](VolumeSnapshotContent& c) {
                                                    c.spec.volume_snapshot_ref.uid = uid;
                                                    if (class_name) c.spec.volume_snapshot_class_name = class_name;
                                                  });
}

Task<Status> CommonSnapshotController::BindAndUpdateVolumeSnapshot(ContentPtr content, SnapshotPtr snapshot) {
  StatusOr<SnapshotPtr> live =
      co_await client_.Get<VolumeSnapshot>(snapshot->metadata.namespace_, snapshot->metadata.name);
  if (!live.ok()) {
    co_return GoError(
        Cat("error get snapshot ", SnapshotKey(*snapshot), " from api server: ", live.status().message()));
  }
  StatusOr<SnapshotPtr> updated = co_await UpdateSnapshotStatus(*live, content);
  if (!updated.ok()) {
    (void)co_await UpdateSnapshotErrorStatusWithEvent(*live, true, kWarning, reason::kSnapshotStatusUpdateFailed,
                                                      "Snapshot status update failed, " + updated.status().message());
    co_return updated.status();
  }
  co_return Status::Ok();
}

}  // namespace xnsim::snapshot
