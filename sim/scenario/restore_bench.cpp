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

#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {
namespace {

constexpr int kNamespaces = 100;

std::string ScenarioText(int claims, bool fast_controller_manager) {
  std::string y = R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: cross-namespace-restores}
cluster:
  featureGates: {all: {CrossNamespaceVolumeDataSource: true}}
  drivers:
  - name: hostpath.csi.k8s.io
    capabilities: [CREATE_DELETE_VOLUME, CLONE_VOLUME, CREATE_DELETE_SNAPSHOT]
    maxInflight: 1000
    costs:
      createVolume: {base: 50ms}
      restoreSnapshot: {base: 100ms, perGiB: 500ms}
      createSnapshot: {base: 200ms}
  provisioner: {workerThreads: 100, kubeApiQps: 1000, kubeApiBurst: 2000}
)";
  // kube-controller-manager's default 20 QPS binds about four writes per claim, so
  // 10,000 claims take ~2,000 s of virtual time, through which its 15 s resync revisits
  // every pending claim and volume: the real cost of the default, which the second
  // variant lifts.
  if (fast_controller_manager) y += "  controllerManager: {kubeApiQps: 1000, kubeApiBurst: 2000}\n";
  y += R"(steps:
- apply:
    resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: prod}}
    - apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: example}
      provisioner: hostpath.csi.k8s.io
    - apiVersion: snapshot.storage.k8s.io/v1
      kind: VolumeSnapshotClass
      metadata: {name: example}
      driver: hostpath.csi.k8s.io
      deletionPolicy: Delete
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: db, namespace: prod}
      spec: {storageClassName: example, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assert: {within: 1m, resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: db, namespace: prod}, status: {phase: Bound}}}
- write: {pvc: prod/db, content: prod-db@snap1, used: 1Gi}
- apply:
    resource:
      apiVersion: snapshot.storage.k8s.io/v1
      kind: VolumeSnapshot
      metadata: {name: snap1, namespace: prod}
      spec: {volumeSnapshotClassName: example, source: {persistentVolumeClaimName: db}}
- assert: {within: 1m, resource: {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshot, metadata: {name: snap1, namespace: prod}, status: {readyToUse: true}}}
- apply:
    resources:
)";
  for (int n = 0; n < kNamespaces; ++n) {
    const std::string ns = "team-" + std::to_string(n);
    y += "    - {apiVersion: v1, kind: Namespace, metadata: {name: " + ns + "}}\n";
    y += "    - {apiVersion: gateway.networking.k8s.io/v1beta1, kind: ReferenceGrant, metadata: "
         "{name: from-" + ns + ", namespace: prod}, spec: {from: [{group: \"\", kind: "
         "PersistentVolumeClaim, namespace: " + ns + "}], to: [{group: snapshot.storage.k8s.io, "
         "kind: VolumeSnapshot, name: snap1}]}}\n";
  }
  y += "- apply:\n    resources:\n";
  for (int i = 0; i < claims; ++i) {
    const std::string ns = "team-" + std::to_string(i % kNamespaces);
    y += "    - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: restore-" +
         std::to_string(i) + ", namespace: " + ns +
         "}, spec: {storageClassName: example, accessModes: [ReadWriteOnce], resources: "
         "{requests: {storage: 1Gi}}, dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: "
         "VolumeSnapshot, name: snap1, namespace: prod}}}\n";
  }
  y += "- settle: {timeout: 240h}\n";
  y += "- assertContent: {pvc: team-0/restore-0, content: prod-db@snap1}\n";
  return y;
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
