// The analysis at scale: the access graph of 10,000 ReferenceGrants over 1,000
// namespaces, built and searched for one source's exposure (the target: well
// under a second).
#include <benchmark/benchmark.h>

#include <string>

#include "sim/analysis/access_graph.h"
#include "sim/analysis/exposure.h"

namespace xnsim {
namespace {

// Namespace i holds claim "data" and a snapshot "nightly" of it; grant j in namespace
// j % N lets another namespace, spread by j / N, clone "data" (every tenth grant any
// claim, every fifth restore "nightly"), so exposure spreads through most namespaces.
AccessState BigState(int namespaces, int grants) {
  AccessState s;
  for (int i = 0; i < namespaces; ++i) {
    const std::string ns = "team-" + std::to_string(i);
    s.namespaces.push_back(ns);
    s.objects.push_back({DataKind::kClaim, ns, "data"});
    s.objects.push_back({DataKind::kSnapshot, ns, "nightly"});
    s.lineage.push_back({i, {DataKind::kClaim, ns, "data"}, {DataKind::kSnapshot, ns, "nightly"},
                         LineageKind::kSnapshot});
  }
  for (int j = 0; j < grants; ++j) {
    auto g = std::make_shared<ReferenceGrant>();
    g->metadata.namespace_ = "team-" + std::to_string(j % namespaces);
    g->metadata.name = "grant-" + std::to_string(j);
    g->spec.from.push_back(
        {"", "PersistentVolumeClaim", "team-" + std::to_string((7 * (j % namespaces) + 131 * (j / namespaces) + 1) % namespaces)});
    if (j % 5 == 0) {
      g->spec.to.push_back({"snapshot.storage.k8s.io", "VolumeSnapshot", std::string("nightly")});
    } else if (j % 10 == 1) {
      g->spec.to.push_back({"", "PersistentVolumeClaim", std::nullopt});
    } else {
      g->spec.to.push_back({"", "PersistentVolumeClaim", std::string("data")});
    }
    s.grants.push_back(std::move(g));
  }
  return s;
}

void BM_BuildGraphAndExposure(benchmark::State& state) {
  const AccessState input = BigState(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  size_t reached = 0;
  for (auto _ : state) {
    const AccessGraph graph = AccessGraph::Build(input);
    StatusOr<Exposure> e = ComputeExposure(graph, {DataKind::kClaim, "team-0", "data"});
    reached = e.ok() ? e->namespaces.size() : 0;
    benchmark::DoNotOptimize(reached);
  }
  state.counters["namespaces_reached"] = static_cast<double>(reached);
}
BENCHMARK(BM_BuildGraphAndExposure)->Args({1000, 10000})->Unit(benchmark::kMillisecond);

void BM_ExposureOnly(benchmark::State& state) {
  const AccessGraph graph = AccessGraph::Build(BigState(1000, 10000));
  for (auto _ : state) {
    StatusOr<Exposure> e = ComputeExposure(graph, {DataKind::kClaim, "team-0", "data"});
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_ExposureOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace xnsim

BENCHMARK_MAIN();
