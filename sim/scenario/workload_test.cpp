// The workload step (scenario-format.md, Workloads): templates, arrival times (fixed
// and Poisson), namespaces created on demand, deleteAfter, and what the runner reports.
#include "sim/scenario/workload.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario/capacity_metrics.h"
#include "sim/scenario/runner_test_support.h"

namespace xnsim {
namespace {

using Json = nlohmann::json;

WorkloadStep StepOf(int64_t count, double rate, bool poisson, Json tmpl) {
  WorkloadStep s;
  s.name = "w";
  s.count = count;
  s.rate_per_second = rate;
  s.poisson = poisson;
  s.template_ = std::make_shared<const Json>(std::move(tmpl));
  return s;
}

Json ClaimTemplate() {
  return Json::parse(R"({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
    "metadata": {"name": "data-{{i}}", "labels": {"team": "{{ ns }}", "fixed": "x"}},
    "spec": {"storageClassName": "sc", "accessModes": ["ReadWriteOnce"],
             "resources": {"requests": {"storage": "1Gi"}},
             "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "src-{{i}}-{{i}}",
                               "namespace": "{{ns}}"}}})");
}

TEST(WorkloadTemplate, ReplacesIAndNsInEveryStringAndSetsTheNamespace) {
  const WorkloadTemplate t(ClaimTemplate());
  EXPECT_FALSE(t.names_namespace());
  const Json obj = t.Expand(7, "team-3");
  EXPECT_EQ(obj["metadata"]["name"], "data-7");
  EXPECT_EQ(obj["metadata"]["namespace"], "team-3");
  EXPECT_EQ(obj["metadata"]["labels"]["team"], "team-3");  // spaces inside the braces
  EXPECT_EQ(obj["metadata"]["labels"]["fixed"], "x");
  EXPECT_EQ(obj["spec"]["dataSourceRef"]["name"], "src-7-7");  // every occurrence
  EXPECT_EQ(obj["spec"]["accessModes"][0], "ReadWriteOnce");
}

TEST(WorkloadTemplate, ATemplateThatNamesItsNamespaceKeepsIt) {
  Json tmpl = ClaimTemplate();
  tmpl["metadata"]["namespace"] = "shared";
  const WorkloadTemplate t(tmpl);
  EXPECT_TRUE(t.names_namespace());
  EXPECT_EQ(t.Expand(1, "team-1")["metadata"]["namespace"], "shared");
}

TEST(WorkloadTemplate, ExpandStringLeavesTextWithoutPlaceholdersAlone) {
  EXPECT_EQ(WorkloadTemplate::ExpandString("plain", "1", "ns"), "plain");
  EXPECT_EQ(WorkloadTemplate::ExpandString("{{i}}{{ns}}", "4", "a"), "4a");
  EXPECT_EQ(WorkloadTemplate::ExpandString("open {{i", "4", "a"), "open {{i");
}

TEST(ArrivalClock, FixedRateSpacesObjectsByOneOverRateWithoutDrift) {
  Engine engine(1);
  ArrivalClock clock(StepOf(1000, 3, false, ClaimTemplate()), engine);
  std::vector<SimDuration> at;
  for (int i = 0; i < 1000; ++i) at.push_back(clock.Next());
  EXPECT_EQ(at[0], 0);
  EXPECT_EQ(at[1], 333'333'333);
  EXPECT_EQ(at[3], 1 * kSecond);
  EXPECT_EQ(at[999], 333 * kSecond);  // i / rate exactly: no accumulated rounding
}

TEST(ArrivalClock, PoissonGapsAreSeededExponentialsWithTheRatesMean) {
  const WorkloadStep step = StepOf(20000, 10, true, ClaimTemplate());
  Engine a(7), b(7), c(8);
  ArrivalClock ca(step, a), cb(step, b), cc(step, c);
  SimDuration last = 0;
  bool differs = false, uneven = false;
  SimDuration previous_gap = -1;
  for (int i = 0; i < 20000; ++i) {
    const SimDuration t = ca.Next();
    EXPECT_EQ(t, cb.Next());  // same seed, same arrivals
    differs = differs || cc.Next() != t;
    if (i == 0) {
      EXPECT_EQ(t, 0);
    }
    EXPECT_GE(t, last);
    if (i > 0 && previous_gap >= 0 && t - last != previous_gap) uneven = true;
    if (i > 0) previous_gap = t - last;
    last = t;
  }
  EXPECT_TRUE(differs);
  EXPECT_TRUE(uneven);
  // 19,999 gaps of mean 100 ms: within 3% of 1,999.9 s.
  EXPECT_NEAR(static_cast<double>(last) / kSecond, 1999.9, 60);
}

// A world with just an API server: what the workload itself does.
class WorkloadRunTest : public ::testing::Test {
 protected:
  Engine engine_{1};
  ApiServer api_{engine_, GateSet(Component::kKubeApiserver, kNewestKubeVersion)};
};

