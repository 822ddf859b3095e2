// kube-controller-manager's pvc-protection and pv-protection controllers (SEMANTICS.md
// 1.7): the StorageObjectInUseProtection admission plugin puts kubernetes.io/pvc-protection
// on every claim and kubernetes.io/pv-protection on every volume; these controllers take
// the finalizer off once the object is being deleted and no longer in use (a claim no
// running Pod uses; a volume that is not Bound), and put it back on an object that lost
// it while not being deleted.
#pragma once

#include <string>

#include "sim/api/client.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/kcm/pod_claim_index.h"
#include "sim/controllers/kcm/kcm_informers.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

// client-go's DefaultControllerRateLimiter per-item part: 5ms doubling to 1000s.
inline constexpr Backoff kProtectionBackoff{5 * kMillisecond, 1000 * kSecond};

class PvcProtectionController {
 public:
  PvcProtectionController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                          const KubeControllerManagerOptions& options);
  PvcProtectionController(const PvcProtectionController&) = delete;
  PvcProtectionController& operator=(const PvcProtectionController&) = delete;

  void Start();

 private:
  Task<ReconcileResult> ProcessPvc(const std::string& key);
  // A scheduled Pod that has not finished and names the claim (podUsesPVC).
  bool PodUsesClaim(const Pod& pod, const std::string& claim_name) const;
  bool IsBeingUsed(const PersistentVolumeClaim& pvc) const;
  void EnqueueClaimsOf(const Pod& pod, bool deleted);

  ApiClient& client_;
  Informer<PersistentVolumeClaim>& claims_;
  Informer<Pod>& pods_;
  PodClaimIndex pods_by_claim_;
  WorkQueue queue_;  // declared last: its running reconciles use the members above
};

class PvProtectionController {
 public:
  PvProtectionController(ApiServer& api, ApiClient& client, KcmInformers& informers,
                         const KubeControllerManagerOptions& options);
  PvProtectionController(const PvProtectionController&) = delete;
  PvProtectionController& operator=(const PvProtectionController&) = delete;

  void Start();

 private:
  Task<ReconcileResult> ProcessPv(const std::string& name);

  ApiClient& client_;
  Informer<PersistentVolume>& volumes_;
  WorkQueue queue_;  // declared last
};

}  // namespace xnsim
