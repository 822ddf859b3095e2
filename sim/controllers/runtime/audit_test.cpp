// The provisioning audit answers "what did the provisioner decide last" and "what was
// its last allowing decision" per volume name; the grant-checked invariant relies on both.
#include "sim/controllers/runtime/audit.h"

#include <gtest/gtest.h>

#include <string>

namespace xnsim {
namespace {

GrantCheck Check(SimTime at, bool allowed, std::string volume = "pvc-1") {
  GrantCheck c;
  c.at = at;
  c.volume_name = std::move(volume);
  c.allowed = allowed;
  return c;
}

TEST(ProvisioningAuditTest, NewestCheckIsTheNewestAllowingOneWhileItAllows) {
  ProvisioningAudit audit;
  EXPECT_EQ(audit.LastGrantCheck("pvc-1"), nullptr);
  EXPECT_EQ(audit.LastAllowingGrantCheck("pvc-1"), nullptr);
  audit.RecordGrantCheck(Check(1, true));
  audit.RecordGrantCheck(Check(2, true));
  ASSERT_NE(audit.LastAllowingGrantCheck("pvc-1"), nullptr);
  EXPECT_EQ(audit.LastAllowingGrantCheck("pvc-1")->at, 2);
  EXPECT_EQ(audit.LastGrantCheck("pvc-1")->at, 2);
  EXPECT_EQ(audit.grant_checks(), 2u);
}

// A CreateVolume from an allowed attempt may finish after a later attempt was refused:
// the allowing check must survive the refusal, and a later allowing check replaces it.
TEST(ProvisioningAuditTest, RefusalKeepsThePreviousAllowingCheck) {
  ProvisioningAudit audit;
  audit.RecordGrantCheck(Check(1, true));
  audit.RecordGrantCheck(Check(2, false));
  audit.RecordGrantCheck(Check(3, false));
  EXPECT_EQ(audit.LastGrantCheck("pvc-1")->at, 3);
  ASSERT_NE(audit.LastAllowingGrantCheck("pvc-1"), nullptr);
  EXPECT_EQ(audit.LastAllowingGrantCheck("pvc-1")->at, 1);
  audit.RecordGrantCheck(Check(4, true));
  EXPECT_EQ(audit.LastAllowingGrantCheck("pvc-1")->at, 4);
  audit.RecordGrantCheck(Check(5, false));
  EXPECT_EQ(audit.LastAllowingGrantCheck("pvc-1")->at, 4);
  EXPECT_EQ(audit.LastGrantCheck("pvc-1")->at, 5);
}

TEST(ProvisioningAuditTest, OnlyRefusalsHaveNoAllowingCheck) {
  ProvisioningAudit audit;
  audit.RecordGrantCheck(Check(1, false));
  EXPECT_EQ(audit.LastAllowingGrantCheck("pvc-1"), nullptr);
  EXPECT_EQ(audit.LastGrantCheck("pvc-1")->at, 1);
  EXPECT_EQ(audit.LastGrantCheck("pvc-2"), nullptr);
}

}  // namespace
}  // namespace xnsim
