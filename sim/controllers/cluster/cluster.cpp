// Builds the processes of a cluster in the order a real one comes up: the API server
// first (its store survives everything), then the storage backends, then the
// controllers that list and watch it.
#include "sim/controllers/cluster/cluster.h"

#include <utility>

namespace xnsim {

namespace {

// What every driver's deployment installs beside its sidecars: a CSIDriver object
// named for the driver. Nothing in xnsim reads it (controllers learn a driver's
// capabilities over CSI, SEMANTICS.md 8(c)); it is there so that the cluster's objects
// look like a real one's and a scenario can apply its own copy over it.
void RegisterDriver(ApiServer& api, const std::string& name) {
  if (api.Get<CSIDriver>("", name) != nullptr) return;
  CSIDriver driver;
  driver.metadata.name = name;
  // Creation cannot fail for a valid driver name, and a CSI driver name the mock
  // accepted is one; a failure would only hide the object, not change behaviour.
  (void)api.Create(std::move(driver));
}

}  // namespace

Cluster::Cluster(Engine& engine, ClusterConfig config)
    : Cluster(engine, std::make_shared<const ClusterConfig>(std::move(config))) {}

Cluster::Cluster(Engine& engine, std::shared_ptr<const ClusterConfig> config)
    : engine_(engine), config_(std::move(config)), gates_(config_->gates) {
  ApiServer::Options api_options;
  api_options.system_namespaces = true;
  api_options.claim_strategy = config_->seams.claim_strategy;
  if (config_->seams.without_event_ttl) api_options.event_ttl = 0;
  api_ = std::make_unique<ApiServer>(engine_, gates_.Of(Component::kKubeApiserver), api_options);
  for (const csi::MockDriverConfig& driver_config : config_->drivers) {
    drivers_.push_back(std::make_unique<csi::MockDriver>(engine_, driver_config));
    RegisterDriver(*api_, driver_config.name);
  }
  for (Component c : {Component::kKubeControllerManager, Component::kCsiProvisioner,
                      Component::kSnapshotController}) {
    StartProcess(c);
  }
}

// Processes go first: they hold references to the drivers, the audit and the API server.
Cluster::~Cluster() {
  snapshot_controller_.reset();
  provisioners_.clear();
  controller_manager_.reset();
}

csi::MockDriver* Cluster::driver(const std::string& name) {
  for (const auto& d : drivers_) {
    if (d->name() == name) return d.get();
  }
  return nullptr;
}

const std::vector<std::unique_ptr<ExternalProvisioner>>& Cluster::provisioners() const {
  return provisioners_;
}

std::vector<ProcessLoad> Cluster::Loads() const {
  std::vector<ProcessLoad> loads;
  if (controller_manager_) loads.push_back(controller_manager_->Load());
  for (const auto& p : provisioners_) loads.push_back(p->Load());
  if (snapshot_controller_) {
    for (ProcessLoad& l : snapshot_controller_->Loads()) loads.push_back(std::move(l));
  }
  return loads;
}

void Cluster::Restart(Component component, std::optional<GateSet> gates) {
  if (gates) gates_.by_component.insert_or_assign(component, std::move(*gates));
  if (engine_.trace().enabled()) {
    engine_.trace().Record(engine_.Now(), ComponentName(component), "restart", "",
                           gates_.Of(component).ToString());
  }
  switch (component) {
    case Component::kKubeApiserver:
      // etcd keeps the objects; only admission's gates change.
      api_->SetGates(gates_.Of(component));
      return;
    case Component::kKubeControllerManager:
      controller_manager_.reset();
      break;
    case Component::kCsiProvisioner:
      provisioners_.clear();
      break;
    case Component::kSnapshotController:
      snapshot_controller_.reset();
      break;
  }
  StartProcess(component);
}

void Cluster::StartProcess(Component component) {
  const GateSet& gates = gates_.Of(component);
  switch (component) {
    case Component::kKubeApiserver:
      return;  // never a separate process here: see Restart
    case Component::kKubeControllerManager: {
      KubeControllerManagerOptions options = config_->controller_manager;
      if (config_->seams.without_namespace_controller) options.namespace_controller = false;
      controller_manager_ = std::make_unique<KubeControllerManager>(*api_, gates, std::move(options));
      controller_manager_->Start();
      return;
    }
    case Component::kCsiProvisioner:
      // One sidecar per driver, each with its own queue, client and caches.
      for (size_t i = 0; i < drivers_.size(); ++i) {
        // The real sidecar learns the topology key from its node plugin (CSINode).
        ProvisionerOptions options = config_->provisioner;
        options.topology_key = config_->drivers[i].topology_key;
        provisioners_.push_back(std::make_unique<ExternalProvisioner>(
            *api_, gates, std::move(options), *drivers_[i], audit_, config_->seams.provisioner_rules));
      }
      for (const auto& p : provisioners_) p->Start();
      return;
    case Component::kSnapshotController: {
      std::vector<csi::Driver*> drivers;
      drivers.reserve(drivers_.size());
      for (const auto& d : drivers_) drivers.push_back(d.get());
      snapshot_controller_ = std::make_unique<SnapshotController>(*api_, gates, std::move(drivers),
                                                                  config_->snapshot_controller);
      snapshot_controller_->Start();
      return;
    }
  }
}

}  // namespace xnsim
