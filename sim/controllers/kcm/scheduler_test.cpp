// The minimal scheduler: its VolumeBinding and node decisions as tables, then whole
// cycles against a real engine and API server (SEMANTICS.md 3.9: a WaitForFirstConsumer
// claim waits for the scheduler's selected-node annotation).
#include "sim/controllers/kcm/scheduler.h"

#include <gtest/gtest.h>

#include <memory>

#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

const std::string kSelectedNode(pv::kAnnSelectedNode);
const std::string kBindCompleted(pv::kAnnBindCompleted);

Ptr<PersistentVolumeClaim> BoundClaimPtr(std::string name, std::string volume) {
  PersistentVolumeClaim c = Claim(std::move(name));
  c.spec.volume_name = std::move(volume);
  c.metadata.annotations[kBindCompleted] = "yes";
  c.status.phase = "Bound";
  return std::make_shared<const PersistentVolumeClaim>(std::move(c));
}

Ptr<PersistentVolumeClaim> PendingClaimPtr(std::string name) {
  PersistentVolumeClaim c = Claim(std::move(name));
  c.status.phase = "Pending";
  return std::make_shared<const PersistentVolumeClaim>(std::move(c));
}

Ptr<PersistentVolume> VolumeOnNodes(std::string key, std::vector<std::string> nodes) {
  PersistentVolume v = Volume("pv-1");
  v.spec.node_affinity_required =
      std::vector<NodeSelectorTerm>{{.match_expressions = {{std::move(key), "In", std::move(nodes)}}, .match_fields = {}}};
  return std::make_shared<const PersistentVolume>(std::move(v));
}

// ---- the rules ---------------------------------------------------------------------------

// VolumeBinding PreFilter (podHasPVCs, then GetPodVolumeClaims), in the Pod's volume order.
TEST(SchedulerRules, PreFilterNamesTheFirstUnusableClaimThenUnboundImmediateOnes) {
  sched::PodClaim missing{.name = "gone", .claim = nullptr};
  PersistentVolumeClaim lost_claim = *BoundClaimPtr("lost", "pv-9");
  lost_claim.status.phase = "Lost";
  sched::PodClaim lost{.name = "lost", .claim = std::make_shared<const PersistentVolumeClaim>(lost_claim)};
  PersistentVolumeClaim deleting_claim = *PendingClaimPtr("old");
  deleting_claim.metadata.deletion_timestamp = 5;
  sched::PodClaim deleting{.name = "old", .claim = std::make_shared<const PersistentVolumeClaim>(deleting_claim)};
  sched::PodClaim immediate{.name = "db", .claim = PendingClaimPtr("db"), .delay_binding = false};
  sched::PodClaim delayed{.name = "db", .claim = PendingClaimPtr("db"), .delay_binding = true};
  sched::PodClaim bound{.name = "db", .claim = BoundClaimPtr("db", "pv-1"), .delay_binding = false};
  // Prebound (volumeName set, bind not completed) is immediate even in a delayed class.
  PersistentVolumeClaim prebound_claim = *PendingClaimPtr("pre");
  prebound_claim.spec.volume_name = "pv-2";
  sched::PodClaim prebound{.name = "pre", .claim = std::make_shared<const PersistentVolumeClaim>(prebound_claim),
                           .delay_binding = true};

  const std::string unbound = "pod has unbound immediate PersistentVolumeClaims";
  struct Case {
    const char* rule;
    std::vector<sched::PodClaim> claims;
    std::string want;
  } cases[] = {
      {"no claims", {}, ""},
      {"missing claim", {bound, missing}, "persistentvolumeclaim \"gone\" not found"},
      {"lost claim", {lost}, "persistentvolumeclaim \"lost\" bound to non-existent persistentvolume \"pv-9\""},
      {"claim being deleted", {deleting}, "persistentvolumeclaim \"old\" is being deleted"},
      {"unusable before immediate", {immediate, missing}, "persistentvolumeclaim \"gone\" not found"},
      {"unbound Immediate claim", {bound, immediate}, unbound},
      {"unbound WaitForFirstConsumer claim waits for the scheduler", {delayed}, ""},
      {"prebound claim is immediate", {prebound}, unbound},
      {"bound claim", {bound}, ""},
  };
  for (const Case& c : cases) EXPECT_EQ(sched::PreFilter(c.claims), c.want) << c.rule;
}

