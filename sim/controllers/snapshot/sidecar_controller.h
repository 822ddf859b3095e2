// csi-snapshotter, the sidecar of one CSI driver (external-snapshotter
// pkg/sidecar-controller): for the contents whose spec.driver is its driver it calls
// CreateSnapshot (again and again until the snapshot is ready), fills the content's
// status, and on deletion calls DeleteSnapshot and removes the content's finalizer.
//
// A pre-provisioned content is checked with ListSnapshots in the real sidecar, but
// only when the driver has LIST_SNAPSHOTS; xnsim's csi::Driver has no ListSnapshots,
// so every driver is one without it, and the real sidecar then takes the handle as
// valid and ready: readyToUse true, creationTime now, no restoreSize.
#pragma once

#include <string>

#include "fake-csi/csi.h"
#include "sim/api/client.h"
#include "sim/api/event_recorder.h"
#include "sim/controllers/runtime/process_load.h"
#include "sim/controllers/runtime/work_queue.h"
#include "sim/controllers/snapshot/options.h"
#include "sim/controllers/snapshot/snapshot_informers.h"

namespace xnsim::snapshot {

class CsiSnapshotterSidecar {
 public:
  // Adds its handlers to `informers`, which must not have started yet.
  CsiSnapshotterSidecar(ApiServer& api, SnapshotInformers& informers, csi::Driver& driver,
                        const SnapshotterSidecarOptions& options);
  CsiSnapshotterSidecar(const CsiSnapshotterSidecar&) = delete;
  CsiSnapshotterSidecar& operator=(const CsiSnapshotterSidecar&) = delete;

  const ApiClient& client() const { return client_; }
  ProcessLoad Load() const;  // for capacity studies

 private:
  using ContentPtr = Ptr<VolumeSnapshotContent>;

  // Go's (requeue bool, err error): requeued with backoff when either is set.
  struct SyncResult {
    bool requeue = false;
    Status status;
  };
  // Go's (content, err): the newest content known even when err is set.
  struct ContentResult {
    ContentPtr content;
    Status status;
  };

  Task<ReconcileResult> ReconcileContent(std::string name);
  bool IsDriverMatch(const VolumeSnapshotContent& content) const;
  Task<SyncResult> SyncContent(ContentPtr content);
  bool ShouldDelete(const VolumeSnapshotContent& content) const;

  // ---- creation (sidecar_create.cpp) ----
  Task<SyncResult> CreateSnapshot(ContentPtr content);
  Task<SyncResult> CheckAndUpdateContentStatus(ContentPtr content);
  Task<ContentResult> CheckAndUpdateContentStatusOperation(ContentPtr content);
  Task<ContentResult> CreateSnapshotWrapper(ContentPtr content);
  Task<StatusOr<ContentPtr>> UpdateSnapshotContentStatus(ContentPtr content, std::string snapshot_handle,
                                                         bool ready_to_use, int64_t created_unix_nanos,
                                                         int64_t size_bytes);
  Task<Status> UpdateContentErrorStatusWithEvent(ContentPtr content, std::string_view type,
                                                 std::string_view reason, std::string message);
  Task<StatusOr<ContentPtr>> SetAnnVolumeSnapshotBeingCreated(ContentPtr content);
  Task<StatusOr<ContentPtr>> RemoveAnnVolumeSnapshotBeingCreated(ContentPtr content);

  // ---- deletion (sidecar_controller.cpp) ----
  Task<Status> DeleteCsiSnapshotOperation(ContentPtr content);
  Task<StatusOr<ContentPtr>> ClearVolumeContentStatus(std::string name);
  Task<Status> RemoveContentFinalizer(ContentPtr content);

  Engine& engine_;
  SnapshotInformers& informers_;
  csi::Driver& driver_;
  const SnapshotterSidecarOptions options_;
  ApiClient client_;
  EventRecorder events_;
  // Last: destroying the queue destroys its running reconciles and their CSI calls.
  WorkQueue queue_;
};

}  // namespace xnsim::snapshot
