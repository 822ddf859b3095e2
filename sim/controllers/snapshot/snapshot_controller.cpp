// The snapshot process: shared informers, snapshot-controller, and one csi-snapshotter
// per driver that can snapshot.
#include "sim/controllers/snapshot/snapshot_controller.h"

#include <utility>

#include "sim/controllers/snapshot/common_controller.h"
#include "sim/controllers/snapshot/sidecar_controller.h"
#include "sim/controllers/snapshot/snapshot_informers.h"

namespace xnsim {

struct SnapshotController::Impl {
  Impl(ApiServer& api, GateSet gate_set, const std::vector<csi::Driver*>& drivers,
       const SnapshotControllerOptions& options)
      : gates(std::move(gate_set)), informers(api, options.resync_period), common(api, informers, options) {
    for (csi::Driver* driver : drivers) {
      if (driver && driver->HasCapability(csi::Capability::kCreateDeleteSnapshot)) {
        sidecars.push_back(std::make_unique<snapshot::CsiSnapshotterSidecar>(api, informers, *driver, options.sidecar));
      }
    }
  }

  // No gate changes what xnsim models of this process (VolumeGroupSnapshot,
  // VolumeSnapshotTopology and ReleaseLeaderElectionOnExit are outside it).
  GateSet gates;
  // Declared first, destroyed last: the controllers' handlers and reconciles use them.
  snapshot::SnapshotInformers informers;
  snapshot::CommonSnapshotController common;
  std::vector<std::unique_ptr<snapshot::CsiSnapshotterSidecar>> sidecars;
};

SnapshotController::SnapshotController(ApiServer& api, GateSet gates, std::vector<csi::Driver*> drivers)
    : SnapshotController(api, std::move(gates), std::move(drivers), SnapshotControllerOptions{}) {}

SnapshotController::SnapshotController(ApiServer& api, GateSet gates, std::vector<csi::Driver*> drivers,
                                       SnapshotControllerOptions options)
    : impl_(std::make_unique<Impl>(api, std::move(gates), drivers, options)) {}

SnapshotController::~SnapshotController() = default;

void SnapshotController::Start() { impl_->informers.Start(); }

std::vector<ProcessLoad> SnapshotController::Loads() const {
  std::vector<ProcessLoad> loads{impl_->common.Load()};
  for (const auto& sidecar : impl_->sidecars) loads.push_back(sidecar->Load());
  return loads;
}

}  // namespace xnsim
