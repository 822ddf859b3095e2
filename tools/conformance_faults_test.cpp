// The conformance suite must catch broken semantics: the provisioner (and the API
// server) rebuilt with one deliberate fault each, swapped in through their rule seams
// (ProvisionerRules, ClaimStrategy), must fail at least one case of the suite. Each
// test prints the cases that caught its fault.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "sim/api/claim_strategy.h"
#include "sim/controllers/cluster/cluster.h"
#include "sim/controllers/provisioner/rules.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

// The grants as a matcher that ignores one field would see them: that field made to
// match, then Kubernetes' own matching.
template <class Rewrite>
std::vector<Ptr<ReferenceGrant>> Rewritten(const std::vector<Ptr<ReferenceGrant>>& grants,
                                           Rewrite rewrite) {
  std::vector<Ptr<ReferenceGrant>> out;
  for (const Ptr<ReferenceGrant>& g : grants) {
    ReferenceGrant copy = *g;
    rewrite(copy);
    out.push_back(std::make_shared<const ReferenceGrant>(std::move(copy)));
  }
  return out;
}

// 1. The grant check skipped: every cross-namespace source is allowed.
struct GrantCheckSkipped : ProvisionerRules {
  bool Granted(const std::vector<Ptr<ReferenceGrant>>&, std::string_view,
               const TypedObjectReference&) const override {
    return true;
  }
};

// 2. to.name ignored: a grant for one object opens every object of its kind.
struct ToNameIgnored : ProvisionerRules {
  bool Granted(const std::vector<Ptr<ReferenceGrant>>& grants, std::string_view claim_namespace,
               const TypedObjectReference& source) const override {
    return ProvisionerRules::Granted(Rewritten(grants, [](ReferenceGrant& g) {
      for (auto& to : g.spec.to) to.name.reset();
    }), claim_namespace, source);
  }
};

// 3. from.namespace ignored: a grant to one namespace opens the source to all.
struct FromNamespaceIgnored : ProvisionerRules {
  bool Granted(const std::vector<Ptr<ReferenceGrant>>& grants, std::string_view claim_namespace,
               const TypedObjectReference& source) const override {
    return ProvisionerRules::Granted(Rewritten(grants, [&](ReferenceGrant& g) {
      for (auto& from : g.spec.from) from.namespace_ = std::string(claim_namespace);
    }), claim_namespace, source);
  }
};

// 4. The grant looked up in the claim's namespace instead of the source's: a team
// grants itself access to another team's data.
struct GrantInClaimNamespace : ProvisionerRules {
  std::string GrantNamespace(const PersistentVolumeClaim& claim,
                             const TypedObjectReference&) const override {
    return claim.metadata.namespace_;
  }
  bool Granted(const std::vector<Ptr<ReferenceGrant>>& grants, std::string_view claim_namespace,
               const TypedObjectReference& source) const override {
    return ProvisionerRules::Granted(Rewritten(grants, [&](ReferenceGrant& g) {
      g.metadata.namespace_ = source.namespace_.value_or("");
    }), claim_namespace, source);
  }
};

// 5. csi-provisioner's CrossNamespaceVolumeDataSource gate ignored (taken as on).
struct ProvisionerGateIgnored : ProvisionerRules {
  bool CrossNamespaceEnabled(bool) const override { return true; }
};

// 6. The cloning-protection finalizer forgotten.
struct CloneProtectionForgotten : ProvisionerRules {
  bool ProtectsCloneSource() const override { return false; }
};

// 7. A snapshot that is not ready treated as ready.
struct NotReadySnapshotRestored : ProvisionerRules {
  bool SnapshotReady(const VolumeSnapshot::Status&) const override { return true; }
};

// 8. kube-apiserver keeps dataSourceRef.namespace with its gate off.
struct NamespaceKeptWithGateOff : ClaimStrategy {
  static GateSet WithGateOn(GateSet gates) {
    (void)gates.Set("CrossNamespaceVolumeDataSource", true);
    return gates;
  }
  void PrepareForCreate(PersistentVolumeClaim& obj, const GateSet& gates) const override {
    ClaimStrategy::PrepareForCreate(obj, WithGateOn(gates));
  }
  void PrepareForUpdate(PersistentVolumeClaim& obj, const PersistentVolumeClaim& old,
                        const GateSet& gates) const override {
    ClaimStrategy::PrepareForUpdate(obj, old, WithGateOn(gates));
  }
};

