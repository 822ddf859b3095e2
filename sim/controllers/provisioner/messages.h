// Every event reason and error text the external-provisioner model prints, in one
// place, worded as external-provisioner (pkg/controller/controller.go, util.go) and
// sig-storage-lib-external-provisioner (controller/controller.go, volume_store.go)
// print them. SEMANTICS.md 3 quotes them; scenarios assert on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fake-csi/csi.h"
#include "sim/api/objects.h"

namespace xnsim::provisioner_messages {

// ---- event reasons -----------------------------------------------------------------
inline constexpr std::string_view kReasonProvisioning = "Provisioning";
inline constexpr std::string_view kReasonProvisioningFailed = "ProvisioningFailed";
inline constexpr std::string_view kReasonProvisioningSucceeded = "ProvisioningSucceeded";
inline constexpr std::string_view kReasonVolumeFailedDelete = "VolumeFailedDelete";

// ---- event messages ------------------------------------------------------------------
// External provisioner is provisioning volume for claim "<ns>/<name>"
std::string ProvisioningClaim(std::string_view ns, std::string_view name);
inline constexpr std::string_view kAssumingPopulator =
    "Assuming an external populator will provision the volume";
// Successfully provisioned volume <pv>
std::string ProvisionedVolume(std::string_view pv_name);
// v6.0+: Volume provisioning failed with infeasible error. Retries will be delayed. <err>
std::string InfeasibleFailure(std::string_view error);
// <= v5.x: failed to provision volume with StorageClass "<sc>": <err>
std::string PrefixedFailure(std::string_view storage_class, std::string_view error);

// ---- data source resolution and grant check (3.2 step 6.2, 3.3) ------------------------
inline constexpr std::string_view kCrossNamespaceGateOff =
    "dataSourceRef namespace specified but the CrossNamespaceVolumeDataSource feature is "
    "disabled";
// accessing <srcNs>/<name> of <Kind> dataSource from <pvcNs>/<pvcName> isn't allowed
std::string NotGranted(std::string_view source_ns, std::string_view source_name,
                       std::string_view kind, std::string_view claim_ns,
                       std::string_view claim_name);

// ---- prepareProvision (3.2 step 6) -------------------------------------------------------
std::string SourceNameEmpty(std::string_view claim_name);
std::string WrongSnapshotGroup(std::string_view got);
inline constexpr std::string_view kNoControllerService =
    "CSI driver does not support dynamic provisioning: plugin CONTROLLER_SERVICE capability "
    "is not reported";
inline constexpr std::string_view kNoCreateDeleteVolume =
    "CSI driver does not support dynamic provisioning: controller CREATE_DELETE_VOLUME "
    "capability is not reported";
inline constexpr std::string_view kNoSnapshotRestore =
    "CSI driver does not support snapshot restore: controller CREATE_DELETE_SNAPSHOT "
    "capability is not reported";
inline constexpr std::string_view kNoClone =
    "CSI driver does not support clone operations: controller CLONE_VOLUME capability is not "
    "reported";
inline constexpr std::string_view kSelectorNotSupported = "claim Selector is not supported";
inline constexpr std::string_view kFsTypeTwice =
    "fstype specified in parameters with both \"fstype\" and \"csi.storage.k8s.io/fstype\" keys";
std::string UnknownPrefixedParameter(std::string_view key);
// error getting handle for DataSource Type <Kind> by Name <name>: <inner>
std::string DataSourceHandle(std::string_view kind, std::string_view name, std::string_view inner);

// ---- getPVCSource (3.4) ------------------------------------------------------------------
// The claim lister's NotFound: persistentvolumeclaim "<name>" not found
std::string ClaimListerNotFound(std::string_view name);
std::string SourceClaimGet(std::string_view source_name, std::string_view claim_namespace,
                           std::string_view error);
std::string SourceClaimNotBound(std::string_view source_name,
                                const PersistentVolumeClaim::Status& status);
std::string SourceClaimDeleting(std::string_view source_name);
std::string SourceClassEmpty(std::string_view source_name);
std::string TargetClassEmpty(std::string_view claim_name);
std::string CloneTooSmall(int64_t requested, int64_t source);
std::string SourceVolumeNameEmpty(std::string_view source_name);
inline constexpr std::string_view kClaimNotBoundOrInvalid = "claim in dataSource not bound or invalid";
inline constexpr std::string_view kCloneBlockToFilesystem =
    "the source PVC and destination PVCs must have the same volume mode for cloning.  Source "
    "is Block, but new PVC requested Filesystem";
inline constexpr std::string_view kCloneFilesystemToBlock =
    "the source PVC and destination PVCs must have the same volume mode for cloning.  Source "
    "is Filesystem, but new PVC requested Block";

// ---- getSnapshotSource (3.5) -------------------------------------------------------------
std::string SnapshotGet(std::string_view name, std::string_view error);
std::string SnapshotDeleting(std::string_view name, bool v62_wording);
// Also what the real code returns when the content cannot be read, points back at
// another snapshot or belongs to another driver (those details go to its log only).
std::string SnapshotNotBound(std::string_view name);
std::string SnapshotNotReady(std::string_view name);
std::string SnapshotHandleMissing(std::string_view name);
std::string SnapshotNoCapacity(std::string_view claim_name, std::string_view snapshot_name);
std::string SnapshotTooLarge(int64_t requested, int64_t restore_size, std::string_view snapshot);
std::string ModeChangeNotAllowed(std::string_view claim_ns, std::string_view claim_name,
                                 std::string_view content);
std::string ModeChangeUnparsable(std::string_view claim_ns, std::string_view claim_name,
                                 std::string_view value);
std::string ModeChangeFalse(std::string_view claim_ns, std::string_view claim_name,
                            std::string_view content);

// ---- CreateVolume and its response (3.2 steps 7-8) ---------------------------------------
// A gRPC status as Go's err.Error() prints it: rpc error: code = NotFound desc = <msg>
std::string GrpcError(csi::Code code, std::string_view message);
std::string_view GoCodeName(csi::Code code);  // "ResourceExhausted", "Canceled"
std::string CapacityTooSmall(int64_t got, int64_t want);
std::string CapacityCleanupFailed(std::string_view error, std::string_view pv_name,
                                  std::string_view cleanup_error);
inline constexpr std::string_view kContentSourceMissing = "volume content source missing";
std::string ContentSourceCleanupFailed(std::string_view error, std::string_view pv_name,
                                       std::string_view cleanup_error);

// ---- deletion and finalizer controllers --------------------------------------------------
inline constexpr std::string_view kInvalidCsiVolume = "invalid CSI PV";
std::string CloneInProgress(std::string_view pending_claim);

// Go's %v of a PersistentVolumeClaimStatus, as "must have a status of Bound" prints it:
// "{Pending [] map[] [] map[] map[] <nil> <nil>}".
std::string GoClaimStatus(const PersistentVolumeClaim::Status& status);

}  // namespace xnsim::provisioner_messages
