// Annotation and finalizer keys, and API group and kind names, that more than one
// component reads or writes, spelled once as Kubernetes spells them, with the one
// reading of them that several components share. Keys a single
// component owns stay with it.
#pragma once

#include <string>
#include <string_view>

#include "sim/api/objects.h"

namespace xnsim {

// ---- annotations (std::string: looked up in ObjectMeta's maps without a copy) ----------
// PV controller <-> external-provisioner (component-helpers/storage/volume).
inline const std::string kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline const std::string kAnnBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
inline const std::string kAnnMigratedTo = "pv.kubernetes.io/migrated-to";
inline const std::string kAnnBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
inline const std::string kAnnProvisionedBy = "pv.kubernetes.io/provisioned-by";
inline const std::string kAnnBindCompleted = "pv.kubernetes.io/bind-completed";
inline const std::string kAnnBoundByController = "pv.kubernetes.io/bound-by-controller";
// Scheduler -> PV controller and external-provisioner (WaitForFirstConsumer).
inline const std::string kAnnSelectedNode = "volume.kubernetes.io/selected-node";

// ---- finalizers ---------------------------------------------------------------------------
// StorageObjectInUseProtection admission, removed by kube-controller-manager.
inline constexpr std::string_view kPvcProtectionFinalizer = "kubernetes.io/pvc-protection";
inline constexpr std::string_view kPvProtectionFinalizer = "kubernetes.io/pv-protection";
// external-provisioner.
inline constexpr std::string_view kProvisionedVolumeFinalizer =
    "external-provisioner.volume.kubernetes.io/finalizer";
inline constexpr std::string_view kCloneSourceFinalizer =
    "provisioner.storage.kubernetes.io/cloning-protection";
inline constexpr std::string_view kProvisionerSnapshotSourceFinalizer =
    "provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection";
// external-snapshotter (pkg/utils/util.go).
inline constexpr std::string_view kSnapshotterFinalizerPrefix = "snapshot.storage.kubernetes.io/";
inline constexpr std::string_view kPvcAsSnapshotSourceFinalizer =
    "snapshot.storage.kubernetes.io/pvc-as-source-protection";

// ---- groups and kinds a data source names -------------------------------------------------
inline constexpr std::string_view kSnapshotGroup = "snapshot.storage.k8s.io";
inline constexpr std::string_view kSnapshotKind = "VolumeSnapshot";
inline constexpr std::string_view kClaimKind = "PersistentVolumeClaim";

// GetPersistentVolumeClaimClass (component-helpers/storage/volume): the beta
// storage-class annotation wins over spec.storageClassName; "" when neither is set.
inline std::string_view ClaimClass(const PersistentVolumeClaim& claim) {
  auto it = claim.metadata.annotations.find(kAnnBetaStorageClass);
  if (it != claim.metadata.annotations.end()) return it->second;
  return claim.spec.storage_class_name ? std::string_view(*claim.spec.storage_class_name)
                                       : std::string_view();
}

}  // namespace xnsim