TEST(SchedulerRules, NodeSelectorTermsMatchLikeNodeAffinity) {
  const auto labels = sched::NodeLabels("node-2", {"topology.hostpath.csi/node"});
  EXPECT_EQ(labels, (StringMap{{"kubernetes.io/hostname", "node-2"},
                                                        {"topology.hostpath.csi/node", "node-2"}}));
  auto term = [](std::string key, std::string op, std::vector<std::string> values) {
    return NodeSelectorTerm{.match_expressions = {{std::move(key), std::move(op), std::move(values)}}, .match_fields = {}};
  };
  struct Case {
    const char* rule;
    std::vector<NodeSelectorTerm> terms;
    bool want;
  } cases[] = {
      {"In", {term("kubernetes.io/hostname", "In", {"node-1", "node-2"})}, true},
      {"In, other value", {term("kubernetes.io/hostname", "In", {"node-1"})}, false},
      {"driver topology key", {term("topology.hostpath.csi/node", "In", {"node-2"})}, true},
      {"a label no node has", {term("topology.kubernetes.io/zone", "In", {"a"})}, false},
      {"NotIn", {term("kubernetes.io/hostname", "NotIn", {"node-1"})}, true},
      {"NotIn of a missing label", {term("zone", "NotIn", {"a"})}, true},
      {"Exists", {term("kubernetes.io/hostname", "Exists", {})}, true},
      {"DoesNotExist", {term("kubernetes.io/hostname", "DoesNotExist", {})}, false},
      {"Gt on a non-number", {term("kubernetes.io/hostname", "Gt", {"1"})}, false},
      {"terms are ORed", {term("kubernetes.io/hostname", "In", {"node-1"}), term("kubernetes.io/hostname", "In", {"node-2"})}, true},
      {"an empty term selects nothing", {NodeSelectorTerm{}}, false},
      {"matchFields metadata.name",
       {NodeSelectorTerm{.match_expressions = {}, .match_fields = {{"metadata.name", "In", {"node-2"}}}}}, true},
      {"matchFields other name",
       {NodeSelectorTerm{.match_expressions = {}, .match_fields = {{"metadata.name", "In", {"node-1"}}}}}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(sched::MatchesNodeSelectorTerms(c.terms, "node-2", labels), c.want) << c.rule;
}

TEST(SchedulerRules, FilterChecksNodeSelectorThenVolumes) {
  const auto labels = sched::NodeLabels("node-1", {"topology.hostpath.csi/node"});
  Pod pod = PodUsing("web", "db");
  sched::PodClaim bound_elsewhere{.name = "db", .claim = BoundClaimPtr("db", "pv-1"),
                                  .volume = VolumeOnNodes("topology.hostpath.csi/node", {"node-2"})};
  sched::PodClaim bound_here{.name = "db", .claim = BoundClaimPtr("db", "pv-1"),
                             .volume = VolumeOnNodes("kubernetes.io/hostname", {"node-1"})};
  sched::PodClaim bound_no_volume{.name = "db", .claim = BoundClaimPtr("db", "pv-1"), .volume = nullptr};
  PersistentVolumeClaim selected = *PendingClaimPtr("db");
  selected.metadata.annotations[kSelectedNode] = "node-2";
  sched::PodClaim selected_elsewhere{.name = "db", .claim = std::make_shared<const PersistentVolumeClaim>(selected),
                                     .delay_binding = true};
  sched::PodClaim no_provisioner{.name = "db", .claim = PendingClaimPtr("db"), .delay_binding = true,
                                 .provisionable = false};
  sched::PodClaim delayed{.name = "db", .claim = PendingClaimPtr("db"), .delay_binding = true};

  using R = std::vector<std::string>;
  EXPECT_EQ(sched::Filter(pod, {bound_here}, "node-1", labels), R{});
  EXPECT_EQ(sched::Filter(pod, {delayed}, "node-1", labels), R{});
  EXPECT_EQ(sched::Filter(pod, {bound_elsewhere}, "node-1", labels), R{"node(s) had volume node affinity conflict"});
  EXPECT_EQ(sched::Filter(pod, {bound_no_volume}, "node-1", labels),
            R{"node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"});
  EXPECT_EQ(sched::Filter(pod, {selected_elsewhere}, "node-1", labels),
            R{"node(s) didn't find available persistent volumes to bind"});
  EXPECT_EQ(sched::Filter(pod, {no_provisioner}, "node-1", labels),
            R{"node(s) didn't find available persistent volumes to bind"});
  EXPECT_EQ(sched::Filter(pod, {bound_elsewhere, selected_elsewhere}, "node-1", labels),
            (R{"node(s) had volume node affinity conflict", "node(s) didn't find available persistent volumes to bind"}));
  // NodeAffinity runs first and stops the node.
  pod.spec.node_selector["kubernetes.io/hostname"] = "node-2";
  EXPECT_EQ(sched::Filter(pod, {bound_elsewhere}, "node-1", labels), R{"node(s) didn't match Pod's node affinity/selector"});
}

// framework.FitError with DefaultPreemption's message.
TEST(SchedulerRules, FailedSchedulingMessages) {
  EXPECT_EQ(sched::FailedSchedulingMessage(1, "persistentvolumeclaim \"db\" not found"),
            "0/1 nodes are available: persistentvolumeclaim \"db\" not found. preemption: 0/1 nodes are available: "
            "1 Preemption is not helpful for scheduling.");
  EXPECT_EQ(sched::FailedSchedulingMessage(3, std::vector<std::vector<std::string>>{
                                                  {"node(s) had volume node affinity conflict"},
                                                  {"node(s) didn't match Pod's node affinity/selector"},
                                                  {"node(s) had volume node affinity conflict"}}),
            "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) had volume "
            "node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  EXPECT_EQ(sched::FailedSchedulingMessage(0, "anything"), "no nodes available to schedule pods");
  EXPECT_EQ(sched::ScheduledMessage("dev", "web", "node-1"), "Successfully assigned dev/web to node-1");
}

// ---- whole cycles ------------------------------------------------------------------------

class SchedulerTest : public World {
 protected:
  void StartScheduler() {
    scheduler_ = std::make_unique<Scheduler>(api_, client_, options_);
    scheduler_->Start();
  }
  Ptr<Pod> GetPod(const std::string& name) { return api_.Get<Pod>("dev", name); }
  // What the PV controller does once a volume exists: claim bound, then phase Bound.
  void BindClaim(const std::string& name, const std::string& volume) {
    PersistentVolumeClaim c = *GetClaim(name);
    c.spec.volume_name = volume;
    c.metadata.annotations[kBindCompleted] = "yes";
    ASSERT_TRUE(api_.Update(c).ok());
    c = *GetClaim(name);
    c.status.phase = "Bound";
    ASSERT_TRUE(api_.UpdateStatus(c).ok());
  }
  std::vector<Ptr<Event>> FailedScheduling(const std::string& pod) {
    std::vector<Ptr<Event>> out;
    for (const Ptr<Event>& e : EventsAbout("dev", pod)) {
      if (e->reason == "FailedScheduling") out.push_back(e);
    }
    return out;
  }

  std::unique_ptr<Scheduler> scheduler_;
};

// SEMANTICS.md 3.9: an unbound WaitForFirstConsumer claim gets the selected node; the
// Pod waits for it to be bound, and is then bound to that node.
TEST_F(SchedulerTest, WaitForFirstConsumerClaimGetsTheSelectedNodeThenThePodIsBound) {
  options_.nodes = {"node-1", "node-2"};
  Create(Class("fast", "WaitForFirstConsumer"));
  Create(Claim("db"));
  Pod pod = PodUsing("web", "db");
  pod.spec.node_selector["kubernetes.io/hostname"] = "node-2";
  Create(pod);
  StartScheduler();
  RunFor(kSecond);
  ASSERT_EQ(GetClaim("db")->metadata.annotations.count(kSelectedNode), 1u);
  EXPECT_EQ(GetClaim("db")->metadata.annotations.at(kSelectedNode), "node-2");
  EXPECT_EQ(GetPod("web")->spec.node_name, "");  // waits for the volume
  EXPECT_TRUE(FailedScheduling("web").empty());

  Create(*VolumeOnNodes("topology.hostpath.csi/node", {"node-2"}));
  BindClaim("db", "pv-1");
  RunFor(kSecond);
  EXPECT_EQ(GetPod("web")->spec.node_name, "node-2");
  Ptr<Event> scheduled = EventWithReason("dev", "web", "Scheduled");
  ASSERT_NE(scheduled, nullptr);
  EXPECT_EQ(scheduled->type, "Normal");
  EXPECT_EQ(scheduled->message, "Successfully assigned dev/web to node-2");
  EXPECT_EQ(scheduled->source_component, "default-scheduler");
}

TEST_F(SchedulerTest, UnboundImmediateClaimIsFailedScheduling) {
  Create(Class("fast", "Immediate"));
  Create(Claim("db"));
  Create(PodUsing("web", "db"));
  StartScheduler();
  RunFor(kSecond);
  std::vector<Ptr<Event>> failed = FailedScheduling("web");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]->type, "Warning");
  EXPECT_EQ(failed[0]->source_component, "default-scheduler");
  EXPECT_EQ(failed[0]->message,
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are "
            "available: 1 Preemption is not helpful for scheduling.");
  EXPECT_EQ(GetClaim("db")->metadata.annotations.count(kSelectedNode), 0u);  // only delayed claims get one
  EXPECT_EQ(GetPod("web")->spec.node_name, "");

  // Binding the claim brings the Pod back (after its backoff), and it is scheduled.
  Create(Volume("pv-1"));
  BindClaim("db", "pv-1");
  RunFor(kMinute);
  EXPECT_EQ(GetPod("web")->spec.node_name, "node-1");
}

TEST_F(SchedulerTest, MissingClaimIsFailedSchedulingUntilItExists) {
  options_.nodes = {"node-1", "node-2", "node-3"};
  Create(Class("fast", "WaitForFirstConsumer"));
  Create(PodUsing("web", "db"));
  StartScheduler();
  RunFor(kSecond);
  std::vector<Ptr<Event>> failed = FailedScheduling("web");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]->message,
            "0/3 nodes are available: persistentvolumeclaim \"db\" not found. preemption: 0/3 nodes are available: "
            "3 Preemption is not helpful for scheduling.");

  Create(Claim("db"));
  RunFor(kMinute);
  EXPECT_EQ(GetClaim("db")->metadata.annotations.at(kSelectedNode), "node-1");
}

