// A whole simulated cluster for one case: the API server, the mock CSI drivers, and
// the restartable processes (kube-controller-manager, one csi-provisioner per driver,
// snapshot-controller), wired together. The scenario runner drives it; restarts and
// gate changes replace a process and keep the API server's store and the backends.
//
// Like a driver's real deployment, each driver also gets a CSIDriver object named for
// it. Nothing reads it (controllers learn capabilities over CSI, SEMANTICS.md 8(c));
// it makes the object list look like a real cluster's, and a scenario may apply its
// own copy over it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake-csi/mock_driver.h"
#include "sim/api/apiserver.h"
#include "sim/api/claim_strategy.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/provisioner/external_provisioner.h"
#include "sim/controllers/provisioner/options.h"
#include "sim/controllers/provisioner/rules.h"
#include "sim/controllers/runtime/audit.h"
#include "sim/controllers/snapshot/snapshot_controller.h"
#include "sim/gates/gates.h"

namespace xnsim {

// Where tests swap a component's Kubernetes rules for broken ones, to prove that the
// conformance suite notices; null runs Kubernetes' own. Not a product option.
struct ClusterSeams {
  std::shared_ptr<const ClaimStrategy> claim_strategy;        // kube-apiserver
  std::shared_ptr<const ProvisionerRules> provisioner_rules;  // every csi-provisioner
  bool without_namespace_controller = false;                  // kube-controller-manager
  bool without_event_ttl = false;                             // kube-apiserver keeps Events
};

struct ClusterConfig {
  ClusterGates gates;
  std::vector<csi::MockDriverConfig> drivers;
  ProvisionerOptions provisioner;
  KubeControllerManagerOptions controller_manager;
  SnapshotControllerOptions snapshot_controller;  // with every csi-snapshotter's flags
  ClusterSeams seams;
};

class Cluster {
 public:
  // Builds and starts everything at the engine's current time.
  Cluster(Engine& engine, ClusterConfig config);
  // The same from a configuration shared, read only, by many clusters (the explorer
  // builds one per schedule of a case, all from one configuration).
  Cluster(Engine& engine, std::shared_ptr<const ClusterConfig> config);
  ~Cluster();

  // As built; gates(c) has a component's current gates after restarts.
  const ClusterConfig& config() const { return *config_; }
  ApiServer& api() { return *api_; }
  const ApiServer& api() const { return *api_; }
  ProvisioningAudit& audit() { return audit_; }
  csi::MockDriver* driver(const std::string& name);  // nullptr if none
  const std::vector<std::unique_ptr<csi::MockDriver>>& drivers() const { return drivers_; }
  const GateSet& gates(Component c) const { return gates_.Of(c); }
  const std::vector<std::unique_ptr<ExternalProvisioner>>& provisioners() const;
  // Every running process's client and queue figures, in a fixed order
  // (kube-controller-manager, csi-provisioners by driver, snapshot-controller and its
  // csi-snapshotters), for capacity studies. A restarted process starts from zero.
  std::vector<ProcessLoad> Loads() const;

  // The component's process dies and starts again with `gates` (its current gates
  // when not given). kube-apiserver keeps its store, as etcd would.
  void Restart(Component component, std::optional<GateSet> gates = std::nullopt);

 private:
  void StartProcess(Component component);

  Engine& engine_;
  std::shared_ptr<const ClusterConfig> config_;
  ClusterGates gates_;
  ProvisioningAudit audit_;
  std::unique_ptr<ApiServer> api_;
  std::vector<std::unique_ptr<csi::MockDriver>> drivers_;
  std::unique_ptr<KubeControllerManager> controller_manager_;
  std::vector<std::unique_ptr<ExternalProvisioner>> provisioners_;
  std::unique_ptr<SnapshotController> snapshot_controller_;
};

}  // namespace xnsim
