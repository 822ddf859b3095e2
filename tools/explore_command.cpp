// The explore and replay halves of `xnsim run` (explore_command.h).
#include "tools/explore_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "sim/analysis/exposure_guard.h"
#include "tools/case_runner.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

// The rule each failure kind touches, when the failure is an invariant's.
std::string InvariantRule(const std::string& what) {
  if (what.find("invariant `grant-checked`") != std::string::npos) {
    return "SEMANTICS.md 3.3 ReferenceGrant matching (grant-checked)";
  }
  if (what.find("invariant `no-orphans`") != std::string::npos) {
    return "SEMANTICS.md 3.10 PVC deletion, restart, idempotency (no-orphans)";
  }
  if (what.find("invariant `capacity`") != std::string::npos) {
    return "scenario-format.md Invariants (capacity)";
  }
  if (what.find("invariant `finalizers-released`") != std::string::npos) {
    return "SEMANTICS.md 3.7/3.8 finalizer lifecycles (finalizers-released)";
  }
  return "the scenario's own assertion";
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

void PrintSchedule(std::ostream& out, const ReportedSchedule& rs, const std::string& file) {
  out << "  found by schedule " << rs.found_at_run << ": " << rs.found.ReplayFlags() << " ("
      << rs.perturbations_found << " perturbation(s), " << rs.events_found << " events)\n"
      << "  shrunk in " << rs.shrink_runs << " run(s) to " << rs.perturbations_minimal
      << " perturbation(s), " << rs.events_minimal << " events\n"
      << "  replay: xnsim run " << (file.empty() ? "FILE" : file) << " " << rs.minimal.ReplayFlags()
      << " --trace PATH\n"
      << "  the last trace records of the minimal schedule:\n";
  size_t pos = 0;
  while (pos < rs.trace.size()) {
    const size_t nl = rs.trace.find('\n', pos);
    out << "    " << rs.trace.substr(pos, nl - pos) << '\n';
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
}

nlohmann::json ScheduleJson(const ScheduleSpec& s) {
  nlohmann::json j{{"strategy", StrategyName(s.strategy)}, {"seed", s.seed}, {"ties", s.ties},
                   {"replay", s.ReplayFlags()}};
  if (s.strategy == Strategy::kPct) j["pctDepth"] = s.pct_depth;
  if (s.keep) j["keep"] = *s.keep;
  return j;
}

nlohmann::json ReportedJson(const ReportedSchedule& rs) {
  return nlohmann::json{{"kind", rs.kind},
                        {"rule", rs.rule},
                        {"what", rs.what},
                        {"foundAtSchedule", rs.found_at_run},
                        {"found", ScheduleJson(rs.found)},
                        {"minimal", ScheduleJson(rs.minimal)},
                        {"perturbations", {{"found", rs.perturbations_found}, {"minimal", rs.perturbations_minimal}}},
                        {"events", {{"found", rs.events_found}, {"minimal", rs.events_minimal}}},
                        {"shrinkRuns", rs.shrink_runs},
                        {"trace", rs.trace}};
}

}  // namespace

void AddExploreOptions(po::options_description& o) {
  // clang-format off
  o.add_options()
      ("explore", po::bool_switch(),
       "replay each case under many schedules (jittered watch, API and CSI delays, "
       "shuffled ties, workers' picks) and check its assertions and invariants under "
       "each; a failure prints its seed, strategy, a shrunk schedule and its trace")
      ("runs", po::value<int>()->value_name("N"),
       "schedules per case with --explore (default: the scenario's explore.runs, else 1000)")
      ("strategy", po::value<std::string>()->value_name("S"),
       "random, pct or exhaustive (default: the scenario's explore.strategy, else random). "
       "Without --explore: replay the one schedule --seed names under S")
      ("jobs", po::value<int>()->value_name("J"),
       "threads exploring at once (default: every core; exhaustive runs on one)")
      ("pct-depth", po::value<int>()->value_name("D")->default_value(3),
       "pct's depth: D-1 priority change points per schedule")
      ("keep", po::value<std::string>()->value_name("LIST"),
       "replay only these perturbations of the schedule (as shrinking prints them: "
       "3,17,40 or none)")
      ("no-ties", po::bool_switch(), "replay with ties in scheduling order (as shrinking prints it)");
  // clang-format on
}

StatusOr<std::optional<ScheduleRequest>> ReadScheduleRequest(const po::variables_map& vm) {
  ScheduleRequest r;
  r.explore = vm["explore"].as<bool>();
  if (vm.count("strategy")) {
    StatusOr<Strategy> s = ParseStrategy(vm["strategy"].as<std::string>());
    if (!s.ok()) return InputError("--strategy: " + s.status().message());
    r.strategy = *s;
  }
  if (vm.count("runs")) {
    if (!r.explore) return InputError("--runs needs --explore");
    if (vm["runs"].as<int>() < 1) return InputError("--runs: expected a positive number");
    r.runs = vm["runs"].as<int>();
  }
  if (vm.count("jobs")) {
    if (vm["jobs"].as<int>() < 1) return InputError("--jobs: expected a positive number");
    r.jobs = vm["jobs"].as<int>();
  }
  r.pct_depth = vm["pct-depth"].as<int>();
  if (r.pct_depth < 1) return InputError("--pct-depth: expected a positive number");
  if (vm.count("keep")) {
    StatusOr<std::vector<uint32_t>> keep = ParseKeepList(vm["keep"].as<std::string>());
    if (!keep.ok()) return InputError("--keep: " + keep.status().message());
    r.keep = *keep;
  }
  r.ties = !vm["no-ties"].as<bool>();
  if (r.explore && (r.keep || !r.ties)) return InputError("--keep and --no-ties replay one schedule: not with --explore");
  if (!r.explore && !r.strategy) {
    if (r.keep || !r.ties) return InputError("--keep and --no-ties need --strategy");
    return std::optional<ScheduleRequest>();
  }
  return std::optional<ScheduleRequest>(r);
}

StatusOr<std::vector<CaseResult>> ReplaySchedules(const std::vector<const Scenario*>& cases,
                                                  const ScheduleRequest& request,
                                                  const RunOptions& options, spdlog::logger& log) {
  std::vector<CaseResult> results;
  for (const Scenario* scenario : cases) {
    StatusOr<JitterSet> jitter = JitterFromSpec(
        scenario->explore ? scenario->explore->jitter : std::map<std::string, std::string>{});
    if (!jitter.ok()) return InputError(scenario->where.ToString() + ": " + jitter.status().message());
    ScheduleSpec spec;
    spec.strategy = *request.strategy;
    spec.seed = options.seed;
    spec.jitter = *jitter;
    spec.pct_depth = request.pct_depth;
    spec.keep = request.keep;
    spec.ties = request.ties;
    if (spec.strategy == Strategy::kPct) spec.expected_events = NominalEvents(*scenario, options.seams);
    RunOptions run = options;
    run.perturbation = [&spec](Engine& engine) -> std::unique_ptr<Perturbation> {
      return MakePerturbation(engine, spec);
    };
    std::vector<CaseResult> one = RunCases({scenario}, run, log);
    results.push_back(std::move(one.front()));
  }
  return results;
}

StatusOr<ExploreOutcome> ExploreCases(const std::vector<const Scenario*>& cases,
                                      const ScheduleRequest& request, const RunOptions& options,
                                      std::ostream& out, spdlog::logger& log) {
  ExploreOutcome outcome;
  for (const Scenario* scenario : cases) {
    ExploreOptions eo;
    Strategy strategy = Strategy::kRandom;
    if (scenario->explore) {
      StatusOr<Strategy> s = ParseStrategy(scenario->explore->strategy);
      if (s.ok()) strategy = *s;
    }
    eo.strategy = request.strategy.value_or(strategy);
    eo.runs = request.runs.value_or(scenario->explore ? scenario->explore->runs : 1000);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    eo.jobs = request.jobs > 0 ? request.jobs : cores;
    eo.first_seed = options.seed;
    eo.pct_depth = request.pct_depth;
    eo.seams = options.seams;
    if (!scenario->max_exposure.empty()) {
      eo.case_check = [bounds = scenario->max_exposure]() -> std::unique_ptr<RunObserver> {
        return std::make_unique<ExposureGuard>(bounds);
      };
    }
    log.info("exploring {} with {} schedules ({}, {} job(s))", scenario->name, eo.runs,
             StrategyName(eo.strategy), eo.strategy == Strategy::kExhaustive ? 1 : eo.jobs);
    const auto started = std::chrono::steady_clock::now();
    StatusOr<ExploreReport> report = Explore(*scenario, eo);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!report.ok()) return report.status();

    const ExploreReport& r = *report;
    out << (r.passed() ? "PASS  " : "FAIL  ") << r.case_name << "  " << r.runs << " schedule(s), "
        << StrategyName(r.strategy) << ", jitter " << r.jitter.ToString();
    if (r.strategy == Strategy::kExhaustive) {
      out << (r.exhausted ? ", every combination tried" : ", bound hit before every combination was tried");
    }
    char rate[64];
    std::snprintf(rate, sizeof rate, ", %.2fs (%.0f schedules/s)", wall, wall > 0 ? r.runs / wall : 0.0);
    out << rate << '\n';
    for (const ReportedSchedule& w : r.windows) {
      out << "  window " << w.kind << " in " << w.hits << " of " << r.runs << " schedule(s), "
          << FormatDuration(w.window_min) << " to " << FormatDuration(w.window_max)
          << "; first at schedule " << w.found_at_run << "\n"
          << "  " << w.what << "\n  rule: " << w.rule << '\n';
      PrintSchedule(out, w, r.file);
    }
    if (r.failure) {
      out << "  failure (" << InvariantRule(r.failure->what) << "):\n";
      size_t pos = 0;
      const std::string& what = r.failure->what;
      while (pos < what.size()) {
        const size_t nl = what.find('\n', pos);
        out << "    " << what.substr(pos, nl - pos) << '\n';
        if (nl == std::string::npos) break;
        pos = nl + 1;
      }
      PrintSchedule(out, *r.failure, r.file);
      outcome.all_passed = false;
    }
    outcome.reports.push_back(std::move(report).value());
    outcome.wall_seconds.push_back(wall);
  }
  return outcome;
}

