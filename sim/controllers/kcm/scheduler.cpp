// The scheduler's plumbing and its cycle: PreFilter, Filter over the nodes in order,
// then the PreBind (selected-node annotations) and the bind.
#include "sim/controllers/kcm/scheduler.h"

#include <algorithm>
#include <utility>

#include "sim/controllers/runtime/object_key.h"

#include "sim/controllers/kcm/pv_controller_keys.h"

namespace xnsim {
Scheduler::Scheduler(ApiServer& api, ApiClient& client, const KubeControllerManagerOptions& options,
                     std::vector<std::string> topology_keys)
    : api_(api),
      client_(client),
      nodes_(options.nodes),
      recorder_(client_, std::string(sched::kComponent)),
      pods_(api, 0),
      claims_(api, 0),
      volumes_(api, 0),
      classes_(api, 0),
      // Binding cycles run in parallel in the real scheduler; API errors back off.
      queue_(api.engine(), {.name = std::string(sched::kComponent), .workers = 16, .backoff = {kInitialBackoff, kMaxBackoff}},
             [this](const std::string& key) { return SchedulePod(key); }) {
  for (const std::string& node : nodes_) node_labels_.push_back(sched::NodeLabels(node, topology_keys));

  pods_.AddHandlers({
      .on_add =
          [this](const Ptr<Pod>& p) {
            if (!Pending(*p)) return;
            pending_pods_.Add(*p);
            queue_.Add(NamespacedKey(p->metadata.namespace_, p->metadata.name));
          },
      .on_update =
          [this](const Ptr<Pod>& old, const Ptr<Pod>& p) {
            pending_pods_.Remove(*old);
            const std::string key = NamespacedKey(p->metadata.namespace_, p->metadata.name);
            if (!Pending(*p)) {
              unschedulable_.erase(key);
              return;
            }
            pending_pods_.Add(*p);
            Requeue(key);
          },
      .on_delete =
          [this](const Ptr<Pod>& p) {
            pending_pods_.Remove(*p);
            unschedulable_.erase(NamespacedKey(p->metadata.namespace_, p->metadata.name));
          },
  });
  auto on_claim = [this](const Ptr<PersistentVolumeClaim>& c) {
    const std::string key = NamespacedKey(c->metadata.namespace_, c->metadata.name);
    if (auto it = assumed_.find(key);
        it != assumed_.end() && it->second->metadata.resource_version <= c->metadata.resource_version) {
      assumed_.erase(it);  // the informer has caught up with our write
    }
    RequeuePodsUsing(c->metadata.namespace_, c->metadata.name);
  };
  claims_.AddHandlers({
      .on_add = on_claim,
      .on_update = [on_claim](const Ptr<PersistentVolumeClaim>&, const Ptr<PersistentVolumeClaim>& c) { on_claim(c); },
      .on_delete =
          [this](const Ptr<PersistentVolumeClaim>& c) {
            assumed_.erase(NamespacedKey(c->metadata.namespace_, c->metadata.name));
            RequeuePodsUsing(c->metadata.namespace_, c->metadata.name);
          },
  });
  auto on_volume = [this](const Ptr<PersistentVolume>& v) {
    if (v->spec.claim_ref) RequeuePodsUsing(v->spec.claim_ref->namespace_, v->spec.claim_ref->name);
  };
  volumes_.AddHandlers({
      .on_add = on_volume,
      .on_update = [on_volume](const Ptr<PersistentVolume>&, const Ptr<PersistentVolume>& v) { on_volume(v); },
      .on_delete = nullptr,
  });
  auto on_class = [this](const Ptr<StorageClass>&) {
    for (const auto& [key, attempts] : unschedulable_) Requeue(key);
  };
  classes_.AddHandlers({
      .on_add = on_class,
      .on_update = [on_class](const Ptr<StorageClass>&, const Ptr<StorageClass>& c) { on_class(c); },
      .on_delete = nullptr,
  });
}

Scheduler::~Scheduler() { api_.engine().Cancel(flush_event_); }

void Scheduler::Start() {
  // The lookups first, so that the first cycles see every class, volume and claim.
  classes_.Start();
  volumes_.Start();
  claims_.Start();
  pods_.Start();
  flush_event_ = api_.engine().Schedule(kFlushPeriod, [this] { FlushUnschedulable(); }, EventClass::kPeriodic);
}

// ---- queueing --------------------------------------------------------------------------------

bool Scheduler::Pending(const Pod& pod) const {
  return pod.spec.node_name.empty() && !pod.metadata.deletion_timestamp &&
         pod.spec.scheduler_name == sched::kComponent && !PodTerminated(pod);
}

void Scheduler::Requeue(const std::string& key) {
  auto it = unschedulable_.find(key);
  if (it == unschedulable_.end()) return queue_.Add(key);
  SimDuration backoff = kInitialBackoff;
  for (int i = 1; i < it->second.count && backoff < kMaxBackoff; ++i) backoff *= 2;
  backoff = std::min(backoff, kMaxBackoff);
  queue_.AddAfter(key, std::max<SimDuration>(0, it->second.last + backoff - api_.engine().Now()));
}

void Scheduler::RequeuePodsUsing(std::string_view ns, std::string_view claim) {
  for (const std::string& pod : pending_pods_.PodsUsing(ns, claim)) Requeue(NamespacedKey(ns, pod));
}

void Scheduler::FlushUnschedulable() {
  flush_event_ = api_.engine().Schedule(kFlushPeriod, [this] { FlushUnschedulable(); }, EventClass::kPeriodic);
  const SimTime now = api_.engine().Now();
  for (const auto& [key, attempts] : unschedulable_) {
    if (now - attempts.last >= kMaxUnschedulable) queue_.Add(key);
  }
}

ReconcileResult Scheduler::Unschedulable(const Pod& pod, const std::string& key, const std::string& message) {
  recorder_.Record(pod, "Warning", "FailedScheduling", message);
  Attempts& a = unschedulable_[key];
  ++a.count;
  a.last = api_.engine().Now();
  // Done, not Retry: the Pod waits for a cluster event (or the flush), not a timer.
  return ReconcileResult::Done();
}

// ---- the scheduling cycle ------------------------------------------------------------------

Ptr<PersistentVolumeClaim> Scheduler::CachedClaim(std::string_view ns, std::string_view name) const {
  Ptr<PersistentVolumeClaim> claim = claims_.Get(ns, name);
  if (auto it = assumed_.find(NamespacedKey(ns, name)); it != assumed_.end()) {
    if (!claim || claim->metadata.resource_version < it->second->metadata.resource_version) return it->second;
  }
  return claim;
}

std::vector<sched::PodClaim> Scheduler::ClaimsOf(const Pod& pod) const {
  std::vector<sched::PodClaim> out;
  for (const Pod::Volume& v : pod.spec.volumes) {
    if (!v.claim_name) continue;
    sched::PodClaim c;
    c.name = *v.claim_name;
    c.claim = CachedClaim(pod.metadata.namespace_, c.name);
    if (c.claim) {
      // IsDelayBindingMode: no class, or a class not found, binds immediately.
      if (const std::string cls = std::string(ClaimClass(*c.claim)); !cls.empty()) {
        if (Ptr<StorageClass> sc = classes_.Get({}, cls)) {
          c.delay_binding = sc->volume_binding_mode == "WaitForFirstConsumer";
          c.provisionable = sc->provisioner != "kubernetes.io/no-provisioner";
        }
      }
      if (!c.claim->spec.volume_name.empty()) c.volume = volumes_.Get({}, c.claim->spec.volume_name);
    }
    out.push_back(std::move(c));
  }
  return out;
}

Task<ReconcileResult> Scheduler::SchedulePod(std::string key) {
  const auto [ns, name] = SplitNamespacedKey(key);
  Ptr<Pod> pod = pods_.Get(ns, name);
  if (!pod || !Pending(*pod)) {
    unschedulable_.erase(key);
    co_return ReconcileResult::Done();
  }
  if (nodes_.empty()) co_return Unschedulable(*pod, key, std::string(sched::kNoNodesAvailable));

  std::vector<sched::PodClaim> claims = ClaimsOf(*pod);
  if (std::string reason = sched::PreFilter(claims); !reason.empty()) {
    co_return Unschedulable(*pod, key, sched::FailedSchedulingMessage(nodes_.size(), reason));
  }
  std::vector<std::vector<std::string>> rejected;
  size_t chosen = nodes_.size();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    std::vector<std::string> reasons = sched::Filter(*pod, claims, nodes_[i], node_labels_[i]);
    if (reasons.empty()) {
      chosen = i;
      break;
    }
    rejected.push_back(std::move(reasons));
  }
  if (chosen == nodes_.size()) {
    co_return Unschedulable(*pod, key, sched::FailedSchedulingMessage(nodes_.size(), rejected));
  }
  const std::string node = nodes_[chosen];

