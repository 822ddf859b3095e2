// The kubelet stand-in: a scheduled Pod whose claims are Bound runs.
#include "sim/controllers/kcm/kubelet.h"

#include <gtest/gtest.h>

#include <memory>

#include "sim/controllers/kcm/pv_controller_test_world.h"

namespace xnsim {
namespace {

using namespace kcm_test;  // NOLINT

class KubeletTest : public World {
 protected:
  void StartKubelet() {
    kubelet_ = std::make_unique<Kubelet>(api_, client_, options_);
    kubelet_->Start();
  }
  std::string Phase(const std::string& pod) { return api_.Get<Pod>("dev", pod)->status.phase; }
  void SetClaimPhase(const std::string& name, std::string phase) {
    PersistentVolumeClaim c = *GetClaim(name);
    c.status.phase = std::move(phase);
    ASSERT_TRUE(api_.UpdateStatus(c).ok());
  }

  std::unique_ptr<Kubelet> kubelet_;
};

TEST_F(KubeletTest, ScheduledPodWithBoundClaimsRuns) {
  Create(Claim("db"));
  SetClaimPhase("db", "Bound");
  Create(PodUsing("web", "db", "node-1"));
  StartKubelet();
  RunFor(kSecond);
  EXPECT_EQ(Phase("web"), "Running");
}

TEST_F(KubeletTest, PodWaitsForItsClaimToBeBound) {
  Create(Claim("db"));
  Create(PodUsing("web", "db", "node-1"));
  StartKubelet();
  RunFor(kMinute);
  EXPECT_EQ(Phase("web"), "Pending");
  SetClaimPhase("db", "Bound");
  RunFor(kSecond);
  EXPECT_EQ(Phase("web"), "Running");
}

TEST_F(KubeletTest, UnscheduledPodOrPodOnAnUnknownNodeStaysPending) {
  Create(Claim("db"));
  SetClaimPhase("db", "Bound");
  Create(PodUsing("unscheduled", "db"));
  Create(PodUsing("elsewhere", "db", "node-9"));
  StartKubelet();
  RunFor(kMinute);
  EXPECT_EQ(Phase("unscheduled"), "Pending");
  EXPECT_EQ(Phase("elsewhere"), "Pending");
}

TEST_F(KubeletTest, PodWithoutClaimsRunsOnceScheduled) {
  Pod pod;
  pod.metadata.namespace_ = "dev";
  pod.metadata.name = "plain";
  Create(pod);
  StartKubelet();
  RunFor(kSecond);
  EXPECT_EQ(Phase("plain"), "Pending");
  Pod scheduled = *api_.Get<Pod>("dev", "plain");
  scheduled.spec.node_name = "node-1";
  ASSERT_TRUE(api_.Update(scheduled).ok());
  RunFor(kSecond);
  EXPECT_EQ(Phase("plain"), "Running");
}

}  // namespace
}  // namespace xnsim
