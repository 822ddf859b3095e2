// The steps that reach past the API server into the simulated cluster: write and
// assertContent (the volume behind a claim), restart and setFeatureGates (a
// component's process), fault (a driver), and a whole cross-namespace restore.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

#include "sim/scenario/capacity_metrics.h"
#include "sim/scenario/runner_test_support.h"

namespace xnsim {
namespace {

// Everything on: the apiserver and provisioner gates (SEMANTICS.md 5, row 5).
constexpr const char* kGatesOn = R"(cluster:
  featureGates: {all: {CrossNamespaceVolumeDataSource: true}}
)";

// prod/db bound and holding prod-db@snap1, then a ready snapshot of it, prod/snap1.
constexpr const char* kProdSnapshot = R"(steps:
- apply:
    resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: prod}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: dev}}
    - {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc}, provisioner: hostpath.csi.k8s.io}
    - {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshotClass, metadata: {name: snapclass},
       driver: hostpath.csi.k8s.io, deletionPolicy: Delete}
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: db, namespace: prod}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assert:
    within: 1m
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: db, namespace: prod}, status: {phase: Bound}}
- write: {pvc: prod/db, content: prod-db@snap1, used: 100Mi}
- apply:
    resource:
      apiVersion: snapshot.storage.k8s.io/v1
      kind: VolumeSnapshot
      metadata: {name: snap1, namespace: prod}
      spec: {volumeSnapshotClassName: snapclass, source: {persistentVolumeClaimName: db}}
- assert:
    within: 1m
    resource: {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshot, metadata: {name: snap1, namespace: prod}, status: {readyToUse: true}}
)";

constexpr const char* kGrant = R"(- apply:
    resource:
      apiVersion: gateway.networking.k8s.io/v1beta1
      kind: ReferenceGrant
      metadata: {name: dev-may-restore, namespace: prod}
      spec:
        from: [{group: "", kind: PersistentVolumeClaim, namespace: dev}]
        to: [{group: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap1}]
)";

constexpr const char* kRestoreClaim = R"(- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: restore, namespace: dev}
      spec:
        storageClassName: sc
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
        dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap1, namespace: prod}
)";

std::string AssertRestoreBound(const std::string& within) {
  return "- assert:\n    within: " + within +
         "\n    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: restore, "
         "namespace: dev}, status: {phase: Bound}}\n";
}

std::string FullRestore() {
  return std::string(kGatesOn) + kProdSnapshot + kGrant +
         "- write: {pvc: prod/db, content: prod-db@later}\n" + kRestoreClaim +
         AssertRestoreBound("2m");
}

TEST(RunnerCluster, WriteAndAssertContentFollowACrossNamespaceRestore) {
  // scenario-format.md "Data content": a snapshot captures the label when it is cut; a
  // restore copies the snapshot's label; a later write changes only the source.
  const CaseResult r = RunCase(FullRestore() + R"(- assertContent: {pvc: dev/restore, content: prod-db@snap1}
- assertContent: {pvc: prod/db, content: prod-db@later}
)");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  EXPECT_TRUE(Has(r.steps[2].message, "now holds \"prod-db@snap1\", 100Mi used"))
      << r.steps[2].message;
}

TEST(RunnerCluster, AssertContentFailureSaysWhatTheVolumeHoldsAndWhereItCameFrom) {
  const CaseResult r =
      RunCase(FullRestore() + "- assertContent: {pvc: dev/restore, content: prod-db@later}\n");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  const std::string& f = r.failure;
  EXPECT_TRUE(Has(f, "the volume of claim dev/restore holds \"prod-db@snap1\", not \"prod-db@later\""))
      << f;
  EXPECT_TRUE(Has(f, "origin:   restored at ")) << f;
  EXPECT_TRUE(Has(f, "(VolumeSnapshot prod/snap1, content snapcontent-")) << f;
  EXPECT_TRUE(Has(f, "holding \"prod-db@snap1\"")) << f;
}

