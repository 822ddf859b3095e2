// Which external-provisioner release xnsim imitates: the behaviour differences between
// releases for data sources (VERSIONS.md beside this file: the table, with the
// changelog entry behind every row), resolved once from ProvisionerOptions::version so
// the decision code asks a flag, not a version.
#pragma once

#include <string>
#include <string_view>

#include "sim/core/status.h"

namespace xnsim {

struct ProvisionerProfile {
  int major = 6, minor = 4, patch = 0;
  // v4.0.0+: --prevent-volume-mode-conversion defaults to true (false before); xnsim has
  // no scenario key for the flag, so the release decides it.
  bool prevent_volume_mode_conversion = true;
  // <= v5.x (library <= v11): ProvisioningFailed reads
  // `failed to provision volume with StorageClass "<sc>": <error>`.
  bool prefix_failure_events = false;
  // v6.0+: CreateVolume INVALID_ARGUMENT puts the claim in a slow set for
  // --retry-interval-max ("Volume provisioning failed with infeasible error...").
  bool slow_retry_infeasible = true;
  // v6.2.0+ and the backports v6.0.1, v6.1.1:
  // provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection on the source
  // snapshot, and "snapshot <name> is being deleted" (older: "is currently being
  // deleted", no exception for a snapshot that carries the finalizer).
  bool snapshot_source_finalizer = true;
  // v6.3.0+ and the backport v6.2.1: the orphaned snapshot-finalizer sweeper
  // (--snapshot-orphan-sweep-interval).
  bool snapshot_finalizer_sweeper = true;
};

// "" is the newest release xnsim models (v6.4/HEAD). Accepts "v6.2", "6.2.1" (a minor
// release without a patch is its .0) of a release line xnsim knows; refuses other text,
// and lines it does not know, with the list of those it does. Releases before v3.4 (no
// cross-namespace support) are refused too.
StatusOr<ProvisionerProfile> ProfileForVersion(std::string_view version);

// The release lines ProfileForVersion accepts, oldest first: "v3.4, v3.5, ..., v6.4".
std::string KnownProvisionerReleases();

}  // namespace xnsim
