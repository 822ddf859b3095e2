// csi-snapshotter's creation half: CreateSnapshot under the being-created annotation,
// the content's status from the driver's answer, the error status and its event.
#include "fake-csi/csi_call.h"
#include "sim/controllers/snapshot/api_patch.h"
#include "sim/controllers/snapshot/sidecar_controller.h"
#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/core/quote.h"

namespace xnsim::snapshot {

Task<CsiSnapshotterSidecar::SyncResult> CsiSnapshotterSidecar::CreateSnapshot(ContentPtr content) {
  ContentResult r = co_await CreateSnapshotWrapper(content);
  if (!r.status.ok()) {
    (void)co_await UpdateContentErrorStatusWithEvent(r.content, kWarning, reason::kSnapshotCreationFailed,
                                                     "Failed to create snapshot: " + r.status.message());
    co_return SyncResult{true, r.status};
  }
  co_return SyncResult{!ContentIsReady(*r.content), Status::Ok()};
}

Task<CsiSnapshotterSidecar::SyncResult> CsiSnapshotterSidecar::CheckAndUpdateContentStatus(ContentPtr content) {
  ContentResult r = co_await CheckAndUpdateContentStatusOperation(content);
  if (!r.status.ok()) {
    (void)co_await UpdateContentErrorStatusWithEvent(
        r.content, kWarning, reason::kSnapshotContentCheckandUpdateFailed,
        "Failed to check and update snapshot content: " + r.status.message());
    co_return SyncResult{true, r.status};
  }
  co_return SyncResult{!ContentIsReady(*r.content), Status::Ok()};
}

// A pre-provisioned handle is "listed" (see the header: no ListSnapshots, so ready);
// a dynamic content that is not ready yet is asked for with CreateSnapshot again.
Task<CsiSnapshotterSidecar::ContentResult> CsiSnapshotterSidecar::CheckAndUpdateContentStatusOperation(
    ContentPtr content) {
  if (!content->spec.snapshot_handle) co_return co_await CreateSnapshotWrapper(content);
  if (const auto& class_name = content->spec.volume_snapshot_class_name) {
    if (!informers_.classes.Get("", *class_name)) {
      co_return ContentResult{
          content, GoError(Cat("failed to get snapshot class ", *class_name, " for snapshot content ",
                               content->metadata.name, ": ",
                               ListerNotFound("volumesnapshotclass.snapshot.storage.k8s.io", *class_name).message()))};
    }
  }
  // GetSnapshotStatus without LIST_SNAPSHOTS: ready, no creation time (so: now), size 0.
  StatusOr<ContentPtr> updated = co_await UpdateSnapshotContentStatus(content, *content->spec.snapshot_handle, true,
                                                                      ToUnixNanos(engine_.Now()), 0);
  if (!updated.ok()) co_return ContentResult{content, updated.status()};
  co_return ContentResult{*updated, Status::Ok()};
}

Task<CsiSnapshotterSidecar::ContentResult> CsiSnapshotterSidecar::CreateSnapshotWrapper(ContentPtr content) {
  const std::string& name = content->metadata.name;
  // getCSISnapshotInput
  Ptr<VolumeSnapshotClass> cls;
  Status input_error;
  if (const auto& class_name = content->spec.volume_snapshot_class_name) {
    cls = informers_.classes.Get("", *class_name);
    if (!cls) input_error = ListerNotFound("volumesnapshotclass.snapshot.storage.k8s.io", *class_name);
  } else {
    input_error = GoError(Cat("failed to take snapshot ", name, " without a snapshot class"));
  }
  if (!input_error.ok()) {
    co_return ContentResult{content, GoError(Cat("failed to get input parameters to create snapshot for content ",
                                                 name, ": ", GoQuote(input_error.message())))};
  }

  // Marks that a CreateSnapshot may be running in the driver from now on; it stays
  // until the driver answers with success or a final error.
  StatusOr<ContentPtr> marked = co_await SetAnnVolumeSnapshotBeingCreated(content);
  if (!marked.ok()) {
    co_return ContentResult{content, GoError(Cat("failed to add VolumeSnapshotBeingCreated annotation on the content ",
                                                 name, ": ", GoQuote(marked.status().message())))};
  }
  content = *marked;

  StatusOr<StringMap> parameters = RemovePrefixedParameters(cls->parameters);
  if (!parameters.ok()) {
    co_return ContentResult{
        content, GoError("failed to remove CSI Parameters of prefixed keys: " + parameters.status().message())};
  }

  // csiHandler.CreateSnapshot: errors before the RPC are not gRPC errors, hence not final.
  const ObjectReference& ref = content->spec.volume_snapshot_ref;
  std::string pre_rpc_error;
  if (ref.uid.empty()) {
    pre_rpc_error = Cat("cannot create snapshot. Snapshot content ", name, " not bound to a snapshot");
  } else if (!content->spec.volume_handle) {
    pre_rpc_error = Cat("cannot create snapshot. Volume handle not found in snapshot content ", name);
  }
  if (!pre_rpc_error.empty()) {
    co_return ContentResult{content, GoError(Cat("failed to take snapshot of the volume ",
                                                 content->spec.volume_handle.value_or(""), ": ",
                                                 GoQuote(pre_rpc_error)))};
  }
  csi::CreateSnapshotRequest req;
  req.name = options_.snapshot_name_prefix + "-" + ref.uid;
  req.source_volume_id = *content->spec.volume_handle;
  req.parameters = std::move(*parameters);
  csi::Result<csi::Snapshot> reply = co_await csi::Call<csi::Snapshot>(
      engine_, options_.timeout,
      [&](csi::Callback<csi::Snapshot> done) { driver_.CreateSnapshot(req, std::move(done)); });
  if (!reply.ok()) {
    if (IsFinalCsiError(reply.code)) {
      StatusOr<ContentPtr> unmarked = co_await RemoveAnnVolumeSnapshotBeingCreated(content);
      if (!unmarked.ok()) {
        co_return ContentResult{content,
                                GoError(Cat("failed to remove VolumeSnapshotBeingCreated annotation from the content ",
                                            name, ": ", unmarked.status().message()))};
      }
      content = *unmarked;
    }
    co_return ContentResult{content, GoError(Cat("failed to take snapshot of the volume ", req.source_volume_id, ": ",
                                                 GoQuote(GrpcErrorString(reply.code, reply.message))))};
  }

  const csi::Snapshot& snap = reply.value;
  // An unset creation time is "now"; virtual time 0 is indistinguishable from unset.
  const SimTime created = snap.creation_time != 0 ? snap.creation_time : engine_.Now();
  StatusOr<ContentPtr> updated = co_await UpdateSnapshotContentStatus(content, snap.snapshot_id, snap.ready_to_use,
                                                                      ToUnixNanos(created), snap.size_bytes);
  if (!updated.ok()) {
    co_return ContentResult{content, GoError(Cat("error updating status for volume snapshot content ", name, ": ",
                                                 updated.status().message()))};
  }
  content = *updated;
  StatusOr<ContentPtr> unmarked = co_await RemoveAnnVolumeSnapshotBeingCreated(content);
  if (!unmarked.ok()) {
    co_return ContentResult{content,
                            GoError(Cat("failed to remove VolumeSnapshotBeingCreated annotation on the content ", name,
                                        ": ", GoQuote(unmarked.status().message())))};
  }
  co_return ContentResult{*unmarked, Status::Ok()};
}

// updateSnapshotContentStatus: a live GET, then a status patch if anything changed.
Task<StatusOr<CsiSnapshotterSidecar::ContentPtr>> CsiSnapshotterSidecar::UpdateSnapshotContentStatus(
    ContentPtr content, std::string snapshot_handle, bool ready_to_use, int64_t created_unix_nanos,
    int64_t size_bytes) {
  const std::string& name = content->metadata.name;
  StatusOr<ContentPtr> live = co_await client_.Get<VolumeSnapshotContent>("", name);
  if (!live.ok()) {
    co_return GoError(Cat("error get snapshot content ", name, " from api server: ", live.status().message()));
  }
  ContentStatusUpdate next =
      ContentStatusFromDriver((*live)->status, snapshot_handle, ready_to_use, created_unix_nanos, size_bytes);
  if (!next.updated) co_return *live;
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", name, [&](VolumeSnapshotContent& c) { c.status = next.status; }, PatchTarget::kStatus);
  if (!written.ok()) co_return GoError(ControllerUpdateError(name, written.status().message()));
  co_return *written;
}

// updateContentErrorStatusWithEvent: the same message is neither written nor recorded twice.
Task<Status> CsiSnapshotterSidecar::UpdateContentErrorStatusWithEvent(ContentPtr content, std::string_view type,
                                                                      std::string_view reason, std::string message) {
  if (content->status && content->status->error && content->status->error->message == message) {
    co_return Status::Ok();
  }
  const bool had_status = content->status.has_value();
  const VolumeSnapshot::Error error{message, engine_.Now()};
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", content->metadata.name,
      [&](VolumeSnapshotContent& c) {
        // "replace /status" when the cached content had none, else replace
        // /status/error and /status/readyToUse.
        if (!had_status || !c.status) c.status.emplace();
        c.status->error = error;
        c.status->ready_to_use = false;
      },
      PatchTarget::kStatus);
  // Recorded even when the write failed.
  events_.Record(*content, type, reason, message);
  co_return written.status();
}

