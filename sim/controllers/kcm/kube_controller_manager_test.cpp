// kube-controller-manager as one process: its controllers, each with its own client.
#include "sim/controllers/kcm/kube_controller_manager.h"

#include <gtest/gtest.h>

#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

class KubeControllerManagerTest : public World {};

// SEMANTICS.md 2 and 1.7 together: the PV controller annotates the claim, and once it
// is deleted pvc-protection lets it go.
TEST_F(KubeControllerManagerTest, RunsThePvAndProtectionControllers) {
  Create(Class("fast"));
  KubeControllerManager kcm(api_, GateSet(Component::kKubeControllerManager, kNewestKubeVersion), {});
  kcm.Start();
  Create(Claim("db"));
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db")->metadata.annotations.count("volume.kubernetes.io/storage-provisioner"), 1u);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  RunFor(kSecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
}

TEST_F(KubeControllerManagerTest, DestroyingTheProcessDropsItsWork) {
  Create(Class("fast"));
  auto kcm = std::make_unique<KubeControllerManager>(
      api_, GateSet(Component::kKubeControllerManager, kNewestKubeVersion), KubeControllerManagerOptions{});
  kcm->Start();
  Create(Claim("db"));
  RunFor(kMillisecond);
  kcm.reset();
  EXPECT_EQ(engine_.pending(), 0u);
}

// Rule (kube-controller-manager's ClientBuilder.ClientOrDie): each controller builds
// its own clientset, so each has its own --kube-api-qps budget. pvc-protection lets a
// deleted claim go at once while the PV binder's client is seconds behind.
TEST_F(KubeControllerManagerTest, EachControllerHasItsOwnQpsBudget) {
  Create(Class("fast"));
  KubeControllerManager kcm(api_, GateSet(Component::kKubeControllerManager, kNewestKubeVersion),
                            KubeControllerManagerOptions{.kube_api_qps = 1, .kube_api_burst = 1});
  kcm.Start();
  for (const char* name : {"a", "b", "c", "db"}) Create(Claim(name));
  RunFor(10 * kMillisecond);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  RunFor(500 * kMillisecond);
  EXPECT_EQ(GetClaim("db"), nullptr);
  // The binder still waits for tokens: at 1 QPS it has annotated at most one claim.
  int annotated = 0;
  for (const char* name : {"a", "b", "c"}) {
    annotated += static_cast<int>(
        GetClaim(name)->metadata.annotations.count("volume.kubernetes.io/storage-provisioner"));
  }
  EXPECT_LE(annotated, 1);
  EXPECT_GE(kcm.Load().client.throttled_requests, 1u);
}

}  // namespace
}  // namespace xnsim
