// `xnsim graph`: run one case of a scenario and print its access and lineage graph
// (who may copy whose data, and the copies made) at a moment of the run, as DOT,
// JSON, or SVG through Graphviz.
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "reports/access_graph_report.h"
#include "sim/analysis/case_capture.h"
#include "sim/analysis/exposure.h"
#include "sim/core/time.h"
#include "tools/case_choice.h"
#include "tools/case_runner.h"
#include "tools/cli.h"
#include "tools/command_args.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kGraphHelp = R"TXT(usage: xnsim graph FILE [--at TIME] [--format dot|json|svg] [OPTIONS]

Runs one case of the scenario FILE and prints its access and lineage graph: every
namespace and data object (PersistentVolumeClaims, VolumeSnapshots, their contents
and PersistentVolumes), every ReferenceGrant entry that lets claims of one namespace
copy data of another (dashed, from the object it names, or from its namespace when
it names none), and every copy the run made (clone, restore, snapshot; solid). A
copy stays in the graph after its source, the copy or the grant is deleted. When a
CrossNamespaceVolumeDataSource gate is off, grants open nothing: they are drawn
dotted and grey ("inert").

--exposure KIND/NS/NAME (and every source of the scenario's maxExposure) adds the
namespaces that can obtain that source's data, directly or through other namespaces,
each with a witness path: filled red in DOT and SVG, listed in JSON.

)TXT";

constexpr const char* kGraphExitCodes = R"TXT(
exit codes:
  0  the graph was written (whatever the case's own verdict; `xnsim run` gives that)
  2  bad input or usage: the file is not a valid scenario, --case chooses no case or
     is needed, --at is not a duration, a format is unknown, or Graphviz's `dot` is
     not installed for svg; nothing was written
)TXT";

std::optional<std::string> FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// Graphviz's `dot -Tsvg` over `dot_text`.
StatusOr<std::string> RenderSvg(const std::string& dot_program, const std::string& dot_text) {
  char name[] = "/tmp/xnsim-graph-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) return InternalError("cannot make a temporary file for Graphviz");
  close(fd);
  { std::ofstream(name) << dot_text; }
  const std::string command = "'" + dot_program + "' -Tsvg '" + name + "' 2>&1";
  std::string svg;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    std::remove(name);
    return InternalError("cannot run " + dot_program);
  }
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) svg.append(buffer, n);
  const int status = pclose(pipe);
  std::remove(name);
  if (status != 0) return InternalError(dot_program + " -Tsvg failed: " + svg);
  return svg;
}

}  // namespace

