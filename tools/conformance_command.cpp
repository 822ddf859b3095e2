// `xnsim conformance`: the suite under conformance/ (or --suite), checked for its own
// consistency (every case names a profile and a known rule; every rule has a case),
// optionally pointed at a user's driver profile, cut by profile, filter and shard, run,
// and reported per profile and per rule.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "reports/conformance.h"
#include "reports/reports.h"
#include "sim/controllers/provisioner/profile.h"
#include "sim/scenario/driver_profile.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/rule_catalog.h"
#include "tools/case_filter.h"
#include "tools/case_runner.h"
#include "tools/cli.h"
#include "tools/command_args.h"
#include "tools/golden_trace.h"

#ifndef XNSIM_CONFORMANCE_DIR
#define XNSIM_CONFORMANCE_DIR "conformance"
#endif

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kCommand = "conformance";
constexpr const char* kUsage = "usage: xnsim conformance [OPTIONS]\n";
constexpr std::string_view kReportKinds[] = {"junit", "json", "md"};
// Listed first in every report: what every setup must pass.
constexpr const char* kCoreProfile = "core";

constexpr const char* kAbout = R"TXT(
Runs the conformance suite: one scenario case per rule of cross-namespace provisioning
(admission, feature gates, grant matching, snapshot restore, PVC clone, data-source
kinds, binding modes, lifecycle races, capacity, finalizers), each naming its rule and
its source in SEMANTICS.md. Prints the cases that did not pass, a table per profile and
the verdict. A profile is conformant only when none of its cases failed and none was
skipped; a case the driver under test cannot run (it lacks CLONE_VOLUME, say) is
skipped with the reason, never passed.
)TXT";

constexpr const char* kMore = R"TXT(
profiles:
  core              what every setup must pass: admission, gates, grant matching,
                    binding, data-source kinds, the provisioner's retries and PV
  snapshot-restore  restore-specific checks, the snapshot controller, its finalizers
  pvc-clone         clone-specific checks, the clone-protection finalizer
  races             grants, sources and claims changing mid-provision; restarts
  capacity          capacity accounting and driver limits

--driver FILE points the suite at your driver: a DriverProfile document
  apiVersion: xnsim.io/v1alpha1
  kind: DriverProfile
  metadata: {name: ebs.csi.aws.com}
  driver:                      # the keys of a scenario's cluster.drivers entry
    capabilities: [CREATE_DELETE_VOLUME, CREATE_DELETE_SNAPSHOT]
    capacity: 100Ti
    copyMode: copyOnWrite
    costs: {restoreSnapshot: {base: 2s, perGiB: 1s}}
Each case's driver takes the profile's settings, except those the case sets itself
because its rule is about them; capabilities become those both report.

Shards: --shard I/N (or GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS) runs every N-th case
of the selection starting at I; `xnsim report merge` joins the shards' JSON reports.

exit codes:
  0  every profile that ran is conformant
  1  a case failed or errored, or a profile had skipped cases (not conformant)
  2  bad input or usage: the suite, the driver profile or an option is wrong
)TXT";

po::options_description VisibleOptions() {
  po::options_description o("options", 80, 40);
  // clang-format off
  o.add_options()
      ("profile", po::value<std::string>()->value_name("P[,P...]"),
       "run only these profiles (see below); default: all")
      ("filter", po::value<std::string>()->value_name("EXPR"),
       "run only the cases EXPR selects: a label selector (area=grant-matching, "
       "rule=grant-to-name) or a case-name glob (grant-*), as `xnsim run` takes it")
      ("driver", po::value<std::string>()->value_name("FILE"),
       "run the suite against this driver profile instead of the default "
       "hostpath.csi.k8s.io model (see below)")
      ("shard", po::value<std::string>()->value_name("I/N"),
       "run only shard I (from 0) of N of the selected cases")
      ("report", po::value<std::vector<std::string>>()->composing()->value_name("KIND=PATH"),
       "also write a report: md (Markdown for people), json (for tools; shards merge with "
       "`xnsim report merge`) or junit (JUnit XML for CI). Repeatable")
      ("suite", po::value<std::string>()->value_name("DIR"),
       "the suite's folder (default: the conformance/ folder xnsim was built from, or "
       "XNSIM_CONFORMANCE_DIR when set)")
      ("seed", po::value<std::string>()->value_name("N")->default_value("1"),
       "seed of every case's simulation; the same seed replays a run exactly")
      ("list", po::bool_switch(), "list the selected cases with profile and rule; run nothing")
      ("color", po::value<std::string>()->value_name("WHEN")->default_value("auto"),
       "colour the console summary: auto, always, never")
      ("verbose,v", po::bool_switch(), "log every case and step to stderr")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
  AddGoldenOptions(o);
  return o;
}

