// kube-controller-manager's namespace controller (pkg/controller/namespace) against a
// real engine and API server: deleting a namespace deletes its content, waits for
// finalizers, reports what remains in the namespace's conditions, and finalizes it.
#include "sim/controllers/kcm/namespace_controller.h"

#include <gtest/gtest.h>

#include "sim/controllers/kcm/protection_controllers.h"
#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

ReferenceGrant Grant(std::string name) {
  ReferenceGrant g;
  g.metadata.namespace_ = "dev";
  g.metadata.name = std::move(name);
  g.spec.from = {{.group = "", .kind = "PersistentVolumeClaim", .namespace_ = "prod"}};
  g.spec.to = {{.group = "snapshot.storage.k8s.io", .kind = "VolumeSnapshot", .name = std::nullopt}};
  return g;
}

VolumeSnapshot Snapshot(std::string name) {
  VolumeSnapshot s;
  s.metadata.namespace_ = "dev";
  s.metadata.name = std::move(name);
  s.spec.persistent_volume_claim_name = "db";
  return s;
}

const Namespace::Condition* FindCondition(const Namespace& ns, std::string_view type) {
  for (const Namespace::Condition& c : ns.status.conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

class NamespaceControllerTest : public World {
 protected:
  explicit NamespaceControllerTest(KubeVersion kcm_version = kNewestKubeVersion)
      : namespaces_(api_, client_, informers_, GateSet(Component::kKubeControllerManager, kcm_version), options_) {
    namespaces_.Start();
  }
  Ptr<Namespace> Dev() { return api_.Get<Namespace>("", "dev"); }
  void TakeFinalizersOff(const std::string& name) {
    PersistentVolumeClaim pvc = *GetClaim(name);
    pvc.metadata.finalizers.clear();
    ASSERT_TRUE(api_.Update(pvc).ok());
  }

  KcmInformers informers_{api_};
  NamespaceController namespaces_;
};

// Rule namespace-deletion-removes-content: every namespaced kind xnsim serves is
// deleted, then "kubernetes" is finalized away and the namespace is gone.
TEST_F(NamespaceControllerTest, DeletingANamespaceRemovesItsContentThenTheNamespace) {
  Create(Grant("g"));
  Create(Snapshot("s"));
  Create(PodUsing("app", "db"));
  Event ev;
  ev.metadata.namespace_ = "dev";
  ev.metadata.name = "db.1";
  ev.involved_object = {.api_version = "v1", .kind = "PersistentVolumeClaim", .namespace_ = "dev",
                        .name = "db", .uid = "", .resource_version = "", .field_path = ""};
  ev.reason = "Test";
  Create(ev);
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  RunFor(4 * kSecond);  // namespaceDeletionGracePeriod: nothing yet
  EXPECT_NE(api_.Get<ReferenceGrant>("dev", "g"), nullptr);
  RunFor(2 * kSecond);
  EXPECT_EQ(api_.Get<ReferenceGrant>("dev", "g"), nullptr);
  EXPECT_EQ(api_.Get<VolumeSnapshot>("dev", "s"), nullptr);
  EXPECT_EQ(api_.Get<Pod>("dev", "app"), nullptr);
  EXPECT_EQ(api_.Get<Event>("dev", "db.1"), nullptr);
  EXPECT_EQ(Dev(), nullptr);
}

// The claim's pvc-protection finalizer holds the namespace: the conditions say what is
// left and the controller looks again after finalizerEstimateSeconds/2+1 = 8s.
TEST_F(NamespaceControllerTest, ContentWithFinalizersKeepsTheNamespaceAndIsReported) {
  Create(Claim("db"));
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  RunFor(6 * kSecond);
  ASSERT_NE(Dev(), nullptr);
  EXPECT_TRUE(GetClaim("db")->metadata.deletion_timestamp.has_value());
  const Namespace::Condition* content = FindCondition(*Dev(), kNamespaceContentRemaining);
  ASSERT_NE(content, nullptr);
  EXPECT_EQ(content->status, "True");
  EXPECT_EQ(content->reason, "SomeResourcesRemain");
  EXPECT_EQ(content->message, "Some resources are remaining: persistentvolumeclaims. has 1 resource instances");
  const Namespace::Condition* finalizers = FindCondition(*Dev(), kNamespaceFinalizersRemaining);
  ASSERT_NE(finalizers, nullptr);
  EXPECT_EQ(finalizers->reason, "SomeFinalizerRemain");
  EXPECT_EQ(finalizers->message,
            "Some finalizers are remaining: kubernetes.io/pvc-protection in 1 resource instances");
  EXPECT_EQ(FindCondition(*Dev(), kNamespaceDeletionContentFailure)->status, "False");
  EXPECT_EQ(Dev()->spec.finalizers, std::vector<std::string>{"kubernetes"});

  TakeFinalizersOff("db");
  RunFor(9 * kSecond);
  EXPECT_EQ(Dev(), nullptr);
}

// A live namespace is left alone, content and all.
TEST_F(NamespaceControllerTest, ALiveNamespaceIsNotTouched) {
  Create(Grant("g"));
  RunFor(kMinute);
  EXPECT_NE(api_.Get<ReferenceGrant>("dev", "g"), nullptr);
  EXPECT_EQ(Dev()->status.phase, "Active");
  EXPECT_TRUE(Dev()->status.conditions.empty());
}

// Another finalizer in spec.finalizers stays: the namespace is emptied, "kubernetes"
// goes, and the namespace waits for the other one's owner.
TEST_F(NamespaceControllerTest, OnlyTheKubernetesFinalizerIsRemoved) {
  Namespace ns = *Dev();
  ns.spec.finalizers = {"example.com/other", "kubernetes"};
  ASSERT_TRUE(api_.FinalizeNamespace(ns).ok());
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  RunFor(10 * kSecond);
  ASSERT_NE(Dev(), nullptr);
  EXPECT_EQ(Dev()->spec.finalizers, std::vector<std::string>{"example.com/other"});
}

// With pvc-protection running, a claim no Pod uses is released and the namespace goes.
TEST_F(NamespaceControllerTest, ProtectedClaimIsReleasedAndTheNamespaceGoes) {
  PvcProtectionController protection(api_, client_, informers_, options_);
  protection.Start();
  Create(Claim("db"));
  Create(PodUsing("app", "db", "node-1"));
  RunFor(kSecond);
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  RunFor(20 * kSecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
  EXPECT_EQ(Dev(), nullptr);
}

// OrderedNamespaceDeletion (on from 1.33): while a Pod remains, nothing else is deleted.
TEST_F(NamespaceControllerTest, OrderedDeletionWaitsForPodsBeforeOtherContent) {
  Pod pod = PodUsing("app", "db");
  pod.metadata.finalizers = {"example.com/hold"};
  Create(pod);
  Create(Grant("g"));
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  RunFor(30 * kSecond);
  EXPECT_TRUE(api_.Get<Pod>("dev", "app")->metadata.deletion_timestamp.has_value());
  EXPECT_NE(api_.Get<ReferenceGrant>("dev", "g"), nullptr);
  EXPECT_EQ(FindCondition(*Dev(), kNamespaceContentRemaining)->message,
            "Some resources are remaining: pods. has 1 resource instances");
}

class UnorderedNamespaceControllerTest : public NamespaceControllerTest {
 protected:
  UnorderedNamespaceControllerTest() : NamespaceControllerTest(KubeVersion{1, 32}) {}
};

// Before 1.33 the gate is off: every kind is deleted in the same pass.
TEST_F(UnorderedNamespaceControllerTest, WithoutOrderedDeletionEveryKindGoesAtOnce) {
  Pod pod = PodUsing("app", "db");
  pod.metadata.finalizers = {"example.com/hold"};
  Create(pod);
  Create(Grant("g"));
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  RunFor(6 * kSecond);
  EXPECT_NE(api_.Get<Pod>("dev", "app"), nullptr);
  EXPECT_EQ(api_.Get<ReferenceGrant>("dev", "g"), nullptr);
}

// status_condition_utils.go: the "ok" variants of all five conditions, written once;
// a repeat changes nothing; a failure flips one and moves its transition time.
TEST(NamespaceConditions, OkVariantsThenAFailureFlipsOnlyItsCondition) {
  Namespace::Status status;
  EXPECT_TRUE(UpdateNamespaceDeletionConditions(status, {}, 1 * kSecond));
  ASSERT_EQ(status.conditions.size(), 5u);
  EXPECT_EQ(status.conditions[0].type, "NamespaceDeletionDiscoveryFailure");
  EXPECT_EQ(status.conditions[0].reason, "ResourcesDiscovered");
  EXPECT_EQ(status.conditions[1].type, "NamespaceDeletionGroupVersionParsingFailure");
  EXPECT_EQ(status.conditions[2].message, "All content successfully deleted, may be waiting on finalization");
  EXPECT_EQ(status.conditions[4].reason, "ContentRemoved");
  for (const auto& c : status.conditions) EXPECT_EQ(c.status, "False");
  EXPECT_FALSE(UpdateNamespaceDeletionConditions(status, {}, 2 * kSecond));

  NamespaceContentReport report;
  report.delete_errors = {"b failed", "a failed"};
  EXPECT_TRUE(UpdateNamespaceDeletionConditions(status, report, 3 * kSecond));
  EXPECT_EQ(status.conditions[2].status, "True");
  EXPECT_EQ(status.conditions[2].reason, "ContentDeletionFailed");
  EXPECT_EQ(status.conditions[2].message, "Failed to delete all resource types, 2 remaining: a failed, b failed");
  EXPECT_EQ(status.conditions[2].last_transition_time, 3 * kSecond);
  EXPECT_EQ(status.conditions[3].last_transition_time, 1 * kSecond);
}

}  // namespace
}  // namespace xnsim
