// snapshot-controller, the common controller of external-snapshotter
// (pkg/common-controller): binds VolumeSnapshots to VolumeSnapshotContents, creates the
// content of a dynamic snapshot, copies the content's status to the snapshot, keeps the
// snapshot, content and source-PVC finalizers, and deletes the content of a deleted
// snapshot when its policy says so. The CSI calls are the sidecar's (sidecar_controller.h).
//
// Each method mirrors the Go function of the same name; the objects flow as they do
// there (a stale copy goes on to an Update and conflicts, as in the real controller).
#pragma once

#include <string>

#include "sim/api/client.h"
#include "sim/api/event_recorder.h"
#include "sim/controllers/runtime/process_load.h"
#include "sim/controllers/runtime/work_queue.h"
#include "sim/controllers/snapshot/options.h"
#include "sim/controllers/snapshot/snapshot_informers.h"

namespace xnsim::snapshot {

class CommonSnapshotController {
 public:
  // Adds its handlers to `informers`, which must not have started yet.
  CommonSnapshotController(ApiServer& api, SnapshotInformers& informers,
                           const SnapshotControllerOptions& options);
  CommonSnapshotController(const CommonSnapshotController&) = delete;
  CommonSnapshotController& operator=(const CommonSnapshotController&) = delete;

  const ApiClient& client() const { return client_; }
  ProcessLoad Load() const;  // for capacity studies

 private:
  using SnapshotPtr = Ptr<VolumeSnapshot>;
  using ContentPtr = Ptr<VolumeSnapshotContent>;

  void AddHandlers();
  Task<ReconcileResult> ReconcileSnapshot(std::string key);
  Task<ReconcileResult> ReconcileContent(std::string name);

  // ---- snapshot sync (common_snapshot_sync.cpp) ----
  struct ClassCheck {
    SnapshotPtr snapshot;  // the snapshot to sync: with the default class once it is set
    Status status;
  };
  Task<ClassCheck> CheckAndUpdateSnapshotClass(SnapshotPtr snapshot);
  Task<StatusOr<SnapshotPtr>> SetDefaultSnapshotClass(SnapshotPtr snapshot);
  Task<Status> SyncSnapshot(SnapshotPtr snapshot);
  Task<Status> SyncReadySnapshot(SnapshotPtr snapshot);
  Task<Status> SyncUnreadySnapshot(SnapshotPtr snapshot);
  // Found content (null when absent), or the error after its event and status error.
  Task<StatusOr<ContentPtr>> GetPreprovisionedContentFromStore(SnapshotPtr snapshot);
  Task<StatusOr<ContentPtr>> GetDynamicallyProvisionedContentFromStore(SnapshotPtr snapshot);
  Task<StatusOr<ContentPtr>> CheckAndBindSnapshotContent(SnapshotPtr snapshot, ContentPtr content);
  Task<Status> BindAndUpdateVolumeSnapshot(ContentPtr content, SnapshotPtr snapshot);

  // ---- dynamic provisioning (common_content_create.cpp) ----
  Task<StatusOr<ContentPtr>> CreateSnapshotContent(SnapshotPtr snapshot);
  Task<Status> EnsurePvcFinalizer(SnapshotPtr snapshot);
  StatusOr<Ptr<PersistentVolumeClaim>> GetClaimFromVolumeSnapshot(const VolumeSnapshot& snapshot) const;
  Task<StatusOr<Ptr<PersistentVolume>>> GetVolumeFromVolumeSnapshot(SnapshotPtr snapshot);

  // ---- status and finalizer writes (common_writes.cpp) ----
  Task<StatusOr<SnapshotPtr>> UpdateSnapshotStatus(SnapshotPtr snapshot, ContentPtr content);
  Task<Status> UpdateSnapshotErrorStatusWithEvent(SnapshotPtr snapshot, bool set_ready_to_false,
                                                  std::string_view type, std::string_view reason,
                                                  std::string message);
  Task<Status> CheckAndAddSnapshotFinalizers(SnapshotPtr snapshot);
  Task<Status> AddSnapshotFinalizer(SnapshotPtr snapshot, bool add_source, bool add_bound);
  Task<Status> RemoveSnapshotFinalizer(SnapshotPtr snapshot, bool remove_source, bool remove_bound);
  Task<Status> AddContentFinalizer(ContentPtr content);
  Task<StatusOr<ContentPtr>> SetAnnVolumeSnapshotBeingDeleted(ContentPtr content);

  // ---- deletion and the source-PVC finalizer (common_snapshot_delete.cpp) ----
  Task<Status> ProcessSnapshotWithDeletionTimestamp(SnapshotPtr snapshot);
  Task<Status> CheckAndRemoveSnapshotFinalizersAndCheckAndDeleteContent(SnapshotPtr snapshot,
                                                                        ContentPtr content,
                                                                        bool delete_content);
  bool IsVolumeBeingCreatedFromSnapshot(const VolumeSnapshot& snapshot) const;
  Task<Status> CheckAndRemovePvcFinalizer(SnapshotPtr snapshot, bool skip_current_snapshot);
  bool IsPvcBeingUsed(const PersistentVolumeClaim& pvc, const VolumeSnapshot& snapshot,
                      bool skip_current_snapshot) const;
  Task<Status> RemovePvcFinalizer(Ptr<PersistentVolumeClaim> pvc);

  // ---- contents (common_controller.cpp) ----
  Task<Status> SyncContent(ContentPtr content);

  Engine& engine_;
  SnapshotInformers& informers_;
  const bool prevent_volume_mode_conversion_;
  ApiClient client_;
  EventRecorder events_;
  // Last: destroying a queue destroys its running reconciles, which use the members above.
  WorkQueue snapshot_queue_;
  WorkQueue content_queue_;
};

}  // namespace xnsim::snapshot
