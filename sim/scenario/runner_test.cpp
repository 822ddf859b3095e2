#include "sim/scenario/runner.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sim/scenario/loader.h"
#include "sim/scenario/runner_test_support.h"

namespace xnsim {
namespace {

constexpr const char* kDevAndClaim = R"(steps:
- apply:
    resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: dev}}
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev}
      spec:
        storageClassName: fast
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
)";

TEST(Runner, AssertPassesWhenAnObjectMatches) {
  const CaseResult r = RunCase(std::string(kDevAndClaim) + R"(- assert:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev}
      spec: {storageClassName: fast, resources: {requests: {storage: 1024Mi}}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[1].keyword, "assert");
  EXPECT_EQ(r.steps[1].location, "case.yaml:15");
  EXPECT_EQ(r.steps[1].outcome, Outcome::kPassed);
  EXPECT_EQ(r.name, "case-under-test");
  EXPECT_EQ(r.file, "case.yaml");
}

TEST(Runner, AssertWithinFailureShowsStepExpectedLastSeenWhyAndTime) {
  const CaseResult r = RunCase(std::string(kDevAndClaim) + R"(- assert:
    within: 45s
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev}
      status: {phase: Bound}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  const std::string& f = r.failure;
  EXPECT_TRUE(
      Has(f, "case-under-test: step 2 of 2 `assert` (case.yaml:15) failed at virtual time 45s"))
      << f;
  EXPECT_TRUE(Has(f, "expected (within 45s):\n  apiVersion: v1\n")) << f;
  EXPECT_TRUE(Has(f, "    phase: Bound")) << f;
  EXPECT_TRUE(Has(f, "last seen:\n  apiVersion: v1\n  kind: PersistentVolumeClaim\n")) << f;
  EXPECT_TRUE(Has(f, "kubernetes.io/pvc-protection"))
      << "the stored object, as the server keeps it\n"
      << f;
  EXPECT_TRUE(Has(f, "why: status.phase")) << f;
  // `within` waits in virtual time: the clock stands at the deadline.
  EXPECT_EQ(r.virtual_time, 45 * kSecond);
  EXPECT_EQ(r.steps[1].started, 0);
  EXPECT_EQ(r.steps[1].finished, 45 * kSecond);
  EXPECT_TRUE(Has(r.steps[1].message, "no PersistentVolumeClaim dev/data matched within 45s"))
      << r.steps[1].message;
}

TEST(Runner, AssertNowOnAMissingObjectSaysItDoesNotExist) {
  const CaseResult r = RunCase(std::string(kDevAndClaim) + R"(- assert:
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: other, namespace: dev}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "no PersistentVolumeClaim dev/other exists")) << r.failure;
  EXPECT_EQ(r.virtual_time, 0) << "an assert without `within` takes no time";
}

TEST(Runner, StepsAfterAFailureAreRecordedAsNotRun) {
  const CaseResult r = RunCase(R"(steps:
- assert:
    resource: {apiVersion: v1, kind: Namespace, metadata: {name: nowhere}}
- wait: 1m
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[1].outcome, Outcome::kSkipped);
  EXPECT_EQ(r.virtual_time, 0) << "the wait did not run";
}

TEST(Runner, BootstrapNamespacesExistAndObjectsDefaultToTheDefaultNamespace) {
  const CaseResult r = RunCase(R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assert:
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: default}}
- assert: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}}
- assert: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: kube-node-lease}}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Runner, RejectedApplyFailsWithKubectlsMessage) {
  const CaseResult r = RunCase(R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: cache, namespace: staging}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure,
                  "Error from server (NotFound): error when creating \"case.yaml\": "
                  "namespaces \"staging\" not found"))
      << r.failure;
}

TEST(Runner, ApplyOfAnExistingObjectMergesOverIt) {
  const CaseResult r = RunCase(R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team, labels: {a: "1"}, finalizers: [example.com/hold]}
- apply:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team, labels: {b: "2"}}
- assert:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team, labels: {a: "1", b: "2"}, finalizers: [example.com/hold]}
- apply:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team, labels: {a: null}, finalizers: []}
- assert:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team, labels: {a: null, b: "2"}, finalizers: null}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  ASSERT_EQ(r.steps.size(), 5u);
  EXPECT_TRUE(Has(r.steps[0].message, "Namespace team created")) << r.steps[0].message;
  EXPECT_TRUE(Has(r.steps[1].message, "Namespace team configured")) << r.steps[1].message;
}

TEST(Runner, ApplyingTheSameManifestAgainLeavesItUnchanged) {
  const CaseResult r = RunCase(std::string(kDevAndClaim) + R"(- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev}
      spec:
        storageClassName: fast
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[1].message, "PersistentVolumeClaim dev/data unchanged");
}

