#include "sim/explore/explorer.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <deque>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

// What identifies a failure while shrinking: the same kind of failure at the same
// step (an invariant by name), not the same text, which carries times and uids.
std::string FailureSignature(const CaseResult& r) {
  if (r.outcome == Outcome::kPassed || r.outcome == Outcome::kSkipped) return {};
  std::string sig = OutcomeName(r.outcome);
  for (const StepResult& s : r.steps) {
    if (s.outcome == Outcome::kFailed || s.outcome == Outcome::kError) {
      sig += "@" + std::to_string(s.index);
      const size_t inv = s.message.find("invariant `");
      if (inv != std::string::npos) sig += ":" + s.message.substr(inv, s.message.find('`', inv + 11) - inv);
      return sig;
    }
  }
  const size_t inv = r.failure.find("invariant `");
  if (inv != std::string::npos) sig += ":" + r.failure.substr(inv, r.failure.find('`', inv + 11) - inv);
  return sig;
}

const Finding* FindingOf(const CaseResult& r, const std::string& kind) {
  for (const Finding& f : r.findings) {
    if (f.kind == kind) return &f;
  }
  return nullptr;
}

std::string LastLines(const std::string& text, size_t n) {
  size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  size_t lines = 0;
  while (pos > 0) {
    if (text[pos - 1] == '\n' && ++lines == n) break;
    --pos;
  }
  return text.substr(pos);
}

// The trace's records up to virtual time `until` (a window's last records are those
// that led to it, not the rest of the run).
std::string TraceUpTo(const std::string& text, SimTime until) {
  size_t pos = 0, end = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const size_t ns = text.find("\"ns\":", pos);
    if (ns != std::string::npos && ns < nl && std::strtoll(text.c_str() + ns + 5, nullptr, 10) > until) break;
    end = pos = nl + 1;
  }
  return text.substr(0, std::min(end, text.size()));
}

struct RunSummary {
  std::string signature;  // "" when it passed
  std::map<std::string, Finding> findings;  // first of each kind
};

// One schedule of a case whose runs share `plan` (PlanCase).
CaseResult RunPlanned(const Scenario& scenario, const std::shared_ptr<const CasePlan>& plan,
                      const ScheduleSpec& spec, const ExploreOptions& options, std::ostream* trace,
                      ScheduleStats* stats) {
  RunOptions run;
  run.seed = spec.seed;
  run.trace = trace;
  run.seams = options.seams;
  run.plan = plan;
  const std::unique_ptr<RunObserver> check = options.case_check ? options.case_check() : nullptr;
  if (check != nullptr) run.observers.push_back(check.get());
  run.perturbation = [&spec, stats](Engine& engine) -> std::unique_ptr<Perturbation> {
    std::unique_ptr<SchedulePerturbation> p = MakePerturbation(engine, spec);
    p->ReportTo(stats);
    return p;
  };
  return RunScenario(scenario, run);
}

class Shrinker {
 public:
  Shrinker(const Scenario& scenario, std::shared_ptr<const CasePlan> plan, const ExploreOptions& options)
      : scenario_(scenario), plan_(std::move(plan)), options_(options) {}

