// `xnsim capacity FILE`: run a capacity study (a scenario with workload steps, often a
// matrix of settings side by side), then write its HTML report with charts and its
// JSON summary, and print the headline figures.
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "reports/capacity_report.h"
#include "reports/reports.h"
#include "sim/scenario/capacity_metrics.h"
#include "sim/scenario/loader.h"
#include "tools/case_runner.h"
#include "tools/cli.h"
#include "tools/command_args.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = "usage: xnsim capacity FILE [--out DIR] [OPTIONS]\n";

constexpr const char* kAbout = R"TXT(
Runs a capacity study: a scenario whose `workload` steps generate many objects over
virtual time (scenario-format.md, Workloads). Each case runs (a matrix gives one case
per entry, so settings compare side by side), and the study's figures are collected
in virtual time: per workload the objects created, bound and failed and their latency
from create to Bound (PersistentVolumeClaims) or readyToUse (VolumeSnapshots), with
p50/p90/p99/max; throughput over time; API requests and client-side throttling per
component; work queue depth and retries; CSI calls in flight and queued; storage
(logical and physical GiB) and accumulated cost per driver.

Writes DIR/index.html, one self-contained page (inline SVG charts, no scripts, no
network), and DIR/summary.json, the JSON report of `xnsim run --report json=PATH`
whose cases carry "workloads", "perfData" (ClusterLoader2's PerfData shape) and
"storage". Prints the headline figures; shows a progress line on stderr when it is a
terminal.
)TXT";

constexpr const char* kExitCodes = R"TXT(
exit codes:
  0  the study ran and every step of every case passed
  1  a case failed (an assert of the study did not hold, or an invariant broke);
     the report is still written
  2  bad input or usage: the file is missing or not a valid scenario, it has no
     workload step, or DIR cannot be written; nothing was run
)TXT";

po::options_description CapacityOptions() {
  po::options_description o("options", 80, 40);
  // clang-format off
  o.add_options()
      ("out", po::value<std::string>()->value_name("DIR"),
       "write index.html and summary.json into DIR (created when missing); default "
       "capacity-out/NAME, NAME being the scenario's metadata.name")
      ("seed", po::value<std::string>()->value_name("N"),
       "seed of every case's simulation (default 1); Poisson arrivals draw from it")
      ("verbose,v", po::bool_switch(), "log every case and step to stderr")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
  return o;
}

bool HasWorkload(const Scenario& s) {
  for (const Step& step : s.steps) {
    if (std::holds_alternative<WorkloadStep>(step.body)) return true;
  }
  return false;
}

std::string CapacityFixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// The figures a person reads first, one block per case.
void PrintHeadlines(std::ostream& out, const std::vector<CaseResult>& results) {
  for (const CaseResult& r : results) {
    out << (r.outcome == Outcome::kPassed ? "PASS  " : "FAIL  ") << r.name << "  ("
        << FormatDuration(r.virtual_time) << " virtual)\n";
    if (r.capacity == nullptr) continue;
    for (const WorkloadMetrics& w : r.capacity->workloads) {
      out << "  workload " << w.name << ": " << w.created << " created, " << w.bound << " bound, "
          << w.failed << " failed";
      if (!w.latency_metric.empty() && w.latency.count > 0) {
        out << "; " << w.latency_metric << " p50 " << CapacityFixed(w.latency.p50 / 1000, 2)
            << "s p90 " << CapacityFixed(w.latency.p90 / 1000, 2) << "s p99 "
            << CapacityFixed(w.latency.p99 / 1000, 2) << "s max "
            << CapacityFixed(w.latency.max / 1000, 2) << "s";
      }
      out << "\n";
    }
    for (const DriverSeries& d : r.capacity->drivers) {
      out << "  storage " << d.driver << ": " << CapacityFixed(d.final_logical_gib, 1)
          << " GiB logical, " << CapacityFixed(d.final_physical_gib, 1) << " GiB physical, cost "
          << CapacityFixed(d.final_cost, 2) << "\n";
    }
    if (r.outcome != Outcome::kPassed) out << "  " << FirstLine(r.failure) << "\n";
  }
}

}  // namespace

