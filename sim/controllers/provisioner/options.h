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
};

}  // namespace xnsim
