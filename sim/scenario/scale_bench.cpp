// Scale: N cross-namespace provisions spread over 1,000 namespaces, end to end
// (API server, PV binder, external-provisioner, snapshot controller, mock driver, the
// runner's invariants). Every claim restores the VolumeSnapshot prod/snap1, allowed by
// its namespace's ReferenceGrant. The scenario is built in memory (one claim manifest
// copied N times) so that YAML loading neither costs time nor holds memory here.
//
// Counters: wall_s and provisions_per_s of RunScenario; the engine's events and
// events_per_s; peak_rss_MiB, the process's peak resident set; KB_per_claim, that peak
// minus the resident set before the run, per claim (the scenario's own N manifests
// are counted before the run). Run one size per process for a true peak:
//
//   scenario_bench --benchmark_filter='ScaleProvisions/claims:100000$'
//
// tools/scale-bench.sh runs 10^4, 10^5 and 10^6 and prints a table.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario/bench_restore_scenario.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

constexpr int kScaleNamespaces = 1000;

// Everything but the claims: the source snapshot in `prod`, one namespace and one
// ReferenceGrant per team, then a single claim manifest that ScaleScenario copies.
std::string ScaleScenarioText() {
  return bench::RestoreSourceAndGrants("cross-namespace-scale", kScaleNamespaces,
                                       /*fast_controller_manager=*/true) +
         "- apply:\n    resources:\n    - " + bench::RestoreClaim(0, kScaleNamespaces) + "\n" +
         bench::kRestoreSettleAndCheck;
}

// The scenario with `claims` claims: the template claim's apply step grows to
// restore-0 .. restore-<claims-1>, claim i in namespace team-<i mod 1000>.
StatusOr<Scenario> ScaleScenario(int claims) {
  StatusOr<std::vector<Scenario>> loaded = LoadScenarioText(ScaleScenarioText(), "scale.yaml", ".");
  if (!loaded.ok()) return loaded.status();
  Scenario scenario = std::move((*loaded)[0]);
  auto& apply = std::get<ApplyStep>(scenario.steps[scenario.steps.size() - 3].body);
  const ManifestRef model = apply.objects.at(0);
  apply.objects.clear();
  apply.objects.reserve(claims);
  for (int i = 0; i < claims; ++i) {
    ManifestRef ref = model;
    ref.tree = nullptr;  // created, never merged: the typed object is all apply needs
    ObjectMeta& meta = MetaOf(ref.object);
    meta.name = "restore-" + std::to_string(i);
    meta.namespace_ = "team-" + std::to_string(i % kScaleNamespaces);
    apply.objects.push_back(std::move(ref));
  }
  return scenario;
}

double ResidentMiB() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void ScaleProvisions(benchmark::State& state) {
  const int claims = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    StatusOr<Scenario> scenario = ScaleScenario(claims);
    if (!scenario.ok()) {
      state.SkipWithError(scenario.status().ToString().c_str());
      return;
    }
    const double before_mib = ResidentMiB();
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    CaseResult r = RunScenario(*scenario, RunOptions{});
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r.outcome != Outcome::kPassed) {
      state.SkipWithError(r.failure.c_str());
      return;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
    state.counters["wall_s"] = wall;
    state.counters["provisions_per_s"] = claims / wall;
    state.counters["events"] = static_cast<double>(r.events);
    state.counters["events_per_s"] = static_cast<double>(r.events) / wall;
    state.counters["virtual_s"] = static_cast<double>(r.virtual_time) / kSecond;
    state.counters["peak_rss_MiB"] = peak_mib;
    state.counters["KB_per_claim"] = (peak_mib - before_mib) * 1024.0 / claims;
  }
}
BENCHMARK(ScaleProvisions)
    ->ArgName("claims")
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace xnsim