TEST(Runner, AssertReadsAnObjectAtTheVersionTheFragmentNames) {
  // ReferenceGrant is served at v1beta1 and v1alpha2; either reads the same object.
  const CaseResult r = RunCase(R"(steps:
- apply: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: prod}}}
- apply:
    resource:
      apiVersion: gateway.networking.k8s.io/v1beta1
      kind: ReferenceGrant
      metadata: {name: dev-may-restore, namespace: prod}
      spec:
        from: [{group: "", kind: PersistentVolumeClaim, namespace: dev}]
        to: [{group: snapshot.storage.k8s.io, kind: VolumeSnapshot}]
- assert:
    resource:
      apiVersion: gateway.networking.k8s.io/v1alpha2
      kind: ReferenceGrant
      metadata: {name: dev-may-restore, namespace: prod}
      spec: {from: [{namespace: dev}]}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Runner, DeleteOfAMissingObjectFails) {
  const CaseResult r = RunCase(R"(steps:
- delete: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: default, name: ghost}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(
      Has(r.failure, "Error from server (NotFound): persistentvolumeclaims \"ghost\" not found"))
      << r.failure;
}

TEST(Runner, DeletedObjectIsAbsent) {
  const CaseResult r = RunCase(R"(steps:
- apply: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
- apply:
    resource:
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: fast}
      provisioner: hostpath.csi.k8s.io
- delete: {apiVersion: storage.k8s.io/v1, kind: StorageClass, name: fast}
- assertAbsent: {resource: {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast}}}
- error: {resource: {apiVersion: storage.k8s.io/v1, kind: StorageClass}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Runner, AssertAbsentFailsWhileTheObjectStays) {
  const CaseResult r = RunCase(R"(steps:
- apply: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
- assertAbsent: {within: 10s, resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "Namespace dev still matches within 10s")) << r.failure;
  EXPECT_TRUE(Has(r.failure, "still there:\n  apiVersion: v1\n  kind: Namespace\n")) << r.failure;
  EXPECT_EQ(r.virtual_time, 10 * kSecond);
}

TEST(Runner, WaitAndAssertNeverAdvanceVirtualTime) {
  const CaseResult r = RunCase(R"(steps:
- wait: 30s
- assertNever: {for: 1m, resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
- settle: {timeout: 5m}
)");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[0].finished, 30 * kSecond);
  EXPECT_EQ(r.steps[1].started, 30 * kSecond);
  EXPECT_EQ(r.steps[1].finished, 90 * kSecond);
  // Nothing is in flight in a cluster without controllers: settling takes no time.
  EXPECT_EQ(r.steps[2].finished, 90 * kSecond);
  EXPECT_EQ(r.virtual_time, 90 * kSecond);
}

TEST(Runner, AssertNeverFailsAtTheFirstMatch) {
  const CaseResult r = RunCase(R"(steps:
- apply: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
- assertNever: {for: 1m, resource: {apiVersion: v1, kind: Namespace, metadata: {name: dev}}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "Namespace dev matched after 0s")) << r.failure;
  EXPECT_EQ(r.virtual_time, 0);
}

TEST(Runner, AssertRejectedPassesWhenAdmissionRefuses) {
  const CaseResult r = RunCase(R"(steps:
- assertRejected:
    messageContains: 'namespaces "staging" not found'
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: cache, namespace: staging}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Runner, AssertRejectedFailsOnAnotherMessage) {
  const CaseResult r = RunCase(R"(steps:
- assertRejected:
    messageContains: 'is invalid'
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: cache, namespace: staging}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "rejected, but not with a message containing \"is invalid\""))
      << r.failure;
  EXPECT_TRUE(Has(r.failure, "namespaces \"staging\" not found")) << r.failure;
}

TEST(Runner, AssertRejectedAppliesOverAnExistingObject) {
  // Like `kubectl apply` of a changed manifest: an update, refused by the claim's
  // immutability rule (SEMANTICS.md 1.5), and the stored claim keeps its spec.
  const CaseResult r = RunCase(std::string(kDevAndClaim) + R"(- assertRejected:
    messageContains: spec is immutable after creation
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev}
      spec: {storageClassName: slow}
- assert:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev}
      spec: {storageClassName: fast}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Runner, AssertRejectedFailsAndShowsWhatWasStoredWhenAccepted) {
  const CaseResult r = RunCase(R"(steps:
- assertRejected:
    resource: {apiVersion: v1, kind: Namespace, metadata: {name: fine}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "Namespace fine created, but it must be rejected")) << r.failure;
  EXPECT_TRUE(Has(r.failure, "stored:\n  apiVersion: v1\n  kind: Namespace\n")) << r.failure;
}

