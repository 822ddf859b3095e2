// kube-controller-manager's PersistentVolume controller (the binder; SEMANTICS.md 2):
// binds claims to volumes, asks an external provisioner for a volume by annotating the
// claim, marks volumes Released when their claim goes, and re-syncs every claim and
// volume each --pvclaimbinder-sync-period (which is how ExternalProvisioning repeats).
//
// Like the real one it keeps its own cache of claims and volumes, updated by the
// informers and by its own writes, so that it never acts on a version older than one
// it wrote; one worker per queue, and a failed sync waits for the next resync.
//
// Not modelled: in-tree volume plugins and CSI migration (a class whose provisioner is
// "kubernetes.io/..." fails with "no volume plugin matched name", and a Released
// volume not provisioned by an external provisioner fails to find a deleter or
// recycler), node affinity, volume attributes classes, metrics. The resync skips claims
// and volumes whose sync is known to be a no-op (bound pairs, Available volumes,
// Released volumes kept by Retain): same writes and events, less work.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "sim/api/client.h"
#include "sim/api/event_recorder.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/kcm/pod_claim_index.h"
#include "sim/controllers/kcm/pv_controller_index.h"
#include "sim/controllers/kcm/pv_controller_operations.h"
#include "sim/controllers/kcm/kcm_informers.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

class PersistentVolumeController {
 public:
  // `version` picks the release-dependent event wording (pv_controller_keys.h).
  PersistentVolumeController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                             const KubeControllerManagerOptions& options,
                             KubeVersion version = kNewestKubeVersion);
  ~PersistentVolumeController();
  PersistentVolumeController(const PersistentVolumeController&) = delete;
  PersistentVolumeController& operator=(const PersistentVolumeController&) = delete;

  void Start();

  // For tests: how many claims and volumes the next resync will visit.
  size_t unsettled_claims() const { return unsettled_claims_.size(); }
  size_t unsettled_volumes() const { return unsettled_volumes_.size(); }
  // For capacity studies (ProcessLoad).
  const WorkQueue& claim_queue() const { return claim_queue_; }
  const WorkQueue& volume_queue() const { return volume_queue_; }

 private:
  using ClaimPtr = Ptr<PersistentVolumeClaim>;
  using VolumePtr = Ptr<PersistentVolume>;

  // ---- cache (pv_controller.cpp) ----
  bool StoreClaim(ClaimPtr claim);  // false if the cache holds a newer version
  void EraseClaim(const pv::ClaimKeyRef& key);
  bool StoreVolume(VolumePtr volume);
  void EraseVolume(const std::string& name);
  ClaimPtr CachedClaim(const pv::ClaimKeyRef& key) const;
  // Whether a sync would find nothing to do, so the periodic resync can skip it.
  bool ClaimSettled(const PersistentVolumeClaim& claim) const;
  bool VolumeSettled(const PersistentVolume& volume) const;
  void RecheckClaim(const pv::ClaimKeyRef& key);
  void RecheckVolume(std::string_view name);
  void Resync();
  Task<ReconcileResult> ClaimWorker(const std::string& key);
  Task<ReconcileResult> VolumeWorker(const std::string& name);

  // ---- claims (pv_controller_claims.cpp) ----
  Task<Status> SyncClaim(ClaimPtr claim);
  Task<Status> SyncUnboundClaim(ClaimPtr claim);
  Task<Status> SyncBoundClaim(ClaimPtr claim);
  bool IsDelayBindingMode(const PersistentVolumeClaim& claim) const;
  void EmitEventForUnboundDelayBindingClaim(const PersistentVolumeClaim& claim);
  Ptr<StorageClass> DefaultClass() const;
  void ProvisionClaim(const ClaimPtr& claim);
  Task<Status> ProvisionClaimOperationExternal(ClaimPtr claim, Ptr<StorageClass> cls);

  // ---- volumes (pv_controller_volumes.cpp) ----
  Task<Status> SyncVolume(VolumePtr volume);
  Task<Status> ReclaimVolume(VolumePtr volume);
  Task<Status> DeleteVolumeOperation(VolumePtr volume);
  Task<Status> RecycleVolumeOperation(VolumePtr volume);
  bool IsVolumeReleased(const PersistentVolume& volume) const;

  // ---- writes (pv_controller_writes.cpp) ----
  Task<Status> Bind(VolumePtr volume, ClaimPtr claim);
  Task<StatusOr<VolumePtr>> BindVolumeToClaim(VolumePtr volume, const PersistentVolumeClaim& claim);
  Task<StatusOr<ClaimPtr>> BindClaimToVolume(ClaimPtr claim, const PersistentVolume& volume);
  Task<Status> UnbindVolume(VolumePtr volume);
  Task<StatusOr<ClaimPtr>> UpdateClaimStatus(ClaimPtr claim, std::string_view phase, VolumePtr volume);
  Task<StatusOr<ClaimPtr>> UpdateClaimStatusWithEvent(ClaimPtr claim, std::string_view phase,
                                                      std::string_view type, std::string_view reason,
                                                      std::string_view message);
  Task<StatusOr<VolumePtr>> UpdateVolumePhase(VolumePtr volume, std::string_view phase,
                                              std::string_view message);
  Task<StatusOr<VolumePtr>> UpdateVolumePhaseWithEvent(VolumePtr volume, std::string_view phase,
                                                       std::string_view type, std::string_view reason,
                                                       std::string_view message);
  Task<StatusOr<ClaimPtr>> SetClaimProvisioner(ClaimPtr claim, const std::string& provisioner);

  ApiServer& api_;
  ApiClient& client_;
  KubeVersion version_;
  SimDuration sync_period_;
  EventRecorder recorder_;

  Informer<PersistentVolumeClaim>& claim_informer_;
  Informer<PersistentVolume>& volume_informer_;
  Informer<StorageClass>& class_informer_;
  Informer<Pod>& pod_informer_;
  PodClaimIndex pods_;

  // The controller's own cache (ctrl.claims, ctrl.volumes).
  // Hashed by the claims' own (namespace, name), so no key is kept; looked up only.
  // Mutable: a newer version replaces a claim in place.
  struct CachedClaimEntry {
    mutable ClaimPtr claim;
  };
  struct CachedClaimHash {
    using is_transparent = void;
    size_t operator()(const pv::ClaimKeyRef& k) const { return pv::KeyHash()(k); }
    size_t operator()(const CachedClaimEntry& e) const { return (*this)(pv::KeyOf(*e.claim)); }
  };
  struct CachedClaimEqual {
    using is_transparent = void;
    static pv::ClaimKeyRef Key(const pv::ClaimKeyRef& k) { return k; }
    static pv::ClaimKeyRef Key(const CachedClaimEntry& e) { return pv::KeyOf(*e.claim); }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      const pv::ClaimKeyRef x = Key(a), y = Key(b);
      return x.ns == y.ns && x.name == y.name;
    }
  };
  std::unordered_set<CachedClaimEntry, CachedClaimHash, CachedClaimEqual> claims_;
  pv::VolumeIndex volumes_;
  // What the resync visits, in key order: objects whose sync could still change
  // something. Ordered rather than hashed: a resync of thousands of pending claims
  // walks them as they are, where sorting them every period cost more than all the
  // per-event updates together.
  pv::OrderedKeySet unsettled_claims_, unsettled_volumes_;
  EventId resync_event_;

  // Declared last, destroyed first: running syncs and operations use the members above.
  pv::OperationMap operations_;
  WorkQueue claim_queue_;
  WorkQueue volume_queue_;
};

}  // namespace xnsim
