// The kubelets of options.nodes, as far as a claim sees them: a Pending Pod bound to
// one of these nodes whose claims are all Bound becomes Running (status.phase, through
// the status subresource). That is all: no containers, mounts, attach/detach,
// conditions, events or Pod termination are simulated, so a Running Pod runs until
// something else changes it. A Pod bound to a node that is not in options.nodes stays
// Pending, as it would with no kubelet on that node.
#pragma once

#include <set>
#include <string>

#include "sim/api/client.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/kcm/pod_claim_index.h"
#include "sim/controllers/runtime/informer.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

class Kubelet {
 public:
  Kubelet(ApiServer& api, ApiClient& client, const KubeControllerManagerOptions& options);
  ~Kubelet();
  Kubelet(const Kubelet&) = delete;
  Kubelet& operator=(const Kubelet&) = delete;

  void Start();

 private:
  Task<ReconcileResult> SyncPod(std::string key);
  bool Starting(const Pod& pod) const;  // Pending on one of our nodes, not being deleted

  ApiClient& client_;
  std::set<std::string, std::less<>> nodes_;
  Informer<Pod> pods_;
  Informer<PersistentVolumeClaim> claims_;
  PodClaimIndex starting_pods_;  // Pods waiting to start, by the claims they use
  // Declared last, destroyed first: running syncs use the members above.
  WorkQueue queue_;
};

}  // namespace xnsim
