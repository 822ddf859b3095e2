// What the access and lineage graph is built from: a scenario's data objects and
// ReferenceGrants at one moment, and every copy realised up to then. Lineage is
// recorded as the run goes (lineage_recorder.h), so a copy stays in it after its
// source, its copy or the grant that allowed it is deleted. Plain data: a test or a
// benchmark writes one directly.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/time.h"

namespace xnsim {

// The objects that hold a volume's data.
enum class DataKind : uint8_t { kClaim, kSnapshot, kContent, kVolume };
std::string_view DataKindName(DataKind kind);  // "PersistentVolumeClaim", ...

struct DataRef {
  DataKind kind = DataKind::kClaim;
  std::string namespace_;  // "" for the cluster-scoped contents and volumes
  std::string name;
  auto operator<=>(const DataRef&) const = default;
  // "PersistentVolumeClaim prod/db", "PersistentVolume pvc-1".
  std::string Label() const;
};

// How data moved, or which two objects hold the same data.
enum class LineageKind : uint8_t {
  kClone,     // PersistentVolumeClaim -> PersistentVolumeClaim (a volume cloned)
  kRestore,   // VolumeSnapshot -> PersistentVolumeClaim (a snapshot restored)
  kSnapshot,  // PersistentVolumeClaim -> VolumeSnapshot (a snapshot cut)
  kContent,   // VolumeSnapshot -- VolumeSnapshotContent (bound: the same data)
  kBinding,   // PersistentVolumeClaim -- PersistentVolume (bound: the same data)
};
std::string_view LineageKindName(LineageKind kind);  // "clone", "restore", ...
// Whether the two ends hold the same data (a binding), rather than one copied from the other.
inline bool IsBinding(LineageKind kind) {
  return kind == LineageKind::kContent || kind == LineageKind::kBinding;
}

struct LineageEdge {
  SimTime at = 0;  // when it was realised (seen)
  DataRef from, to;
  LineageKind kind = LineageKind::kClone;
};

struct AccessState {
  SimTime at = 0;
  std::vector<std::string> namespaces;
  std::vector<Ptr<ReferenceGrant>> grants;
  std::vector<DataRef> objects;      // the data objects that exist at `at`
  std::vector<LineageEdge> lineage;  // realised up to `at`, in order
  // Grants open nothing unless kube-apiserver keeps a cross-namespace dataSourceRef
  // and csi-provisioner honours it (CrossNamespaceVolumeDataSource on both, and
  // AnyVolumeDataSource on kube-apiserver). With a gate off they are drawn, inert.
  bool grants_active = true;
  std::string grants_inert_reason;  // "CrossNamespaceVolumeDataSource is off on csi-provisioner"
};

}  // namespace xnsim
