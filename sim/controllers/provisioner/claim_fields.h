// What the provisioner reads off a claim, the way the real helpers read it
// (util.GetPersistentVolumeClaimClass, CheckPersistentVolumeClaimModeBlock, the
// storage-provisioner and selected-node annotations), so every step agrees.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"

namespace xnsim {

// Annotation keys are std::string so that looking them up allocates nothing.
inline const std::string kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline const std::string kAnnBetaStorageProvisioner =
    "volume.beta.kubernetes.io/storage-provisioner";
inline const std::string kAnnMigratedTo = "pv.kubernetes.io/migrated-to";
inline const std::string kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline const std::string kAnnBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
inline const std::string kAnnProvisionedBy = "pv.kubernetes.io/provisioned-by";
inline const std::string kAnnDeletionSecretName =
    "volume.kubernetes.io/provisioner-deletion-secret-name";
inline const std::string kAnnDeletionSecretNamespace =
    "volume.kubernetes.io/provisioner-deletion-secret-namespace";
inline const std::string kAnnAllowVolumeModeChange =
    "snapshot.storage.kubernetes.io/allow-volume-mode-change";
inline constexpr std::string_view kVolumeAttrProvisionerIdentity =
    "storage.kubernetes.io/csiProvisionerIdentity";

inline constexpr std::string_view kFinalizerPV = "external-provisioner.volume.kubernetes.io/finalizer";
inline constexpr std::string_view kFinalizerCloneSource = "provisioner.storage.kubernetes.io/cloning-protection";
inline constexpr std::string_view kFinalizerSnapshotSource =
    "provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection";

inline constexpr std::string_view kSnapshotGroup = "snapshot.storage.k8s.io";
inline constexpr std::string_view kSnapshotKind = "VolumeSnapshot";
inline constexpr std::string_view kClaimKind = "PersistentVolumeClaim";

// The beta storage-class annotation wins over spec.storageClassName; "" when neither.
std::string_view ClaimClass(const PersistentVolumeClaim& claim);
bool ClaimIsBlock(const PersistentVolumeClaim& claim);
// spec.resources.requests.storage in bytes (Quantity.Value()); 0 when absent.
int64_t RequestedBytes(const PersistentVolumeClaim& claim);
bool HasStorageRequest(const PersistentVolumeClaim& claim);
// The storage-provisioner annotation (beta as fallback): "" when neither is present.
std::string_view ClaimProvisioner(const PersistentVolumeClaim& claim);
// The annotation's value; "" when absent. (Keys as std::string: the map's lookup
// would otherwise build one per call.)
std::string_view Annotation(const ObjectMeta& meta, const std::string& key);
bool HasAnnotation(const ObjectMeta& meta, const std::string& key);
// The finalizers without `f` (order kept).
std::vector<std::string> WithoutFinalizer(const std::vector<std::string>& finalizers,
                                          std::string_view f);

}  // namespace xnsim