  // Narrows `spec` while `holds` keeps holding; returns the minimal schedule.
  template <class Pred>
  ScheduleSpec Shrink(ScheduleSpec spec, Pred holds, uint32_t perturbations, int* runs) {
    const auto still = [&](const ScheduleSpec& candidate) {
      if (*runs >= options_.shrink_budget) return false;
      ++*runs;
      return holds(RunPlanned(scenario_, plan_, candidate, options_, nullptr, nullptr));
    };
    ScheduleSpec cand = spec;
    cand.keep = std::vector<uint32_t>{};
    cand.ties = false;
    if (still(cand)) return cand;  // no perturbation needed at all
    if (spec.ties) {
      cand = spec;
      cand.ties = false;
      if (still(cand)) spec = cand;
    }
    std::vector<uint32_t> keep;
    if (spec.keep) {
      keep = *spec.keep;
    } else {
      for (uint32_t i = 0; i < perturbations; ++i) keep.push_back(i);
    }
    // Delta debugging, complements only: drop chunks of halving size while the
    // failure stays.
    for (size_t chunk = std::max<size_t>(keep.size() / 2, 1); chunk >= 1; chunk /= 2) {
      for (size_t start = 0; start < keep.size();) {
        std::vector<uint32_t> fewer(keep.begin(), keep.begin() + static_cast<std::ptrdiff_t>(start));
        fewer.insert(fewer.end(), keep.begin() + static_cast<std::ptrdiff_t>(std::min(start + chunk, keep.size())),
                     keep.end());
        cand = spec;
        cand.keep = fewer;
        if (still(cand)) {
          keep = std::move(fewer);
        } else {
          start += chunk;
        }
      }
      if (chunk == 1) break;
    }
    spec.keep = keep;
    return spec;
  }

 private:
  const Scenario& scenario_;
  std::shared_ptr<const CasePlan> plan_;
  const ExploreOptions& options_;
};

}  // namespace

CaseResult RunSchedule(const Scenario& scenario, const ScheduleSpec& spec, const ClusterSeams* seams,
                       std::ostream* trace, ScheduleStats* stats) {
  ExploreOptions options;
  options.seams = seams;
  return RunPlanned(scenario, nullptr, spec, options, trace, stats);
}

uint64_t NominalEvents(const Scenario& scenario, const ClusterSeams* seams,
                       std::shared_ptr<const CasePlan> plan) {
  RunOptions run;
  run.seams = seams;
  run.plan = std::move(plan);
  return RunScenario(scenario, run).events;
}

