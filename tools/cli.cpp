// `xnsim` itself: picks the subcommand and prints the overview help.
#include "tools/cli.h"

#include "tools/command_args.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

namespace xnsim::cli {
namespace {

constexpr const char* kOverview =
    R"TXT(xnsim: a deterministic simulator of Kubernetes volume provisioning from data sources

usage: xnsim COMMAND [OPTIONS] [ARGS...]

commands:
  conformance            run the conformance suite: every cross-namespace rule, per
                         profile, with a verdict and reports (Markdown, JSON, JUnit)
  capacity FILE          run a capacity study (workloads); write an HTML report with
                         charts and a JSON summary
  run FILE|DIR...        replay scenarios and report PASS or FAIL for each case
  validate FILE|DIR...   check scenarios and the manifests they use without running them
  report merge FILE...   join the JSON reports of shards into one
  graph FILE             the access and lineage graph of a case: who may copy whose
                         data, the copies made, exposure (DOT, JSON or SVG)
  explain FILE --claim NS/NAME
                         why a claim was or was not provisioned
  diff A.json B.json     compare two runs' JSON reports: outcomes, event reasons,
                         latency and storage figures (with a tolerance)

Run 'xnsim COMMAND --help' for a command's options.

exit codes:
  0  every case passed (or every file is valid)
  1  a case failed
  2  bad input or usage: a file could not be read or is not a valid scenario, or an
     option is wrong; nothing was run
)TXT";

}  // namespace

std::shared_ptr<spdlog::logger> MakeLogger(const Console& console, bool verbose) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(console.err, /*force_flush=*/true);
  auto logger = std::make_shared<spdlog::logger>("xnsim", std::move(sink));
  logger->set_pattern("%l: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  return logger;
}

int UsageError(const Console& console, const std::string& what, const std::string& command) {
  console.err << "error: " << what << "\n"
              << "Run 'xnsim" << (command.empty() ? "" : " " + command) << " --help' for usage.\n";
  return kExitBadInput;
}

int RunCli(const std::vector<std::string>& args, Console console) {
  if (args.empty()) {
    console.err << kOverview;
    return kExitBadInput;
  }
  const std::string& command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h") {
    console.out << kOverview;
    return kExitPassed;
  }
  if (command == "run") return RunCommand(rest, console);
  if (command == "validate") return ValidateCommand(rest, console);
  if (command == "conformance") return ConformanceCommand(rest, console);
  if (command == "report") return ReportCommand(rest, console);
  if (command == "graph") return GraphCommand(rest, console);
  if (command == "explain") return ExplainCommand(rest, console);
  if (command == "capacity") return CapacityCommand(rest, console);
  if (command == "diff") return DiffCommand(rest, console);
  if (!command.empty() && command.front() == '-') {
    return UsageError(console, "unknown option '" + command + "' (options follow the command)", "");
  }
  return UsageError(console, "unknown command '" + command + "'", "");
}

std::optional<boost::program_options::variables_map> ParseCommandArgs(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    const Console& console, const std::string& command) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(options).add_options()("paths", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("paths", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    UsageError(console, e.what(), command);
    return std::nullopt;
  }
  return vm;
}

}  // namespace xnsim::cli
