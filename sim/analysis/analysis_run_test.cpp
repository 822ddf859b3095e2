// The analysis over real runs: the seed ML scenario's graph and exposure, a copy that
// outlives its grant and source, the state at a chosen time, `maxExposure`, and
// `explain` on a denied claim.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/analysis/case_capture.h"
#include "sim/analysis/explain.h"
#include "sim/analysis/exposure.h"
#include "sim/analysis/exposure_guard.h"
#include "sim/scenario/loader.h"

namespace xnsim {
namespace {

const std::string kSource = XNSIM_SOURCE_DIR;

Scenario LoadCase(const std::string& path, const std::string& variant = "") {
  StatusOr<std::vector<Scenario>> cases = LoadScenarioFile(kSource + "/" + path);
  EXPECT_TRUE(cases.ok()) << cases.status().ToString();
  for (Scenario& s : *cases) {
    if (s.variant == variant) return s;
  }
  ADD_FAILURE() << "no case " << variant << " in " << path;
  return {};
}

AccessState Capture(const Scenario& s, std::optional<SimTime> at = std::nullopt) {
  CaseCapture capture(at);
  RunOptions options;
  options.observers.push_back(&capture);
  const CaseResult r = RunScenario(s, options);
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
  EXPECT_TRUE(capture.state().has_value());
  return capture.state().value_or(AccessState{});
}

Exposure ExposureOf(const AccessState& state, const DataRef& source) {
  StatusOr<Exposure> e = ComputeExposure(AccessGraph::Build(state), source);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? *e : Exposure{};
}

const DataRef kImagenet{DataKind::kClaim, "ml-datasets", "imagenet-dataset"};

TEST(AnalysisRun, MlDatasetsImagenetReachesBothTeamsByClones) {
  const AccessState state = Capture(LoadCase("scenarios/seeds/ml-teams-clone-imagenet.yaml"));
  const Exposure e = ExposureOf(state, kImagenet);
  ASSERT_EQ(e.namespaces.size(), 2u);
  EXPECT_EQ(e.namespaces[0].namespace_, "ml-development");
  EXPECT_EQ(e.namespaces[1].namespace_, "ml-production");
  for (const ExposedNamespace& n : e.namespaces) {
    EXPECT_TRUE(n.realised) << n.namespace_;
    ASSERT_FALSE(n.path.empty());
    EXPECT_EQ(n.path.front().via.substr(0, 5), "clone");
    EXPECT_EQ(n.path.back().to, "namespace " + n.namespace_);
  }
  // Two grant edges (one per `from` namespace) and two clones.
  const AccessGraph g = AccessGraph::Build(state);
  size_t grants = 0, copies = 0;
  for (auto [it, end] = boost::edges(g.graph()); it != end; ++it) {
    grants += g.graph()[*it].kind == AccessEdgeKind::kGrant;
    copies += g.graph()[*it].kind == AccessEdgeKind::kCopy;
  }
  EXPECT_EQ(grants, 2u);
  EXPECT_EQ(copies, 2u);
}

TEST(AnalysisRun, AtAChosenTimeOnlyTheCopiesMadeByThenAreRealised) {
  // At 5s ml-development has cloned; ml-production may, by the grant, but has not yet.
  const AccessState state =
      Capture(LoadCase("scenarios/seeds/ml-teams-clone-imagenet.yaml"), 5 * kSecond);
  EXPECT_EQ(state.at, 5 * kSecond);
  const Exposure e = ExposureOf(state, kImagenet);
  ASSERT_EQ(e.namespaces.size(), 2u);
  EXPECT_TRUE(e.namespaces[0].realised);
  EXPECT_FALSE(e.namespaces[1].realised);
}

TEST(AnalysisRun, GatesOffMakeGrantsInert) {
  Scenario s = LoadCase("scenarios/seeds/ml-clone-denied-without-grant.yaml",
                        "grant-for-ml-development-only");
  s.cluster.feature_gates = {};  // 1.30 defaults: CrossNamespaceVolumeDataSource off
  s.steps.resize(4);             // up to the grant: nothing after it holds without the gate
  const AccessState state = Capture(s);
  EXPECT_FALSE(state.grants_active);
  EXPECT_NE(state.grants_inert_reason.find("CrossNamespaceVolumeDataSource is off"),
            std::string::npos);
  EXPECT_TRUE(ExposureOf(state, kImagenet).namespaces.empty());
}

TEST(AnalysisRun, RestoreStaysInTheLineageAfterItsGrantAndSnapshotAreDeleted) {
  const AccessState state = Capture(LoadCase("sim/analysis/testdata/grant-deleted-after-restore.yaml"));
  for (const Ptr<ReferenceGrant>& g : state.grants) EXPECT_NE(g->metadata.name, "allow-prod-pvc");
  const Exposure e = ExposureOf(state, DataRef{DataKind::kClaim, "prod", "pvc-demo"});
  ASSERT_EQ(e.namespaces.size(), 2u);
  EXPECT_EQ(e.namespaces[0].namespace_, "dev");
  EXPECT_TRUE(e.namespaces[0].realised);
  EXPECT_EQ(e.namespaces[0].PathText().find("PersistentVolumeClaim prod/pvc-demo -[snapshot at "), 0u)
      << e.namespaces[0].PathText();
  EXPECT_NE(e.namespaces[0].PathText().find("VolumeSnapshot prod/new-snapshot-demo -[restore at "),
            std::string::npos);
  EXPECT_EQ(e.namespaces[1].namespace_, "qa");
  EXPECT_FALSE(e.namespaces[1].realised);
}

TEST(AnalysisRun, MaxExposureFailsTheCaseThatWidensIt) {
  Scenario s = LoadCase("scenarios/seeds/ml-teams-clone-imagenet.yaml");
  ExposureGuard guard({ExposureBound{"PersistentVolumeClaim", "ml-datasets", "imagenet-dataset",
                                     {"ml-development"}, {"bound.yaml", 3}}});
  RunOptions options;
  options.observers.push_back(&guard);
  const CaseResult r = RunScenario(s, options);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_NE(r.failure.find("maxExposure (bound.yaml:3): the data of PersistentVolumeClaim "
                           "ml-datasets/imagenet-dataset reached namespace ml-production, but the "
                           "bound allows only ml-development"),
            std::string::npos)
      << r.failure;

  ExposureGuard wide({ExposureBound{"PersistentVolumeClaim", "ml-datasets", "imagenet-dataset",
                                    {"ml-development", "ml-production"}, {"bound.yaml", 3}}});
  options.observers = {&wide};
  EXPECT_EQ(RunScenario(s, options).outcome, Outcome::kPassed);
}

TEST(AnalysisRun, ExplainGivesTheGrantThatDidNotMatchAndWhy) {
  const Scenario s = LoadCase("scenarios/seeds/ml-clone-denied-without-grant.yaml",
                              "grant-for-ml-development-only");
  ClaimExplainer explainer("ml-production", "imagenet-dataset",
                           DeclaredClaim(s, "ml-production", "imagenet-dataset"));
  RunOptions options;
  options.observers.push_back(&explainer);
  RunScenario(s, options);
  const ClaimExplanation& e = explainer.explanation();
  EXPECT_FALSE(e.provisioned);
  EXPECT_TRUE(e.cross_namespace);
  EXPECT_GT(e.attempt_count, 1u);
  EXPECT_NE(e.reason.find("isn't allowed"), std::string::npos) << e.reason;
  ASSERT_EQ(e.grants.size(), 1u);
  EXPECT_FALSE(e.grants[0].matches);
  EXPECT_NE(e.grants[0].why.find("`from` has no entry {group: \"\", kind: PersistentVolumeClaim, "
                                 "namespace: ml-production}"),
            std::string::npos)
      << e.grants[0].why;
  EXPECT_EQ(e.grants[0].why.find("`to`"), std::string::npos) << e.grants[0].why;
}

TEST(AnalysisRun, ExplainSaysKubeApiserverDroppedTheCrossNamespaceSource) {
  Scenario s = LoadCase("scenarios/seeds/ml-teams-clone-imagenet.yaml");
  s.cluster.feature_gates = {};  // the gate off everywhere
  s.steps.resize(5);             // up to the clone's apply
  ClaimExplainer explainer("ml-development", "imagenet-dataset",
                           DeclaredClaim(s, "ml-development", "imagenet-dataset"));
  RunOptions options;
  options.observers.push_back(&explainer);
  RunScenario(s, options);
  const ClaimExplanation& e = explainer.explanation();
  EXPECT_NE(e.reason.find("kube-apiserver dropped spec.dataSourceRef"), std::string::npos)
      << e.reason;
  EXPECT_TRUE(e.stored_source.empty());
}

TEST(AnalysisRun, ExplainOfAClaimThatNeverExisted) {
  const Scenario s = LoadCase("scenarios/seeds/ml-teams-clone-imagenet.yaml");
  ClaimExplainer explainer("nowhere", "nothing", std::nullopt);
  RunOptions options;
  options.observers.push_back(&explainer);
  RunScenario(s, options);
  EXPECT_FALSE(explainer.explanation().existed);
}

TEST(MaxExposureLoader, ReadsBoundsAndRefusesABadKindWithItsLine) {
  const std::string head = R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: bounded}
steps: [{wait: 1s}]
)";
  StatusOr<std::vector<Scenario>> ok = LoadScenarioText(head + R"(maxExposure:
- source: {kind: VolumeSnapshot, namespace: prod, name: snap}
  namespaces: [dev]
)", "b.yaml", ".");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->front().max_exposure.size(), 1u);
  EXPECT_EQ(ok->front().max_exposure[0].kind, "VolumeSnapshot");
  EXPECT_EQ(ok->front().max_exposure[0].namespaces, std::vector<std::string>{"dev"});
  EXPECT_EQ(ok->front().max_exposure[0].where.ToString(), "b.yaml:6");

  StatusOr<std::vector<Scenario>> bad = LoadScenarioText(head + R"(maxExposure:
- source: {kind: Secret, namespace: prod, name: snap}
)", "b.yaml", ".");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("b.yaml:6: maxExposure[0].source.kind"), std::string::npos)
      << bad.status().message();
  StatusOr<std::vector<Scenario>> unknown = LoadScenarioText(head + R"(maxExposure:
- source: {kind: VolumeSnapshot, namespace: prod, name: snap}
  namespace: [dev]
)", "b.yaml", ".");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("namespace"), std::string::npos);
}

}  // namespace
}  // namespace xnsim
