// Throughput of the fake API server: creates of claims through the whole admission
// pipeline, point Gets and namespace Lists, at 10^3 to 10^5 stored objects spread over
// 100 namespaces. Run a Release build: `api_bench`.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sim/api/apiserver.h"

namespace xnsim {
namespace {

constexpr int kNamespaces = 100;

std::string NsName(int i) { return "team-" + std::to_string(i % kNamespaces); }

PersistentVolumeClaim Claim(int i) {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = NsName(i);
  pvc.metadata.name = "claim-" + std::to_string(i);
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = Quantity::FromValue(kGi);
  pvc.spec.storage_class_name = "fast";
  pvc.spec.data_source_ref = TypedObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", "snap",
                                                  std::string("prod")};
  return pvc;
}

GateSet Gates() {
  GateSet g(Component::kKubeApiserver, kNewestKubeVersion);
  (void)g.Set("CrossNamespaceVolumeDataSource", true);
  return g;
}

void CreateNamespaces(ApiServer& api) {
  for (int i = 0; i < kNamespaces; ++i) {
    Namespace ns;
    ns.metadata.name = NsName(i);
    (void)api.Create(std::move(ns));
  }
}

// Creating N claims into an empty server: admission, validation, store and uid.
void BM_CreateClaims(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<Engine>(1);
    auto api = std::make_unique<ApiServer>(*engine, Gates());
    CreateNamespaces(*api);
    std::vector<PersistentVolumeClaim> claims;
    claims.reserve(n);
    for (int i = 0; i < n; ++i) claims.push_back(Claim(i));
    state.ResumeTiming();
    for (auto& c : claims) {
      auto r = api->Create(std::move(c));
      benchmark::DoNotOptimize(r);
    }
    state.PauseTiming();
    api.reset();
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_CreateClaims)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// Point lookups among N stored claims.
void BM_GetClaim(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(1);
  ApiServer api(engine, Gates());
  CreateNamespaces(api);
  std::vector<std::pair<std::string, std::string>> keys;
  for (int i = 0; i < n; ++i) {
    PersistentVolumeClaim c = Claim(i);
    keys.emplace_back(c.metadata.namespace_, c.metadata.name);
    (void)api.Create(std::move(c));
  }
  size_t i = 0;
  for (auto _ : state) {
    const auto& [ns, name] = keys[i];
    benchmark::DoNotOptimize(api.Get<PersistentVolumeClaim>(ns, name));
    i = (i + 7919) % keys.size();  // stride through the table, not in key order
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetClaim)->Arg(1000)->Arg(10000)->Arg(100000);

// Listing one namespace of N/100 claims among N.
void BM_ListNamespace(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(1);
  ApiServer api(engine, Gates());
  CreateNamespaces(api);
  for (int i = 0; i < n; ++i) (void)api.Create(Claim(i));
  int i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(api.List<PersistentVolumeClaim>(NsName(i++)));
  }
  state.SetItemsProcessed(state.iterations() * (n / kNamespaces));
}
BENCHMARK(BM_ListNamespace)->Arg(1000)->Arg(10000)->Arg(100000);

// An update of a stored claim (a label change) with one watcher: the commit path plus
// a scheduled delivery per write.
void BM_UpdateClaimWatched(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(1);
  ApiServer api(engine, Gates());
  CreateNamespaces(api);
  std::vector<Ptr<PersistentVolumeClaim>> stored;
  for (int i = 0; i < n; ++i) stored.push_back(*api.Create(Claim(i)));
  int64_t delivered = 0;
  api.Watch<PersistentVolumeClaim>([&](const WatchEvent<PersistentVolumeClaim>&) { ++delivered; });
  size_t i = 0;
  int64_t round = 0;
  for (auto _ : state) {
    PersistentVolumeClaim next = *stored[i];
    next.metadata.resource_version = 0;
    next.metadata.labels["round"] = std::to_string(round++);
    auto r = api.Update(std::move(next));
    benchmark::DoNotOptimize(r);
    i = (i + 7919) % stored.size();
    if ((round & 1023) == 0) engine.RunUntil(engine.Now() + kSecond);
  }
  engine.RunUntil(engine.Now() + kSecond);
  state.SetItemsProcessed(state.iterations());
  state.counters["delivered"] = static_cast<double>(delivered);
}
BENCHMARK(BM_UpdateClaimWatched)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace xnsim

BENCHMARK_MAIN();
