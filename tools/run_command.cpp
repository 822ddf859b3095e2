// `xnsim run`: load every scenario named (refusing all of them if any is bad), keep the
// cases the filter selects, run them one by one, then print and write the reports.
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "reports/reports.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"
#include "tools/case_filter.h"
#include "tools/case_runner.h"
#include "tools/cli.h"
#include "tools/command_args.h"
#include "tools/explore_command.h"
#include "tools/golden_trace.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = "usage: xnsim run FILE|DIR... [OPTIONS]\n";
constexpr std::string_view kReportKinds[] = {"json", "junit", "findings"};

constexpr const char* kAbout = R"TXT(
Replays each scenario case in virtual time and prints one line per case (PASS, FAIL,
SKIP or ERROR), each failure in full (the step, the expected object, the last object
seen and why it does not match), and a summary. Directories are searched recursively
for *.yaml / *.yml scenario documents; other manifests beside them are skipped. Files
run in path order, cases in file order (a matrix gives one case per entry).
A case also fails when it breaks one of its invariants (grant-checked, no-orphans,
capacity, finalizers-released; a scenario's `invariants:` chooses), with the seed,
the last trace records and the command that replays it.
)TXT";

constexpr const char* kMore = R"TXT(
--filter EXPR selects cases, in one of two forms:
  a label selector over the scenarios' metadata.labels, as `kubectl get -l` takes it:
  requirements joined by commas, all of which must hold:
      area=grants,profile=core     key=value (also key==value)
      tier!=slow                   key!=value (true also when the label is absent)
      area in (grants,admission)   key in (...), key notin (...)
      flaky / !flaky               the label is set / is not set
  or, when EXPR has no '=', '!' or '(', a glob over case names: '*' matches any run
  of characters and '?' one character. A case matches by its full name
  ('restore[gates-on]') or its scenario's name ('restore'), so 'restore-*' selects
  every variant of every scenario whose name starts with 'restore-'.

exit codes:
  0  every case passed (skipped cases do not count against a run)
  1  a case failed, or could not be evaluated (ERROR)
  2  bad input or usage: a file is missing or not a valid scenario, an option is
     wrong, or no case matched --filter; nothing was run
)TXT";

po::options_description VisibleOptions() {
  po::options_description o("options", 80, 40);
  // clang-format off
  o.add_options()
      ("seed", po::value<std::string>()->value_name("N"),
       "seed of every case's simulation (default 1). A run is decided by its seed: "
       "the same seed replays it exactly, and its trace byte for byte")
      ("filter", po::value<std::string>()->value_name("EXPR"),
       "run only the cases EXPR selects: a label selector (area=grants,profile=core) "
       "or a name glob (restore-*); see below")
      ("report", po::value<std::vector<std::string>>()->composing()->value_name("KIND=PATH"),
       "also write a report file; KIND is json (every case and step, for tools; "
       "reports of shards merge with `xnsim report merge`), junit (JUnit XML for CI) "
       "or findings (with --explore: each case's failures and notable windows, JSON). "
       "Repeatable")
      ("shard", po::value<std::string>()->value_name("I/N"),
       "run only shard I (from 0) of N: case k of the selection belongs to shard k % N. "
       "Without it, GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS choose the shard when set")
      ("trace", po::value<std::string>()->value_name("PATH"),
       "write the JSON-lines trace of every simulated event to PATH; each case's lines "
       "follow a line {\"case\":NAME,\"file\":FILE,\"seed\":N}")
      ("print-defaults", po::bool_switch(),
       "print the cluster a scenario gets for every key it leaves out, as scenario YAML, "
       "and exit")
      ("color", po::value<std::string>()->value_name("WHEN")->default_value("auto"),
       "colour the console summary: auto (when stdout is a terminal and NO_COLOR is "
       "unset), always, never")
      ("verbose,v", po::bool_switch(), "log every case and step to stderr")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
  AddExploreOptions(o);
  AddGoldenOptions(o);
  return o;
}


}  // namespace

