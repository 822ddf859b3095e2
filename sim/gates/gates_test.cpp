#include "sim/gates/gates.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace xnsim {
namespace {

constexpr KubeVersion V(int minor) { return KubeVersion{1, minor}; }

// Rule (SEMANTICS.md 1.6): the stage and default of each gate per component and
// Kubernetes version.
TEST(Gates, HistoryMatchesKubernetesAndSidecarTables) {
  struct Case {
    Component component;
    Gate gate;
    int minor;
    std::optional<GateSpec> want;  // nullopt: unknown
  };
  const GateSpec beta_on{Stage::kBeta, true, false};
  const GateSpec ga_locked_on{Stage::kGA, true, true};
  const GateSpec alpha_off{Stage::kAlpha, false, false};
  const GateSpec ga_on{Stage::kGA, true, false};
  const Case cases[] = {
      // AnyVolumeDataSource: beta on 1.24..1.32, GA locked on from 1.33.
      {Component::kKubeApiserver, Gate::kAnyVolumeDataSource, 24, beta_on},
      {Component::kKubeApiserver, Gate::kAnyVolumeDataSource, 32, beta_on},
      {Component::kKubeApiserver, Gate::kAnyVolumeDataSource, 33, ga_locked_on},
      {Component::kKubeApiserver, Gate::kAnyVolumeDataSource, 34, ga_locked_on},
      {Component::kKubeControllerManager, Gate::kAnyVolumeDataSource, 30, beta_on},
      // CrossNamespaceVolumeDataSource: unknown before 1.26, alpha off from 1.26.
      {Component::kKubeApiserver, Gate::kCrossNamespaceVolumeDataSource, 25, std::nullopt},
      {Component::kKubeApiserver, Gate::kCrossNamespaceVolumeDataSource, 26, alpha_off},
      {Component::kKubeApiserver, Gate::kCrossNamespaceVolumeDataSource, 34, alpha_off},
      {Component::kKubeControllerManager, Gate::kCrossNamespaceVolumeDataSource, 26, alpha_off},
      // The sidecars follow their own release, not the Kubernetes version.
      {Component::kCsiProvisioner, Gate::kCrossNamespaceVolumeDataSource, 24, alpha_off},
      {Component::kCsiProvisioner, Gate::kCrossNamespaceVolumeDataSource, 34, alpha_off},
      {Component::kCsiProvisioner, Gate::kAnyVolumeDataSource, 30, std::nullopt},
      {Component::kCsiProvisioner, Gate::kHonorPVReclaimPolicy, 24, ga_locked_on},
      {Component::kCsiProvisioner, Gate::kTopology, 24, ga_on},
      {Component::kCsiProvisioner, Gate::kVolumeAttributesClass, 24, ga_on},
      {Component::kSnapshotController, Gate::kCrossNamespaceVolumeDataSource, 30, std::nullopt},
      {Component::kSnapshotController, Gate::kCSIVolumeGroupSnapshot, 30, ga_on},
      {Component::kSnapshotController, Gate::kVolumeSnapshotTopology, 30, alpha_off},
      // Kubernetes' own HonorPVReclaimPolicy and VolumeAttributesClass.
      {Component::kKubeControllerManager, Gate::kHonorPVReclaimPolicy, 30, alpha_off},
      {Component::kKubeControllerManager, Gate::kHonorPVReclaimPolicy, 31, beta_on},
      {Component::kKubeControllerManager, Gate::kHonorPVReclaimPolicy, 33, ga_locked_on},
      {Component::kKubeApiserver, Gate::kVolumeAttributesClass, 28, std::nullopt},
      {Component::kKubeApiserver, Gate::kVolumeAttributesClass, 31,
       GateSpec{Stage::kBeta, false, false}},
      {Component::kKubeApiserver, Gate::kVolumeAttributesClass, 34, ga_on},
      {Component::kKubeApiserver, Gate::kTopology, 30, std::nullopt},
      // OrderedNamespaceDeletion (KEP-5080): beta off 1.30..1.32, beta on 1.33, GA 1.34.
      {Component::kKubeControllerManager, Gate::kOrderedNamespaceDeletion, 29, std::nullopt},
      {Component::kKubeControllerManager, Gate::kOrderedNamespaceDeletion, 30,
       GateSpec{Stage::kBeta, false, false}},
      {Component::kKubeControllerManager, Gate::kOrderedNamespaceDeletion, 33, beta_on},
      {Component::kKubeControllerManager, Gate::kOrderedNamespaceDeletion, 34, ga_locked_on},
  };
  for (const Case& c : cases) {
    const std::optional<GateSpec> got = LookupGate(c.component, c.gate, V(c.minor));
    SCOPED_TRACE(std::string(ComponentName(c.component)) + " " + std::string(GateName(c.gate)) +
                 " 1." + std::to_string(c.minor));
    ASSERT_EQ(got.has_value(), c.want.has_value());
    if (!got) continue;
    EXPECT_EQ(got->stage, c.want->stage);
    EXPECT_EQ(got->default_enabled, c.want->default_enabled);
    EXPECT_EQ(got->locked, c.want->locked);
  }
}

TEST(GateSet, StartsAtTheDefaults) {
  GateSet api(Component::kKubeApiserver, V(26));
  EXPECT_TRUE(api.Enabled(Gate::kAnyVolumeDataSource));
  EXPECT_FALSE(api.Enabled(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_EQ(api.ToString(),
            "AnyVolumeDataSource=true,CrossNamespaceVolumeDataSource=false,"
            "HonorPVReclaimPolicy=false");
  GateSet old(Component::kKubeApiserver, V(25));
  EXPECT_FALSE(old.Knows(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_FALSE(old.Enabled(Gate::kCrossNamespaceVolumeDataSource));
}

// Rule: component-base's messages, prefixed with the component that refused.
TEST(GateSet, SetRefusesUnknownAndLockedGatesWithComponentBaseMessages) {
  struct Case {
    Component component;
    int minor;
    const char* gate;
    bool value;
    const char* want_error;  // nullptr: accepted
  };
  const Case cases[] = {
      {Component::kKubeApiserver, 26, "CrossNamespaceVolumeDataSource", true, nullptr},
      {Component::kKubeApiserver, 25, "CrossNamespaceVolumeDataSource", true,
       "kube-apiserver: unrecognized feature gate: CrossNamespaceVolumeDataSource"},
      {Component::kCsiProvisioner, 26, "Foo", true, "csi-provisioner: unrecognized feature gate: Foo"},
      {Component::kCsiProvisioner, 26, "AnyVolumeDataSource", true,
       "csi-provisioner: unrecognized feature gate: AnyVolumeDataSource"},
      {Component::kKubeApiserver, 33, "AnyVolumeDataSource", false,
       "kube-apiserver: cannot set feature gate AnyVolumeDataSource to false, feature is locked to "
       "true"},
      {Component::kKubeApiserver, 33, "AnyVolumeDataSource", true, nullptr},  // to its lock: fine
      {Component::kKubeApiserver, 32, "AnyVolumeDataSource", false, nullptr},
      {Component::kCsiProvisioner, 26, "HonorPVReclaimPolicy", false,
       "csi-provisioner: cannot set feature gate HonorPVReclaimPolicy to false, feature is locked "
       "to true"},
      {Component::kSnapshotController, 26, "CSIVolumeGroupSnapshot", false, nullptr},
      {Component::kKubeApiserver, 26, "anyvolumedatasource", true,
       "kube-apiserver: unrecognized feature gate: anyvolumedatasource"},  // case matters
  };
  for (const Case& c : cases) {
    GateSet set(c.component, V(c.minor));
    const Status s = set.Set(c.gate, c.value);
    SCOPED_TRACE(c.gate);
    if (c.want_error == nullptr) {
      EXPECT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(set.Enabled(*ParseGate(c.gate)), c.value);
    } else {
      EXPECT_FALSE(s.ok());
      EXPECT_EQ(s.message(), c.want_error);
    }
  }
}

// Rule: AllAlpha / AllBeta set every alpha (beta) gate not set explicitly, whatever
// the order they come in.
TEST(GateSet, AllAlphaLeavesExplicitGatesAlone) {
  GateSet a(Component::kKubeApiserver, V(31));
  ASSERT_TRUE(a.Set("AllAlpha", true).ok());
  EXPECT_TRUE(a.Enabled(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_TRUE(a.Enabled(Gate::kAnyVolumeDataSource));  // beta: untouched
  ASSERT_TRUE(a.Set("CrossNamespaceVolumeDataSource", false).ok());
  EXPECT_FALSE(a.Enabled(Gate::kCrossNamespaceVolumeDataSource));

  GateSet b(Component::kKubeApiserver, V(31));
  ASSERT_TRUE(b.Set("CrossNamespaceVolumeDataSource", false).ok());
  ASSERT_TRUE(b.Set("AllAlpha", true).ok());
  EXPECT_FALSE(b.Enabled(Gate::kCrossNamespaceVolumeDataSource));

  GateSet c(Component::kKubeApiserver, V(31));
  ASSERT_TRUE(c.Set("AllBeta", false).ok());
  EXPECT_FALSE(c.Enabled(Gate::kAnyVolumeDataSource));
  EXPECT_FALSE(c.Enabled(Gate::kVolumeAttributesClass));
}

TEST(KubeVersion, ParsesCommonSpellings) {
  struct Case {
    const char* in;
    int minor;
  };
  for (const Case& c : {Case{"1.26", 26}, Case{"v1.26", 26}, Case{"1.26.3", 26},
                        Case{"v1.34.0-rc.1", 34}}) {
    StatusOr<KubeVersion> v = KubeVersion::Parse(c.in);
    ASSERT_TRUE(v.ok()) << c.in;
    EXPECT_EQ(v->major, 1);
    EXPECT_EQ(v->minor, c.minor);
  }
  for (const char* bad : {"", "1", "1.", "x1.26", "1.26x", "1.26.", "one.two"}) {
    EXPECT_FALSE(KubeVersion::Parse(bad).ok()) << bad;
  }
  EXPECT_EQ(KubeVersion::Parse("v1.26.3")->ToString(), "1.26");
  EXPECT_LT(V(9), V(10));  // numeric, not lexical
}

TEST(Components, NamesRoundTrip) {
  for (Component c : kAllComponents) EXPECT_EQ(ParseComponent(ComponentName(c)), c);
  EXPECT_EQ(ParseComponent("kubelet"), std::nullopt);
  for (size_t i = 0; i < static_cast<size_t>(Gate::kCount); ++i) {
    EXPECT_EQ(ParseGate(GateName(static_cast<Gate>(i))), static_cast<Gate>(i));
  }
  EXPECT_EQ(StageName(Stage::kBeta), "BETA");
}

// Rule: `all:` reaches every component that knows the gate; per-component entries win.
TEST(BuildClusterGates, AllAppliesToEveryComponentThatKnowsTheGate) {
  FeatureGateRequest req;
  req.all["CrossNamespaceVolumeDataSource"] = true;
  StatusOr<ClusterGates> g = BuildClusterGates(V(26), req);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_TRUE(g->Of(Component::kKubeApiserver).Enabled(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_TRUE(
      g->Of(Component::kKubeControllerManager).Enabled(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_TRUE(g->Of(Component::kCsiProvisioner).Enabled(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_FALSE(g->Of(Component::kSnapshotController).Knows(Gate::kCrossNamespaceVolumeDataSource));
}

TEST(BuildClusterGates, AllSkipsComponentsThatDoNotKnowTheGateYet) {
  FeatureGateRequest req;
  req.all["CrossNamespaceVolumeDataSource"] = true;  // kube components know it from 1.26
  StatusOr<ClusterGates> g = BuildClusterGates(V(25), req);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_FALSE(g->Of(Component::kKubeApiserver).Knows(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_TRUE(g->Of(Component::kCsiProvisioner).Enabled(Gate::kCrossNamespaceVolumeDataSource));
}

TEST(BuildClusterGates, PerComponentEntryWinsOverAll) {
  FeatureGateRequest req;
  req.all["CrossNamespaceVolumeDataSource"] = true;
  req.per_component["csi-provisioner"]["CrossNamespaceVolumeDataSource"] = false;
  StatusOr<ClusterGates> g = BuildClusterGates(V(30), req);
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->Of(Component::kKubeApiserver).Enabled(Gate::kCrossNamespaceVolumeDataSource));
  EXPECT_FALSE(g->Of(Component::kCsiProvisioner).Enabled(Gate::kCrossNamespaceVolumeDataSource));
}

TEST(BuildClusterGates, ReportsTheRefusingComponentAndBadNames) {
  struct Case {
    const char* name;
    int minor;
    FeatureGateRequest req;
    const char* want;
  };
  std::vector<Case> cases;
  {
    FeatureGateRequest r;
    r.all["Foo"] = true;
    cases.push_back({"all-unknown", 30, r,
                     "featureGates.all: unrecognized feature gate: Foo (none of kube-apiserver, "
                     "kube-controller-manager, csi-provisioner, snapshot-controller knows it at "
                     "Kubernetes 1.30)"});
  }
  {
    FeatureGateRequest r;
    r.all["AnyVolumeDataSource"] = false;
    cases.push_back({"all-locked", 33, r,
                     "kube-apiserver: cannot set feature gate AnyVolumeDataSource to false, "
                     "feature is locked to true"});
  }
  {
    FeatureGateRequest r;
    r.per_component["kubelet"]["AnyVolumeDataSource"] = true;
    cases.push_back({"unknown-component", 30, r,
                     "featureGates: unknown component \"kubelet\": valid names are kube-apiserver, "
                     "kube-controller-manager, csi-provisioner, snapshot-controller"});
  }
  {
    FeatureGateRequest r;
    r.per_component["snapshot-controller"]["CrossNamespaceVolumeDataSource"] = true;
    cases.push_back({"component-does-not-know", 30, r,
                     "snapshot-controller: unrecognized feature gate: "
                     "CrossNamespaceVolumeDataSource"});
  }
  cases.push_back({"version-too-old", 23, {}, "kubernetesVersion 1.23 is not modelled: xnsim "
                                               "knows 1.24 to 1.34"});
  cases.push_back({"version-too-new", 35, {}, "kubernetesVersion 1.35 is not modelled: xnsim "
                                               "knows 1.24 to 1.34"});
  for (const Case& c : cases) {
    StatusOr<ClusterGates> g = BuildClusterGates(V(c.minor), c.req);
    ASSERT_FALSE(g.ok()) << c.name;
    EXPECT_EQ(g.status().message(), c.want) << c.name;
  }
}

TEST(BuildClusterGates, EmptyRequestGivesDefaultsForEveryComponent) {
  StatusOr<ClusterGates> g = BuildClusterGates(kNewestKubeVersion, {});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->by_component.size(), 4u);
  EXPECT_TRUE(g->Of(Component::kKubeApiserver).Enabled(Gate::kAnyVolumeDataSource));
  EXPECT_FALSE(g->Of(Component::kCsiProvisioner).Enabled(Gate::kCrossNamespaceVolumeDataSource));
}

}  // namespace
}  // namespace xnsim
