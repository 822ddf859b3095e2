// kube-controller-manager as one process: its controllers share one client.
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

}  // namespace
}  // namespace xnsim