TEST_F(WorkloadRunTest, CreatesEachObjectAtItsArrivalInRoundRobinNamespacesMadeOnDemand) {
  WorkloadStep step = StepOf(5, 2, false, ClaimTemplate());
  step.namespace_prefix = "team-";
  step.namespace_count = 3;
  std::vector<std::pair<int64_t, SimTime>> created;
  WorkloadRun::Hooks hooks;
  hooks.created = [&](int64_t i, const AnyPtr&) { created.emplace_back(i, engine_.Now()); };
  WorkloadRun run(engine_, api_, step, hooks);
  run.Start();
  EXPECT_EQ(api_.Get<Namespace>("", "team-0"), nullptr);  // nothing before the first arrival runs
  engine_.RunUntil(10 * kSecond);
  ASSERT_EQ(created.size(), 5u);
  for (int64_t i = 0; i < 5; ++i) {
    EXPECT_EQ(created[i].first, i);
    EXPECT_EQ(created[i].second, i * 500 * kMillisecond);
  }
  EXPECT_NE(api_.Get<PersistentVolumeClaim>("team-0", "data-0"), nullptr);
  EXPECT_NE(api_.Get<PersistentVolumeClaim>("team-1", "data-4"), nullptr);
  EXPECT_NE(api_.Get<PersistentVolumeClaim>("team-2", "data-2"), nullptr);
  EXPECT_NE(api_.Get<Namespace>("", "team-2"), nullptr);
  EXPECT_EQ(api_.Get<Namespace>("", "team-3"), nullptr);
  EXPECT_EQ(run.created(), 5);
  EXPECT_EQ(run.rejected(), 0);
}

TEST_F(WorkloadRunTest, DeleteAfterDeletesEachObjectThatLongAfterItsCreation) {
  WorkloadStep step = StepOf(3, 1, false, ClaimTemplate());
  step.delete_after = 1500 * kMillisecond;
  WorkloadRun run(engine_, api_, step, {});
  run.Start();
  // Admission gives claims the pvc-protection finalizer, and no controller removes it
  // here: a deleted claim lingers with a deletionTimestamp.
  const auto deleting = [&](const char* name) {
    const auto pvc = api_.Get<PersistentVolumeClaim>("default", name);
    return pvc != nullptr && pvc->metadata.deletion_timestamp.has_value();
  };
  engine_.RunUntil(1600 * kMillisecond);  // object 0 (created at 0s) is deleted, 1 is not
  EXPECT_TRUE(deleting("data-0"));
  EXPECT_FALSE(deleting("data-1"));
  engine_.RunUntil(10 * kSecond);
  EXPECT_EQ(run.deleted(), 3);
  EXPECT_TRUE(deleting("data-2"));
}

TEST_F(WorkloadRunTest, ARejectedCreateIsReportedAndTheArrivalsGoOn) {
  Json tmpl = ClaimTemplate();
  tmpl["metadata"]["namespace"] = "missing";  // named by the template: not created on demand
  std::vector<std::string> messages;
  WorkloadRun::Hooks hooks;
  hooks.rejected = [&](int64_t, const std::string& m) { messages.push_back(m); };
  const WorkloadStep step = StepOf(2, 1, false, tmpl);  // the run keeps a reference to it
  WorkloadRun run(engine_, api_, step, hooks);
  run.Start();
  engine_.RunUntil(5 * kSecond);
  EXPECT_EQ(run.rejected(), 2);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_TRUE(Has(messages[0], "NotFound")) << messages[0];
}

// ---- through the runner ----

TEST(WorkloadInRunner, ClaimsAreProvisionedAndTheirLatencyReported) {
  const CaseResult r = RunCase(R"(steps:
- apply:
    resource: {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc},
               provisioner: hostpath.csi.k8s.io, volumeBindingMode: Immediate}
- workload:
    name: claims
    count: 20
    rate: 10/s
    namespaces: {prefix: team-, count: 4}
    template:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: "data-{{i}}"}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- settle: {timeout: 10m}
)");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  ASSERT_NE(r.capacity, nullptr);
  const WorkloadMetrics& w = r.capacity->workloads.at(0);
  EXPECT_EQ(w.latency_metric, "ProvisioningLatency");
  EXPECT_EQ(w.created, 20);
  EXPECT_EQ(w.bound, 20);
  EXPECT_EQ(w.failed, 0);
  EXPECT_EQ(w.latency.count, 20u);
  EXPECT_GT(w.latency.p50, 0);
  EXPECT_LE(w.latency.p50, w.latency.p99);
  EXPECT_LE(w.latency.p99, w.latency.max);
  ASSERT_FALSE(r.capacity->times.empty());
  EXPECT_EQ(w.bound_series.back(), 20);
  EXPECT_EQ(r.capacity->drivers.at(0).final_logical_gib, 20.0);
  // The provisioner's client made requests, and they are in the series.
  bool provisioner_seen = false;
  for (const ComponentSeries& c : r.capacity->components) {
    if (c.component.rfind("csi-provisioner", 0) == 0) provisioner_seen = c.requests.back() > 0;
  }
  EXPECT_TRUE(provisioner_seen);
}

TEST(WorkloadInRunner, AClaimThatNeverProvisionsCountsAsFailed) {
  const CaseResult r = RunCase(R"(cluster:
  drivers:
  - name: hostpath.csi.k8s.io
    capabilities: [CREATE_DELETE_VOLUME]
    faults: [{op: CreateVolume, code: RESOURCE_EXHAUSTED, times: 1000}]
steps:
- apply:
    resource: {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc},
               provisioner: hostpath.csi.k8s.io, volumeBindingMode: Immediate}
- workload:
    name: claims
    count: 3
    rate: 1/s
    template:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: "data-{{i}}"}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- wait: 30s
)");
  ASSERT_NE(r.capacity, nullptr);
  EXPECT_EQ(r.capacity->workloads.at(0).created, 3);
  EXPECT_EQ(r.capacity->workloads.at(0).bound, 0);
  EXPECT_EQ(r.capacity->workloads.at(0).failed, 3);
}

TEST(WorkloadInRunner, ACaseWithoutWorkloadsHasNoCapacityFigures) {
  const CaseResult r = RunCase("steps:\n- wait: 1s\n");
  EXPECT_EQ(r.capacity, nullptr);
}

}  // namespace
}  // namespace xnsim
