#include "sim/controllers/kcm/kubelet.h"

#include <utility>

#include "sim/controllers/runtime/object_key.h"

namespace xnsim {
Kubelet::Kubelet(ApiServer& api, ApiClient& client, const KubeControllerManagerOptions& options)
    : client_(client),
      nodes_(options.nodes.begin(), options.nodes.end()),
      pods_(api, 0),
      claims_(api, 0),
      // Each kubelet works its Pods in parallel; a failed status write backs off.
      queue_(api.engine(), {.name = "kubelet", .workers = 16, .backoff = {1 * kSecond, 10 * kSecond}},
             [this](const std::string& key) { return SyncPod(key); }) {
  pods_.AddHandlers({
      .on_add =
          [this](const Ptr<Pod>& p) {
            if (!Starting(*p)) return;
            starting_pods_.Add(*p);
            queue_.Add(NamespacedKey(p->metadata.namespace_, p->metadata.name));
          },
      .on_update =
          [this](const Ptr<Pod>& old, const Ptr<Pod>& p) {
            starting_pods_.Remove(*old);
            if (!Starting(*p)) return;
            starting_pods_.Add(*p);
            queue_.Add(NamespacedKey(p->metadata.namespace_, p->metadata.name));
          },
      .on_delete = [this](const Ptr<Pod>& p) { starting_pods_.Remove(*p); },
  });
  auto on_claim = [this](const Ptr<PersistentVolumeClaim>& c) {
    for (const std::string& pod : starting_pods_.PodsUsing(c->metadata.namespace_, c->metadata.name)) {
      queue_.Add(NamespacedKey(c->metadata.namespace_, pod));
    }
  };
  claims_.AddHandlers({
      .on_add = on_claim,
      .on_update = [on_claim](const Ptr<PersistentVolumeClaim>&, const Ptr<PersistentVolumeClaim>& c) { on_claim(c); },
      .on_delete = nullptr,
  });
}

Kubelet::~Kubelet() = default;

void Kubelet::Start() {
  claims_.Start();
  pods_.Start();
}

bool Kubelet::Starting(const Pod& pod) const {
  return pod.status.phase == "Pending" && !pod.metadata.deletion_timestamp && nodes_.count(pod.spec.node_name) > 0;
}

Task<ReconcileResult> Kubelet::SyncPod(std::string key) {
  const size_t slash = key.find('/');
  const std::string_view ns = std::string_view(key).substr(0, slash), name = std::string_view(key).substr(slash + 1);
  Ptr<Pod> pod = pods_.Get(ns, name);
  if (!pod || !Starting(*pod)) co_return ReconcileResult::Done();
  for (const Pod::Volume& v : pod->spec.volumes) {
    if (!v.claim_name) continue;
    Ptr<PersistentVolumeClaim> claim = claims_.Get(ns, *v.claim_name);
    // The volume manager waits; the claim's update brings the Pod back.
    if (!claim || claim->status.phase != "Bound") co_return ReconcileResult::Done();
  }
  Pod running = *pod;
  running.status.phase = "Running";
  StatusOr<Ptr<Pod>> written = co_await client_.UpdateStatus(std::move(running));
  if (!written.ok() && written.status().code() != StatusCode::kNotFound) co_return ReconcileResult::Retry();
  co_return ReconcileResult::Done();
}

}  // namespace xnsim
