// The flags of snapshot-controller and csi-snapshotter that change behaviour, with the
// real defaults (kubernetes-csi/external-snapshotter v8, cmd/snapshot-controller/main.go
// and cmd/csi-snapshotter/main.go).
#pragma once

#include <string>

#include "sim/core/time.h"

namespace xnsim {

// One csi-snapshotter sidecar (every driver's sidecar gets the same flags). Its
// --resync-period (15 min) is not here: a resync re-delivers unchanged contents, which
// the sidecar's update filter (ShouldEnqueueContentChange) drops, so it changes nothing.
struct SnapshotterSidecarOptions {
  int worker_threads = 10;                          // --worker-threads
  SimDuration timeout = 1 * kMinute;                // --timeout: every CSI call
  SimDuration retry_interval_start = 1 * kSecond;   // --retry-interval-start
  SimDuration retry_interval_max = 5 * kMinute;     // --retry-interval-max
  double kube_api_qps = 5;                          // --kube-api-qps
  int kube_api_burst = 10;                          // --kube-api-burst
  std::string snapshot_name_prefix = "snapshot";    // --snapshot-name-prefix
};

struct SnapshotControllerOptions {
  // snapshot-controller (the common controller).
  int worker_threads = 10;                          // --worker-threads
  SimDuration resync_period = 15 * kMinute;         // --resync-period
  SimDuration retry_interval_start = 1 * kSecond;   // --retry-interval-start
  SimDuration retry_interval_max = 5 * kMinute;     // --retry-interval-max
  double kube_api_qps = 5;                          // --kube-api-qps
  int kube_api_burst = 10;                          // --kube-api-burst
  bool prevent_volume_mode_conversion = true;       // --prevent-volume-mode-conversion

  SnapshotterSidecarOptions sidecar;
};

}  // namespace xnsim