void WriteFindingsReport(std::ostream& out, const ExploreOutcome& outcome) {
  nlohmann::json cases = nlohmann::json::array();
  for (size_t i = 0; i < outcome.reports.size(); ++i) {
    const ExploreReport& r = outcome.reports[i];
    nlohmann::json findings = nlohmann::json::array();
    if (r.failure) {
      nlohmann::json f = ReportedJson(*r.failure);
      f["kind"] = "invariant-violation-or-failed-assertion";
      f["rule"] = InvariantRule(r.failure->what);
      f["summary"] = FirstLine(r.failure->what);
      findings.push_back(std::move(f));
    }
    for (const ReportedSchedule& w : r.windows) {
      nlohmann::json f = ReportedJson(w);
      f["hits"] = w.hits;
      f["windowMin"] = FormatDuration(w.window_min);
      f["windowMax"] = FormatDuration(w.window_max);
      findings.push_back(std::move(f));
    }
    cases.push_back({{"case", r.case_name},
                     {"file", r.file},
                     {"strategy", StrategyName(r.strategy)},
                     {"jitter", r.jitter.ToString()},
                     {"schedules", r.runs},
                     {"nominalEvents", r.nominal_events},
                     {"exhausted", r.exhausted},
                     {"passed", r.passed()},
                     {"wallSeconds", outcome.wall_seconds[i]},
                     {"findings", std::move(findings)}});
  }
  out << nlohmann::json{{"kind", "XnsimFindings"}, {"cases", std::move(cases)}}.dump(2) << '\n';
}

}  // namespace xnsim::cli
