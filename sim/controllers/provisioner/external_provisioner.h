// The csi-provisioner sidecar of one CSI driver (kubernetes-csi/external-provisioner
// with sig-storage-lib-external-provisioner), as one restartable process: the claim
// work queue and its decision sequence (SEMANTICS.md 3), PV deletion for reclaim
// policy Delete, the clone-protection controller (3.7) and the snapshot-source
// finalizer sweeper (3.8).
//
// Constructing it starts nothing; Start() lists and watches. Destroying it is the
// process dying: queue, backoff, in-flight calls and caches are gone; what it wrote to
// the API server and what the driver did stay.
#pragma once

#include <memory>

#include "fake-csi/csi.h"
#include "sim/api/apiserver.h"
#include "sim/controllers/provisioner/options.h"
#include "sim/controllers/runtime/audit.h"
#include "sim/controllers/runtime/process_load.h"
#include "sim/gates/gates.h"

namespace xnsim {

class ProvisionerRules;

class ExternalProvisioner {
 public:
  // `rules` null: Kubernetes' own (rules.h); tests pass broken ones.
  ExternalProvisioner(ApiServer& api, GateSet gates, ProvisionerOptions options,
                      csi::Driver& driver, ProvisioningAudit& audit,
                      std::shared_ptr<const ProvisionerRules> rules = nullptr);
  ~ExternalProvisioner();
  ExternalProvisioner(const ExternalProvisioner&) = delete;
  ExternalProvisioner& operator=(const ExternalProvisioner&) = delete;

  void Start();

  struct Stats {
    uint64_t attempts = 0;           // provisioning attempts (Provisioning events)
    uint64_t provisioned = 0;        // ProvisioningSucceeded
    uint64_t failed_attempts = 0;    // ProvisioningFailed
    uint64_t create_volume_calls = 0;
  };
  const Stats& stats() const;
  // Its client's counters and its queues, for capacity studies.
  ProcessLoad Load() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xnsim
