// `xnsim run` under schedules (sim/explore): `--explore` tries many schedules per case
// and reports failures and notable windows; `--strategy S` without `--explore` replays
// one schedule, the one `--seed` (and `--keep`, `--no-ties`) name.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/explore/explorer.h"
#include "sim/scenario/runner.h"
#include "tools/cli.h"

namespace xnsim::cli {

// The explore and replay flags, added to `run`'s options.
void AddExploreOptions(boost::program_options::options_description& options);

// What the flags ask for; nullopt when none of them is given (a plain run).
struct ScheduleRequest {
  bool explore = false;
  std::optional<Strategy> strategy;  // --strategy
  std::optional<int> runs;           // --runs
  int jobs = 0;                      // --jobs; 0: every core
  int pct_depth = 3;
  std::optional<std::vector<uint32_t>> keep;
  bool ties = true;
};
StatusOr<std::optional<ScheduleRequest>> ReadScheduleRequest(
    const boost::program_options::variables_map& vm);

// Replays every case under the requested schedule (seed from `options`), with the
// same trace and results as a plain run. Errors: a case's bad jitter.
StatusOr<std::vector<CaseResult>> ReplaySchedules(const std::vector<const Scenario*>& cases,
                                                  const ScheduleRequest& request,
                                                  const RunOptions& options, spdlog::logger& log);

// Explores every case; prints each case's verdict, failure and windows to `out`.
struct ExploreOutcome {
  std::vector<ExploreReport> reports;
  std::vector<double> wall_seconds;  // per report
  bool all_passed = true;
};
StatusOr<ExploreOutcome> ExploreCases(const std::vector<const Scenario*>& cases,
                                      const ScheduleRequest& request, const RunOptions& options,
                                      std::ostream& out, spdlog::logger& log);

// The findings report (--report findings=PATH): JSON, one entry per case.
void WriteFindingsReport(std::ostream& out, const ExploreOutcome& outcome);

}  // namespace xnsim::cli
