// End-to-end throughput: N claims in many namespaces restore one VolumeSnapshot from
// the namespace `prod`, each allowed by its namespace's ReferenceGrant, through the
// whole cluster (API server, PV binder, external-provisioner, snapshot controller,
// mock driver). The figure is provisions per wall second of RunScenario; loading the
// scenario text is timed apart. Peak memory is the process's maximum resident set.
//
//   scenario_bench --benchmark_filter=CrossNamespaceRestores/claims:10000
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "sim/scenario/bench_restore_scenario.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

constexpr int kNamespaces = 100;

std::string ScenarioText(int claims, bool fast_controller_manager) {
  std::string y = bench::RestoreSourceAndGrants("cross-namespace-restores", kNamespaces,
                                                fast_controller_manager);
  y += "- apply:\n    resources:\n";
  for (int i = 0; i < claims; ++i) y += "    - " + bench::RestoreClaim(i, kNamespaces) + "\n";
  return y + bench::kRestoreSettleAndCheck;
}

void CrossNamespaceRestores(benchmark::State& state) {
  const int claims = static_cast<int>(state.range(0));
  const std::string text = ScenarioText(claims, state.range(1) != 0);
  for (auto _ : state) {
    state.PauseTiming();
    StatusOr<std::vector<Scenario>> loaded = LoadScenarioText(text, "restores.yaml", ".");
    if (!loaded.ok()) {
      state.SkipWithError(loaded.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();
    CaseResult r = RunScenario((*loaded)[0], RunOptions{});
    if (r.outcome != Outcome::kPassed) {
      state.SkipWithError(r.failure.c_str());
      return;
    }
    state.counters["virtual_s"] = static_cast<double>(r.virtual_time) / kSecond;
    state.counters["events"] = static_cast<double>(r.events);
  }
  state.SetItemsProcessed(state.iterations() * claims);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
// Args: claims, and whether kube-controller-manager's client is raised to 1000 QPS.
BENCHMARK(CrossNamespaceRestores)
    ->ArgNames({"claims", "fast_kcm"})
    ->ArgsProduct({{1000, 10000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace xnsim

BENCHMARK_MAIN();