StatusOr<ExploreReport> Explore(const Scenario& scenario, const ExploreOptions& options) {
  ExploreReport report;
  report.case_name = scenario.name;
  report.file = scenario.where.file;
  report.strategy = options.strategy;
  if (options.jitter) {
    report.jitter = *options.jitter;
  } else {
    StatusOr<JitterSet> j = JitterFromSpec(scenario.explore ? scenario.explore->jitter
                                                            : std::map<std::string, std::string>{});
    if (!j.ok()) return InputError(scenario.where.ToString() + ": " + j.status().message());
    report.jitter = *j;
  }
  // Every run of the case, the nominal one and the shrinking ones too, shares one plan.
  const std::shared_ptr<const CasePlan> plan = PlanCase(scenario, options.seams);
  report.nominal_events = NominalEvents(scenario, options.seams, plan);

  ScheduleSpec base;
  base.strategy = options.strategy;
  base.jitter = report.jitter;
  base.pct_depth = options.pct_depth;
  base.expected_events = report.nominal_events;

  const int runs = std::max(options.runs, 0);
  std::vector<RunSummary> summaries(static_cast<size_t>(runs));
  std::vector<ScheduleSpec> specs(static_cast<size_t>(runs), base);
  std::vector<ScheduleStats> stats(static_cast<size_t>(runs));
  std::vector<uint64_t> events(static_cast<size_t>(runs), 0);
  const auto run_one = [&](int i) {
    CaseResult r = RunPlanned(scenario, plan, specs[i], options, nullptr, &stats[i]);
    summaries[i].signature = FailureSignature(r);
    for (const Finding& f : r.findings) summaries[i].findings.emplace(f.kind, f);
    events[i] = r.events;
    return summaries[i].signature.empty();
  };

  int done = 0;
  if (options.strategy == Strategy::kExhaustive) {
    // Breadth first: the unreordered schedule, then its single reorderings, then pairs.
    std::deque<uint64_t> frontier{0};
    bool failed = false;
    while (done < runs && !frontier.empty() && !failed) {
      const int i = done++;
      specs[i].seed = frontier.front();
      frontier.pop_front();
      failed = !run_one(i);
      for (uint64_t child : NextReorderings(stats[i].choices, specs[i].seed)) {
        frontier.push_back(child);
      }
      stats[i].choices = {};  // only the frontier needs them
    }
    report.exhausted = frontier.empty() && !failed;
  } else {
    for (int i = 0; i < runs; ++i) specs[i].seed = options.first_seed + static_cast<uint64_t>(i);
    std::atomic<int> next{0};
    std::atomic<int> first_failure{INT_MAX};
    const auto worker = [&] {
      for (int i = next++; i < runs; i = next++) {
        if (i > first_failure.load()) break;  // a lower run failed: this one cannot be first
        if (!run_one(i)) {
          int seen = first_failure.load();
          while (i < seen && !first_failure.compare_exchange_weak(seen, i)) {
          }
        }
      }
    };
    const int jobs = std::clamp(options.jobs, 1, std::max(runs, 1));
    std::vector<std::thread> threads;
    for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads) t.join();
    done = first_failure.load() == INT_MAX ? runs : first_failure.load() + 1;
  }
  report.runs = done;

  Shrinker shrinker(scenario, plan, options);
  const auto finish = [&](ReportedSchedule& rs, int i, const auto& holds, const std::string& window_kind) {
    rs.found_at_run = i + 1;
    rs.found = specs[i];
    rs.perturbations_found = stats[i].perturbations;
    rs.events_found = events[i];
    rs.minimal = shrinker.Shrink(specs[i], holds, stats[i].perturbations, &rs.shrink_runs);
    std::ostringstream trace;
    ScheduleStats minimal_stats;
    CaseResult r = RunPlanned(scenario, plan, rs.minimal, options, &trace, &minimal_stats);
    rs.perturbations_minimal = rs.minimal.keep ? static_cast<uint32_t>(rs.minimal.keep->size())
                                               : minimal_stats.perturbations;
    rs.events_minimal = r.events;
    const Finding* window = window_kind.empty() ? nullptr : FindingOf(r, window_kind);
    rs.trace = LastLines(window != nullptr ? TraceUpTo(trace.str(), window->at) : trace.str(),
                         options.trace_lines);
    return r;
  };

  // Windows: counted over every run done; the first opening of each is shrunk.
  std::map<std::string, int> first_window;
  for (int i = 0; i < done; ++i) {
    for (const auto& [kind, f] : summaries[i].findings) {
      auto [it, fresh] = first_window.emplace(kind, i);
      (void)it;
      (void)fresh;
    }
  }
  std::vector<std::pair<int, std::string>> order;
  for (const auto& [kind, i] : first_window) order.emplace_back(i, kind);
  std::sort(order.begin(), order.end());
  for (const auto& [i, kind] : order) {
    ReportedSchedule rs;
    rs.kind = kind;
    const Finding& first = summaries[i].findings.at(kind);
    rs.rule = first.rule;
    rs.window_min = rs.window_max = first.window;
    for (int j = 0; j < done; ++j) {
      auto it = summaries[j].findings.find(kind);
      if (it == summaries[j].findings.end()) continue;
      ++rs.hits;
      rs.window_min = std::min(rs.window_min, it->second.window);
      rs.window_max = std::max(rs.window_max, it->second.window);
    }
    const std::string k = kind;
    CaseResult r = finish(rs, i, [&k](const CaseResult& c) { return FindingOf(c, k) != nullptr; }, k);
    const Finding* f = FindingOf(r, kind);
    rs.what = f != nullptr ? f->what : first.what;
    report.windows.push_back(std::move(rs));
  }

  for (int i = 0; i < done; ++i) {
    if (summaries[i].signature.empty()) continue;
    ReportedSchedule rs;
    rs.kind = "failure";
    const std::string sig = summaries[i].signature;
    CaseResult r = finish(rs, i, [&sig](const CaseResult& c) { return FailureSignature(c) == sig; }, "");
    rs.what = r.failure;
    report.failure = std::move(rs);
    break;
  }
  return report;
}

}  // namespace xnsim
