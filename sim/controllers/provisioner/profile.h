// Which external-provisioner release xnsim imitates: the behaviour differences between
// releases that SEMANTICS.md names (event prefix, slow retry of infeasible requests,
// the snapshot-source finalizer and its sweeper), resolved once from
// ProvisionerOptions::version so the decision code asks a flag, not a version.
#pragma once

#include <string_view>

#include "sim/core/status.h"

namespace xnsim {

struct ProvisionerProfile {
  int major = 6, minor = 3;
  // <= v5.x (library <= v11): ProvisioningFailed reads
  // `failed to provision volume with StorageClass "<sc>": <error>`.
  bool prefix_failure_events = false;
  // v6.0+: CreateVolume INVALID_ARGUMENT puts the claim in a slow set for
  // --retry-interval-max ("Volume provisioning failed with infeasible error...").
  bool slow_retry_infeasible = true;
  // v6.2+: provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection on the
  // source snapshot, and "snapshot <name> is being deleted" (older: "is currently
  // being deleted", no exception for a snapshot that carries the finalizer).
  bool snapshot_source_finalizer = true;
  // v6.3+: the orphaned snapshot-finalizer sweeper (--snapshot-orphan-sweep-interval).
  bool snapshot_finalizer_sweeper = true;
};

// "" is the newest release xnsim models (v6.3+/HEAD). Accepts "v6.2", "6.2.1"; refuses
// other text. Releases before v3.4 (no cross-namespace support) are refused too.
StatusOr<ProvisionerProfile> ProfileForVersion(std::string_view version);

}  // namespace xnsim
