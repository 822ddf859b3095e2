// The invariants that hold only once the cluster has settled (scenario-format.md
// "Invariants"): no-orphans and finalizers-released. Each call scans the store and the
// drivers once; the runner calls them only at settle points (after a passing `settle`
// step, and at the end of a case with no pending work), never per event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fake-csi/mock_driver.h"
#include "sim/api/apiserver.h"

namespace xnsim {

// no-orphans: every driver volume is named by a PersistentVolume (csi.driver and
// volumeHandle), and every PersistentVolume whose reclaim policy is not Retain has a
// claim (claimRef to an existing claim of that uid). One message per offender, in
// (driver, volume id) and then PV name order.
std::vector<std::string> FindOrphans(const ApiServer& api,
                                     const std::vector<std::unique_ptr<csi::MockDriver>>& drivers);

// finalizers-released: no object being deleted keeps a protection finalizer whose
// reason is gone:
//   kubernetes.io/pvc-protection          no Pod that has not finished uses the claim
//   kubernetes.io/pv-protection           the PV is not Bound
//   provisioner.storage.kubernetes.io/cloning-protection
//                                         no Pending claim in the same namespace clones it
//                                         (spec.dataSource, as the real controller looks)
//   snapshot.storage.kubernetes.io/pvc-as-source-protection
//                                         no snapshot of the claim is still being cut
//   snapshot.storage.kubernetes.io/* on a VolumeSnapshot or its content, and
//   provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection
//                                         no Pending claim, in any namespace, restores the
//                                         snapshot (dataSource or dataSourceRef)
// The provisioner's snapshot finalizer is removed by a periodic sweeper, which settling
// does not wait for: an object keeping it is reported only once it has been terminating
// longer than `snapshot_sweep_grace` (the sweep interval plus a margin).
std::vector<std::string> FindStuckFinalizers(const ApiServer& api, SimTime now,
                                             SimDuration snapshot_sweep_grace);

}  // namespace xnsim
