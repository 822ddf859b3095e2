// The backend volume behind a claim, reached the way a Pod's workload reaches it:
// PVC -> spec.volumeName -> PV -> spec.csi (driver, volumeHandle) -> the mock driver's
// volume. Used by the `write` and `assertContent` steps, whose failures say which link
// of that chain is missing.
#pragma once

#include <string>
#include <string_view>

#include "sim/controllers/cluster/cluster.h"
#include "sim/core/status.h"

namespace xnsim {

struct ClaimVolume {
  Ptr<PersistentVolumeClaim> claim;
  Ptr<PersistentVolume> volume;
  csi::MockDriver* driver = nullptr;
  const csi::VolumeInfo* info = nullptr;  // owned by the driver; valid until it changes
};

StatusOr<ClaimVolume> FindClaimVolume(Cluster& cluster, std::string_view ns,
                                      std::string_view name);

// Where a volume's data came from, for people: "restored at 12.5s from snapshot snap-1
// (VolumeSnapshot prod/db-snap), which was cut at 10s from volume vol-1 holding
// \"prod-db@snap1\"", "cloned ...", or "created empty at 3s".
std::string DescribeOrigin(Cluster& cluster, const csi::MockDriver& driver,
                           const csi::VolumeInfo& info);

}  // namespace xnsim