std::string SuiteDir(const po::variables_map& vm) {
  std::string dir = XNSIM_CONFORMANCE_DIR;
  if (const char* env = std::getenv("XNSIM_CONFORMANCE_DIR"); env != nullptr && *env != '\0') {
    dir = env;
  }
  if (vm.count("suite")) dir = vm["suite"].as<std::string>();
  // Reports name case files; relative to where the user stands, they read as in the repo.
  std::error_code ec;
  const std::filesystem::path relative = std::filesystem::relative(dir, ec);
  if (!ec && !relative.empty() && *relative.begin() != "..") return relative.string();
  return dir;
}

std::string Label(const Scenario& s, const char* key) {
  auto it = s.labels.find(key);
  return it == s.labels.end() ? std::string() : it->second;
}

// The suite's own consistency: every case names a profile and a known rule, every rule
// is checked by a case. Returns the profiles in report order (core first).
StatusOr<std::vector<std::string>> CheckSuite(const std::vector<Scenario>& cases,
                                              const std::vector<Rule>& rules) {
  std::set<std::string> rule_ids, checked, profiles;
  for (const Rule& r : rules) rule_ids.insert(r.id);
  std::vector<std::string> errors;
  for (const Scenario& s : cases) {
    const std::string profile = Label(s, "profile"), rule = Label(s, "rule");
    if (profile.empty()) errors.push_back(s.where.ToString() + ": case " + s.name +
                                          " has no metadata.labels.profile");
    if (rule.empty()) {
      errors.push_back(s.where.ToString() + ": case " + s.name + " has no metadata.labels.rule");
    } else if (!rule_ids.count(rule)) {
      errors.push_back(s.where.ToString() + ": case " + s.name + " names rule \"" + rule +
                       "\", which no rules.yaml of the suite defines");
    }
    if (!profile.empty()) profiles.insert(profile);
    checked.insert(rule);
  }
  for (const Rule& r : rules) {
    if (!checked.count(r.id)) {
      errors.push_back(r.where.ToString() + ": rule \"" + r.id + "\" is checked by no case");
    }
  }
  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    return InputError(all);
  }
  std::vector<std::string> ordered;
  if (profiles.erase(kCoreProfile)) ordered.push_back(kCoreProfile);
  ordered.insert(ordered.end(), profiles.begin(), profiles.end());
  return ordered;
}

std::string Join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string DriverSettings(const DriverSpec& d) {
  std::ostringstream out;
  out << "capacity " << (d.capacity ? d.capacity->ToString() : "unlimited") << ", copy mode "
      << d.copy_mode << ", maxInflight " << d.max_inflight;
  return out.str();
}

std::string DriverCosts(const DriverSpec& d) {
  std::vector<std::string> costs;
  for (const auto& [op, cost] : d.costs) {
    std::string c = op + " " + FormatDuration(cost.base);
    if (cost.per_gib != 0) c += " + " + FormatDuration(cost.per_gib) + "/GiB";
    costs.push_back(std::move(c));
  }
  return Join(costs);
}

