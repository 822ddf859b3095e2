// external-provisioner's flags that change behaviour, with the real defaults
// (SEMANTICS.md 6.1). A scenario's `cluster.provisioner` decodes into this.
#pragma once

#include <string>

#include "sim/core/time.h"

namespace xnsim {

struct ProvisionerOptions {
  int worker_threads = 100;                            // --worker-threads
  SimDuration retry_interval_start = 1 * kSecond;      // --retry-interval-start
  SimDuration retry_interval_max = 5 * kMinute;        // --retry-interval-max
  double kube_api_qps = 5;                             // --kube-api-qps
  int kube_api_burst = 10;                             // --kube-api-burst
  SimDuration timeout = 10 * kSecond;                  // --timeout (10 s in code)
  std::string version;                                 // release profile; "" = newest

  int cloning_protection_threads = 1;                  // --cloning-protection-threads
  SimDuration snapshot_orphan_sweep_interval = 5 * kMinute;  // --snapshot-orphan-sweep-interval; 0 = off
  bool prevent_volume_mode_conversion = true;          // --prevent-volume-mode-conversion
  std::string volume_name_prefix = "pvc";              // --volume-name-prefix
  int volume_name_uuid_length = -1;                    // --volume-name-uuid-length; -1 = whole UID
  // The driver's topology segment key ("topology.hostpath.csi/node"): what its node
  // plugin reports in NodeGetInfo, which the real sidecar reads from CSINode objects
  // (xnsim has none). Empty: the driver does not report VOLUME_ACCESSIBILITY_CONSTRAINTS,
  // so no preferred topology is sent and PVs get no node affinity. The cluster copies
  // it from the driver's configuration.
  std::string topology_key;
};

}  // namespace xnsim
