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
#include "tools/cli.h"
#include "tools/command_args.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = "usage: xnsim run FILE|DIR... [OPTIONS]\n";

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

struct ReportRequest {
  std::string kind;  // json | junit
  std::string path;
  std::unique_ptr<std::ofstream> file;
};

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
       "reports of shards merge) or junit (JUnit XML for CI). Repeatable")
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
  return o;
}

StatusOr<uint64_t> ParseSeed(const std::string& text) {
  uint64_t seed = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return InputError("--seed \"" + text +
                      "\": expected a whole number from 0 to 18446744073709551615");
  }
  return seed;
}

Status ParseReport(const std::string& spec, ReportRequest* out) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos) {
    return InputError("--report \"" + spec + "\": expected KIND=PATH, e.g. junit=out/report.xml");
  }
  out->kind = spec.substr(0, eq);
  out->path = spec.substr(eq + 1);
  if (out->kind != "json" && out->kind != "junit") {
    return InputError("--report \"" + spec + "\": unknown report kind \"" + out->kind +
                      "\" (known: json, junit)");
  }
  if (out->path.empty()) return InputError("--report \"" + spec + "\": the path is empty");
  return Status::Ok();
}

// Every case of every scenario file under `paths`, or every loading error.
StatusOr<std::vector<Scenario>> LoadCases(const std::vector<std::string>& paths,
                                          spdlog::logger& log, size_t* file_count) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  std::vector<std::string> errors;
  for (const std::string& path : paths) {
    StatusOr<std::vector<std::string>> found = FindScenarioFiles({path});
    if (!found.ok()) {
      errors.push_back(found.status().message());
      continue;
    }
    for (const std::string& f : *found) {
      if (seen.insert(f).second) files.push_back(f);
    }
  }
  std::vector<Scenario> cases;
  for (const std::string& file : files) {
    StatusOr<std::vector<Scenario>> loaded = LoadScenarioFile(file);
    if (!loaded.ok()) {
      errors.push_back(loaded.status().message());
      continue;
    }
    log.debug("{}: {} case(s)", file, loaded->size());
    for (Scenario& s : *loaded) cases.push_back(std::move(s));
  }
  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    return InputError(all);
  }
  *file_count = files.size();
  return cases;
}

void LogCase(spdlog::logger& log, const CaseResult& r) {
  log.debug("case {}: {} at {} virtual, {} events", r.name, OutcomeName(r.outcome),
            FormatDuration(r.virtual_time), r.events);
  for (const StepResult& s : r.steps) {
    log.debug("  step {} {} ({}) {}: {}", s.index + 1, s.keyword, s.location,
              OutcomeName(s.outcome), s.message);
  }
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
  RunOptions run_options;
  if (vm.count("seed")) {
    StatusOr<uint64_t> seed = ParseSeed(vm["seed"].as<std::string>());
    if (!seed.ok()) return UsageError(console, seed.status().message(), "run");
    run_options.seed = *seed;
  }
  CaseFilter filter;
  if (vm.count("filter")) {
    StatusOr<CaseFilter> parsed = CaseFilter::Parse(vm["filter"].as<std::string>());
    if (!parsed.ok()) return UsageError(console, parsed.status().message(), "run");
    filter = std::move(parsed).value();
  }
  const std::string color = vm["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never") {
    return UsageError(console, "--color \"" + color + "\": expected auto, always or never", "run");
  }
  const bool use_color = color == "always" || (color == "auto" && console.color_by_default);
  std::vector<ReportRequest> reports;
  if (vm.count("report")) {
    for (const std::string& spec : vm["report"].as<std::vector<std::string>>()) {
      ReportRequest r;
      if (Status s = ParseReport(spec, &r); !s.ok()) return UsageError(console, s.message(), "run");
      reports.push_back(std::move(r));
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
  std::vector<const Scenario*> cases;
  for (const Scenario& s : *loaded) {
    if (filter.Matches(s.name, s.base_name, s.labels)) cases.push_back(&s);
  }
  if (loaded->empty()) {
    log->error("no scenario found in the {} path(s) given",
               vm["paths"].as<std::vector<std::string>>().size());
    return kExitBadInput;
  }
  if (cases.empty()) {
    log->error("no case to run: {} case(s) found, none selected by --filter \"{}\"", loaded->size(),
               vm["filter"].as<std::string>());
    return kExitBadInput;
  }

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
  for (ReportRequest& r : reports) {
    r.file = std::make_unique<std::ofstream>(r.path, std::ios::binary | std::ios::trunc);
    if (!*r.file) {
      log->error("--report {}: cannot write \"{}\"", r.kind, r.path);
      return kExitBadInput;
    }
  }

  log->info("running {} case(s) from {} file(s), seed {}", cases.size(), file_count,
            run_options.seed);
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const Scenario* scenario : cases) {
    if (trace.is_open()) {
      trace << nlohmann::json{{"case", scenario->name},
                              {"file", scenario->where.file},
                              {"seed", run_options.seed}}
                   .dump()
            << '\n';
    }
    const auto started = std::chrono::steady_clock::now();
    CaseResult result = RunScenario(*scenario, run_options);
    result.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    LogCase(*log, result);
    results.push_back(std::move(result));
  }

  WriteConsoleSummary(console.out, results, use_color);
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
    r.file->flush();
    if (!*r.file) {
      log->error("--report {}: writing \"{}\" failed", r.kind, r.path);
      written = false;
    }
  }
  if (!written) return kExitBadInput;
  return Summarize(results).AllPassed() ? kExitPassed : kExitFailed;
}

}  // namespace xnsim::cli
