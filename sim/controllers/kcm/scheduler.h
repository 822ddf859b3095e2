// A minimal kube-scheduler ("default-scheduler"), for the one plugin a claim's life
// depends on: VolumeBinding. For a Pod without spec.nodeName it checks the Pod's
// claims (missing, lost, being deleted, unbound Immediate: FailedScheduling), picks the
// first node of options.nodes that passes Filter (scheduler_rules.h), sets
// volume.kubernetes.io/selected-node on each unbound WaitForFirstConsumer claim, and
// once every claim is bound sets spec.nodeName (event Scheduled). An unschedulable Pod
// is tried again when a claim, volume or class changes (after its backoff: 1 s
// doubling to 10 s) and at least every 5 minutes, as the real scheduling queue does.
//
// Not modelled: scoring (the first feasible node wins), resources, taints, affinity
// and topology spread (only nodeSelector is read), preemption (its message is
// printed), static binding of pre-created volumes to WaitForFirstConsumer claims, the
// PodScheduled condition, PreBind's 10-minute bind timeout and its errors when a
// selected node is reset (the Pod is simply scheduled again), and the binding
// subresource (spec.nodeName is written with an Update).
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/api/client.h"
#include "sim/api/event_recorder.h"
#include "sim/controllers/kcm/kube_controller_manager.h"
#include "sim/controllers/kcm/pod_claim_index.h"
#include "sim/controllers/kcm/scheduler_rules.h"
#include "sim/controllers/runtime/informer.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

class Scheduler {
 public:
  // `topology_keys`: the CSI drivers' topology keys, which every node carries with its
  // own name as value. The default is the mock driver's default key.
  Scheduler(ApiServer& api, ApiClient& client, const KubeControllerManagerOptions& options,
            std::vector<std::string> topology_keys = {"topology.hostpath.csi/node"});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void Start();

  // Initial and maximum backoff of an unschedulable Pod (--pod-initial-backoff-seconds,
  // --pod-max-backoff-seconds), and how long one waits at most without an event
  // (podMaxInUnschedulablePodsDuration), checked every kFlushPeriod.
  static constexpr SimDuration kInitialBackoff = 1 * kSecond;
  static constexpr SimDuration kMaxBackoff = 10 * kSecond;
  static constexpr SimDuration kMaxUnschedulable = 5 * kMinute;
  static constexpr SimDuration kFlushPeriod = 30 * kSecond;

 private:
  struct Attempts {
    int count = 0;
    SimTime last = 0;
  };

  Task<ReconcileResult> SchedulePod(std::string key);
  // The Pod's claims as the scheduler's caches (and its own writes) know them.
  std::vector<sched::PodClaim> ClaimsOf(const Pod& pod) const;
  Ptr<PersistentVolumeClaim> CachedClaim(std::string_view ns, std::string_view name) const;
  // Records FailedScheduling and counts the attempt for the backoff.
  ReconcileResult Unschedulable(const Pod& pod, const std::string& key, const std::string& message);
  void Requeue(const std::string& key);  // after a cluster event, honouring the backoff
  void RequeuePodsUsing(std::string_view ns, std::string_view claim);
  void FlushUnschedulable();
  bool Pending(const Pod& pod) const;  // ours, unscheduled, not being deleted

  ApiServer& api_;
  ApiClient& client_;
  std::vector<std::string> nodes_;
  std::vector<StringMap> node_labels_;  // by node index
  EventRecorder recorder_;
  Informer<Pod> pods_;
  Informer<PersistentVolumeClaim> claims_;
  Informer<PersistentVolume> volumes_;
  Informer<StorageClass> classes_;
  PodClaimIndex pending_pods_;  // unscheduled Pods by the claims they use
  // Claims this scheduler annotated, until its informer catches up (the assume cache).
  std::unordered_map<std::string, Ptr<PersistentVolumeClaim>> assumed_;  // looked up only
  std::map<std::string, Attempts> unschedulable_;  // by Pod key; ordered, the flush walks it
  EventId flush_event_;
  // Declared last, destroyed first: running cycles use the members above.
  WorkQueue queue_;
};

}  // namespace xnsim
