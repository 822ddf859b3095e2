// snapshot-controller with the csi-snapshotter sidecar of every driver folded in, as
// one restartable process (SEMANTICS.md 4): VolumeSnapshot -> VolumeSnapshotContent ->
// CreateSnapshot -> readyToUse, restoreSize and creationTime; pre-provisioned contents;
// deletion policy; the source-protection finalizers and the deletion check.
//
// Constructing it starts nothing; Start() lists and watches. Destroying it is the
// process dying.
#pragma once

#include <memory>
#include <vector>

#include "fake-csi/csi.h"
#include "sim/api/apiserver.h"
#include "sim/controllers/runtime/process_load.h"
#include "sim/controllers/snapshot/options.h"
#include "sim/gates/gates.h"

namespace xnsim {

class SnapshotController {
 public:
  // `drivers`: every CSI driver of the cluster; a content is handled by the one its
  // spec.driver names. Only a driver with CREATE_DELETE_SNAPSHOT gets a csi-snapshotter
  // (the real sidecar exits at start-up otherwise).
  SnapshotController(ApiServer& api, GateSet gates, std::vector<csi::Driver*> drivers);
  SnapshotController(ApiServer& api, GateSet gates, std::vector<csi::Driver*> drivers,
                     SnapshotControllerOptions options);
  ~SnapshotController();
  SnapshotController(const SnapshotController&) = delete;
  SnapshotController& operator=(const SnapshotController&) = delete;

  void Start();
  // The common controller's and each csi-snapshotter's load, for capacity studies.
  std::vector<ProcessLoad> Loads() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xnsim
