// kube-controller-manager's namespace controller (pkg/controller/namespace): once a
// Namespace has a deletionTimestamp it deletes everything in it, kind by kind, waits
// while objects with finalizers remain, keeps the namespace's deletion conditions up
// to date, and finally removes the "kubernetes" finalizer through the finalize
// subresource, which lets the API server remove the namespace.
//
// What it deletes is what xnsim serves in a namespace: Pods, PersistentVolumeClaims,
// Events, Jobs, VolumeSnapshots and ReferenceGrants. Discovery hands the real
// controller these as a Go map, so their order is arbitrary; xnsim draws it from the
// seeded stream `kube-controller-manager/namespace-deletion-order`. With the
// OrderedNamespaceDeletion gate (on from 1.33) Pods go first, and nothing else is
// deleted while a Pod remains.
#pragma once

#include <cstdint>
#include <string>

#include "sim/api/client.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/kcm/namespace_conditions.h"
#include "sim/controllers/kcm/kcm_informers.h"
#include "sim/controllers/runtime/work_queue.h"
#include "sim/core/random.h"

namespace xnsim {

// namespaceDeletionGracePeriod: a terminating namespace is looked at this long after
// each event, so that every API server has seen the deletion and refuses new content.
inline constexpr SimDuration kNamespaceDeletionGracePeriod = 5 * kSecond;
// finalizerEstimateSeconds: the wait assumed for objects held by finalizers.
inline constexpr int64_t kNamespaceFinalizerEstimateSeconds = 15;
// nsControllerRateLimiter's per-item part: 5ms doubling to 60s.
inline constexpr Backoff kNamespaceBackoff{5 * kMillisecond, 60 * kSecond};

class NamespaceController {
 public:
  NamespaceController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                      const GateSet& gates, const KubeControllerManagerOptions& options);
  NamespaceController(const NamespaceController&) = delete;
  NamespaceController& operator=(const NamespaceController&) = delete;

  void Start();
  const WorkQueue& queue() const { return queue_; }

 private:
  // What deleting one kind's content left (gvrDeletionMetadata and its error).
  struct KindOutcome {
    int64_t estimate_seconds = 0;
    int remaining = 0;
    std::map<std::string, int> remaining_by_finalizer;
    std::string error;
  };
  // What deleteAllContent found over every kind.
  struct ContentOutcome {
    int64_t estimate_seconds = 0;
    std::vector<std::string> errors;
  };

  Task<ReconcileResult> SyncNamespace(const std::string& name);
  // The status phase set to Terminating (updateNamespaceStatusFunc), retried on conflict.
  Task<StatusOr<Ptr<Namespace>>> MarkTerminating(Ptr<Namespace> ns);
  // Every kind's content deleted once; the conditions written when they change.
  Task<ContentOutcome> DeleteAllContent(Ptr<Namespace> ns);
  Task<KindOutcome> DeleteKindContent(size_t kind, std::string ns);
  template <class T>
  Task<KindOutcome> DeleteContentOf(std::string ns);
  // "kubernetes" removed from spec.finalizers (finalizeNamespace), retried on conflict.
  Task<Status> Finalize(Ptr<Namespace> ns);
  // After a Conflict: the namespace again, an error if it is gone or was recreated.
  Task<StatusOr<Ptr<Namespace>>> Refetch(const Ptr<Namespace>& ns);

  ApiClient& client_;
  Engine& engine_;
  bool ordered_deletion_;  // OrderedNamespaceDeletion
  Random order_;           // the order discovery's map hands out the kinds
  Informer<Namespace>& namespaces_;
  WorkQueue queue_;  // declared last: its running reconciles use the members above
};

}  // namespace xnsim
