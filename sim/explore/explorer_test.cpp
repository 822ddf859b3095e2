#include "sim/explore/explorer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
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

// Exhaustive (issue: bounded exhaustive enumeration of the orderings of concurrent
// events): the seed spells the reorderings, so a schedule the enumeration found replays
// from its seed alone, and a reordering does change the run.
TEST(Explorer, ExhaustiveSeedSpellsItsReorderingsAndReplays) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  ScheduleSpec spec;
  spec.strategy = Strategy::kExhaustive;
  spec.seed = 0;
  ScheduleStats stats;
  std::ostringstream unreordered;
  RunSchedule(s, spec, nullptr, &unreordered, &stats);
  ASSERT_FALSE(stats.choices.empty());

  // Move the first wait that has room to the far end of its range.
  const auto wait = std::find_if(stats.choices.begin(), stats.choices.end(),
                                 [](const ChoicePoint& c) { return !c.pick && c.latest > c.earliest; });
  ASSERT_NE(wait, stats.choices.end());
  spec.seed = EncodeReorderings({Reordering{wait->index, kReorderingSteps}});
  std::ostringstream a, b;
  ScheduleStats moved;
  RunSchedule(s, spec, nullptr, &a, &moved);
  RunSchedule(s, spec, nullptr, &b);
  EXPECT_NE(unreordered.str(), a.str());
  EXPECT_EQ(a.str(), b.str());
  ASSERT_GT(moved.choices.size(), static_cast<size_t>(wait - stats.choices.begin()));
  EXPECT_EQ(moved.choices[wait - stats.choices.begin()].end, wait->latest);
}

// A bound below the number of schedules is reported as not exhausted.
TEST(Explorer, ExhaustiveSaysWhenItsBoundCutTheEnumeration) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  ExploreOptions o;
  o.strategy = Strategy::kExhaustive;
  o.runs = 60;
  StatusOr<ExploreReport> r = Explore(s, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->passed());
  EXPECT_EQ(r->runs, 60);
  EXPECT_FALSE(r->exhausted);
}

// The broken provisioner is caught by the exhaustive enumeration too, and the seed it
// prints replays the failure.
TEST(Explorer, ExhaustiveCatchesTheRaceAndItsSeedReplaysIt) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  ClusterSeams seams;
  seams.provisioner_rules = std::make_shared<EmptyGrantCacheAllows>();
  ExploreOptions o;
  o.strategy = Strategy::kExhaustive;
  o.runs = 2000;
  o.seams = &seams;
  StatusOr<ExploreReport> r = Explore(s, o);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->passed());
  EXPECT_GT(r->failure->found.seed, 0u);
  EXPECT_LE(DecodeReorderings(r->failure->found.seed).size(), kMaxReorderings);
  EXPECT_EQ(RunSchedule(s, r->failure->found, &seams).outcome, Outcome::kFailed);
}

// A check made for each schedule (as `maxExposure`'s guard is) that fails a case at
// its end fails that schedule: explore reports it like a broken invariant.
struct FailsAtCaseEnd : RunObserver {
  void CaseEnded(Cluster&, CaseResult& result) override {
    result.outcome = Outcome::kFailed;
    result.failure = result.name + ": the end-of-case check failed";
  }
};

TEST(Explorer, CaseCheckIsMadeForEachScheduleAndFailsIt) {
  const Scenario s = LoadOne("sim/explore/testdata/grant-in-same-apply.yaml");
  std::atomic<int> made{0};
  ExploreOptions options;
  options.runs = 6;
  options.jobs = 2;
  options.case_check = [&made]() -> std::unique_ptr<RunObserver> {
    ++made;
    return std::make_unique<FailsAtCaseEnd>();
  };
  StatusOr<ExploreReport> report = Explore(s, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_TRUE(report->failure.has_value());
  EXPECT_NE(report->failure->what.find("the end-of-case check failed"), std::string::npos);
  EXPECT_EQ(report->failure->found_at_run, 1);
  // The failing run, then shrinking's and the trace's reruns: each got a check of its own.
  EXPECT_GT(made.load(), 2);

  options.case_check = nullptr;
  report = Explore(s, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->passed());
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

TEST(Schedule, ReorderingsRoundTripThroughTheSeed) {
  EXPECT_EQ(EncodeReorderings({}), 0u);
  EXPECT_TRUE(DecodeReorderings(0).empty());
  const std::vector<Reordering> two = {{3, 255}, {4000, 1}};
  EXPECT_EQ(DecodeReorderings(EncodeReorderings(two)), two);
  // A seed's fields name choice indices plus one: a field of 0 is no reordering.
  EXPECT_TRUE(DecodeReorderings(5).empty());
}

// The reorderings a run offers: a wait moves past each dependent wait that ended inside
// its range, once per distinct ordering; two watch deliveries about different objects
// commute and are skipped; a pick takes each other ready key; choices before the
// seed's last reordering are left as they are (each set is enumerated once).
TEST(Schedule, NextReorderingsSkipCommutingAndEquivalentOrders) {
  auto wait = [](uint32_t index, DelayKind kind, uint64_t chain, SimTime end, SimTime latest) {
    return ChoicePoint{index, false, 0, kind, chain, end, end, latest};
  };
  const std::vector<ChoicePoint> run = {
      wait(0, DelayKind::kWatch, 1, 100, 355),  // p: may end anywhere in 100..355
      wait(1, DelayKind::kWatch, 2, 150, 150),  // another object's delivery: commutes with p
      wait(2, DelayKind::kApi, 3, 200, 200),    // an API reply inside p's range
      wait(3, DelayKind::kCsi, 4, 201, 201),    // a CSI reply: past it is a new ordering
      wait(4, DelayKind::kWatch, 1, 400, 400),  // beyond p's range
      ChoicePoint{5, true, 3, DelayKind::kWatch, 0, 0, 0, 0},  // a pick among 3 keys
  };
  // p past the API reply: step 101 ends it at 100 + 255*101/255 = 201 > 200; past the
  // CSI reply at 201: step 102 (202). The pick: keys 1 and 2.
  const std::vector<uint64_t> next = NextReorderings(run, 0);
  const std::vector<uint64_t> expected = {
      EncodeReorderings({{0, 101}}), EncodeReorderings({{0, 102}}),
      EncodeReorderings({{5, 1}}), EncodeReorderings({{5, 2}})};
  EXPECT_EQ(next, expected);

  // After a reordering at choice 2, only later choices are reordered, and a seed with
  // kMaxReorderings reorderings has no successor.
  const uint64_t after = EncodeReorderings({{2, 7}});
  EXPECT_EQ(NextReorderings(run, after),
            (std::vector<uint64_t>{EncodeReorderings({{2, 7}, {5, 1}}), EncodeReorderings({{2, 7}, {5, 2}})}));
  EXPECT_TRUE(NextReorderings(run, EncodeReorderings({{2, 7}, {5, 1}})).empty());
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
