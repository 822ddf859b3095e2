#include "sim/controllers/kcm/kube_controller_manager.h"

#include <utility>

#include "sim/api/client.h"
#include "sim/controllers/kcm/job_controller.h"
#include "sim/controllers/kcm/kubelet.h"
#include "sim/controllers/kcm/namespace_controller.h"
#include "sim/controllers/kcm/protection_controllers.h"
#include "sim/controllers/kcm/pv_controller.h"
#include "sim/controllers/kcm/scheduler.h"

namespace xnsim {

// The process: one API client shared by every controller in it, as the real binary
// shares one rest config (and so one QPS budget). Members are destroyed in reverse:
// the controllers (and their in-flight work) before the client they call.
struct KubeControllerManager::Impl {
  Impl(ApiServer& api, const GateSet& gates, KubeControllerManagerOptions opts)
      : options(std::move(opts)),
        client(api, "kube-controller-manager",
               ClientOptions{.qps = options.kube_api_qps, .burst = options.kube_api_burst}),
        pv_controller(api, client, options, gates.version()),
        pvc_protection(api, client, options),
        pv_protection(api, client, options),
        namespace_controller(api, client, gates, options),
        scheduler(api, client, options),
        kubelet(api, client, options),
        job_controller(api, client, options) {}

  void Start() {
    pv_controller.Start();
    pvc_protection.Start();
    pv_protection.Start();
    if (options.namespace_controller) namespace_controller.Start();
    scheduler.Start();
    kubelet.Start();
    job_controller.Start();
  }

  KubeControllerManagerOptions options;
  ApiClient client;
  PersistentVolumeController pv_controller;
  PvcProtectionController pvc_protection;
  PvProtectionController pv_protection;
  NamespaceController namespace_controller;
  // The pieces of other processes that xnsim folds in (kube_controller_manager.h).
  Scheduler scheduler;
  Kubelet kubelet;
  JobController job_controller;
};

KubeControllerManager::KubeControllerManager(ApiServer& api, GateSet gates,
                                             KubeControllerManagerOptions options)
    : impl_(std::make_unique<Impl>(api, gates, std::move(options))) {}

KubeControllerManager::~KubeControllerManager() = default;

void KubeControllerManager::Start() { impl_->Start(); }

ProcessLoad KubeControllerManager::Load() const {
  ProcessLoad load{.component = impl_->client.component(), .client = impl_->client.stats()};
  load.AddQueue(impl_->pv_controller.claim_queue());
  load.AddQueue(impl_->pv_controller.volume_queue());
  load.AddQueue(impl_->namespace_controller.queue());
  return load;
}

}  // namespace xnsim
