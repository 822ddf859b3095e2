// What the parts of one csi-provisioner process share (internal to this folder): the
// driver and its capabilities as discovered at start, the flags and release profile,
// one API client (one QPS budget, as the real binary has one clientset), the two event
// recorders, and the informer caches. The controllers of the process (claims,
// volumes, clone protection, snapshot-finalizer sweeper) each hold a reference.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "fake-csi/csi.h"
#include "sim/api/client.h"
#include "sim/api/event_recorder.h"
#include "sim/controllers/provisioner/external_provisioner.h"
#include "sim/controllers/provisioner/options.h"
#include "sim/controllers/provisioner/profile.h"
#include "sim/controllers/provisioner/rules.h"
#include "sim/controllers/runtime/audit.h"
#include "sim/controllers/runtime/informer.h"
#include "sim/gates/gates.h"

namespace xnsim {

// The library's PVC handler resync (DefaultResyncPeriod) and the ReferenceGrant
// informer's (ResyncPeriodOfReferenceGrantInformer), SEMANTICS.md 6.1.
inline constexpr SimDuration kClaimResyncPeriod = 15 * kMinute;
inline constexpr SimDuration kReferenceGrantResyncPeriod = 1 * kHour;

struct Sidecar {
  Sidecar(ApiServer& api, const GateSet& gates, ProvisionerOptions options, csi::Driver& driver,
          ProvisioningAudit& audit, const ProvisionerRules& rules);

  bool HasCapability(csi::Capability c) const;
  // VOLUME_ACCESSIBILITY_CONSTRAINTS, as far as xnsim knows it (options.topology_key).
  bool SupportsTopology() const { return !options.topology_key.empty(); }
  // The claim with this UID in the claim cache (the library's uid index), or null.
  Ptr<PersistentVolumeClaim> ClaimByUid(const std::string& uid) const;
  // A trace line from this process, when tracing is on.
  void Trace(std::string_view action, std::string_view object, std::string_view detail) const;

  Engine& engine;
  csi::Driver& driver;
  ProvisioningAudit& audit;
  const ProvisionerOptions options;
  const ProvisionerRules& rules;  // Kubernetes' own, except in tests that break one
  const ProvisionerProfile profile;
  const bool cross_namespace;  // csi-provisioner --feature-gates=CrossNamespaceVolumeDataSource
  const std::string driver_name;
  const std::vector<csi::Capability> capabilities;  // ControllerGetCapabilities at start
  const std::string component;  // the library's event source: "<driver>_csi-provisioner-0"
  std::string identity;         // storage.kubernetes.io/csiProvisionerIdentity

  ApiClient client;
  EventRecorder library_events;      // sig-storage-lib-external-provisioner's recorder
  EventRecorder provisioner_events;  // external-provisioner's own ("external-provisioner")

  Informer<PersistentVolumeClaim> claims;
  Informer<StorageClass> classes;
  Informer<PersistentVolume> volumes;
  std::unique_ptr<Informer<ReferenceGrant>> grants;      // only with the gate on
  std::unique_ptr<Informer<VolumeSnapshot>> snapshots;   // only for the sweeper

  ExternalProvisioner::Stats stats;

 private:
  // The uid index: claims hashed by their own uid, so no copy of it is kept as a key;
  // looked up only. Mutable: a newer version of a claim (same uid) replaces it in place.
  struct ByUid {
    mutable Ptr<PersistentVolumeClaim> claim;
  };
  struct UidHash {
    using is_transparent = void;
    size_t operator()(std::string_view uid) const { return std::hash<std::string_view>()(uid); }
    size_t operator()(const ByUid& e) const { return (*this)(e.claim->metadata.uid); }
  };
  struct UidEqual {
    using is_transparent = void;
    static std::string_view Uid(std::string_view uid) { return uid; }
    static std::string_view Uid(const ByUid& e) { return e.claim->metadata.uid; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const { return Uid(a) == Uid(b); }
  };
  void IndexByUid(const Ptr<PersistentVolumeClaim>& claim);
  std::unordered_set<ByUid, UidHash, UidEqual> claims_by_uid_;
};

}  // namespace xnsim