TEST(Runner, AssertEventFindsAnEventAboutTheObject) {
  const std::string event = R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: Event
      metadata: {name: data.1, namespace: default}
      involvedObject: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: default, name: data}
      reason: ProvisioningFailed
      message: 'failed to provision volume: boom'
      type: Warning
)";
  CaseResult r = RunCase(event + R"(- assertEvent:
    involvedObject: {kind: PersistentVolumeClaim, name: data}
    reason: ProvisioningFailed
    messageContains: boom
    type: Warning
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  r = RunCase(event + R"(- assertEvent:
    within: 1m
    involvedObject: {kind: PersistentVolumeClaim, name: data}
    reason: ProvisioningSucceeded
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "no Event ProvisioningSucceeded was recorded within 1m")) << r.failure;
  EXPECT_TRUE(Has(r.failure, "Warning  ProvisioningFailed")) << r.failure;
  EXPECT_EQ(r.virtual_time, 1 * kMinute);
}

TEST(Runner, SetFeatureGatesRestartsTheApiServerWithThem) {
  // SEMANTICS.md 1.2: with CrossNamespaceVolumeDataSource off the whole cross-namespace
  // dataSourceRef is dropped on create; once the API server has the gate, it is kept.
  const std::string claim = R"(
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: NAME, namespace: default}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
        dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap, namespace: prod}
)";
  const auto named = [&](const std::string& name) {
    std::string s = claim;
    s.replace(s.find("NAME"), 4, name);
    return s;
  };
  const CaseResult r = RunCase("steps:" + named("before") + R"(- setFeatureGates:
    kube-apiserver: {CrossNamespaceVolumeDataSource: true}
)" + named("after").substr(1) + R"(- assert:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: before, namespace: default}
      spec: {dataSourceRef: null}
- assert:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: after, namespace: default}
      spec: {dataSourceRef: {namespace: prod}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Runner, RestartOfTheApiServerKeepsItsStore) {
  // etcd outlives the kube-apiserver process: what was stored is still there.
  const CaseResult r = RunCase(std::string(kDevAndClaim) + R"(- restart: kube-apiserver
- assert:
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: dev}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  EXPECT_EQ(r.steps[1].message, "kube-apiserver restarted");
}

TEST(Runner, SameSeedGivesIdenticalTraceBytes) {
  const std::string body = std::string(kDevAndClaim) + R"(- wait: 10s
- delete: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: dev, name: data}
- assertAbsent:
    within: 1m
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: dev}}
)";
  std::ostringstream a, b;
  const CaseResult ra = RunCase(body, 7, &a);
  const CaseResult rb = RunCase(body, 7, &b);
  EXPECT_EQ(ra.seed, 7u);
  EXPECT_FALSE(a.str().empty());
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(ra.events, rb.events);
  EXPECT_EQ(ra.virtual_time, rb.virtual_time);
  EXPECT_TRUE(Has(a.str(), "\"component\":\"xnsim\",\"action\":\"step\""));
}


// A plan made once (PlanCase) and shared by many runs gives each the run it would have
// made planning for itself: the explorer relies on it for identical schedules.
TEST(Runner, ASharedPlanRunsTheCaseAsItsOwnPlanWould) {
  StatusOr<std::vector<Scenario>> loaded = LoadScenarioText(
      std::string(kHeader) + kDevAndClaim + R"(- assertNever:
    for: 5s
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: dev}, status: {phase: Bound}}
- delete: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: dev, name: data}
- assertAbsent:
    within: 1m
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: dev}}
)",
      "case.yaml", ".");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Scenario& scenario = loaded->front();
  std::ostringstream own, shared_a, shared_b;
  RunOptions options;
  options.seed = 3;
  options.trace = &own;
  const CaseResult r_own = RunScenario(scenario, options);
  options.plan = PlanCase(scenario, nullptr);
  options.trace = &shared_a;
  const CaseResult r_a = RunScenario(scenario, options);
  options.trace = &shared_b;
  const CaseResult r_b = RunScenario(scenario, options);
  EXPECT_EQ(r_own.outcome, Outcome::kPassed) << r_own.failure;
  EXPECT_FALSE(own.str().empty());
  EXPECT_EQ(own.str(), shared_a.str());
  EXPECT_EQ(own.str(), shared_b.str());
  EXPECT_EQ(r_own.events, r_a.events);
}

// The lookup settles the name and namespace, not the rest of the metadata: labels the
// fragment asks for are still compared.
TEST(Runner, AssertComparesMetadataBeyondTheNameItLooksUp) {
  const std::string claim = R"(steps:
- apply:
    resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: dev}}
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, namespace: dev, labels: {app: db}}
      spec:
        storageClassName: fast
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
)";
  const CaseResult wrong = RunCase(claim + R"(- assert:
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: dev, labels: {app: web}}}
)");
  ASSERT_EQ(wrong.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(wrong.failure, "metadata.labels.app: expected \"web\", got \"db\"")) << wrong.failure;
  const CaseResult right = RunCase(claim + R"(- assert:
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: dev, labels: {app: db}}}
)");
  EXPECT_EQ(right.outcome, Outcome::kPassed) << right.failure;
  EXPECT_EQ(right.steps[1].message, "PersistentVolumeClaim dev/data matches");
}

}  // namespace
}  // namespace xnsim