TEST_F(SchedulerTest, PodWithBoundClaimsIsBoundAtOnce) {
  Create(Class("fast", "Immediate"));
  Create(Volume("pv-1"));
  Create(Claim("db"));
  BindClaim("db", "pv-1");
  Create(PodUsing("web", "db"));
  StartScheduler();
  RunFor(kSecond);
  EXPECT_EQ(GetPod("web")->spec.node_name, "node-1");
  ASSERT_NE(EventWithReason("dev", "web", "Scheduled"), nullptr);
  EXPECT_EQ(EventWithReason("dev", "web", "Scheduled")->message, "Successfully assigned dev/web to node-1");
}

// A bound volume's required node affinity limits the nodes (VolumeBinding Filter).
TEST_F(SchedulerTest, BoundVolumeNodeAffinityPicksItsNode) {
  options_.nodes = {"node-1", "node-2"};
  Create(Class("fast", "WaitForFirstConsumer"));
  Create(*VolumeOnNodes("kubernetes.io/hostname", {"node-2"}));
  Create(Claim("db"));
  BindClaim("db", "pv-1");
  Create(PodUsing("web", "db"));
  StartScheduler();
  RunFor(kSecond);
  EXPECT_EQ(GetPod("web")->spec.node_name, "node-2");
}

TEST_F(SchedulerTest, NoFeasibleNodeCountsTheReasons) {
  options_.nodes = {"node-1", "node-2"};
  Create(Class("fast", "Immediate"));
  Create(*VolumeOnNodes("kubernetes.io/hostname", {"node-3"}));
  Create(Claim("db"));
  BindClaim("db", "pv-1");
  Pod pod = PodUsing("web", "db");
  pod.spec.node_selector["kubernetes.io/hostname"] = "node-1";
  Create(pod);
  StartScheduler();
  RunFor(kSecond);
  std::vector<Ptr<Event>> failed = FailedScheduling("web");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]->message,
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had volume node "
            "affinity conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
}

