// Driver profiles and `requires`: what `xnsim conformance --driver` rests on.
#include "sim/scenario/driver_profile.h"

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

constexpr std::string_view kBlockDriverProfile = R"(apiVersion: xnsim.io/v1alpha1
kind: DriverProfile
metadata: {name: block.csi.example.com}
driver:
  capabilities: [CREATE_DELETE_VOLUME, CREATE_DELETE_SNAPSHOT]
  capacity: 100Ti
  copyMode: copyOnWrite
)";

Scenario LoadCaseForProfile(std::string_view text) {
  StatusOr<std::vector<Scenario>> loaded = LoadScenarioText(text, "s.yaml", ".");
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? loaded->front() : Scenario{};
}

TEST(DriverProfile, ReplacesWhatTheCaseLeavesAndKeepsWhatItPins) {
  StatusOr<DriverProfile> profile = LoadDriverProfileText(kBlockDriverProfile, "p.yaml");
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  Scenario s = LoadCaseForProfile(R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: t}
cluster:
  drivers:
  - name: hostpath.csi.k8s.io
    capacity: 10Gi
    capabilities: [CREATE_DELETE_VOLUME, CLONE_VOLUME, CREATE_DELETE_SNAPSHOT]
steps:
- wait: 1s
)");
  ApplyDriverProfile(*profile, &s);
  const DriverSpec& d = s.cluster.drivers.front();
  EXPECT_EQ(d.name, "hostpath.csi.k8s.io");      // the case's classes name it
  EXPECT_EQ(d.capacity->ToString(), "10Gi");    // pinned by the case: its rule is about it
  EXPECT_EQ(d.copy_mode, "copyOnWrite");        // left to the profile
  // A case can take a capability away, never grant the user's driver one it lacks.
  EXPECT_EQ(d.capabilities,
            (std::vector<std::string>{"CREATE_DELETE_VOLUME", "CREATE_DELETE_SNAPSHOT"}));
}

TEST(DriverProfile, RefusesNameAndFaultsWithTheLine) {
  std::string with_faults = std::string(kBlockDriverProfile) + "  faults: [{op: CreateVolume, code: INTERNAL, times: 1}]\n";
  StatusOr<DriverProfile> r = LoadDriverProfileText(with_faults, "p.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("p.yaml:8"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("faults belong to a scenario"), std::string::npos);
  EXPECT_FALSE(LoadDriverProfileText("kind: Scenario\n", "p.yaml").ok());
}

// conformance/README.md: a case the driver under test cannot run is skipped with the
// reason, never passed.
TEST(Requires, ACaseItsDriverCannotRunIsSkippedWithTheReason) {
  StatusOr<DriverProfile> profile = LoadDriverProfileText(kBlockDriverProfile, "p.yaml");
  ASSERT_TRUE(profile.ok());
  Scenario s = LoadCaseForProfile(R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: t}
requires: {capabilities: [CLONE_VOLUME]}
steps:
- wait: 1s
)");
  EXPECT_EQ(RunScenario(s, {}).outcome, Outcome::kPassed);  // the default driver clones
  ApplyDriverProfile(*profile, &s);
  const CaseResult r = RunScenario(s, {});
  EXPECT_EQ(r.outcome, Outcome::kSkipped);
  EXPECT_EQ(r.failure,
            "the case requires CLONE_VOLUME, which driver block.csi.example.com does not report");
  EXPECT_TRUE(r.steps.empty());
}

TEST(Requires, UnknownCapabilityIsAnInputError) {
  StatusOr<std::vector<Scenario>> r = LoadScenarioText(R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: t}
requires: {capabilities: [CLONE]}
steps:
- wait: 1s
)", "s.yaml", ".");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("s.yaml:4"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace xnsim
