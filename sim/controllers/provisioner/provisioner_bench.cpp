// How fast the csi-provisioner model provisions: N cross-namespace restores from one
// granted snapshot, API throttling off, a driver that answers at once. Reports wall
// time per provisioned claim (the whole path: apiserver, watches, informers, queue,
// decision sequence, CSI call, PV save, events).
#include <benchmark/benchmark.h>

#include "fake-csi/mock_driver.h"
#include "sim/api/apiserver.h"
#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/external_provisioner.h"

namespace xnsim {
namespace {

constexpr const char* kDriver = "hostpath.csi.k8s.io";

template <class T>
Ptr<T> MustCreate(ApiServer& api, T obj) {
  auto r = api.Create(std::move(obj));
  if (!r.ok()) std::abort();
  return *r;
}

GateSet ApiserverGates() {
  GateSet g(Component::kKubeApiserver, kNewestKubeVersion);
  (void)g.Set("CrossNamespaceVolumeDataSource", true);
  return g;
}

csi::MockDriverConfig DriverConfig() {
  csi::MockDriverConfig config;
  config.name = kDriver;
  config.capabilities = {csi::Capability::kCreateDeleteVolume, csi::Capability::kCreateDeleteSnapshot};
  config.max_inflight = 0;
  return config;
}

struct BenchWorld {
  Engine engine{1};
  ApiServer api{engine, ApiserverGates()};
  csi::MockDriver driver{engine, DriverConfig()};
  ProvisioningAudit audit;
  std::unique_ptr<ExternalProvisioner> provisioner;
  ~BenchWorld() { provisioner.reset(); }
};

void BM_CrossNamespaceRestores(benchmark::State& state) {
  const int claims = static_cast<int>(state.range(0));
  const int namespaces = 100;
  for (auto _ : state) {
    state.PauseTiming();
    auto world = std::make_unique<BenchWorld>();
    Engine& engine = world->engine;
    ApiServer& api = world->api;
    csi::MockDriver& driver = world->driver;

    for (const char* ns : {"prod"}) {
      Namespace n;
      n.metadata.name = ns;
      MustCreate(api, std::move(n));
    }
    for (int i = 0; i < namespaces; ++i) {
      Namespace n;
      n.metadata.name = "team-" + std::to_string(i);
      MustCreate(api, std::move(n));
    }
    StorageClass sc;
    sc.metadata.name = "fast";
    sc.provisioner = kDriver;
    MustCreate(api, std::move(sc));
    // A backend snapshot and its objects.
    std::string volume_id, handle;
    driver.CreateVolume(csi::CreateVolumeRequest{"src", kGi, 0, {}, std::nullopt, {}, false},
                        [&](csi::Result<csi::Volume> r) { volume_id = r.value.volume_id; });
    engine.RunUntil(engine.Now() + kSecond);
    driver.CreateSnapshot(csi::CreateSnapshotRequest{"snap", volume_id, {}},
                          [&](csi::Result<csi::Snapshot> r) { handle = r.value.snapshot_id; });
    engine.RunUntil(engine.Now() + kSecond);
    VolumeSnapshot snap;
    snap.metadata.namespace_ = "prod";
    snap.metadata.name = "s";
    snap.spec.volume_snapshot_content_name = "content";
    auto s = MustCreate(api, std::move(snap));
    VolumeSnapshotContent content;
    content.metadata.name = "content";
    content.spec.driver = kDriver;
    content.spec.deletion_policy = "Delete";
    content.spec.snapshot_handle = handle;
    content.spec.volume_snapshot_ref = ObjectReference{"", "VolumeSnapshot", "prod", "s", s->metadata.uid, "", ""};
    auto c = MustCreate(api, std::move(content));
    VolumeSnapshotContent cs = *c;
    cs.status = VolumeSnapshotContent::Status{};
    cs.status->snapshot_handle = handle;
    (void)api.UpdateStatus(std::move(cs));
    VolumeSnapshot ss = *s;
    ss.status = VolumeSnapshot::Status{};
    ss.status->bound_volume_snapshot_content_name = "content";
    ss.status->ready_to_use = true;
    (void)api.UpdateStatus(std::move(ss));
    ReferenceGrant g;
    g.metadata.namespace_ = "prod";
    g.metadata.name = "all-teams";
    for (int i = 0; i < 16; ++i) g.spec.from.push_back({"", "PersistentVolumeClaim", "team-" + std::to_string(i)});
    g.spec.to.push_back({"snapshot.storage.k8s.io", "VolumeSnapshot", std::nullopt});
    MustCreate(api, std::move(g));
    // Grants for the other namespaces, 16 per grant (the API's limit).
    for (int first = 16; first < namespaces; first += 16) {
      ReferenceGrant more;
      more.metadata.namespace_ = "prod";
      more.metadata.name = "teams-" + std::to_string(first);
      for (int i = first; i < std::min(first + 16, namespaces); ++i) {
        more.spec.from.push_back({"", "PersistentVolumeClaim", "team-" + std::to_string(i)});
      }
      more.spec.to.push_back({"snapshot.storage.k8s.io", "VolumeSnapshot", std::nullopt});
      MustCreate(api, std::move(more));
    }

    GateSet gates(Component::kCsiProvisioner, kNewestKubeVersion);
    (void)gates.Set("CrossNamespaceVolumeDataSource", true);
    ProvisionerOptions options;
    options.kube_api_qps = 0;  // throttling off: measure the model, not client-go's limit
    options.worker_threads = 1000;
    world->provisioner = std::make_unique<ExternalProvisioner>(api, gates, options, driver, world->audit);
    ExternalProvisioner& provisioner = *world->provisioner;
    provisioner.Start();
    state.ResumeTiming();

    for (int i = 0; i < claims; ++i) {
      PersistentVolumeClaim claim;
      claim.metadata.namespace_ = "team-" + std::to_string(i % namespaces);
      claim.metadata.name = "c-" + std::to_string(i);
      claim.metadata.annotations[kAnnStorageProvisioner] = kDriver;
      claim.spec.access_modes = {"ReadWriteOnce"};
      claim.spec.resources.requests["storage"] = Quantity::FromBinaryValue(kGi);
      claim.spec.storage_class_name = "fast";
      claim.spec.data_source_ref = TypedObjectReference{"snapshot.storage.k8s.io", "VolumeSnapshot", "s", "prod"};
      MustCreate(api, std::move(claim));
    }
    engine.RunUntil(engine.Now() + 10 * kMinute,
                    [&] { return provisioner.stats().provisioned == static_cast<uint64_t>(claims); });
    if (provisioner.stats().provisioned != static_cast<uint64_t>(claims)) state.SkipWithError("not all provisioned");
    state.PauseTiming();  // tearing the world down is not provisioning
    world.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * claims);
}
BENCHMARK(BM_CrossNamespaceRestores)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace xnsim

BENCHMARK_MAIN();
