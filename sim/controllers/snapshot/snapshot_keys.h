// The finalizer and annotation keys and the generated names of external-snapshotter
// (pkg/utils/util.go), spelled once for the common controller, the sidecar and tests.
#pragma once

#include <string>
#include <string_view>

#include "sim/api/objects.h"
#include "sim/api/well_known.h"

namespace xnsim::snapshot {

// On a VolumeSnapshotContent bound to a VolumeSnapshot (VolumeSnapshotContentFinalizer).
inline constexpr std::string_view kContentBoundFinalizer =
    "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection";
// On a VolumeSnapshot bound to a content whose deletionPolicy is Delete.
inline constexpr std::string_view kSnapshotBoundFinalizer =
    "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection";
// On every live VolumeSnapshot: it may be the source of a restore.
inline constexpr std::string_view kSnapshotAsSourceFinalizer =
    "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection";
// On the source PVC of a dynamic snapshot while the snapshot is being cut.
inline constexpr std::string_view kPvcAsSourceFinalizer = kPvcAsSnapshotSourceFinalizer;

inline constexpr std::string_view kIsDefaultClassAnnotation =
    "snapshot.storage.kubernetes.io/is-default-class";
// Set by snapshot-controller on the content of a snapshot being deleted.
inline constexpr std::string_view kAnnBeingDeleted =
    "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted";
// Set by csi-snapshotter while a CreateSnapshot call may still be running in the driver.
inline constexpr std::string_view kAnnBeingCreated =
    "snapshot.storage.kubernetes.io/volumesnapshot-being-created";

// How listers name the class resource in NotFound errors.
inline constexpr std::string_view kClassResource = "volumesnapshotclass.snapshot.storage.k8s.io";

// Class parameters with this prefix are for the sidecar, not the driver.
inline constexpr std::string_view kCsiParameterPrefix = "csi.storage.k8s.io/";

using ::xnsim::kSnapshotGroup;
using ::xnsim::kSnapshotKind;

// "snapcontent-<snapshot uid>" (GetDynamicSnapshotContentNameForSnapshot).
inline std::string DynamicContentName(const VolumeSnapshot& s) { return "snapcontent-" + s.metadata.uid; }

// "<namespace>/<name>": work-queue keys and how messages name a snapshot (SnapshotKey).
inline std::string SnapshotKey(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}
inline std::string SnapshotKey(const VolumeSnapshot& s) {
  return SnapshotKey(s.metadata.namespace_, s.metadata.name);
}

}  // namespace xnsim::snapshot
