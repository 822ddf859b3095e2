// The PV controller's annotation keys, event reasons and event messages, spelled as
// kube-controller-manager spells them (pkg/controller/volume/persistentvolume,
// component-helpers/storage/volume, pkg/controller/volume/events), in one place so
// that code and tests refer to them instead of re-spelling them (SEMANTICS.md 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/api/well_known.h"
#include "sim/gates/gates.h"

namespace xnsim::pv {

// ---- annotations ----------------------------------------------------------------------
using ::xnsim::kAnnBetaStorageClass;
using ::xnsim::kAnnBetaStorageProvisioner;
using ::xnsim::kAnnBindCompleted;
using ::xnsim::kAnnBoundByController;
using ::xnsim::kAnnMigratedTo;
using ::xnsim::kAnnProvisionedBy;
using ::xnsim::kAnnSelectedNode;
using ::xnsim::kAnnStorageProvisioner;
inline constexpr std::string_view kAnnDefaultClass = "storageclass.kubernetes.io/is-default-class";
inline constexpr std::string_view kAnnBetaDefaultClass =
    "storageclass.beta.kubernetes.io/is-default-class";

// ---- event reasons ----------------------------------------------------------------------
inline constexpr std::string_view kComponent = "persistentvolume-controller";
inline constexpr std::string_view kNormal = "Normal";
inline constexpr std::string_view kWarning = "Warning";

inline constexpr std::string_view kReasonWaitForFirstConsumer = "WaitForFirstConsumer";
inline constexpr std::string_view kReasonWaitForPodScheduled = "WaitForPodScheduled";
inline constexpr std::string_view kReasonExternalProvisioning = "ExternalProvisioning";
inline constexpr std::string_view kReasonProvisioningFailed = "ProvisioningFailed";
inline constexpr std::string_view kReasonFailedBinding = "FailedBinding";
inline constexpr std::string_view kReasonVolumeMismatch = "VolumeMismatch";
inline constexpr std::string_view kReasonClaimLost = "ClaimLost";
inline constexpr std::string_view kReasonClaimMisbound = "ClaimMisbound";
inline constexpr std::string_view kReasonVolumeFailedDelete = "VolumeFailedDelete";
inline constexpr std::string_view kReasonVolumeFailedRecycle = "VolumeFailedRecycle";
inline constexpr std::string_view kReasonVolumeUnknownReclaimPolicy = "VolumeUnknownReclaimPolicy";

// ---- messages ---------------------------------------------------------------------------
inline constexpr std::string_view kMsgWaitForFirstConsumer =
    "waiting for first consumer to be created before binding";
inline constexpr std::string_view kMsgNoClassNoVolume =
    "no persistent volumes available for this claim and no storage class is set";
inline constexpr std::string_view kMsgClaimLostReference =
    "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!";
inline constexpr std::string_view kMsgClaimLostVolume =
    "Bound claim has lost its PersistentVolume. Data on the volume is lost!";
inline constexpr std::string_view kMsgClaimMisbound =
    "Two claims are bound to the same volume, this one is bound incorrectly";
inline constexpr std::string_view kMsgNoRecycler = "No recycler plugin found for the volume!";
inline constexpr std::string_view kMsgUnknownReclaimPolicy =
    "Volume has unrecognized PersistentVolumeReclaimPolicy";

// "waiting for pod a to be scheduled" / "waiting for pods a,b to be scheduled".
std::string WaitForPodScheduledMessage(const std::vector<std::string>& pod_names);
// ExternalProvisioning. Kubernetes 1.28 (kubernetes#118262) reworded it; before:
//   waiting for a volume to be created, either by external provisioner "<driver>" or
//   manually created by system administrator
std::string ExternalProvisioningMessage(std::string_view provisioner, KubeVersion version);
// What the class lister says for a missing class: storageclass.storage.k8s.io "x" not found
std::string StorageClassNotFoundMessage(std::string_view name);
// Cannot bind to requested volume "pv": <reason>
std::string VolumeMismatchMessage(std::string_view volume, std::string_view reason);
// volume "pv" already bound to a different claim.
std::string AlreadyBoundMessage(std::string_view volume);
// error getting deleter volume plugin for volume "pv": no deletable volume plugin matched
std::string NoDeleterMessage(std::string_view volume);

}  // namespace xnsim::pv