TEST(RunnerCluster, WriteToAClaimWithoutAVolumeFailsSayingWhichLinkIsMissing) {
  CaseResult r = RunCase("steps:\n- write: {pvc: default/ghost, content: x}\n");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "cannot write to claim default/ghost: PersistentVolumeClaim "
                             "default/ghost not found"))
      << r.failure;
  // No StorageClass "none": the claim stays Pending with no volume.
  r = RunCase(R"(steps:
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {storageClassName: none, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- wait: 10s
- assertContent: {pvc: default/data, content: ""}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "cannot read the volume of claim default/data: PersistentVolumeClaim "
                             "default/data is not bound to a volume yet (phase Pending"))
      << r.failure;
}

TEST(RunnerCluster, WriteMoreThanTheVolumeHoldsFails) {
  const CaseResult r = RunCase(std::string(kProdSnapshot) +
                               "- write: {pvc: prod/db, content: big, used: 2Gi}\n");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.failure, "exceed the capacity 1Gi")) << r.failure;
}

TEST(RunnerCluster, RestartOfTheProvisionerMidBackoffRetriesAtOnce) {
  // SEMANTICS.md 3.3 and 3.10: a grant created after the claim is only seen on the next
  // backoff retry (attempts at about 0, 1, 3, 7, 15, 31, 63, 127 s); a restarted
  // provisioner has lost its backoff and processes every Pending claim at once.
  const std::string before = std::string(kGatesOn) + kProdSnapshot + kRestoreClaim + R"(- assertEvent:
    within: 10s
    involvedObject: {kind: PersistentVolumeClaim, namespace: dev, name: restore}
    reason: ProvisioningFailed
    messageContains: "accessing prod/snap1 of VolumeSnapshot dataSource from dev/restore isn't allowed"
- wait: 70s
)" + kGrant;
  const CaseResult restarted =
      RunCase(before + "- restart: csi-provisioner\n" + AssertRestoreBound("10s") +
              "- assertContent: {pvc: dev/restore, content: prod-db@snap1}\n");
  EXPECT_EQ(restarted.outcome, Outcome::kPassed) << restarted.failure;
  // Without the restart the claim waits for its next retry, tens of seconds away.
  const CaseResult waiting = RunCase(before + AssertRestoreBound("10s"));
  EXPECT_EQ(waiting.outcome, Outcome::kFailed) << "the backoff should still be running";
}

TEST(RunnerCluster, EveryComponentCanRestartMidRestore) {
  const std::string body = std::string(kGatesOn) + kProdSnapshot + kGrant + kRestoreClaim +
                           R"(- restart: kube-apiserver
- restart: kube-controller-manager
- restart: snapshot-controller
- restart: csi-provisioner
)" + AssertRestoreBound("2m") +
                           "- assertContent: {pvc: dev/restore, content: prod-db@snap1}\n";
  const CaseResult r = RunCase(body);
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(RunnerCluster, SetFeatureGatesOfTheProvisionerProvisionsAPendingCrossNamespaceClaim) {
  // SEMANTICS.md 5, row 3: apiserver gate on, provisioner gate off: every attempt fails
  // and the claim stays Pending; enabling the provisioner's gate (a restart with it)
  // provisions it "retrospectively".
  const CaseResult r = RunCase(R"(cluster:
  featureGates: {kube-apiserver: {CrossNamespaceVolumeDataSource: true}}
)" + std::string(kProdSnapshot) + kGrant + kRestoreClaim + R"(- assertEvent:
    within: 10s
    involvedObject: {kind: PersistentVolumeClaim, namespace: dev, name: restore}
    reason: ProvisioningFailed
    messageContains: dataSourceRef namespace specified but the CrossNamespaceVolumeDataSource feature is disabled
- assertNever:
    for: 30s
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: restore, namespace: dev}, status: {phase: Bound}}
- setFeatureGates: {csi-provisioner: {CrossNamespaceVolumeDataSource: true}}
)" + AssertRestoreBound("10s") + "- assertContent: {pvc: dev/restore, content: prod-db@snap1}\n");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  const StepResult& gates = r.steps[r.steps.size() - 3];
  EXPECT_EQ(gates.keyword, "setFeatureGates");
  EXPECT_TRUE(Has(gates.message, "csi-provisioner restarted with ")) << gates.message;
  EXPECT_TRUE(Has(gates.message, "CrossNamespaceVolumeDataSource=true")) << gates.message;
}

