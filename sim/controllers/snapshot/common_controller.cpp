// snapshot-controller's process: its client, recorder, queues and informer handlers
// (snapshot_controller_base.go), and syncContent.
#include "sim/controllers/snapshot/common_controller.h"

#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"
#include "sim/controllers/snapshot/snapshot_status.h"

namespace xnsim::snapshot {
namespace {

constexpr std::string_view kComponent = "snapshot-controller";

WorkQueueOptions QueueOptions(std::string name, const SnapshotControllerOptions& o) {
  return WorkQueueOptions{std::move(name), o.worker_threads,
                          Backoff{o.retry_interval_start, o.retry_interval_max}};
}

}  // namespace

CommonSnapshotController::CommonSnapshotController(ApiServer& api, SnapshotInformers& informers,
                                                   const SnapshotControllerOptions& options)
    : engine_(api.engine()),
      informers_(informers),
      prevent_volume_mode_conversion_(options.prevent_volume_mode_conversion),
      client_(api, std::string(kComponent),
              ClientOptions{.qps = options.kube_api_qps, .burst = options.kube_api_burst}),
      events_(client_, std::string(kComponent)),
      snapshot_queue_(engine_, QueueOptions("snapshot-controller-snapshot", options),
                      [this](const std::string& key) { return ReconcileSnapshot(key); }),
      content_queue_(engine_, QueueOptions("snapshot-controller-content", options),
                     [this](const std::string& key) { return ReconcileContent(key); }) {
  AddHandlers();
}

ProcessLoad CommonSnapshotController::Load() const {
  ProcessLoad load{.component = client_.component(), .client = client_.stats()};
  load.AddQueue(snapshot_queue_);
  load.AddQueue(content_queue_);
  return load;
}

void CommonSnapshotController::AddHandlers() {
  auto enqueue_snapshot = [this](const SnapshotPtr& s) { snapshot_queue_.Add(SnapshotKey(*s)); };
  informers_.snapshots.AddHandlers({
      .on_add = enqueue_snapshot,
      .on_update = [=](const SnapshotPtr&, const SnapshotPtr& s) { enqueue_snapshot(s); },
      // deleteSnapshot: the bound content is synced at once rather than at its resync.
      .on_delete =
          [this](const SnapshotPtr& s) {
            snapshot_queue_.Add(SnapshotKey(*s));
            if (IsBoundVolumeSnapshotContentNameSet(*s))
              content_queue_.Add(*s->status->bound_volume_snapshot_content_name);
          },
  });
  auto enqueue_content = [this](const ContentPtr& c) { content_queue_.Add(c->metadata.name); };
  informers_.contents.AddHandlers({
      .on_add = enqueue_content,
      .on_update = [=](const ContentPtr&, const ContentPtr& c) { enqueue_content(c); },
      // deleteContent: the snapshot it pointed at is synced at once.
      .on_delete =
          [this](const ContentPtr& c) {
            content_queue_.Add(c->metadata.name);
            const ObjectReference& ref = c->spec.volume_snapshot_ref;
            if (!ref.name.empty()) snapshot_queue_.Add(SnapshotKey(ref.namespace_, ref.name));
          },
  });
}

// syncSnapshotByKey. A snapshot gone from the cache needs nothing more: on_delete has
// queued its content.
Task<ReconcileResult> CommonSnapshotController::ReconcileSnapshot(std::string key) {
  const size_t slash = key.find('/');
  SnapshotPtr snapshot = informers_.snapshots.Get(std::string_view(key).substr(0, slash),
                                                  std::string_view(key).substr(slash + 1));
  if (!snapshot) co_return ReconcileResult::Done();
  ClassCheck check = co_await CheckAndUpdateSnapshotClass(snapshot);
  // A snapshot whose class is gone must still be deletable.
  const bool deleting_without_class = check.snapshot->metadata.deletion_timestamp &&
                                      check.status.code() == StatusCode::kNotFound;
  if (!check.status.ok() && !deleting_without_class) co_return ReconcileResult::Retry();
  Status st = co_await SyncSnapshot(check.snapshot);
  co_return st.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
}

Task<ReconcileResult> CommonSnapshotController::ReconcileContent(std::string name) {
  ContentPtr content = informers_.contents.Get("", name);
  if (!content) co_return ReconcileResult::Done();
  Status st = co_await SyncContent(content);
  co_return st.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
}

Task<Status> CommonSnapshotController::SyncContent(ContentPtr content) {
  const VolumeSnapshotContent::Spec& spec = content->spec;
  if (spec.volume_handle.has_value() == spec.snapshot_handle.has_value()) {
    std::string msg = "Exactly one of VolumeHandle and SnapshotHandle should be specified";
    events_.Record(*content, kWarning, reason::kContentValidationError, msg);
    co_return GoError(std::move(msg));
  }
  // Pre-bound to a snapshot that has not bound it yet: syncSnapshot's business.
  if (spec.volume_snapshot_ref.uid.empty()) co_return Status::Ok();
  if (NeedToAddContentFinalizer(*content)) co_return co_await AddContentFinalizer(content);

  const ObjectReference& ref = spec.volume_snapshot_ref;
  SnapshotPtr snapshot = informers_.snapshots.Get(ref.namespace_, ref.name);
  if (snapshot && snapshot->metadata.uid != ref.uid) {
    snapshot = nullptr;  // deleted and re-created under the same name: ours is gone
  } else if (snapshot && NeedsUpdateSnapshotStatus(*snapshot, *content)) {
    snapshot_queue_.Add(SnapshotKey(*snapshot));
  }
  // A content whose snapshot is gone is never deleted here: the user may have copied
  // it from another cluster, and deleting it would delete their backend snapshot.
  if (snapshot && IsSnapshotDeletionCandidate(*snapshot)) {
    StatusOr<ContentPtr> r = co_await SetAnnVolumeSnapshotBeingDeleted(content);
    co_return r.status();
  }
  co_return Status::Ok();
}

}  // namespace xnsim::snapshot