int CapacityCommand(const std::vector<std::string>& args, Console console) {
  const po::options_description visible = CapacityOptions();
  const auto parsed_args = ParseCommandArgs(args, visible, console, "capacity");
  if (!parsed_args) return kExitBadInput;
  const po::variables_map& vm = *parsed_args;
  if (vm["help"].as<bool>()) {
    console.out << kUsage << kAbout << '\n' << visible << kExitCodes;
    return kExitPassed;
  }
  if (!vm.count("paths")) return UsageError(console, "no capacity study file given", "capacity");
  const std::vector<std::string>& paths = vm["paths"].as<std::vector<std::string>>();
  if (paths.size() != 1) {
    return UsageError(console, "one study file at a time (got " + std::to_string(paths.size()) + ")",
                      "capacity");
  }
  RunOptions options;
  if (vm.count("seed")) {
    StatusOr<uint64_t> seed = ParseSeed(vm["seed"].as<std::string>());
    if (!seed.ok()) return UsageError(console, seed.status().message(), "capacity");
    options.seed = *seed;
  }
  auto log = MakeLogger(console, vm["verbose"].as<bool>());

  size_t file_count = 0;
  StatusOr<std::vector<Scenario>> loaded = LoadCases(paths, *log, &file_count);
  if (!loaded.ok()) {
    log->error("{}", loaded.status().message());
    return kExitBadInput;
  }
  if (loaded->empty()) {
    log->error("no scenario found in \"{}\"", paths.front());
    return kExitBadInput;
  }
  const std::string& study_name = loaded->front().base_name;
  for (const Scenario& s : *loaded) {
    if (s.base_name != study_name) {
      log->error("\"{}\" holds several scenarios ({}, {}); a study is one scenario", paths.front(),
                 study_name, s.base_name);
      return kExitBadInput;
    }
    if (!HasWorkload(s)) {
      log->error("{}: case {} has no workload step, so there is nothing to measure; see "
                 "scenario-format.md, Workloads", s.where.file, s.name);
      return kExitBadInput;
    }
  }

  const std::filesystem::path out_dir =
      vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                      : std::filesystem::path("capacity-out") / study_name;
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  std::ofstream html(out_dir / "index.html", std::ios::binary | std::ios::trunc);
  std::ofstream json(out_dir / "summary.json", std::ios::binary | std::ios::trunc);
  if (ec || !html || !json) {
    log->error("--out: cannot write into \"{}\"{}", out_dir.string(), ec ? ": " + ec.message() : "");
    return kExitBadInput;
  }

  std::vector<CaseResult> results;
  for (size_t i = 0; i < loaded->size(); ++i) {
    const Scenario& s = (*loaded)[i];
    if (console.err_is_terminal) {
      console.err << "\r\x1b[K[" << (i + 1) << "/" << loaded->size() << "] running " << s.name
                  << " ..." << std::flush;
    }
    std::vector<CaseResult> one = RunCases({&s}, options, *log);
    results.push_back(std::move(one.front()));
  }
  if (console.err_is_terminal) console.err << "\r\x1b[K" << std::flush;

  CapacityStudy study{.name = study_name,
                      .description = loaded->front().description,
                      .file = loaded->front().where.file,
                      .cases = results};
  WriteCapacityHtml(html, study);
  WriteJsonReport(json, results);
  html.flush();
  json.flush();
  if (!html || !json) {
    log->error("writing the report into \"{}\" failed", out_dir.string());
    return kExitBadInput;
  }
  PrintHeadlines(console.out, results);
  console.out << "report: " << (out_dir / "index.html").string() << "\nsummary: "
              << (out_dir / "summary.json").string() << "\n";
  return Summarize(results).AllPassed() ? kExitPassed : kExitFailed;
}

}  // namespace xnsim::cli
