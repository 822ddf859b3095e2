#include "sim/explore/explorer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "sim/controllers/cluster/cluster.h"
#include "sim/controllers/provisioner/rules.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("XNSIM_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

Scenario LoadOne(const std::string& relative) {
  StatusOr<std::vector<Scenario>> cases = LoadScenarioFile(SourceDir() + "/" + relative);
  EXPECT_TRUE(cases.ok()) << cases.status().message();
  return cases.ok() ? cases->front() : Scenario{};
}

// A provisioner that takes an empty grant cache for "not synced yet, allow": wrong
// only when its check comes before the grant reaches its cache, which the nominal
// schedule never does.
struct EmptyGrantCacheAllows : ProvisionerRules {
  bool Granted(const std::vector<Ptr<ReferenceGrant>>& grants, std::string_view claim_namespace,
               const TypedObjectReference& source) const override {
    return grants.empty() || ProvisionerRules::Granted(grants, claim_namespace, source);
  }
};

TEST(Explorer, SameScheduleSameTraceByteForByte) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  for (Strategy strategy : {Strategy::kRandom, Strategy::kPct, Strategy::kExhaustive}) {
    ScheduleSpec spec;
    spec.strategy = strategy;
    spec.seed = 5;
    spec.expected_events = NominalEvents(s, nullptr);
    std::ostringstream a, b;
    RunSchedule(s, spec, nullptr, &a);
    RunSchedule(s, spec, nullptr, &b);
    EXPECT_FALSE(a.str().empty());
    EXPECT_EQ(a.str(), b.str()) << StrategyName(strategy);
  }
}

TEST(Explorer, PerturbedScheduleDiffersFromNominal) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  ScheduleSpec spec;
  spec.seed = 1;
  std::ostringstream nominal, perturbed;
  RunOptions plain;
  plain.trace = &nominal;
  RunScenario(s, plain);
  RunSchedule(s, spec, nullptr, &perturbed);
  EXPECT_NE(nominal.str(), perturbed.str());
  // Every perturbation masked and ties in order: the nominal schedule again.
  spec.keep = std::vector<uint32_t>{};
  spec.ties = false;
  std::ostringstream masked;
  RunSchedule(s, spec, nullptr, &masked);
  EXPECT_EQ(nominal.str(), masked.str());
}

TEST(Explorer, CorrectProvisionerPassesEveryStrategy) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  for (Strategy strategy : {Strategy::kRandom, Strategy::kPct, Strategy::kExhaustive}) {
    ExploreOptions o;
    o.strategy = strategy;
    o.runs = 50;
    o.jobs = 2;
    StatusOr<ExploreReport> r = Explore(s, o);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->passed()) << StrategyName(strategy) << ": " << r->failure->what;
  }
}

// A deliberately broken provisioner is caught by exploration, and the seed it prints
// replays the failure; the shrunk schedule fails the same way.
TEST(Explorer, CatchesRaceOnlySomeSchedulesExposeAndSeedReplaysIt) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  ClusterSeams seams;
  seams.provisioner_rules = std::make_shared<EmptyGrantCacheAllows>();

  RunOptions nominal;
  nominal.seams = &seams;
  ASSERT_EQ(RunScenario(s, nominal).outcome, Outcome::kPassed) << "the nominal schedule must hide the bug";

  ExploreOptions o;
  o.runs = 200;
  o.jobs = 2;
  o.seams = &seams;
  StatusOr<ExploreReport> r = Explore(s, o);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->passed());
  EXPECT_NE(r->failure->what.find("invariant `grant-checked`"), std::string::npos) << r->failure->what;

  CaseResult replay = RunSchedule(s, r->failure->found, &seams);
  EXPECT_EQ(replay.outcome, Outcome::kFailed);
  CaseResult minimal = RunSchedule(s, r->failure->minimal, &seams);
  EXPECT_EQ(minimal.outcome, Outcome::kFailed);
  EXPECT_LE(r->failure->perturbations_minimal, r->failure->perturbations_found);

  // The same exploration on one thread reports the same first failure.
  o.jobs = 1;
  StatusOr<ExploreReport> serial = Explore(s, o);
  ASSERT_TRUE(serial.ok() && serial->failure);
  EXPECT_EQ(serial->failure->found.seed, r->failure->found.seed);
}

TEST(Jitter, ParsesAbsoluteAndPercentRanges) {
  StatusOr<JitterRange> ms = ParseJitterRange("10ms-200ms");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(ms->At(0, 0), 10 * kMillisecond);
  EXPECT_EQ(ms->At(1, 0), 200 * kMillisecond);
  StatusOr<JitterRange> pct = ParseJitterRange("0-50%");
  ASSERT_TRUE(pct.ok());
  EXPECT_EQ(pct->At(1, 2 * kSecond), 1 * kSecond);
  EXPECT_FALSE(ParseJitterRange("200ms-100ms").ok());
  EXPECT_FALSE(ParseJitterRange("-5ms").ok());
}

TEST(Schedule, ReplayFlagsRoundTripTheKeepList) {
  ScheduleSpec s;
  s.seed = 7;
  s.strategy = Strategy::kPct;
  s.keep = std::vector<uint32_t>{3, 9};
  s.ties = false;
  EXPECT_EQ(s.ReplayFlags(), "--seed 7 --strategy pct --keep 3,9 --no-ties");
  StatusOr<std::vector<uint32_t>> keep = ParseKeepList("9,3,3");
  ASSERT_TRUE(keep.ok());
  EXPECT_EQ(*keep, (std::vector<uint32_t>{3, 9}));
  EXPECT_FALSE(ParseKeepList("3,x").ok());
}

}  // namespace
}  // namespace xnsim
