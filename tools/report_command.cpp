// `xnsim report merge`: joins the JSON reports of shards (of `xnsim run` or `xnsim
// conformance`) into one, and writes it with any other report kind from the whole.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "reports/conformance.h"
#include "reports/reports.h"
#include "tools/case_runner.h"
#include "tools/cli.h"
#include "tools/command_args.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kCommand = "report";
constexpr const char* kUsage = "usage: xnsim report merge REPORT.json... [OPTIONS]\n";
constexpr std::string_view kReportKinds[] = {"json", "junit", "md"};

constexpr const char* kAbout = R"TXT(
Joins JSON reports written with --report json=PATH by the shards of one run (`xnsim run
--shard I/N` or `xnsim conformance --shard I/N`) into one report, as if one process had
run every case: the cases in the order of the files given, the summaries recomputed.
Without --output the merged JSON goes to stdout; with it, the summary does. A case that
appears in two reports, or a conformance report merged with a plain run's, is an error.

exit codes:
  0  every case passed (for conformance reports: every profile is conformant)
  1  a case failed, or a profile is not conformant
  2  bad input or usage
)TXT";

po::options_description VisibleOptions() {
  po::options_description o("options", 80, 40);
  // clang-format off
  o.add_options()
      ("output,o", po::value<std::string>()->value_name("PATH"),
       "write the merged JSON report here instead of stdout")
      ("report", po::value<std::vector<std::string>>()->composing()->value_name("KIND=PATH"),
       "also write the merged run as KIND: md (conformance reports only), junit or json. "
       "Repeatable")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
  return o;
}

StatusOr<JsonReport> ReadReportFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return ReadJsonReport(text.str(), path);
}

// One "what was tested" value for the merged run: the shards' own when they agree;
// comma lists (versions) united; otherwise each distinct value, joined.
std::string MergeTestedValue(const std::vector<std::string>& values) {
  std::vector<std::string> distinct;
  for (const std::string& v : values) {
    if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
  }
  if (distinct.size() == 1) return distinct.front();
  std::set<std::string> items;
  for (const std::string& v : distinct) {
    std::stringstream list(v);
    for (std::string item; std::getline(list, item, ',');) {
      item.erase(0, item.find_first_not_of(' '));
      items.insert(item);
    }
  }
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// The conformance section of the merged run: rules and profiles must agree.
StatusOr<ConformanceInfo> MergeConformance(const std::vector<std::string>& paths,
                                           const std::vector<JsonReport>& reports) {
  const ConformanceInfo& first = *reports.front().conformance;
  ConformanceInfo merged = first;
  for (size_t i = 1; i < reports.size(); ++i) {
    const ConformanceInfo& other = *reports[i].conformance;
    auto ids = [](const ConformanceInfo& c) {
      std::vector<std::string> v;
      for (const Rule& r : c.rules) v.push_back(r.id);
      return v;
    };
    if (ids(other) != ids(first) || other.profiles != first.profiles) {
      return InputError(paths[i] + ": its suite (rules or profiles) differs from " + paths[0] +
                        "'s: these are not shards of one run");
    }
  }
  for (auto& [name, value] : merged.tested) {
    std::vector<std::string> values;
    for (const JsonReport& r : reports) {
      for (const auto& [n, v] : r.conformance->tested) {
        if (n == name) values.push_back(v);
      }
    }
    value = name == "Selection" ? "merged from " + std::to_string(reports.size()) + " reports"
                                : MergeTestedValue(values);
  }
  return merged;
}

}  // namespace

int ReportCommand(const std::vector<std::string>& args, Console console) {
  const po::options_description visible = VisibleOptions();
  const auto parsed_args = ParseCommandArgs(args, visible, console, kCommand);
  if (!parsed_args) return kExitBadInput;
  const po::variables_map& vm = *parsed_args;
  if (vm["help"].as<bool>()) {
    console.out << kUsage << kAbout << '\n' << visible;
    return kExitPassed;
  }
  std::vector<std::string> paths =
      vm.count("paths") ? vm["paths"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (paths.empty() || paths.front() != "merge") {
    return UsageError(console, "expected `xnsim report merge REPORT.json...`", kCommand);
  }
  paths.erase(paths.begin());
  if (paths.empty()) return UsageError(console, "no report to merge", kCommand);
  auto log = MakeLogger(console, false);

  std::vector<JsonReport> reports;
  std::map<std::string, std::string> seen;  // case name -> the report it came from
  std::vector<CaseResult> results;
  for (const std::string& path : paths) {
    StatusOr<JsonReport> r = ReadReportFile(path);
    if (!r.ok()) {
      log->error("{}", r.status().message());
      return kExitBadInput;
    }
    if (!reports.empty() && r->conformance.has_value() != reports.front().conformance.has_value()) {
      log->error("{}: a {} report cannot merge with {}, a {} report", path,
                 r->conformance ? "conformance" : "run", paths.front(),
                 reports.front().conformance ? "conformance" : "run");
      return kExitBadInput;
    }
    for (const CaseResult& c : r->results) {
      auto [it, fresh] = seen.emplace(c.name, path);
      if (!fresh) {
        log->error("case {} is in both {} and {}: shards of one run are disjoint", c.name,
                   it->second, path);
        return kExitBadInput;
      }
      results.push_back(c);
    }
    reports.push_back(std::move(r).value());
  }
  std::optional<ConformanceInfo> info;
  if (reports.front().conformance) {
    StatusOr<ConformanceInfo> merged = MergeConformance(paths, reports);
    if (!merged.ok()) {
      log->error("{}", merged.status().message());
      return kExitBadInput;
    }
    info = std::move(merged).value();
  }

  std::vector<std::string> specs =
      vm.count("report") ? vm["report"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (vm.count("output")) specs.push_back("json=" + vm["output"].as<std::string>());
  StatusOr<std::vector<ReportRequest>> outputs = ParseReports(specs, kReportKinds);
  if (!outputs.ok()) return UsageError(console, outputs.status().message(), kCommand);
  if (Status opened = OpenReports(*outputs); !opened.ok()) {
    log->error("{}", opened.message());
    return kExitBadInput;
  }
  for (const ReportRequest& r : *outputs) {
    if (r.kind == "md" && !info) {
      return UsageError(console, "--report md needs conformance reports", kCommand);
    }
  }

  const bool json_to_stdout = !vm.count("output");
  if (json_to_stdout) {
    WriteJsonReport(console.out, results, info ? &*info : nullptr);
  } else if (info) {
    WriteConformanceConsole(console.out, *info, results, console.color_by_default);
  } else {
    WriteConsoleSummary(console.out, results, console.color_by_default);
  }
  bool written = true;
  for (ReportRequest& r : *outputs) {
    if (r.kind == "json") WriteJsonReport(*r.file, results, info ? &*info : nullptr);
    if (r.kind == "junit") WriteJUnitReport(*r.file, results, info ? "xnsim-conformance" : "xnsim");
    if (r.kind == "md") WriteConformanceMarkdown(*r.file, *info, results);
    written = FinishReport(r, *log) && written;
  }
  if (!written) return kExitBadInput;
  const bool passed = info ? Conformant(SummarizeProfiles(*info, results))
                           : Summarize(results).AllPassed();
  return passed ? kExitPassed : kExitFailed;
}

}  // namespace xnsim::cli