int GraphCommand(const std::vector<std::string>& args, Console console) {
  po::options_description visible("options", 80, 40);
  // clang-format off
  visible.add_options()
      ("at", po::value<std::string>()->value_name("TIME"),
       "the graph at this virtual time (a duration like 90s or 2m30s from the start of "
       "the case); default: when the case ends")
      ("format", po::value<std::string>()->default_value("dot")->value_name("FORMAT"),
       "dot (Graphviz), json (for tools), or svg (needs Graphviz's `dot` on PATH)")
      ("exposure", po::value<std::vector<std::string>>()->composing()->value_name("KIND/NS/NAME"),
       "also show where the data of this source can go: KIND is PersistentVolumeClaim (pvc) "
       "or VolumeSnapshot. Repeatable");
  // clang-format on
  AddCaseOptions(visible, "the case to run, by name or matrix variant; needed when FILE has several");
  const auto parsed = ParseCommandArgs(args, visible, console, "graph");
  if (!parsed) return kExitBadInput;
  const po::variables_map& vm = *parsed;
  if (vm["help"].as<bool>()) {
    console.out << kGraphHelp << visible << kGraphExitCodes;
    return kExitPassed;
  }
  auto log = MakeLogger(console, vm["verbose"].as<bool>());
  StatusOr<CaseArgs> common = ReadCaseArgs(vm);
  if (!common.ok()) return UsageError(console, common.status().message(), "graph");

  const std::string format = vm["format"].as<std::string>();
  if (format != "dot" && format != "json" && format != "svg") {
    return UsageError(console, "--format \"" + format + "\": expected dot, json or svg", "graph");
  }
  std::optional<std::string> dot_program;
  if (format == "svg") {
    dot_program = FindOnPath("dot");
    if (!dot_program) {
      log->error("--format svg needs Graphviz's `dot` on PATH: install graphviz (apt-get "
                 "install graphviz), or use --format dot or json");
      return kExitBadInput;
    }
  }
  std::optional<SimTime> at;
  if (vm.count("at")) {
    StatusOr<SimDuration> d = ParseDuration(vm["at"].as<std::string>());
    if (!d.ok() || *d < 0) {
      return UsageError(console, "--at \"" + vm["at"].as<std::string>() +
                                     "\": expected a duration like 90s, 500ms or 2m30s",
                        "graph");
    }
    at = *d;
  }
  std::vector<DataRef> sources;
  if (vm.count("exposure")) {
    for (const std::string& text : vm["exposure"].as<std::vector<std::string>>()) {
      StatusOr<DataRef> ref = ParseDataSource(text, "--exposure");
      if (!ref.ok()) return UsageError(console, ref.status().message(), "graph");
      sources.push_back(*ref);
    }
  }
  RunOptions options;
  options.seed = common->seed;
  StatusOr<std::vector<Scenario>> cases = ChooseCases(common->file, common->case_name);
  if (!cases.ok()) {
    log->error("{}", cases.status().message());
    return kExitBadInput;
  }
  if (cases->size() > 1) {
    std::string names;
    for (const Scenario& s : *cases) names += (names.empty() ? "" : ", ") + s.name;
    log->error("{} has {} cases ({}): choose one with --case", common->file, cases->size(), names);
    return kExitBadInput;
  }
  const Scenario& scenario = cases->front();
  for (const ExposureBound& b : scenario.max_exposure) {
    DataRef ref{b.kind == "VolumeSnapshot" ? DataKind::kSnapshot : DataKind::kClaim, b.namespace_,
                b.name};
    if (std::find(sources.begin(), sources.end(), ref) == sources.end()) sources.push_back(ref);
  }

  CaseCapture capture(at);
  options.observers.push_back(&capture);
  const CaseResult result = RunScenario(scenario, options);
  if (!capture.state()) {
    log->error("case {} could not run: {}", result.name, result.failure);
    return kExitBadInput;
  }
  if (result.outcome != Outcome::kPassed) {
    log->warn("case {} did not pass ({}); the graph shows its state all the same", result.name,
              OutcomeName(result.outcome));
  }
  if (at && !capture.captured_at_time()) {
    log->warn("the case ended at {}, before --at {}: the graph shows its final state",
              FormatDuration(capture.ended_at()), FormatDuration(*at));
  }
  const AccessGraph graph = AccessGraph::Build(*capture.state());
  std::vector<Exposure> exposures;
  for (const DataRef& source : sources) {
    StatusOr<Exposure> e = ComputeExposure(graph, source);
    if (!e.ok()) {
      log->error("--exposure: {}", e.status().message());
      return kExitBadInput;
    }
    for (const ExposedNamespace& n : e->namespaces) {
      log->info("{} {} namespace {}: {}", source.Label(), n.realised ? "reached" : "can reach",
                n.namespace_, n.PathText());
    }
    exposures.push_back(std::move(*e));
  }
  if (format == "json") {
    console.out << AccessGraphJson(graph, exposures);
    return kExitPassed;
  }
  const std::string dot = AccessGraphDot(graph, exposures);
  if (format == "dot") {
    console.out << dot;
    return kExitPassed;
  }
  StatusOr<std::string> svg = RenderSvg(*dot_program, dot);
  if (!svg.ok()) {
    log->error("{}", svg.status().message());
    return kExitBadInput;
  }
  console.out << *svg;
  return kExitPassed;
}

}  // namespace xnsim::cli
