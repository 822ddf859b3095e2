// The csi-provisioner process: its shared state, the csiProvisioner, and the
// controllers cmd/csi-provisioner starts (claims and volumes of the library, clone
// protection, the snapshot-finalizer sweeper).
#include "sim/controllers/provisioner/external_provisioner.h"

#include "sim/controllers/provisioner/claim_controller.h"
#include "sim/controllers/provisioner/clone_protection.h"
#include "sim/controllers/provisioner/csi_provisioner.h"
#include "sim/controllers/provisioner/sidecar.h"
#include "sim/controllers/provisioner/snapshot_finalizer_sweeper.h"
#include "sim/controllers/provisioner/volume_controller.h"

namespace xnsim {

// Members are destroyed bottom-up: the controllers (their queues and running
// reconciles) go before the provisioner and the caches they use.
struct ExternalProvisioner::Impl {
  Impl(ApiServer& api, const GateSet& gates, ProvisionerOptions options, csi::Driver& driver,
       ProvisioningAudit& audit, std::shared_ptr<const ProvisionerRules> rules_in)
      : rules(rules_in ? std::move(rules_in)
                       : std::shared_ptr<const ProvisionerRules>(std::shared_ptr<void>(),
                                                                 &KubernetesProvisionerRules())),
        sidecar(api, gates, std::move(options), driver, audit, *rules),
        csi(sidecar),
        claims(sidecar, csi),
        volumes(sidecar, csi) {
    if (sidecar.HasCapability(csi::Capability::kCloneVolume)) {
      clone_protection = std::make_unique<CloneProtectionController>(sidecar);
    }
    if (sidecar.profile.snapshot_finalizer_sweeper &&
        sidecar.options.snapshot_orphan_sweep_interval > 0 &&
        sidecar.HasCapability(csi::Capability::kCreateDeleteSnapshot)) {
      sidecar.snapshots = std::make_unique<Informer<VolumeSnapshot>>(api, 0);
      sweeper = std::make_unique<SnapshotFinalizerSweeper>(sidecar);
    }
  }

  // Shared with a test that broke one; Kubernetes' own (a static) otherwise.
  std::shared_ptr<const ProvisionerRules> rules;
  Sidecar sidecar;
  CsiProvisioner csi;
  ClaimController claims;
  VolumeController volumes;
  std::unique_ptr<CloneProtectionController> clone_protection;
  std::unique_ptr<SnapshotFinalizerSweeper> sweeper;
};

ExternalProvisioner::ExternalProvisioner(ApiServer& api, GateSet gates, ProvisionerOptions options,
                                         csi::Driver& driver, ProvisioningAudit& audit,
                                         std::shared_ptr<const ProvisionerRules> rules)
    : impl_(std::make_unique<Impl>(api, gates, std::move(options), driver, audit, std::move(rules))) {}

ExternalProvisioner::~ExternalProvisioner() = default;

void ExternalProvisioner::Start() {
  // The real sidecar starts its informers and waits for them to sync before any
  // controller runs; with the gate on that includes the ReferenceGrant informer, which
  // never syncs without the CRD (SEMANTICS.md 5 row 7). xnsim always serves the CRD, so
  // the wait is always short, and the lists here are synchronous. Claims come last, so
  // the first reconciles find every other cache filled.
  Sidecar& s = impl_->sidecar;
  s.classes.Start();
  s.volumes.Start();
  if (s.grants) s.grants->Start();
  if (s.snapshots) s.snapshots->Start();
  s.claims.Start();
  if (impl_->sweeper) impl_->sweeper->Start();
}

const ExternalProvisioner::Stats& ExternalProvisioner::stats() const { return impl_->sidecar.stats; }

ProcessLoad ExternalProvisioner::Load() const {
  ProcessLoad load;
  load.component = impl_->sidecar.client.component() + " " + impl_->sidecar.driver_name;
  load.client = impl_->sidecar.client.stats();
  load.AddQueue(impl_->claims.queue());
  load.AddQueue(impl_->claims.unsaved_queue());
  load.AddQueue(impl_->volumes.queue());
  return load;
}

}  // namespace xnsim
