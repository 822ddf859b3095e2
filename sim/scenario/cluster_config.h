// From a scenario's `cluster:` (what the user wrote, validated by the loader) to the
// simulated cluster's configuration (sim/controllers/cluster): gates built for the
// Kubernetes version, each driver spec as the mock driver's config, faults with their
// codes parsed and `for` turned into an end time.
#pragma once

#include "sim/controllers/cluster/cluster.h"
#include "sim/core/status.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

// `now` is when the cluster starts: a driver's `faults` with `for` last until now + for.
StatusOr<ClusterConfig> ToClusterConfig(const ClusterSpec& spec, SimTime now);

// A fault injected at `now` (a driver's `faults` entry or a `fault` step).
StatusOr<csi::Fault> ToFault(const FaultSpec& spec, SimTime now);

}  // namespace xnsim
