// The decisions of xnsim's minimal kube-scheduler, as pure functions: the
// VolumeBinding plugin's PreFilter (claims exist, are usable, immediate ones bound) and
// Filter (bound volumes' node affinity, a WaitForFirstConsumer claim's selected node),
// the NodeAffinity plugin's nodeSelector check, and the FailedScheduling message the
// scheduler prints (pkg/scheduler/framework/plugins/volumebinding, framework.FitError).
//
// Nodes: xnsim has no Node objects. A node named N carries the labels
// kubernetes.io/hostname=N and, for every CSI driver topology key K, K=N (the mock
// driver's topology is per node); nothing else.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"

namespace xnsim::sched {

inline constexpr std::string_view kComponent = "default-scheduler";
inline constexpr std::string_view kHostnameLabel = "kubernetes.io/hostname";

// VolumeBinding's reasons (binder.go ConflictReason) and NodeAffinity's.
inline constexpr std::string_view kReasonNodeConflict = "node(s) had volume node affinity conflict";
inline constexpr std::string_view kReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
inline constexpr std::string_view kReasonPVNotExist =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
inline constexpr std::string_view kReasonNodeSelector = "node(s) didn't match Pod's node affinity/selector";
inline constexpr std::string_view kReasonUnboundImmediate = "pod has unbound immediate PersistentVolumeClaims";
inline constexpr std::string_view kNoNodesAvailable = "no nodes available to schedule pods";

// One persistentVolumeClaim volume of a Pod, with what the scheduler's listers know.
struct PodClaim {
  std::string name;                         // the volume's claimName
  Ptr<PersistentVolumeClaim> claim;         // null: not found
  bool delay_binding = false;               // its class binds WaitForFirstConsumer
  bool provisionable = true;                // its class's provisioner is not kubernetes.io/no-provisioner
  Ptr<PersistentVolume> volume = nullptr;   // the volume it is bound to, when it exists
};

// isPVCFullyBound: spec.volumeName set and pv.kubernetes.io/bind-completed present.
bool FullyBound(const PersistentVolumeClaim& claim);
// An unbound claim the scheduler provisions for (WaitForFirstConsumer, no volumeName).
bool DelayedClaim(const PodClaim& c);

// PreFilter: the first claim that is missing, lost or being deleted, then unbound
// Immediate claims. "" when the Pod may go on to Filter.
std::string PreFilter(const std::vector<PodClaim>& claims);

// The labels node `node` carries (see the header comment).
StringMap NodeLabels(std::string_view node, const std::vector<std::string>& topology_keys);

// A node selector term list (a PV's nodeAffinity.required) against a node.
bool MatchesNodeSelectorTerms(const std::vector<NodeSelectorTerm>& terms, std::string_view node,
                              const StringMap& labels);

// Filter for one node: the reasons it cannot take the Pod (empty: it fits). The
// NodeAffinity plugin runs before VolumeBinding and a node stops at its first failing
// plugin.
std::vector<std::string> Filter(const Pod& pod, const std::vector<PodClaim>& claims, std::string_view node,
                                const StringMap& labels);

// FitError.Error() plus DefaultPreemption's message when every node is unresolvable:
// "0/N nodes are available: <reasons>. preemption: 0/N nodes are available: N Preemption
// is not helpful for scheduling."  `prefilter` is PreFilter's reason; otherwise the
// Filter reasons of each node are counted ("2 node(s) ...", sorted).
std::string FailedSchedulingMessage(size_t num_nodes, std::string_view prefilter);
std::string FailedSchedulingMessage(size_t num_nodes, const std::vector<std::vector<std::string>>& node_reasons);

// "Successfully assigned dev/web-0 to node-1".
std::string ScheduledMessage(std::string_view ns, std::string_view pod, std::string_view node);

}  // namespace xnsim::sched
