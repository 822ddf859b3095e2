// The closed vocabularies a scenario may use: CSI capability, RPC and status-code
// names, the driver operations that have costs, invariant and strategy names. One
// list each, shared by the loader (to refuse anything else) and the defaults.
#pragma once

#include <array>
#include <string_view>

namespace xnsim {

// CSI ControllerServiceCapability.RPC.Type names (CSI spec v1.12, without UNKNOWN).
inline constexpr std::array<std::string_view, 15> kCsiControllerCapabilities = {
    "CREATE_DELETE_VOLUME",
    "PUBLISH_UNPUBLISH_VOLUME",
    "LIST_VOLUMES",
    "GET_CAPACITY",
    "CREATE_DELETE_SNAPSHOT",
    "LIST_SNAPSHOTS",
    "CLONE_VOLUME",
    "PUBLISH_READONLY",
    "EXPAND_VOLUME",
    "LIST_VOLUMES_PUBLISHED_NODES",
    "VOLUME_CONDITION",
    "GET_VOLUME",
    "SINGLE_NODE_MULTI_WRITER",
    "MODIFY_VOLUME",
    "GET_SNAPSHOT",
};

// CSI Controller service RPCs, as a fault's `op` names them.
inline constexpr std::array<std::string_view, 14> kCsiControllerOps = {
    "CreateVolume",
    "DeleteVolume",
    "ControllerPublishVolume",
    "ControllerUnpublishVolume",
    "ValidateVolumeCapabilities",
    "ListVolumes",
    "GetCapacity",
    "ControllerGetCapabilities",
    "CreateSnapshot",
    "DeleteSnapshot",
    "ListSnapshots",
    "ControllerExpandVolume",
    "ControllerGetVolume",
    "ControllerModifyVolume",
};

// gRPC status code names (without OK), as a fault's `code` names them.
inline constexpr std::array<std::string_view, 16> kGrpcErrorCodes = {
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

// The driver operations a cost model prices (DriverSpec::costs keys).
inline constexpr std::array<std::string_view, 6> kCostOperations = {
    "createVolume",   "cloneVolume",  "restoreSnapshot",
    "createSnapshot", "deleteVolume", "deleteSnapshot",
};

inline constexpr std::array<std::string_view, 2> kCopyModes = {"full", "copyOnWrite"};

inline constexpr std::array<std::string_view, 4> kInvariantNames = {
    "grant-checked", "no-orphans", "capacity", "finalizers-released"};

inline constexpr std::array<std::string_view, 3> kExploreStrategies = {"random", "pct",
                                                                       "exhaustive"};
inline constexpr std::array<std::string_view, 3> kJitterKinds = {"watch", "api", "csi"};

}  // namespace xnsim