std::string ProvisionerSettings(const ProvisionerSpec& p) {
  std::ostringstream out;
  StatusOr<ProvisionerProfile> release = ProfileForVersion(p.version);
  if (release.ok()) out << "external-provisioner v" << release->major << "." << release->minor << " model, ";
  out << "--worker-threads " << p.worker_threads << ", --retry-interval-start "
      << FormatDuration(p.retry_interval_start) << ", --retry-interval-max "
      << FormatDuration(p.retry_interval_max) << ", --kube-api-qps " << p.kube_api_qps
      << ", --kube-api-burst " << p.kube_api_burst << ", --timeout " << FormatDuration(p.timeout)
      << " (defaults; a case may set its own)";
  return out.str();
}

// What the report's "what was tested" says.
std::vector<std::pair<std::string, std::string>> Tested(
    const std::string& suite, size_t suite_cases, size_t rule_count,
    const std::vector<const Scenario*>& cases, const std::optional<DriverProfile>& profile,
    const std::string& selection, uint64_t seed) {
  Scenario probe;
  probe.cluster = DefaultCluster();
  if (profile) ApplyDriverProfile(*profile, &probe);
  const DriverSpec& d = probe.cluster.drivers.front();
  std::set<KubeVersion> versions;
  for (const Scenario* s : cases) versions.insert(s->cluster.kubernetes_version);
  std::vector<std::string> version_names;
  for (const KubeVersion& v : versions) version_names.push_back(v.ToString());

  std::vector<std::pair<std::string, std::string>> t;
  t.emplace_back("Suite", suite + " (" + std::to_string(suite_cases) + " cases, " +
                              std::to_string(rule_count) + " rules)");
  t.emplace_back("Selection", selection);
  t.emplace_back("Driver under test",
                 profile ? profile->name + " (profile " + profile->file + ")"
                         : d.name + " (the suite's default driver model)");
  if (profile && !profile->description.empty()) t.emplace_back("Driver notes", profile->description);
  t.emplace_back("Capabilities", Join(d.capabilities));
  t.emplace_back("Driver settings", DriverSettings(d));
  t.emplace_back("Driver costs", DriverCosts(d));
  t.emplace_back("Provisioner", ProvisionerSettings(DefaultCluster().provisioner));
  t.emplace_back("Kubernetes versions", Join(version_names));
  t.emplace_back("Seed", std::to_string(seed));
  return t;
}

}  // namespace

