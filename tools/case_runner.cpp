#include "tools/case_runner.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <boost/program_options.hpp>
#include <set>
#include <sstream>

#include "sim/analysis/exposure_guard.h"
#include "sim/scenario/loader.h"

namespace xnsim::cli {
namespace {

StatusOr<int> ParseCount(std::string_view text, std::string_view what) {
  int n = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (text.empty() || ec != std::errc() || ptr != end || n < 0) {
    return InputError(std::string(what) + ": expected a whole number, got \"" + std::string(text) +
                      "\"");
  }
  return n;
}

}  // namespace

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

StatusOr<bool> ParseColor(const std::string& when, const Console& console) {
  if (when == "always") return true;
  if (when == "never") return false;
  if (when == "auto") return console.color_by_default;
  return InputError("--color \"" + when + "\": expected auto, always or never");
}

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

StatusOr<std::vector<ReportRequest>> ParseReports(const std::vector<std::string>& specs,
                                                  std::span<const std::string_view> kinds) {
  std::vector<ReportRequest> reports;
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      return InputError("--report \"" + spec + "\": expected KIND=PATH, e.g. junit=out/report.xml");
    }
    ReportRequest r;
    r.kind = spec.substr(0, eq);
    r.path = spec.substr(eq + 1);
    if (std::find(kinds.begin(), kinds.end(), r.kind) == kinds.end()) {
      std::string known;
      for (std::string_view k : kinds) known += (known.empty() ? "" : ", ") + std::string(k);
      return InputError("--report \"" + spec + "\": unknown report kind \"" + r.kind +
                        "\" (known: " + known + ")");
    }
    if (r.path.empty()) return InputError("--report \"" + spec + "\": the path is empty");
    reports.push_back(std::move(r));
  }
  return reports;
}

Status OpenReports(std::vector<ReportRequest>& reports) {
  for (ReportRequest& r : reports) {
    r.file = std::make_unique<std::ofstream>(r.path, std::ios::binary | std::ios::trunc);
    if (!*r.file) return InputError("--report " + r.kind + ": cannot write \"" + r.path + "\"");
  }
  return Status::Ok();
}

bool FinishReport(ReportRequest& report, spdlog::logger& log) {
  report.file->flush();
  if (*report.file) return true;
  log.error("--report {}: writing \"{}\" failed", report.kind, report.path);
  return false;
}

StatusOr<Shard> ParseShard(std::string_view text) {
  const size_t slash = text.find('/');
  const Status bad = InputError("--shard \"" + std::string(text) +
                                "\": expected I/N, shard I (from 0) of N, e.g. 0/4");
  if (slash == std::string_view::npos) return bad;
  StatusOr<int> index = ParseCount(text.substr(0, slash), "--shard");
  StatusOr<int> count = ParseCount(text.substr(slash + 1), "--shard");
  if (!index.ok() || !count.ok() || *count < 1) return bad;
  if (*index >= *count) {
    return InputError("--shard \"" + std::string(text) + "\": shard " + std::to_string(*index) +
                      " does not exist; shards of " + std::to_string(*count) + " run from 0 to " +
                      std::to_string(*count - 1));
  }
  return Shard{*index, *count};
}

StatusOr<std::optional<Shard>> ShardFromEnvironment() {
  const char* total = std::getenv("GTEST_TOTAL_SHARDS");
  const char* index = std::getenv("GTEST_SHARD_INDEX");
  if (total == nullptr || index == nullptr) return std::optional<Shard>();
  StatusOr<int> n = ParseCount(total, "GTEST_TOTAL_SHARDS");
  StatusOr<int> i = ParseCount(index, "GTEST_SHARD_INDEX");
  if (!n.ok()) return n.status();
  if (!i.ok()) return i.status();
  if (*n < 1 || *i >= *n) {
    return InputError("GTEST_SHARD_INDEX=" + std::string(index) + " and GTEST_TOTAL_SHARDS=" +
                      std::string(total) + ": the index must be from 0 to the total minus 1");
  }
  if (const char* status_file = std::getenv("GTEST_SHARD_STATUS_FILE")) {
    std::ofstream touch(status_file, std::ios::app);
  }
  return std::optional<Shard>(Shard{*i, *n});
}

StatusOr<Shard> ChooseShard(const std::optional<std::string>& flag) {
  if (flag) return ParseShard(*flag);
  StatusOr<std::optional<Shard>> env = ShardFromEnvironment();
  if (!env.ok()) return env.status();
  return env->value_or(Shard{});
}

StatusOr<RunSelection> ReadRunSelection(const boost::program_options::variables_map& vm,
                                        const Console& console,
                                        std::span<const std::string_view> report_kinds) {
  RunSelection sel;
  if (vm.count("seed")) {
    StatusOr<uint64_t> seed = ParseSeed(vm["seed"].as<std::string>());
    if (!seed.ok()) return seed.status();
    sel.run.seed = *seed;
  }
  if (vm.count("filter")) {
    StatusOr<CaseFilter> parsed = CaseFilter::Parse(vm["filter"].as<std::string>());
    if (!parsed.ok()) return parsed.status();
    sel.filter = std::move(parsed).value();
  }
  StatusOr<bool> use_color = ParseColor(vm["color"].as<std::string>(), console);
  if (!use_color.ok()) return use_color.status();
  sel.use_color = *use_color;
  StatusOr<Shard> shard = ChooseShard(vm.count("shard") ? std::optional(vm["shard"].as<std::string>())
                                                          : std::nullopt);
  if (!shard.ok()) return shard.status();
  sel.shard = *shard;
  StatusOr<std::vector<ReportRequest>> reports =
      ParseReports(vm.count("report") ? vm["report"].as<std::vector<std::string>>()
                                      : std::vector<std::string>{},
                   report_kinds);
  if (!reports.ok()) return reports.status();
  sel.reports = std::move(reports).value();
  return sel;
}

std::vector<CaseResult> RunCases(const std::vector<const Scenario*>& cases,
                                 const RunOptions& options, spdlog::logger& log,
                                 const CaseTraceObserver* observer) {
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const Scenario* scenario : cases) {
    if (options.trace != nullptr) {
      *options.trace << nlohmann::json{{"case", scenario->name},
                                       {"file", scenario->where.file},
                                       {"seed", options.seed}}
                            .dump()
                     << '\n';
    }
    // An observer needs the case's trace on its own: it goes to a buffer first.
    std::ostringstream case_trace;
    RunOptions case_options = options;
    if (observer != nullptr) case_options.trace = &case_trace;
    const auto started = std::chrono::steady_clock::now();
    // A case with `maxExposure` bounds is checked against its access graph at the end.
    std::optional<ExposureGuard> guard;
    if (!scenario->max_exposure.empty()) {
      guard.emplace(scenario->max_exposure);
      case_options.observers.push_back(&*guard);
    }
    CaseResult result = RunScenario(*scenario, case_options);
    result.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (observer != nullptr) {
      const std::string text = std::move(case_trace).str();
      if (options.trace != nullptr) *options.trace << text;
      (*observer)(*scenario, text, result);
    }
    log.debug("case {}: {} at {} virtual, {} events", result.name, OutcomeName(result.outcome),
              FormatDuration(result.virtual_time), result.events);
    for (const StepResult& s : result.steps) {
      log.debug("  step {} {} ({}) {}: {}", s.index + 1, s.keyword, s.location,
                OutcomeName(s.outcome), s.message);
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace xnsim::cli
