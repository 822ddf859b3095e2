// The source validations of getPVCSource (SEMANTICS.md 3.4) and getSnapshotSource
// (3.5), as pure functions over what the provisioner read: the caller does the reads
// (lister or live GET, as the real code does) and wraps a refusal in
// "error getting handle for DataSource Type ...". Each returns the real inner message.
#pragma once

#include <string_view>

#include "fake-csi/csi.h"
#include "sim/api/objects.h"
#include "sim/controllers/provisioner/rules.h"
#include "sim/core/status.h"

namespace xnsim {

// ---- clone (getPVCSource) ----------------------------------------------------------
// Steps 1-7 on the source claim from the claim cache (`source` null: not cached).
Status CheckCloneSourceClaim(const PersistentVolumeClaim& claim, std::string_view source_name,
                             const PersistentVolumeClaim* source);
// Steps 8-9 on the source PV from a live GET (`pv_error` set when the GET failed); the
// content source to send on success.
StatusOr<csi::VolumeContentSource> CheckCloneSourceVolume(const PersistentVolumeClaim& claim,
                                                          const StorageClass& sc,
                                                          const PersistentVolumeClaim& source,
                                                          const PersistentVolume* pv);

// ---- restore (getSnapshotSource) -----------------------------------------------------
struct SnapshotCheckOptions {
  bool finalizer_profile = true;            // v6.2+: deletion allowed while our finalizer is on
  bool prevent_volume_mode_conversion = true;
  const ProvisionerRules* rules = &KubernetesProvisionerRules();  // readiness (step 7)
};
// Steps 2-3 on the live snapshot: being deleted, not bound to a content.
Status CheckSnapshotBound(std::string_view name, const VolumeSnapshot& snapshot,
                          const SnapshotCheckOptions& options);
// Steps 4-6 on the live content (`content` null: the GET failed). The real code answers
// all three with "snapshot <name> not bound" and logs the detail.
Status CheckSnapshotContent(std::string_view name, const VolumeSnapshot& snapshot,
                            const VolumeSnapshotContent* content, const StorageClass& sc);
// Steps 7-10: ready, handle, restore size, volume-mode conversion; the content source.
StatusOr<csi::VolumeContentSource> CheckSnapshotRestorable(const PersistentVolumeClaim& claim,
                                                           std::string_view name,
                                                           const VolumeSnapshot& snapshot,
                                                           const VolumeSnapshotContent& content,
                                                           const SnapshotCheckOptions& options);

}  // namespace xnsim