int ConformanceCommand(const std::vector<std::string>& args, Console console) {
  const po::options_description visible = VisibleOptions();
  const auto parsed_args = ParseCommandArgs(args, visible, console, kCommand);
  if (!parsed_args) return kExitBadInput;
  const po::variables_map& vm = *parsed_args;
  if (vm["help"].as<bool>()) {
    console.out << kUsage << kAbout << '\n' << visible << kMore;
    return kExitPassed;
  }
  if (vm.count("paths")) {
    return UsageError(console,
                      "conformance takes no files (use --suite DIR for another suite, or "
                      "`xnsim run FILE` for single scenarios)",
                      kCommand);
  }
  auto log = MakeLogger(console, vm["verbose"].as<bool>());

  StatusOr<RunSelection> selection = ReadRunSelection(vm, console, kReportKinds);
  if (!selection.ok()) return UsageError(console, selection.status().message(), kCommand);
  RunOptions& run_options = selection->run;
  const CaseFilter& filter = selection->filter;
  const Shard& shard = selection->shard;
  std::vector<ReportRequest>& reports = selection->reports;

  // The suite and the driver profile: any error refuses the run before anything runs.
  const std::string suite = SuiteDir(vm);
  StatusOr<std::vector<Rule>> rules = LoadRuleCatalogs(suite);
  if (!rules.ok()) {
    log->error("{}", rules.status().message());
    return kExitBadInput;
  }
  size_t file_count = 0;
  StatusOr<std::vector<Scenario>> loaded = LoadCases({suite}, *log, &file_count);
  if (!loaded.ok()) {
    log->error("{}", loaded.status().message());
    return kExitBadInput;
  }
  StatusOr<std::vector<std::string>> profiles = CheckSuite(*loaded, *rules);
  if (!profiles.ok()) {
    log->error("the suite in {} is inconsistent:\n{}", suite, profiles.status().message());
    return kExitBadInput;
  }
  std::optional<DriverProfile> driver;
  if (vm.count("driver")) {
    StatusOr<DriverProfile> read = LoadDriverProfile(vm["driver"].as<std::string>());
    if (!read.ok()) {
      log->error("{}", read.status().message());
      return kExitBadInput;
    }
    driver = std::move(read).value();
    for (Scenario& s : *loaded) ApplyDriverProfile(*driver, &s);
  }

  std::set<std::string> wanted_profiles;
  if (vm.count("profile")) {
    std::stringstream list(vm["profile"].as<std::string>());
    for (std::string p; std::getline(list, p, ',');) {
      if (std::find(profiles->begin(), profiles->end(), p) == profiles->end()) {
        return UsageError(console, "--profile \"" + p + "\": no such profile in the suite (known: " +
                                       Join(*profiles) + ")",
                          kCommand);
      }
      wanted_profiles.insert(p);
    }
  }
  std::vector<const Scenario*> selected;
  for (const Scenario& s : *loaded) {
    if (!wanted_profiles.empty() && !wanted_profiles.count(Label(s, "profile"))) continue;
    if (filter.Matches(s.name, s.base_name, s.labels)) selected.push_back(&s);
  }
  if (selected.empty()) {
    log->error("no case to run: the suite has {} case(s), none selected by the profile and filter",
               loaded->size());
    return kExitBadInput;
  }
  std::vector<const Scenario*> cases;
  for (size_t i = 0; i < selected.size(); ++i) {
    if (shard.Keeps(i)) cases.push_back(selected[i]);
  }

  if (vm["list"].as<bool>()) {
    for (const Scenario* s : cases) {
      console.out << Label(*s, "profile") << '\t' << Label(*s, "rule") << '\t' << s->name << '\n';
    }
    return kExitPassed;
  }

  // Golden traces: a bad directory refuses the run before any output is opened.
  StatusOr<std::optional<GoldenTraces>> golden = GoldenTracesFromOptions(vm, cases);
  if (!golden.ok()) return UsageError(console, golden.status().message(), kCommand);
  const CaseTraceObserver golden_observer = [&golden](const Scenario& s, std::string_view trace,
                                                      CaseResult& r) { (*golden)->Observe(s, trace, r); };

  if (Status opened = OpenReports(reports); !opened.ok()) {
    log->error("{}", opened.message());
    return kExitBadInput;
  }

  std::vector<std::string> chosen;
  if (vm.count("profile")) chosen.push_back("profile " + vm["profile"].as<std::string>());
  if (vm.count("filter")) chosen.push_back("filter " + vm["filter"].as<std::string>());
  if (shard.count > 1) {
    chosen.push_back("shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count));
  }
  ConformanceInfo info;
  info.tested = Tested(suite, loaded->size(), rules->size(), cases, driver,
                       chosen.empty() ? "every case" : Join(chosen, "; "),
                       run_options.seed);
  info.profiles = *profiles;
  info.rules = *rules;

  log->debug("running {} case(s) from {} file(s)", cases.size(), file_count);
  const std::vector<CaseResult> results =
      RunCases(cases, run_options, *log, golden->has_value() ? &golden_observer : nullptr);

  WriteConformanceConsole(console.out, info, results, selection->use_color);
  bool written = true;
  for (ReportRequest& r : reports) {
    if (r.kind == "md") WriteConformanceMarkdown(*r.file, info, results);
    if (r.kind == "json") WriteJsonReport(*r.file, results, &info);
    if (r.kind == "junit") WriteJUnitReport(*r.file, results, "xnsim-conformance");
    written = FinishReport(r, *log) && written;
  }
  if (golden->has_value() && !FinishGoldenTraces(**golden, *log)) written = false;
  if (!written) return kExitBadInput;
  return Conformant(SummarizeProfiles(info, results)) ? kExitPassed : kExitFailed;
}

}  // namespace xnsim::cli
