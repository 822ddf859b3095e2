// The closed vocabularies a scenario may use: CSI capability and RPC names, the driver
// operations that have costs, invariant and strategy names. One list each, shared by
// the loader (to refuse anything else) and the defaults. A real CSI capability that
// the mock driver does not model (csi::ParseCapability knows the modelled ones) is
// accepted and has no effect, as a real driver's unused capability would.
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

// The RPCs xnsim's mock CSI driver serves (fake-csi/mock_driver.h), the ones a fault
// can make fail; a fault on any other RPC would never fire. Status code names are the
// mock driver's own (csi::ParseCode), not a list here.
inline constexpr std::array<std::string_view, 5> kFaultableOps = {
    "CreateVolume", "DeleteVolume", "CreateSnapshot", "DeleteSnapshot", "GetCapacity",
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
