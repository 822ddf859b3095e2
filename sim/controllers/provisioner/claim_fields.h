// What the provisioner reads off a claim, the way the real helpers read it
// (util.GetPersistentVolumeClaimClass, CheckPersistentVolumeClaimModeBlock, the
// storage-provisioner and selected-node annotations), so every step agrees.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"
#include "sim/api/well_known.h"

namespace xnsim {

// Annotation keys shared with the PV controller are in sim/api/well_known.h.
inline const std::string kAnnDeletionSecretName =
    "volume.kubernetes.io/provisioner-deletion-secret-name";
inline const std::string kAnnDeletionSecretNamespace =
    "volume.kubernetes.io/provisioner-deletion-secret-namespace";
inline const std::string kAnnAllowVolumeModeChange =
    "snapshot.storage.kubernetes.io/allow-volume-mode-change";
inline constexpr std::string_view kVolumeAttrProvisionerIdentity =
    "storage.kubernetes.io/csiProvisionerIdentity";

inline constexpr std::string_view kFinalizerPV = kProvisionedVolumeFinalizer;
inline constexpr std::string_view kFinalizerCloneSource = kCloneSourceFinalizer;
inline constexpr std::string_view kFinalizerSnapshotSource = kProvisionerSnapshotSourceFinalizer;

// ClaimClass (the claim's storage class) is in sim/api/well_known.h.
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