Task<StatusOr<CsiSnapshotterSidecar::ContentPtr>> CsiSnapshotterSidecar::SetAnnVolumeSnapshotBeingCreated(
    ContentPtr content) {
  if (content->metadata.annotations.count(std::string(kAnnBeingCreated))) co_return content;
  // "replace /metadata/annotations" with the cached annotations plus the key.
  StringMap annotations = content->metadata.annotations;
  annotations[std::string(kAnnBeingCreated)] = "yes";
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", content->metadata.name,
      [&](VolumeSnapshotContent& c) { c.metadata.annotations = annotations; });
  if (!written.ok()) co_return GoError(ControllerUpdateError(content->metadata.name, written.status().message()));
  co_return *written;
}

Task<StatusOr<CsiSnapshotterSidecar::ContentPtr>> CsiSnapshotterSidecar::RemoveAnnVolumeSnapshotBeingCreated(
    ContentPtr content) {
  if (!content->metadata.annotations.count(std::string(kAnnBeingCreated))) co_return content;
  // "remove /metadata/annotations/<key>": refused when the server's object no longer
  // has the key (our cache was behind); the sync is then retried.
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", content->metadata.name, [&](VolumeSnapshotContent& c) {
        if (c.metadata.annotations.erase(std::string(kAnnBeingCreated)) == 0) {
          return BadRequestError("Unable to remove nonexistent key: "
                                 "snapshot.storage.kubernetes.io~1volumesnapshot-being-created: missing value");
        }
        return Status::Ok();
      });
  if (!written.ok()) co_return GoError(ControllerUpdateError(content->metadata.name, written.status().message()));
  co_return *written;
}

}  // namespace xnsim::snapshot