// An unschedulable Pod is not retried on a timer of its own: a claim change brings it
// back, no sooner than its backoff; with nothing changing, the 5-minute flush does.
TEST_F(SchedulerTest, UnschedulablePodWaitsForAnEventOrTheFlush) {
  Create(Class("fast", "Immediate"));
  Create(Claim("db"));
  Create(PodUsing("web", "db"));
  StartScheduler();
  RunFor(kMinute);
  ASSERT_EQ(FailedScheduling("web").size(), 1u);
  EXPECT_EQ(FailedScheduling("web")[0]->count, 1);

  PersistentVolumeClaim touched = *GetClaim("db");
  touched.metadata.labels["touched"] = "yes";
  ASSERT_TRUE(api_.Update(touched).ok());
  RunFor(kSecond);
  EXPECT_EQ(FailedScheduling("web")[0]->count, 2);

  RunFor(Scheduler::kMaxUnschedulable + Scheduler::kFlushPeriod);
  EXPECT_EQ(FailedScheduling("web")[0]->count, 3);
}

TEST_F(SchedulerTest, PodsOfAnotherSchedulerAreLeftAlone) {
  Create(Class("fast", "WaitForFirstConsumer"));
  Create(Claim("db"));
  Pod pod = PodUsing("web", "db");
  pod.spec.scheduler_name = "my-scheduler";
  Create(pod);
  StartScheduler();
  RunFor(kMinute);
  EXPECT_EQ(GetClaim("db")->metadata.annotations.count(kSelectedNode), 0u);
  EXPECT_TRUE(FailedScheduling("web").empty());
}

}  // namespace
}  // namespace xnsim
