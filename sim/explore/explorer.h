// The explorer: replays one scenario case under many schedules (schedule.h), on
// several threads, each run with its own engine and cluster. The first failing
// schedule (lowest run number, whatever the thread count) is shrunk to a minimal one
// and reported with the trace that led there; notable windows (result.h Finding) are
// counted over every run, and the first schedule that opened each is shrunk too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/explore/schedule.h"
#include "sim/scenario/result.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct ClusterSeams;

struct ExploreOptions {
  Strategy strategy = Strategy::kRandom;
  int runs = 1000;           // schedules to try (exhaustive: at most)
  int jobs = 1;              // threads (exhaustive enumerates on one)
  uint64_t first_seed = 1;   // random/pct: run i uses seed first_seed + i
  int pct_depth = 3;
  std::optional<JitterSet> jitter;  // default: the scenario's explore.jitter, else DefaultJitter()
  const ClusterSeams* seams = nullptr;  // tests only: broken rules
  // Made anew for every schedule run (runs go on several threads): an observer with
  // checks of its own at a case's end, such as a scenario's `maxExposure`
  // (sim/analysis ExposureGuard). A check it fails fails the schedule.
  std::function<std::unique_ptr<RunObserver>()> case_check;
  int shrink_budget = 200;   // runs shrinking may spend per schedule it shrinks
  size_t trace_lines = 20;   // trace records shown with a reported schedule
};

// One schedule reported: a failure, or the first that opened a window.
struct ReportedSchedule {
  std::string kind;    // "failure", or a Finding kind
  std::string rule;    // the SEMANTICS.md rule it touches ("" when unknown)
  std::string what;    // the failure or the finding, for people
  int found_at_run = 0;          // 1-based run that first showed it
  ScheduleSpec found;            // that run's schedule
  ScheduleSpec minimal;          // after shrinking
  uint32_t perturbations_found = 0, perturbations_minimal = 0;
  uint64_t events_found = 0, events_minimal = 0;
  int shrink_runs = 0;
  std::string trace;   // the minimal schedule's last trace records (JSON lines)
  // Windows: over every run.
  uint64_t hits = 0;
  SimDuration window_min = 0, window_max = 0;
};

struct ExploreReport {
  std::string case_name, file;
  Strategy strategy = Strategy::kRandom;
  JitterSet jitter;
  int runs = 0;                 // schedules run
  uint64_t nominal_events = 0;  // the unperturbed run's events
  bool exhausted = false;       // exhaustive: every combination tried within the bound
  std::optional<ReportedSchedule> failure;
  std::vector<ReportedSchedule> windows;  // one per finding kind, by first run
  bool passed() const { return !failure.has_value(); }
};

// Explores `scenario`. Errors: a bad jitter range in the scenario.
StatusOr<ExploreReport> Explore(const Scenario& scenario, const ExploreOptions& options);

// Runs one schedule (pct needs expected_events; see NominalEvents), with `trace`.
CaseResult RunSchedule(const Scenario& scenario, const ScheduleSpec& spec,
                       const ClusterSeams* seams, std::ostream* trace = nullptr,
                       ScheduleStats* stats = nullptr);
// Events of the unperturbed run: where pct spreads its change points. `plan`: the
// case's shared plan, when the caller has one (PlanCase).
uint64_t NominalEvents(const Scenario& scenario, const ClusterSeams* seams,
                       std::shared_ptr<const CasePlan> plan = nullptr);

}  // namespace xnsim
