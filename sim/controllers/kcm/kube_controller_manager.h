// kube-controller-manager as far as volumes go, as one restartable process: the PV
// controller (binder, SEMANTICS.md 2), the pvc-protection and pv-protection
// controllers (1.7), the namespace controller (empties and finalizes a deleted
// namespace), a Job controller that starts one Pod per Job, plus the two
// pieces of other processes that a claim's life needs and xnsim folds in here: a
// minimal scheduler (binds Pods to a node; sets volume.kubernetes.io/selected-node for
// WaitForFirstConsumer claims) and a kubelet that marks scheduled Pods Running.
//
// Constructing it starts nothing; Start() lists and watches. Destroying it is the
// process dying.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/controllers/runtime/process_load.h"
#include "sim/gates/gates.h"

namespace xnsim {

struct KubeControllerManagerOptions {
  // The nodes Pods are scheduled to (xnsim has no Node objects).
  std::vector<std::string> nodes = {"node-1"};
  double kube_api_qps = 20;   // kube-controller-manager's --kube-api-qps default
  int kube_api_burst = 30;    // --kube-api-burst
  // --pvclaimbinder-sync-period: how often the PV controller re-syncs claims and volumes
  // (and so how often ExternalProvisioning / WaitForFirstConsumer events repeat).
  SimDuration pv_sync_period = 15 * kSecond;
  // --concurrent-namespace-syncs and the namespace controller's resync period (5m).
  int concurrent_namespace_syncs = 10;
  SimDuration namespace_sync_period = 5 * kMinute;
  // --controllers without "namespace" (`-namespace`): nothing empties a deleted
  // namespace, which then stays Terminating. Not a scenario key; tests turn it off.
  bool namespace_controller = true;
};

class KubeControllerManager {
 public:
  KubeControllerManager(ApiServer& api, GateSet gates, KubeControllerManagerOptions options);
  ~KubeControllerManager();
  KubeControllerManager(const KubeControllerManager&) = delete;
  KubeControllerManager& operator=(const KubeControllerManager&) = delete;

  void Start();
  // Its controllers' clients' counters, summed, and the PV controller's queues, for
  // capacity studies.
  ProcessLoad Load() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xnsim
