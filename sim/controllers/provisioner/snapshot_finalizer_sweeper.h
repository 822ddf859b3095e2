// external-provisioner v6.3's SnapshotFinalizerController
// (snapshot_finalizer_controller.go, SEMANTICS.md 3.8): every
// --snapshot-orphan-sweep-interval (first at start) it removes
// provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection from every
// snapshot that no Pending (or phase-less) claim references through dataSource or
// dataSourceRef, cross-namespace references included. Runs only when the driver
// reports CREATE_DELETE_SNAPSHOT. The sweep's timer is periodic (settle does not
// wait for it); its API calls are work.
#pragma once

#include "sim/controllers/provisioner/sidecar.h"
#include "sim/core/coro.h"

namespace xnsim {

class SnapshotFinalizerSweeper {
 public:
  explicit SnapshotFinalizerSweeper(Sidecar& sidecar) : s_(sidecar) {}
  void Start();
  uint64_t sweeps() const { return sweeps_; }

 private:
  Task<void> Loop();
  Task<void> Sweep();

  Sidecar& s_;
  uint64_t sweeps_ = 0;
  TaskScope scope_;
};

}  // namespace xnsim