int RunCommand(const std::vector<std::string>& args, Console console) {
  const po::options_description visible = VisibleOptions();
  const auto parsed_args = ParseCommandArgs(args, visible, console, "run");
  if (!parsed_args) return kExitBadInput;
  const po::variables_map& vm = *parsed_args;

  if (vm["help"].as<bool>()) {
    console.out << kUsage << kAbout << '\n' << visible << kMore;
    return kExitPassed;
  }
  if (vm["print-defaults"].as<bool>()) {
    console.out << DefaultClusterYaml();
    return kExitPassed;
  }
  auto log = MakeLogger(console, vm["verbose"].as<bool>());

  if (!vm.count("paths")) return UsageError(console, "no scenario file or directory given", "run");
  StatusOr<RunSelection> selection = ReadRunSelection(vm, console, kReportKinds);
  if (!selection.ok()) return UsageError(console, selection.status().message(), "run");
  RunOptions& run_options = selection->run;
  const CaseFilter& filter = selection->filter;
  const Shard& shard = selection->shard;
  std::vector<ReportRequest>& reports = selection->reports;

  StatusOr<std::optional<ScheduleRequest>> schedule = ReadScheduleRequest(vm);
  if (!schedule.ok()) return UsageError(console, schedule.status().message(), "run");
  const bool exploring = *schedule && (*schedule)->explore;
  for (const ReportRequest& r : reports) {
    if ((r.kind == "findings") != exploring) {
      return UsageError(console, exploring ? "--explore writes only --report findings=PATH"
                                           : "--report findings=PATH needs --explore", "run");
    }
  }

  // Load everything first: one bad file refuses the whole run before anything runs.
  size_t file_count = 0;
  StatusOr<std::vector<Scenario>> loaded =
      LoadCases(vm["paths"].as<std::vector<std::string>>(), *log, &file_count);
  if (!loaded.ok()) {
    log->error("{}", loaded.status().message());
    return kExitBadInput;
  }
  std::vector<const Scenario*> selected;
  for (const Scenario& s : *loaded) {
    if (filter.Matches(s.name, s.base_name, s.labels)) selected.push_back(&s);
  }
  if (loaded->empty()) {
    log->error("no scenario found in the {} path(s) given",
               vm["paths"].as<std::vector<std::string>>().size());
    return kExitBadInput;
  }
  if (selected.empty()) {
    log->error("no case to run: {} case(s) found, none selected by --filter \"{}\"", loaded->size(),
               vm["filter"].as<std::string>());
    return kExitBadInput;
  }
  std::vector<const Scenario*> cases;
  for (size_t i = 0; i < selected.size(); ++i) {
    if (shard.Keeps(i)) cases.push_back(selected[i]);
  }

  // Golden traces: a bad directory refuses the run before any output is opened.
  StatusOr<std::optional<GoldenTraces>> golden = GoldenTracesFromOptions(vm, cases);
  if (!golden.ok()) return UsageError(console, golden.status().message(), "run");
  if (golden->has_value() && *schedule) {
    return UsageError(console, "--record and --compare follow the nominal schedule: drop --explore and --strategy", "run");
  }
  const CaseTraceObserver golden_observer = [&golden](const Scenario& s, std::string_view trace,
                                                      CaseResult& r) { (*golden)->Observe(s, trace, r); };

  // Open every output before running, so a bad path costs nothing.
  std::ofstream trace;
  if (vm.count("trace")) {
    const std::string& path = vm["trace"].as<std::string>();
    trace.open(path, std::ios::binary | std::ios::trunc);
    if (!trace) {
      log->error("--trace: cannot write \"{}\"", path);
      return kExitBadInput;
    }
    run_options.trace = &trace;
  }
  if (Status opened = OpenReports(reports); !opened.ok()) {
    log->error("{}", opened.message());
    return kExitBadInput;
  }

  log->info("running {} case(s) from {} file(s), seed {}{}", cases.size(), file_count,
            run_options.seed,
            shard.count > 1 ? ", shard " + std::to_string(shard.index) + "/" +
                                   std::to_string(shard.count)
                             : std::string());
  if (exploring) {
    StatusOr<ExploreOutcome> explored = ExploreCases(cases, **schedule, run_options, console.out, *log);
    if (!explored.ok()) {
      log->error("{}", explored.status().message());
      return kExitBadInput;
    }
    bool findings_written = true;
    for (ReportRequest& r : reports) {
      WriteFindingsReport(*r.file, *explored);
      findings_written = FinishReport(r, *log) && findings_written;
    }
    if (!findings_written) return kExitBadInput;
    return explored->all_passed ? kExitPassed : kExitFailed;
  }
  std::vector<CaseResult> results;
  if (*schedule) {
    StatusOr<std::vector<CaseResult>> replayed = ReplaySchedules(cases, **schedule, run_options, *log);
    if (!replayed.ok()) {
      log->error("{}", replayed.status().message());
      return kExitBadInput;
    }
    results = std::move(replayed).value();
  } else {
    results = RunCases(cases, run_options, *log, golden->has_value() ? &golden_observer : nullptr);
  }

  WriteConsoleSummary(console.out, results, selection->use_color);
  bool written = true;
  if (trace.is_open()) {
    trace.flush();
    if (!trace) {
      log->error("--trace: writing \"{}\" failed", vm["trace"].as<std::string>());
      written = false;
    }
  }
  for (ReportRequest& r : reports) {
    if (r.kind == "json") WriteJsonReport(*r.file, results);
    if (r.kind == "junit") WriteJUnitReport(*r.file, results);
    written = FinishReport(r, *log) && written;
  }
  if (golden->has_value() && !FinishGoldenTraces(**golden, *log)) written = false;
  if (!written) return kExitBadInput;
  return Summarize(results).AllPassed() ? kExitPassed : kExitFailed;
}

}  // namespace xnsim::cli
