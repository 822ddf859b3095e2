#include "sim/controllers/kcm/namespace_controller.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "sim/api/api_errors.h"
#include "sim/api/admission.h"

namespace xnsim {
namespace {

// The namespaced kinds xnsim serves, all deletable: what discovery would list. Pods
// first (index 0) for OrderedNamespaceDeletion; the rest are drawn in random order.
constexpr std::array<const KindInfo*, 6> kNamespacedContentKinds = {
    &KindOf<Pod>::kInfo,           &KindOf<PersistentVolumeClaim>::kInfo,
    &KindOf<Event>::kInfo,         &KindOf<Job>::kInfo,
    &KindOf<VolumeSnapshot>::kInfo, &KindOf<ReferenceGrant>::kInfo,
};
constexpr size_t kPodsKind = 0;

// "persistentvolumeclaims." and "volumesnapshots.snapshot.storage.k8s.io": the
// resource as the NamespaceContentRemaining message prints it (gvr.Resource.gvr.Group).
std::string ResourceDotGroup(const KindInfo& kind) {
  return std::string(kind.resource) + "." + std::string(kind.group);
}

// schema.GroupVersionResource's %v: "/v1, Resource=pods".
std::string GvrText(const KindInfo& kind) {
  return std::string(kind.group) + "/" + std::string(kind.storage_version) + ", Resource=" +
         std::string(kind.resource);
}

bool IsNotFound(const Status& s) { return s.code() == StatusCode::kNotFound; }

}  // namespace

NamespaceController::NamespaceController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                                         const GateSet& gates, const KubeControllerManagerOptions& options)
    : client_(client),
      engine_(api.engine()),
      ordered_deletion_(gates.Enabled(Gate::kOrderedNamespaceDeletion)),
      order_(api.engine().Stream("kube-controller-manager/namespace-deletion-order")),
      namespaces_(informers.namespaces),
      queue_(api.engine(),
             {.name = "namespace", .workers = options.concurrent_namespace_syncs, .backoff = kNamespaceBackoff},
             [this](const std::string& name) { return SyncNamespace(name); }) {
  // enqueueNamespace: only namespaces being deleted, after the grace period.
  auto enqueue = [this](const Ptr<Namespace>& ns) {
    if (ns->metadata.deletion_timestamp) queue_.AddAfter(ns->metadata.name, kNamespaceDeletionGracePeriod);
  };
  // NewNamespaceController's AddEventHandlerWithResyncPeriod: --namespace-sync-period.
  namespaces_.AddHandlers({
                              .on_add = enqueue,
                              .on_update = [enqueue](const Ptr<Namespace>&, const Ptr<Namespace>& ns) { enqueue(ns); },
                              .on_delete = {},
                          },
                          options.namespace_sync_period);
}

void NamespaceController::Start() { namespaces_.Start(); }

// syncNamespaceFromKey, then namespacedResourcesDeleter.Delete, then the worker's requeue.
Task<ReconcileResult> NamespaceController::SyncNamespace(const std::string& name) {
  if (!namespaces_.Get("", name)) co_return ReconcileResult::Done();  // deleted already
  // Other controllers may edit a terminating namespace: work from a live read.
  StatusOr<Ptr<Namespace>> got = co_await client_.Get<Namespace>("", name);
  if (!got.ok()) co_return IsNotFound(got.status()) ? ReconcileResult::Done() : ReconcileResult::Retry();
  Ptr<Namespace> ns = std::move(got).value();
  if (!ns->metadata.deletion_timestamp) co_return ReconcileResult::Done();

  StatusOr<Ptr<Namespace>> marked = co_await MarkTerminating(ns);
  if (!marked.ok()) co_return IsNotFound(marked.status()) ? ReconcileResult::Done() : ReconcileResult::Retry();
  ns = std::move(marked).value();
  if (ns->spec.finalizers.empty()) co_return ReconcileResult::Done();  // finalized

  ContentOutcome content = co_await DeleteAllContent(ns);
  if (!content.errors.empty()) co_return ReconcileResult::Retry();  // AddRateLimited
  if (content.estimate_seconds > 0) {
    // ResourcesRemainingError: look again after half the estimate.
    co_return ReconcileResult::RetryAfter((content.estimate_seconds / 2 + 1) * kSecond);
  }
  Status finalized = co_await Finalize(ns);
  if (!finalized.ok() && !IsNotFound(finalized)) co_return ReconcileResult::Retry();
  co_return ReconcileResult::Done();
}

Task<StatusOr<Ptr<Namespace>>> NamespaceController::Refetch(const Ptr<Namespace>& ns) {
  StatusOr<Ptr<Namespace>> latest = co_await client_.Get<Namespace>("", ns->metadata.name);
  if (!latest.ok()) co_return latest.status();
  if ((*latest)->metadata.uid != ns->metadata.uid) {
    co_return InternalError("namespace uid has changed across retries");
  }
  co_return latest;
}

