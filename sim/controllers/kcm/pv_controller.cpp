// The PV controller's plumbing: informers feeding its own cache and two work queues
// (claims by "ns/name", volumes by name; one worker each, as the real controller), the
// periodic resync, and the bookkeeping of which objects a resync still has to visit.
#include "sim/controllers/kcm/pv_controller.h"

#include <utility>

#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_rules.h"

namespace xnsim {

using pv::ClaimKey;

PersistentVolumeController::PersistentVolumeController(ApiServer& api, ApiClient& client,
                                                       KcmInformers& informers,
                                                       const KubeControllerManagerOptions& options,
                                                       KubeVersion version)
    : api_(api),
      client_(client),
      version_(version),
      sync_period_(options.pv_sync_period),
      recorder_(client_, std::string(pv::kComponent)),
      claim_informer_(informers.claims),
      volume_informer_(informers.volumes),
      class_informer_(informers.classes),
      pod_informer_(informers.pods),
      operations_(api.engine()),
      // The real queues have no rate limiter: a failed sync is retried by the resync.
      claim_queue_(api.engine(), {.name = "persistentvolume-controller/claims", .workers = 1, .backoff = {}},
                   [this](const std::string& key) { return ClaimWorker(key); }),
      volume_queue_(api.engine(), {.name = "persistentvolume-controller/volumes", .workers = 1, .backoff = {}},
                    [this](const std::string& name) { return VolumeWorker(name); }) {
  claim_informer_.AddHandlers({
      .on_add = [this](const ClaimPtr& c) {
        StoreClaim(c);
        claim_queue_.Add(ClaimKey(*c));
      },
      .on_update = [this](const ClaimPtr&, const ClaimPtr& c) {
        StoreClaim(c);
        claim_queue_.Add(ClaimKey(*c));
      },
      // deleteClaim: sync the volume now rather than at the next resync, so that it is
      // Released promptly.
      .on_delete = [this](const ClaimPtr& c) {
        EraseClaim(pv::KeyOf(*c));
        if (!c->spec.volume_name.empty()) volume_queue_.Add(c->spec.volume_name);
      },
  });
  volume_informer_.AddHandlers({
      .on_add = [this](const VolumePtr& v) {
        StoreVolume(v);
        volume_queue_.Add(v->metadata.name);
      },
      .on_update = [this](const VolumePtr&, const VolumePtr& v) {
        StoreVolume(v);
        volume_queue_.Add(v->metadata.name);
      },
      // deleteVolume: sync the claim now, so that it becomes Lost promptly.
      .on_delete = [this](const VolumePtr& v) {
        EraseVolume(v->metadata.name);
        if (v->spec.claim_ref) claim_queue_.Add(ClaimKey(*v->spec.claim_ref));
      },
  });
  pod_informer_.AddHandlers({
      .on_add = [this](const Ptr<Pod>& p) { pods_.Add(*p); },
      .on_update = [this](const Ptr<Pod>& o, const Ptr<Pod>& p) { pods_.Update(*o, *p); },
      .on_delete = [this](const Ptr<Pod>& p) { pods_.Remove(*p); },
  });
}

PersistentVolumeController::~PersistentVolumeController() { api_.engine().Cancel(resync_event_); }

void PersistentVolumeController::Start() {
  // The lookups first, so that the first syncs see every class and pod.
  class_informer_.Start();
  pod_informer_.Start();
  volume_informer_.Start();
  claim_informer_.Start();
  if (sync_period_ > 0) {
    resync_event_ = api_.engine().Schedule(sync_period_, [this] { Resync(); }, EventClass::kPeriodic);
  }
}

// ---- the controller's cache ----------------------------------------------------------

bool PersistentVolumeController::StoreClaim(ClaimPtr claim) {
  auto it = claims_.find(pv::KeyOf(*claim));
  if (it != claims_.end()) {
    if (it->claim == claim) return true;  // the worker re-storing what the informer delivered
    if (it->claim->metadata.resource_version > claim->metadata.resource_version) return false;
    it->claim = std::move(claim);
  } else {
    it = claims_.insert(CachedClaimEntry{std::move(claim)}).first;
  }
  const pv::ClaimKeyRef key = pv::KeyOf(*it->claim);
  RecheckClaim(key);
  for (std::string_view v : volumes_.VolumesNaming(key)) RecheckVolume(v);
  return true;
}

void PersistentVolumeController::EraseClaim(const pv::ClaimKeyRef& key) {
  if (auto it = claims_.find(key); it != claims_.end()) claims_.erase(it);
  if (auto it = unsettled_claims_.find(key); it != unsettled_claims_.end()) unsettled_claims_.erase(it);
  for (std::string_view v : volumes_.VolumesNaming(key)) RecheckVolume(v);
}

bool PersistentVolumeController::StoreVolume(VolumePtr volume) {
  // A view: on success the index holds the volume (and so its name).
  const std::string_view name = volume->metadata.name;
  if (volumes_.Get(name) == volume) return true;
  VolumePtr old;
  if (!volumes_.Store(std::move(volume), &old)) return false;
  RecheckVolume(name);
  const VolumePtr& now = volumes_.Get(name);
  if (now->spec.claim_ref) RecheckClaim(pv::KeyOf(*now->spec.claim_ref));
  if (old && old->spec.claim_ref && old->spec.claim_ref != now->spec.claim_ref) {
    RecheckClaim(pv::KeyOf(*old->spec.claim_ref));
  }
  return true;
}

void PersistentVolumeController::EraseVolume(const std::string& name) {
  VolumePtr old = volumes_.Erase(name);
  unsettled_volumes_.erase(name);
  if (old && old->spec.claim_ref) RecheckClaim(pv::KeyOf(*old->spec.claim_ref));
}

PersistentVolumeController::ClaimPtr PersistentVolumeController::CachedClaim(const pv::ClaimKeyRef& key) const {
  auto it = claims_.find(key);
  return it == claims_.end() ? nullptr : it->claim;
}

// A bound claim whose volume points back at it and is Bound: syncBoundClaim would
// call bind(), and every step of bind() would find nothing to write.
bool PersistentVolumeController::ClaimSettled(const PersistentVolumeClaim& c) const {
  if (!pv::HasAnnotation(c.metadata, pv::kAnnBindCompleted) || c.status.phase != "Bound" ||
      c.spec.volume_name.empty()) {
    return false;
  }
  VolumePtr v = volumes_.Get(c.spec.volume_name);
  if (!v || !v->spec.claim_ref) return false;
  const ObjectReference& ref = *v->spec.claim_ref;
  return ref.uid == c.metadata.uid && ref.name == c.metadata.name &&
         ref.namespace_ == c.metadata.namespace_ && v->status.phase == "Bound" &&
         c.status.access_modes == v->spec.access_modes;
}

// An Available volume nobody claims, a Bound one whose claim is bound to it, or a
// Released Retain one whose claim is gone: syncVolume would write nothing and start
// no operation. (Released volumes for an external deleter are re-synced: the real
// controller reads them live every time.)
bool PersistentVolumeController::VolumeSettled(const PersistentVolume& v) const {
  const auto& ref = v.spec.claim_ref;
  if (!ref || ref->uid.empty()) return v.status.phase == "Available";
  ClaimPtr c = CachedClaim(pv::KeyOf(*ref));
  const bool claim_present = c && c->metadata.uid == ref->uid;
  if (v.status.phase == "Bound") return claim_present && c->spec.volume_name == v.metadata.name;
  if (v.status.phase == "Released") {
    return !claim_present && v.spec.persistent_volume_reclaim_policy == "Retain";
  }
  return false;
}

// Files `key` in `set` when `unsettled`, else takes it out. One walk down the tree: the
// place found for the key is where it goes.
template <class Key, class MakeKey>
static void FileUnsettled(pv::OrderedKeySet& set, const Key& key, bool unsettled, MakeKey make_key) {
  auto it = set.lower_bound(key);
  const bool filed = it != set.end() && !set.key_comp()(key, *it);
  if (unsettled && !filed) {
    set.emplace_hint(it, make_key());
  } else if (!unsettled && filed) {
    set.erase(it);
  }
}

void PersistentVolumeController::RecheckClaim(const pv::ClaimKeyRef& key) {
  ClaimPtr c = CachedClaim(key);
  FileUnsettled(unsettled_claims_, key, c && !ClaimSettled(*c), [&] { return key.str(); });
}

void PersistentVolumeController::RecheckVolume(std::string_view name) {
  VolumePtr v = volumes_.Get(name);
  FileUnsettled(unsettled_volumes_, name, v && !VolumeSettled(*v), [&] { return std::string(name); });
}

// resync(): every claim, then every volume, back on its queue. Settled objects are
// left out: their sync would be a no-op, and a change to them or to their partner
// reaches the queue through the informers anyway.
void PersistentVolumeController::Resync() {
  resync_event_ = api_.engine().Schedule(sync_period_, [this] { Resync(); }, EventClass::kPeriodic);
  // Add only queues (its dispatch is an event of its own), so the sets hold still.
  for (const std::string& key : unsettled_claims_) claim_queue_.Add(key);
  for (const std::string& name : unsettled_volumes_) volume_queue_.Add(name);
}

// ---- workers -----------------------------------------------------------------------------

// claimWorker + updateClaim: sync the informer's version unless the controller has
// already written a newer one (its own write's event will bring the key back).
Task<ReconcileResult> PersistentVolumeController::ClaimWorker(const std::string& key) {
  const size_t slash = key.find('/');
  ClaimPtr claim = claim_informer_.Get(std::string_view(key).substr(0, slash),
                                       std::string_view(key).substr(slash + 1));
  if (!claim) co_return ReconcileResult::Done();  // deleted: handled by on_delete
  if (!StoreClaim(claim)) co_return ReconcileResult::Done();
  // Errors (conflicts mostly) are dropped: the next resync tries again.
  (void)co_await SyncClaim(std::move(claim));
  co_return ReconcileResult::Done();
}

Task<ReconcileResult> PersistentVolumeController::VolumeWorker(const std::string& name) {
  VolumePtr volume = volume_informer_.Get("", name);
  if (!volume) co_return ReconcileResult::Done();
  if (!StoreVolume(volume)) co_return ReconcileResult::Done();
  (void)co_await SyncVolume(std::move(volume));
  co_return ReconcileResult::Done();
}

}  // namespace xnsim