TEST(RunnerCluster, FaultWithTimesFailsThatManyCallsThenProvisions) {
  // Two injected RESOURCE_EXHAUSTED answers: attempts at 0 s and 1 s fail, the one at
  // about 3 s (backoff 1 s, then 2 s; SEMANTICS.md 3.6) succeeds.
  const CaseResult r = RunCase(R"(steps:
- apply:
    resource: {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc}, provisioner: hostpath.csi.k8s.io}
- fault: {op: CreateVolume, code: RESOURCE_EXHAUSTED, times: 2}
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assertEvent:
    within: 5s
    involvedObject: {kind: PersistentVolumeClaim, name: data}
    reason: ProvisioningFailed
    messageContains: "injected fault: RESOURCE_EXHAUSTED"
- assert:
    within: 1m
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: default}, status: {phase: Bound}}
)");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  EXPECT_EQ(r.steps[1].message,
            "driver hostpath.csi.k8s.io: CreateVolume fails with RESOURCE_EXHAUSTED for the next 2 "
            "call(s)");
  EXPECT_GE(r.steps[4].finished, 3 * kSecond) << "two failed attempts come first";
  EXPECT_LT(r.steps[4].finished, 10 * kSecond);
}

TEST(RunnerCluster, FaultForADurationEndsThen) {
  const CaseResult r = RunCase(R"(steps:
- apply:
    resource: {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc}, provisioner: hostpath.csi.k8s.io}
- fault: {op: CreateVolume, code: UNAVAILABLE, for: 20s}
- apply:
    resource:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assertNever:
    for: 19s
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: default}, status: {phase: Bound}}
- assert:
    within: 1m
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: default}, status: {phase: Bound}}
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(RunnerCluster, WorkloadCreatesClusterScopedObjectsWithoutANamespace) {
  const CaseResult r = RunCase(R"(steps:
- workload:
    name: namespaces
    count: 10
    rate: 1/s
    template: {apiVersion: v1, kind: Namespace, metadata: {name: "ns-{{i}}"}}
- wait: 9s
- assert: {resource: {apiVersion: v1, kind: Namespace, metadata: {name: ns-9}}}
)");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  ASSERT_NE(r.capacity, nullptr);
  EXPECT_EQ(r.capacity->workloads.at(0).created, 10);
  EXPECT_EQ(r.capacity->workloads.at(0).failed, 0);
}

TEST(RunnerCluster, SameSeedGivesTheSameTraceForACrossNamespaceRestore) {
  const std::string body = FullRestore() +
                           "- assertContent: {pvc: dev/restore, content: prod-db@snap1}\n"
                           "- delete: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: "
                           "dev, name: restore}\n- settle: {timeout: 10m}\n";
  std::ostringstream a, b;
  const CaseResult ra = RunCase(body, 42, &a);
  const CaseResult rb = RunCase(body, 42, &b);
  ASSERT_EQ(ra.outcome, Outcome::kPassed) << ra.failure;
  EXPECT_GT(a.str().size(), 1000u);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(ra.events, rb.events);
  EXPECT_EQ(ra.virtual_time, rb.virtual_time);
  // The trace shows the controllers at work, not only the API server.
  EXPECT_TRUE(Has(a.str(), "ProvisioningSucceeded") || Has(a.str(), "pvc-")) << "no provisioning";
}

}  // namespace
}  // namespace xnsim