Task<StatusOr<Ptr<Namespace>>> NamespaceController::MarkTerminating(Ptr<Namespace> ns) {
  for (;;) {
    if (ns->status.phase == "Terminating") co_return ns;
    Namespace next = *ns;
    next.status.phase = "Terminating";
    StatusOr<Ptr<Namespace>> saved = co_await client_.UpdateStatus(std::move(next));
    if (saved.ok() || saved.status().code() != StatusCode::kConflict) co_return saved;
    StatusOr<Ptr<Namespace>> latest = co_await Refetch(ns);
    if (!latest.ok()) co_return latest.status();
    ns = std::move(latest).value();
  }
}

Task<Status> NamespaceController::Finalize(Ptr<Namespace> ns) {
  for (;;) {
    // The other finalizers stay, as a sorted set.
    std::set<std::string> kept;
    for (const std::string& f : ns->spec.finalizers) {
      if (f != kNamespaceFinalizer) kept.insert(f);
    }
    Namespace request = *ns;
    request.spec.finalizers.assign(kept.begin(), kept.end());
    StatusOr<Ptr<Namespace>> saved = co_await client_.FinalizeNamespace(std::move(request));
    if (saved.ok() || IsNotFound(saved.status())) co_return Status::Ok();  // NotFound: removed already
    if (saved.status().code() != StatusCode::kConflict) co_return saved.status();
    StatusOr<Ptr<Namespace>> latest = co_await Refetch(ns);
    if (!latest.ok()) co_return latest.status();
    ns = std::move(latest).value();
  }
}

Task<NamespaceController::ContentOutcome> NamespaceController::DeleteAllContent(Ptr<Namespace> ns) {
  const std::string name = ns->metadata.name;
  // Discovery's map order: a fresh shuffle each pass.
  std::array<size_t, kNamespacedContentKinds.size()> kinds;
  for (size_t i = 0; i < kinds.size(); ++i) kinds[i] = i;
  for (size_t i = kinds.size() - 1; i > 0; --i) std::swap(kinds[i], kinds[order_.Below(i + 1)]);

  ContentOutcome out;
  NamespaceContentReport report;
  auto tally = [&](size_t kind, KindOutcome&& k) {
    if (!k.error.empty()) {
      out.errors.push_back(k.error);
      report.delete_errors.push_back(std::move(k.error));
    }
    out.estimate_seconds = std::max(out.estimate_seconds, k.estimate_seconds);
    if (k.remaining > 0) {
      report.remaining_by_resource[ResourceDotGroup(*kNamespacedContentKinds[kind])] = k.remaining;
      for (const auto& [finalizer, n] : k.remaining_by_finalizer) report.remaining_by_finalizer[finalizer] += n;
    }
  };
  bool pods_remain = false;
  if (ordered_deletion_) {
    KindOutcome pods = co_await DeleteKindContent(kPodsKind, name);
    pods_remain = pods.remaining > 0;
    tally(kPodsKind, std::move(pods));
  }
  // With Pods first, nothing else goes while one remains.
  for (size_t kind : kinds) {
    if (pods_remain) break;
    if (ordered_deletion_ && kind == kPodsKind) continue;
    tally(kind, co_await DeleteKindContent(kind, name));
  }
  // The conditions are written whenever they change, even when all went well.
  Namespace next = *ns;
  if (UpdateNamespaceDeletionConditions(next.status, report, engine_.Now())) {
    (void)co_await client_.UpdateStatus(std::move(next));  // a failure is only logged
  }
  co_return out;
}

Task<NamespaceController::KindOutcome> NamespaceController::DeleteKindContent(size_t kind, std::string ns) {
  switch (kind) {
    case 0: co_return co_await DeleteContentOf<Pod>(std::move(ns));
    case 1: co_return co_await DeleteContentOf<PersistentVolumeClaim>(std::move(ns));
    case 2: co_return co_await DeleteContentOf<Event>(std::move(ns));
    case 3: co_return co_await DeleteContentOf<Job>(std::move(ns));
    case 4: co_return co_await DeleteContentOf<VolumeSnapshot>(std::move(ns));
    default: co_return co_await DeleteContentOf<ReferenceGrant>(std::move(ns));
  }
}

// deleteAllContentForGroupVersionResource: deletecollection, then a list to see what is
// left. xnsim's Pods have no termination grace period, so the Pod estimate is 0.
template <class T>
Task<NamespaceController::KindOutcome> NamespaceController::DeleteContentOf(std::string ns) {
  KindOutcome out;
  Status deleted = co_await client_.DeleteCollection<T>(ns);
  if (!deleted.ok()) {
    out.error = deleted.message();
    co_return out;
  }
  std::vector<Ptr<T>> left = co_await client_.List<T>(ns);
  if (left.empty()) co_return out;
  out.remaining = static_cast<int>(left.size());
  for (const Ptr<T>& obj : left) {
    for (const std::string& f : obj->metadata.finalizers) ++out.remaining_by_finalizer[f];
  }
  if (!out.remaining_by_finalizer.empty()) {
    out.estimate_seconds = kNamespaceFinalizerEstimateSeconds;  // normal: finalizers take time
  } else {
    out.error = "unexpected items still remain in namespace: " + ns + " for gvr: " + GvrText(KindOf<T>::kInfo);
  }
  co_return out;
}

}  // namespace xnsim
