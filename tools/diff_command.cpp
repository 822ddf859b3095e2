// `xnsim diff A.json B.json`: what changed between two runs' JSON reports.
#include <boost/program_options.hpp>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/cli.h"
#include "tools/command_args.h"
#include "tools/report_diff.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kDiffCommand = "diff";
constexpr const char* kDiffUsage = "usage: xnsim diff A.json B.json [OPTIONS]\n";

constexpr const char* kDiffAbout = R"TXT(
Compares two JSON reports (written with `xnsim run|conformance --report json=PATH`),
A the baseline and B the new run, case by case (cases are matched by name):
  cases and outcomes  a case only in one report; passed/failed/skipped/error changes
  event reasons       how many Kubernetes Events of each reason the case recorded
  workloads           created, bound and failed claims of each workload
  latency             each perfData data item (matched by its labels: Metric,
                      Workload, ...), each figure (Perc50, Perc90, Perc99, Max, ...)
  storage             each driver's figures (logicalGiB, physicalGiB, cost, ...)
Counts must be equal. Latency and storage figures are measurements: a relative change
within --tolerance is listed but is not a difference.
Traces are compared with `xnsim run --compare DIR` instead (golden traces).

exit codes:
  0  no difference outside the tolerance
  1  a difference outside the tolerance
  2  bad input or usage: a report cannot be read or is not a JSON report
)TXT";

po::options_description DiffOptions() {
  po::options_description o("options", 80, 40);
  // clang-format off
  o.add_options()
      ("tolerance", po::value<std::string>()->value_name("PCT")->default_value("5"),
       "relative change a latency or storage figure may make before it is a difference, "
       "in percent of A's value (e.g. 5 or 5%)")
      ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
       "text (for people) or json (for tools)")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
  return o;
}

StatusOr<double> ParseTolerance(std::string text) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  double pct = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, pct);
  if (text.empty() || ec != std::errc() || ptr != end || pct < 0) {
    return InputError("--tolerance \"" + text + "\": expected a percentage of 0 or more, e.g. 5");
  }
  return pct;
}

StatusOr<std::string> ReadDiffInput(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace

int DiffCommand(const std::vector<std::string>& args, Console console) {
  const po::options_description visible = DiffOptions();
  const auto parsed_args = ParseCommandArgs(args, visible, console, kDiffCommand);
  if (!parsed_args) return kExitBadInput;
  const po::variables_map& vm = *parsed_args;
  if (vm["help"].as<bool>()) {
    console.out << kDiffUsage << kDiffAbout << '\n' << visible;
    return kExitPassed;
  }
  const std::vector<std::string> paths =
      vm.count("paths") ? vm["paths"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (paths.size() != 2) {
    return UsageError(console, "expected two JSON reports, A and B; got " + std::to_string(paths.size()),
                      kDiffCommand);
  }
  StatusOr<double> tolerance = ParseTolerance(vm["tolerance"].as<std::string>());
  if (!tolerance.ok()) return UsageError(console, tolerance.status().message(), kDiffCommand);
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    return UsageError(console, "--format \"" + format + "\": expected text or json", kDiffCommand);
  }
  StatusOr<std::string> a = ReadDiffInput(paths[0]);
  StatusOr<std::string> b = ReadDiffInput(paths[1]);
  for (const auto* read : {&a, &b}) {
    if (!read->ok()) {
      console.err << "error: " << read->status().message() << "\n";
      return kExitBadInput;
    }
  }
  StatusOr<ReportDiff> diff = DiffReports(*a, paths[0], *b, paths[1], *tolerance);
  if (!diff.ok()) {
    console.err << "error: " << diff.status().message() << "\n";
    return kExitBadInput;
  }
  if (format == "json") {
    WriteReportDiffJson(console.out, *diff);
  } else {
    WriteReportDiffText(console.out, *diff);
  }
  return diff->Differences() == 0 ? kExitPassed : kExitFailed;
}

}  // namespace xnsim::cli
