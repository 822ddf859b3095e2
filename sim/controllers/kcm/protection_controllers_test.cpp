// pvc-protection and pv-protection (SEMANTICS.md 1.7) against a real engine and API
// server.
#include "sim/controllers/kcm/protection_controllers.h"

#include <gtest/gtest.h>

#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

class ProtectionTest : public World {
 protected:
  ProtectionTest() : pvc_(api_, client_, informers_, options_), pv_(api_, client_, informers_, options_) {
    pvc_.Start();
    pv_.Start();
  }
  void SetPodPhase(const std::string& name, std::string phase) {
    Pod pod = *api_.Get<Pod>("dev", name);
    pod.status.phase = std::move(phase);
    ASSERT_TRUE(api_.UpdateStatus(pod).ok());
  }
  void SetVolumePhase(const std::string& name, std::string phase) {
    PersistentVolume pv = *GetVolume(name);
    pv.status.phase = std::move(phase);
    ASSERT_TRUE(api_.UpdateStatus(pv).ok());
  }

  KcmInformers informers_{api_};
  PvcProtectionController pvc_;
  PvProtectionController pv_;
};

// SEMANTICS.md 1.7: admission adds kubernetes.io/pvc-protection; deleting an unused
// claim has the controller remove it, and the claim is gone.
TEST_F(ProtectionTest, UnusedClaimIsReleasedOnDelete) {
  Create(Claim("db"));
  RunFor(kSecond);
  ASSERT_TRUE(GetClaim("db")->metadata.HasFinalizer("kubernetes.io/pvc-protection"));
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  ASSERT_NE(GetClaim("db"), nullptr);  // Terminating
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
}

// SEMANTICS.md 1.7: a scheduled Pod that has not finished keeps the finalizer; when it
// finishes, the finalizer goes.
TEST_F(ProtectionTest, RunningPodKeepsTheClaimUntilItFinishes) {
  Create(Claim("db"));
  Create(PodUsing("app", "db", "node-1"));
  SetPodPhase("app", "Running");
  RunFor(kSecond);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  RunFor(kMinute);
  ASSERT_NE(GetClaim("db"), nullptr);
  EXPECT_TRUE(GetClaim("db")->metadata.HasFinalizer("kubernetes.io/pvc-protection"));
  SetPodPhase("app", "Succeeded");
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
}

// The Pod's deletion frees the claim too.
TEST_F(ProtectionTest, DeletedPodFreesTheClaim) {
  Create(Claim("db"));
  Create(PodUsing("app", "db", "node-1"));
  RunFor(kSecond);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  RunFor(kSecond);
  ASSERT_NE(GetClaim("db"), nullptr);
  ASSERT_TRUE(api_.Delete<Pod>("dev", "app").ok());
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
}

// podUsesPVC: a Pod that is not scheduled does not use the claim (kubelet would refuse
// to start it with a claim being deleted).
TEST_F(ProtectionTest, UnscheduledPodDoesNotKeepTheClaim) {
  Create(Claim("db"));
  Create(PodUsing("app", "db"));
  RunFor(kSecond);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
}

// A claim that lost its finalizer while not being deleted gets it back.
TEST_F(ProtectionTest, MissingPvcFinalizerIsAddedBack) {
  Create(Claim("db"));
  RunFor(kSecond);
  PersistentVolumeClaim bare = *GetClaim("db");
  bare.metadata.finalizers.clear();
  ASSERT_TRUE(api_.Update(bare).ok());
  RunFor(kSecond);
  EXPECT_TRUE(GetClaim("db")->metadata.HasFinalizer("kubernetes.io/pvc-protection"));
}

// SEMANTICS.md 1.7: a Bound PV keeps kubernetes.io/pv-protection while deleted; once
// it is not Bound the controller removes it and the PV is gone.
TEST_F(ProtectionTest, BoundVolumeIsKeptUntilReleased) {
  Create(Volume("pv1"));
  SetVolumePhase("pv1", "Bound");
  RunFor(kSecond);
  ASSERT_TRUE(GetVolume("pv1")->metadata.HasFinalizer("kubernetes.io/pv-protection"));
  ASSERT_TRUE(api_.Delete<PersistentVolume>("", "pv1").ok());
  RunFor(kMinute);
  ASSERT_NE(GetVolume("pv1"), nullptr);
  SetVolumePhase("pv1", "Released");
  RunFor(kSecond);
  EXPECT_EQ(GetVolume("pv1"), nullptr);
}

TEST_F(ProtectionTest, AvailableVolumeIsDeletedAtOnce) {
  Create(Volume("pv1"));
  RunFor(kSecond);
  ASSERT_TRUE(api_.Delete<PersistentVolume>("", "pv1").ok());
  RunFor(kSecond);
  EXPECT_EQ(GetVolume("pv1"), nullptr);
}

}  // namespace
}  // namespace xnsim
