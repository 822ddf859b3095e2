#include "sim/controllers/kcm/kube_controller_manager.h"

#include <optional>
#include <utility>

#include "sim/api/client.h"
#include "sim/controllers/kcm/job_controller.h"
#include "sim/controllers/kcm/kcm_informers.h"
#include "sim/controllers/kcm/kubelet.h"
#include "sim/controllers/kcm/namespace_controller.h"
#include "sim/controllers/kcm/protection_controllers.h"
#include "sim/controllers/kcm/pv_controller.h"
#include "sim/controllers/kcm/scheduler.h"

namespace xnsim {

namespace {

// kube-scheduler's KubeSchedulerConfiguration clientConnection defaults.
constexpr ClientOptions kSchedulerClient{.qps = 50, .burst = 100};

// The kubelet's kubeAPIQPS and kubeAPIBurst: 50 and 100 since 1.27
// (kubernetes/kubernetes#116121), 5 and 10 before.
ClientOptions KubeletClient(KubeVersion version) {
  if (version >= KubeVersion{1, 27}) return ClientOptions{.qps = 50, .burst = 100};
  return ClientOptions{.qps = 5, .burst = 10};
}

}  // namespace

// The process. Each controller gets a clientset of its own from the process's rest
// config (ClientBuilder.ClientOrDie(name)), and each clientset has its own QPS
// limiter: the controllers do not share --kube-api-qps, each may spend it. The
// scheduler and kubelet folded in are other processes, with their own clients and
// defaults. The controllers share the process's informers (kcm_informers.h). Members
// are destroyed in reverse: the controllers (and their in-flight work) before the
// clients they call and the informers they read.
struct KubeControllerManager::Impl {
  Impl(ApiServer& api, const GateSet& gates, KubeControllerManagerOptions opts)
      : options(std::move(opts)),
        binder_client(api, "persistent-volume-binder", ControllerClient()),
        pvc_protection_client(api, "pvc-protection-controller", ControllerClient()),
        pv_protection_client(api, "pv-protection-controller", ControllerClient()),
        namespace_client(api, "namespace-controller", ControllerClient()),
        job_client(api, "job-controller", ControllerClient()),
        scheduler_client(api, "kube-scheduler", kSchedulerClient),
        kubelet_client(api, "kubelet", KubeletClient(gates.version())),
        informers(api),
        pv_controller(api, binder_client, informers, options, gates.version()),
        pvc_protection(api, pvc_protection_client, informers, options),
        pv_protection(api, pv_protection_client, informers, options),
        namespace_controller(MaybeNamespaceController(api, gates)),
        scheduler(api, scheduler_client, options),
        kubelet(api, kubelet_client, options),
        job_controller(api, job_client, informers, options) {}

  // A disabled controller is not built, so it adds no handlers to the informers.
  std::optional<NamespaceController> MaybeNamespaceController(ApiServer& api, const GateSet& gates) {
    if (!options.namespace_controller) return std::nullopt;
    return std::optional<NamespaceController>(std::in_place, api, namespace_client, informers, gates, options);
  }

  ClientOptions ControllerClient() const {
    return ClientOptions{.qps = options.kube_api_qps, .burst = options.kube_api_burst};
  }

  // Every controller is built, so each informer's first list reaches all its handlers.
  void Start() {
    pv_controller.Start();
    pvc_protection.Start();
    pv_protection.Start();
    if (namespace_controller) namespace_controller->Start();
    scheduler.Start();
    kubelet.Start();
    job_controller.Start();
  }

  KubeControllerManagerOptions options;
  ApiClient binder_client;
  ApiClient pvc_protection_client;
  ApiClient pv_protection_client;
  ApiClient namespace_client;
  ApiClient job_client;
  ApiClient scheduler_client;
  ApiClient kubelet_client;
  KcmInformers informers;
  PersistentVolumeController pv_controller;
  PvcProtectionController pvc_protection;
  PvProtectionController pv_protection;
  std::optional<NamespaceController> namespace_controller;  // unless disabled
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
  // The process's requests, as its rest_client_requests_total counts them: every
  // controller's client (the folded-in scheduler and kubelet are not this process).
  ProcessLoad load;
  load.component = "kube-controller-manager";
  for (const ApiClient* client : {&impl_->binder_client, &impl_->pvc_protection_client,
                                  &impl_->pv_protection_client, &impl_->namespace_client,
                                  &impl_->job_client}) {
    load.client += client->stats();
  }
  load.AddQueue(impl_->pv_controller.claim_queue());
  load.AddQueue(impl_->pv_controller.volume_queue());
  if (impl_->namespace_controller) load.AddQueue(impl_->namespace_controller->queue());
  return load;
}

}  // namespace xnsim
