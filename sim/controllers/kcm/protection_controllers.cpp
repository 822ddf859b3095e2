#include "sim/controllers/kcm/protection_controllers.h"

#include <algorithm>
#include <utility>

#include "sim/api/admission.h"

namespace xnsim {

namespace {

// protectionutil.IsDeletionCandidate / NeedToAddFinalizer.
bool IsDeletionCandidate(const ObjectMeta& m, std::string_view finalizer) {
  return m.deletion_timestamp.has_value() && m.HasFinalizer(finalizer);
}
bool NeedToAddFinalizer(const ObjectMeta& m, std::string_view finalizer) {
  return !m.deletion_timestamp.has_value() && !m.HasFinalizer(finalizer);
}

template <class T>
T WithoutFinalizer(const T& obj, std::string_view finalizer) {
  T copy = obj;
  std::erase(copy.metadata.finalizers, finalizer);
  return copy;
}
template <class T>
T WithFinalizer(const T& obj, std::string_view finalizer) {
  T copy = obj;
  copy.metadata.finalizers.emplace_back(finalizer);
  return copy;
}

std::string Key(std::string_view ns, std::string_view name) {
  return std::string(ns) + "/" + std::string(name);
}

}  // namespace

// ---- pvc-protection --------------------------------------------------------------------

PvcProtectionController::PvcProtectionController(ApiServer& api, ApiClient& client,
                                                 KcmInformers& informers,
                                                 const KubeControllerManagerOptions&)
    : client_(client),
      claims_(informers.claims),
      pods_(informers.pods),
      queue_(api.engine(), {.name = "pvcprotection", .workers = 1, .backoff = kProtectionBackoff},
             [this](const std::string& key) { return ProcessPvc(key); }) {
  auto claim_changed = [this](const Ptr<PersistentVolumeClaim>& pvc) {
    if (NeedToAddFinalizer(pvc->metadata, kPvcProtectionFinalizer) ||
        IsDeletionCandidate(pvc->metadata, kPvcProtectionFinalizer)) {
      queue_.Add(Key(pvc->metadata.namespace_, pvc->metadata.name));
    }
  };
  claims_.AddHandlers({
      .on_add = claim_changed,
      .on_update = [claim_changed](const Ptr<PersistentVolumeClaim>&,
                                   const Ptr<PersistentVolumeClaim>& pvc) { claim_changed(pvc); },
      .on_delete = {},
  });
  pods_.AddHandlers({
      .on_add = [this](const Ptr<Pod>& pod) {
        pods_by_claim_.Add(*pod);
        EnqueueClaimsOf(*pod, false);
      },
      .on_update = [this](const Ptr<Pod>& old_pod, const Ptr<Pod>& pod) {
        pods_by_claim_.Update(*old_pod, *pod);
        EnqueueClaimsOf(*pod, false);
        // An update can hide the deletion of one Pod and the creation of another of
        // the same name: the first one's claims may be free now.
        if (old_pod->metadata.uid != pod->metadata.uid) EnqueueClaimsOf(*old_pod, true);
      },
      .on_delete = [this](const Ptr<Pod>& pod) {
        pods_by_claim_.Remove(*pod);
        EnqueueClaimsOf(*pod, true);
      },
  });
}

void PvcProtectionController::Start() {
  pods_.Start();
  claims_.Start();
}

// Only a Pod that can free a claim is worth a look: one that is gone, finished, or not
// scheduled (an unscheduled Pod does not count as a user).
void PvcProtectionController::EnqueueClaimsOf(const Pod& pod, bool deleted) {
  if (!deleted && !PodTerminated(pod) && !pod.spec.node_name.empty()) return;
  for (const Pod::Volume& v : pod.spec.volumes) {
    if (v.claim_name) queue_.Add(Key(pod.metadata.namespace_, *v.claim_name));
  }
}

// The real podUsesPVC counts every scheduled Pod that names the claim, whatever its
// phase; xnsim, as its finalizers-released invariant, lets a finished Pod go.
bool PvcProtectionController::PodUsesClaim(const Pod& pod, const std::string& claim_name) const {
  if (pod.spec.node_name.empty() || PodTerminated(pod)) return false;
  return std::any_of(pod.spec.volumes.begin(), pod.spec.volumes.end(),
                     [&](const Pod::Volume& v) { return v.claim_name == claim_name; });
}

bool PvcProtectionController::IsBeingUsed(const PersistentVolumeClaim& pvc) const {
  const std::string& ns = pvc.metadata.namespace_;
  for (const std::string& pod_name : pods_by_claim_.PodsUsing(ns, pvc.metadata.name)) {
    Ptr<Pod> pod = pods_.Get(ns, pod_name);
    if (pod && PodUsesClaim(*pod, pvc.metadata.name)) return true;
  }
  return false;
}

Task<ReconcileResult> PvcProtectionController::ProcessPvc(const std::string& key) {
  const size_t slash = key.find('/');
  Ptr<PersistentVolumeClaim> pvc =
      claims_.Get(std::string_view(key).substr(0, slash), std::string_view(key).substr(slash + 1));
  if (!pvc) co_return ReconcileResult::Done();
  if (IsDeletionCandidate(pvc->metadata, kPvcProtectionFinalizer) && !IsBeingUsed(*pvc)) {
    auto saved = co_await client_.Update(WithoutFinalizer(*pvc, kPvcProtectionFinalizer));
    co_return saved.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
  }
  if (NeedToAddFinalizer(pvc->metadata, kPvcProtectionFinalizer)) {
    auto saved = co_await client_.Update(WithFinalizer(*pvc, kPvcProtectionFinalizer));
    co_return saved.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
  }
  co_return ReconcileResult::Done();
}

// ---- pv-protection -----------------------------------------------------------------------

PvProtectionController::PvProtectionController(ApiServer& api, ApiClient& client,
                                               KcmInformers& informers,
                                               const KubeControllerManagerOptions&)
    : client_(client),
      volumes_(informers.volumes),
      queue_(api.engine(), {.name = "pvprotection", .workers = 1, .backoff = kProtectionBackoff},
             [this](const std::string& name) { return ProcessPv(name); }) {
  auto volume_changed = [this](const Ptr<PersistentVolume>& pv) {
    if (NeedToAddFinalizer(pv->metadata, kPvProtectionFinalizer) ||
        IsDeletionCandidate(pv->metadata, kPvProtectionFinalizer)) {
      queue_.Add(pv->metadata.name);
    }
  };
  volumes_.AddHandlers({
      .on_add = volume_changed,
      .on_update = [volume_changed](const Ptr<PersistentVolume>&,
                                    const Ptr<PersistentVolume>& pv) { volume_changed(pv); },
      .on_delete = {},
  });
}

void PvProtectionController::Start() { volumes_.Start(); }

// A volume is in use while it is Bound (the PV controller keeps that phase).
Task<ReconcileResult> PvProtectionController::ProcessPv(const std::string& name) {
  Ptr<PersistentVolume> pv = volumes_.Get("", name);
  if (!pv) co_return ReconcileResult::Done();
  if (IsDeletionCandidate(pv->metadata, kPvProtectionFinalizer) && pv->status.phase != "Bound") {
    auto saved = co_await client_.Update(WithoutFinalizer(*pv, kPvProtectionFinalizer));
    co_return saved.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
  }
  if (NeedToAddFinalizer(pv->metadata, kPvProtectionFinalizer)) {
    auto saved = co_await client_.Update(WithFinalizer(*pv, kPvProtectionFinalizer));
    co_return saved.ok() ? ReconcileResult::Done() : ReconcileResult::Retry();
  }
  co_return ReconcileResult::Done();
}

}  // namespace xnsim