  // PreBind: ask for each delayed claim to be provisioned on the chosen node.
  for (const sched::PodClaim& c : claims) {
    if (!sched::DelayedClaim(c) || c.claim->metadata.annotations.count(std::string(pv::kAnnSelectedNode))) continue;
    PersistentVolumeClaim annotated = *c.claim;
    annotated.metadata.annotations[std::string(pv::kAnnSelectedNode)] = node;
    StatusOr<Ptr<PersistentVolumeClaim>> written = co_await client_.Update(std::move(annotated));
    if (!written.ok()) co_return ReconcileResult::Retry();  // a Conflict or a claim gone: try again
    assumed_[NamespacedKey(ns, c.name)] = *written;
  }

  // The world moved while the calls were out: look again.
  pod = pods_.Get(ns, name);
  if (!pod || !Pending(*pod)) co_return ReconcileResult::Done();
  for (const sched::PodClaim& c : ClaimsOf(*pod)) {
    // Not bound yet: the claim's update (the PV controller binding it) brings the Pod back.
    if (!c.claim || !sched::FullyBound(*c.claim)) {
      unschedulable_.erase(key);
      co_return ReconcileResult::Done();
    }
  }
  Pod bound = *pod;
  bound.spec.node_name = node;
  StatusOr<Ptr<Pod>> written = co_await client_.Update(std::move(bound));
  if (!written.ok()) {
    if (written.status().code() == StatusCode::kNotFound) co_return ReconcileResult::Done();
    co_return ReconcileResult::Retry();
  }
  unschedulable_.erase(key);
  recorder_.Record(*pod, "Normal", "Scheduled", sched::ScheduledMessage(ns, name, node));
  co_return ReconcileResult::Done();
}

}  // namespace xnsim
