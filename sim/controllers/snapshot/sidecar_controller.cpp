// csi-snapshotter's process (snapshot_controller_base.go), its syncContent, and the
// deletion half: DeleteSnapshot and the content finalizer.
#include "sim/controllers/snapshot/sidecar_controller.h"

#include "fake-csi/csi_call.h"
#include "sim/controllers/snapshot/api_patch.h"
#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/core/quote.h"

namespace xnsim::snapshot {

CsiSnapshotterSidecar::CsiSnapshotterSidecar(ApiServer& api, SnapshotInformers& informers, csi::Driver& driver,
                                             const SnapshotterSidecarOptions& options)
    : engine_(api.engine()),
      informers_(informers),
      driver_(driver),
      options_(options),
      client_(api, "csi-snapshotter " + driver.name(),
              ClientOptions{.qps = options.kube_api_qps, .burst = options.kube_api_burst}),
      events_(client_, "csi-snapshotter " + driver.name()),
      queue_(engine_,
             WorkQueueOptions{"csi-snapshotter-content " + driver.name(), options.worker_threads,
                              Backoff{options.retry_interval_start, options.retry_interval_max}},
             [this](const std::string& name) { return ReconcileContent(name); }) {
  informers_.contents.AddHandlers({
      .on_add = [this](const ContentPtr& c) { queue_.Add(c->metadata.name); },
      // Besides the changes ShouldEnqueueContentChange looks at, a content turning ready
      // is synced again (external-snapshotter PR #1392, 2026): it may have been deleted
      // while CreateSnapshot was still running.
      .on_update =
          [this](const ContentPtr& old_obj, const ContentPtr& new_obj) {
            if (ShouldEnqueueContentChange(*old_obj, *new_obj) ||
                (!ContentIsReady(*old_obj) && ContentIsReady(*new_obj))) {
              queue_.Add(new_obj->metadata.name);
            }
          },
      .on_delete = [this](const ContentPtr& c) { queue_.Add(c->metadata.name); },
  });
}

ProcessLoad CsiSnapshotterSidecar::Load() const {
  ProcessLoad load{.component = client_.component(), .client = client_.stats()};
  load.AddQueue(queue_);
  return load;
}

// syncContentByKey: contents of other drivers are not ours to touch.
Task<ReconcileResult> CsiSnapshotterSidecar::ReconcileContent(std::string name) {
  ContentPtr content = informers_.contents.Get("", name);
  if (!content || !IsDriverMatch(*content)) co_return ReconcileResult::Done();
  SyncResult r = co_await SyncContent(content);
  co_return (r.requeue || !r.status.ok()) ? ReconcileResult::Retry() : ReconcileResult::Done();
}

bool CsiSnapshotterSidecar::IsDriverMatch(const VolumeSnapshotContent& content) const {
  if (!content.spec.volume_handle && !content.spec.snapshot_handle) return false;
  if (content.spec.driver != driver_.name()) return false;
  if (const auto& class_name = content.spec.volume_snapshot_class_name) {
    Ptr<VolumeSnapshotClass> cls = informers_.classes.Get("", *class_name);
    if (cls && cls->driver != driver_.name()) return false;
  }
  return true;
}

Task<CsiSnapshotterSidecar::SyncResult> CsiSnapshotterSidecar::SyncContent(ContentPtr content) {
  if (ShouldDelete(*content)) {
    if (content->spec.deletion_policy == "Delete" && content->status && content->status->snapshot_handle) {
      // The backend snapshot goes first; the finalizer only once it is gone.
      Status st = co_await DeleteCsiSnapshotOperation(content);
      co_return SyncResult{!st.ok(), st};
    }
    Status st = co_await RemoveContentFinalizer(content);
    co_return SyncResult{!st.ok(), st};
  }
  if (content->spec.volume_handle && !content->status) co_return co_await CreateSnapshot(content);
  // Once ready, the driver is not asked again.
  if (ContentIsReady(*content)) {
    StatusOr<ContentPtr> r = co_await RemoveAnnVolumeSnapshotBeingCreated(content);
    co_return SyncResult{!r.ok(), r.status()};
  }
  co_return co_await CheckAndUpdateContentStatus(content);
}

bool CsiSnapshotterSidecar::ShouldDelete(const VolumeSnapshotContent& content) const {
  if (!content.metadata.deletion_timestamp) return false;
  // A pre-provisioned content no snapshot ever bound.
  if (content.spec.snapshot_handle && content.spec.volume_snapshot_ref.uid.empty()) return true;
  // A CreateSnapshot may still be running in the driver: deleting now could leak it.
  if (content.metadata.annotations.count(std::string(kAnnBeingCreated))) return false;
  return content.metadata.annotations.count(std::string(kAnnBeingDeleted)) > 0;
}

Task<Status> CsiSnapshotterSidecar::DeleteCsiSnapshotOperation(ContentPtr content) {
  const std::string& name = content->metadata.name;
  std::string handle;
  if (content->status && content->status->snapshot_handle) {
    handle = *content->status->snapshot_handle;
  } else if (content->spec.snapshot_handle) {
    handle = *content->spec.snapshot_handle;
  }
  std::string failure;
  if (handle.empty()) {
    failure = Cat("failed to delete snapshot content ", name, ": snapshotHandle is missing");
  } else {
    csi::Result<csi::Empty> r = co_await csi::Call<csi::Empty>(
        engine_, options_.timeout,
        [&](csi::Callback<csi::Empty> done) { driver_.DeleteSnapshot(handle, std::move(done)); });
    if (!r.ok()) {
      failure = Cat("failed to delete snapshot content ", name, ": ", GoQuote(GrpcErrorString(r.code, r.message)));
    }
  }
  if (!failure.empty()) {
    events_.Record(*content, kWarning, reason::kSnapshotDeleteError, "Failed to delete snapshot");
    co_return GoError(Cat("failed to delete snapshot ", GoQuote(name), ", err: ", failure));
  }
  StatusOr<ContentPtr> cleared = co_await ClearVolumeContentStatus(name);
  if (!cleared.ok()) {
    events_.Record(*content, kWarning, reason::kSnapshotDeleteError, "Failed to clear content status");
    co_return cleared.status();
  }
  // The real sidecar syncs the cleared content at once, which removes the finalizer;
  // its result is not looked at.
  (void)co_await SyncContent(*cleared);
  co_return Status::Ok();
}

// clearVolumeContentStatus: a live GET, then an UpdateStatus with that resourceVersion.
Task<StatusOr<CsiSnapshotterSidecar::ContentPtr>> CsiSnapshotterSidecar::ClearVolumeContentStatus(std::string name) {
  StatusOr<ContentPtr> live = co_await client_.Get<VolumeSnapshotContent>("", name);
  if (!live.ok()) {
    co_return GoError(Cat("error get snapshot content ", name, " from api server: ", live.status().message()));
  }
  VolumeSnapshotContent copy = **live;
  if (copy.status) {
    copy.status->snapshot_handle.reset();
    copy.status->ready_to_use.reset();
    copy.status->creation_time.reset();
    copy.status->restore_size.reset();
  }
  StatusOr<ContentPtr> written = co_await client_.UpdateStatus(std::move(copy));
  if (!written.ok()) co_return GoError(ControllerUpdateError(name, written.status().message()));
  co_return *written;
}

Task<Status> CsiSnapshotterSidecar::RemoveContentFinalizer(ContentPtr content) {
  if (!content->metadata.HasFinalizer(kContentBoundFinalizer)) co_return Status::Ok();
  // "replace /metadata/finalizers" with the cached list minus ours.
  std::vector<std::string> finalizers = WithoutFinalizer(content->metadata.finalizers, kContentBoundFinalizer);
  StatusOr<ContentPtr> written = co_await Patch<VolumeSnapshotContent>(
      client_, "", content->metadata.name, [&](VolumeSnapshotContent& c) { c.metadata.finalizers = finalizers; });
  if (!written.ok()) co_return GoError(ControllerUpdateError(content->metadata.name, written.status().message()));
  co_return Status::Ok();
}

}  // namespace xnsim::snapshot
