// Building the CreateVolume request and judging its failure the way
// external-provisioner does (makeVolumeName, the fstype and csi.storage.k8s.io/
// parameter handling of prepareProvision, checkError). Pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "fake-csi/csi.h"
#include "sim/controllers/provisioner/provisioning_state.h"
#include "sim/core/status.h"

namespace xnsim {

// "<prefix>-<uid>"; with uuid_length >= 0 the UID loses its dashes and is cut to that
// length (--volume-name-uuid-length).
std::string MakeVolumeName(std::string_view prefix, std::string_view uid, int uuid_length);

// The file system type from the StorageClass parameters: "fstype" (any case) or
// "csi.storage.k8s.io/fstype"; both present is refused. "" when neither.
StatusOr<std::string> FsTypeFromParameters(const StringMap& params);

// The parameters passed to the driver: every csi.storage.k8s.io/ key the sidecar knows
// is removed; an unknown one is refused.
StatusOr<StringMap> StripPrefixedParameters(
    const StringMap& params);

// checkError: what a failed CreateVolume leaves behind (SEMANTICS.md 3.6).
// `may_reschedule`: the driver reports topology and the claim has a selected node.
ProvisioningState StateForCreateVolumeError(csi::Code code, bool may_reschedule);

}  // namespace xnsim