const std::vector<Scenario>& Suite() {
  static const std::vector<Scenario> cases = [] {
    std::vector<Scenario> all;
    StatusOr<std::vector<std::string>> files = FindScenarioFiles({XNSIM_CONFORMANCE_DIR});
    EXPECT_TRUE(files.ok()) << files.status().message();
    for (const std::string& f : files.ok() ? *files : std::vector<std::string>{}) {
      StatusOr<std::vector<Scenario>> loaded = LoadScenarioFile(f);
      EXPECT_TRUE(loaded.ok()) << loaded.status().message();
      if (loaded.ok()) all.insert(all.end(), loaded->begin(), loaded->end());
    }
    return all;
  }();
  return cases;
}

// The suite's cases that fail with `seams` in place, after checking each passes
// without them is left to `xnsim conformance` itself (a CLI test).
std::vector<std::string> CasesCatching(const ClusterSeams& seams, const char* fault) {
  RunOptions options;
  options.seams = &seams;
  std::vector<std::string> caught;
  for (const Scenario& s : Suite()) {
    const CaseResult r = RunScenario(s, options);
    if (r.outcome == Outcome::kFailed) caught.push_back(r.name);
  }
  std::cout << fault << ": caught by " << caught.size() << " case(s)\n";
  for (const std::string& name : caught) std::cout << "  " << name << '\n';
  return caught;
}

ClusterSeams Provisioner(std::shared_ptr<const ProvisionerRules> rules) {
  ClusterSeams seams;
  seams.provisioner_rules = std::move(rules);
  return seams;
}

TEST(ConformanceFaults, SuiteLoads) { EXPECT_GE(Suite().size(), 100u); }

TEST(ConformanceFaults, GrantCheckSkipped) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<GrantCheckSkipped>()),
                             "grant check skipped").empty());
}

TEST(ConformanceFaults, ToNameIgnored) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<ToNameIgnored>()),
                             "to.name ignored").empty());
}

TEST(ConformanceFaults, FromNamespaceIgnored) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<FromNamespaceIgnored>()),
                             "from.namespace ignored").empty());
}

TEST(ConformanceFaults, GrantLookedUpInClaimNamespace) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<GrantInClaimNamespace>()),
                             "grant looked up in the claim's namespace").empty());
}

TEST(ConformanceFaults, ProvisionerGateIgnored) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<ProvisionerGateIgnored>()),
                             "provisioner gate ignored").empty());
}

TEST(ConformanceFaults, CloneProtectionFinalizerForgotten) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<CloneProtectionForgotten>()),
                             "cloning-protection finalizer forgotten").empty());
}

TEST(ConformanceFaults, NotReadySnapshotTreatedAsReady) {
  EXPECT_FALSE(CasesCatching(Provisioner(std::make_shared<NotReadySnapshotRestored>()),
                             "snapshot not ready treated as ready").empty());
}

TEST(ConformanceFaults, NamespaceKeptWhenApiserverGateOff) {
  ClusterSeams seams;
  seams.claim_strategy = std::make_shared<NamespaceKeptWithGateOff>();
  EXPECT_FALSE(CasesCatching(seams, "dataSourceRef.namespace kept with the apiserver gate off")
                   .empty());
}

// 9. kube-controller-manager without its namespace controller (`--controllers=*,-namespace`):
// a deleted namespace keeps its content and stays Terminating.
TEST(ConformanceFaults, NamespaceControllerDisabled) {
  ClusterSeams seams;
  seams.without_namespace_controller = true;
  const std::vector<std::string> caught = CasesCatching(seams, "namespace controller disabled");
  EXPECT_NE(std::find(caught.begin(), caught.end(), "namespace-deletion-removes-content"), caught.end());
}

// 10. kube-apiserver keeping Events for ever (no --event-ttl): an Event outlives its hour.
TEST(ConformanceFaults, EventsNeverExpire) {
  ClusterSeams seams;
  seams.without_event_ttl = true;
  const std::vector<std::string> caught = CasesCatching(seams, "events never expire");
  EXPECT_NE(std::find(caught.begin(), caught.end(), "events-expire-an-hour-after-their-last-write"), caught.end());
}

}  // namespace
}  // namespace xnsim
