// A tiny cluster for the provisioner's tests: an engine, the fake API server, one mock
// driver and one csi-provisioner, plus builders for the objects the tests need. The PV
// binder is not here: tests annotate claims for the driver as the PV controller would.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake-csi/mock_driver.h"
#include "sim/api/apiserver.h"
#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/external_provisioner.h"
#include "sim/controllers/runtime/audit.h"

namespace xnsim::provisioner_testing {

inline constexpr const char* kDriver = "hostpath.csi.k8s.io";
inline constexpr int64_t kGiB = kGi;
inline const std::string kSnapGroup = "snapshot.storage.k8s.io";

// A ReferenceGrant "from" entry admitting the claims of namespace `ns`.
inline ReferenceGrant::From ClaimsIn(std::string ns) { return {"", "PersistentVolumeClaim", std::move(ns)}; }

// One event as a watcher saw it being written (a repeat shows as a new record with a
// higher count).
struct SeenEvent {
  SimTime at = 0;
  std::string ns, object, type, reason, message, source;
  int32_t count = 0;
};

struct WorldOptions {
  bool apiserver_cross_namespace = true;    // kube-apiserver CrossNamespaceVolumeDataSource
  bool provisioner_cross_namespace = true;  // csi-provisioner CrossNamespaceVolumeDataSource
  std::vector<csi::Capability> capabilities = {csi::Capability::kCreateDeleteVolume,
                                               csi::Capability::kCreateDeleteSnapshot,
                                               csi::Capability::kCloneVolume};
  ProvisionerOptions provisioner;
  csi::MockDriverConfig driver = DefaultDriver();

  static csi::MockDriverConfig DefaultDriver() {
    csi::MockDriverConfig c;
    c.name = kDriver;
    c.costs["createVolume"] = {100 * kMillisecond, 0};
    c.costs["restoreSnapshot"] = {200 * kMillisecond, 0};
    c.costs["cloneVolume"] = {200 * kMillisecond, 0};
    c.costs["deleteVolume"] = {50 * kMillisecond, 0};
    c.costs["createSnapshot"] = {50 * kMillisecond, 0};
    return c;
  }
};

class World {
 public:
  explicit World(WorldOptions options = {});
  ~World();

  Engine engine{7};
  std::unique_ptr<ApiServer> api;
  std::unique_ptr<csi::MockDriver> driver;
  ProvisioningAudit audit;
  std::unique_ptr<ExternalProvisioner> provisioner;
  std::vector<SeenEvent> events;

  // Starts (or restarts: the old process dies first) the csi-provisioner.
  void StartProvisioner();
  void StopProvisioner() { provisioner.reset(); }
  void RunFor(SimDuration d) { engine.RunUntil(engine.Now() + d); }

  void Namespace(const std::string& name);
  void Class(const std::string& name, std::optional<std::string> binding_mode = std::nullopt,
             StringMap parameters = {},
             std::optional<std::string> reclaim_policy = std::nullopt);
  // A claim for the driver, annotated as the PV controller does; `edit` adjusts it.
  Ptr<PersistentVolumeClaim> Claim(const std::string& ns, const std::string& name, int64_t bytes,
                                   const std::function<void(PersistentVolumeClaim&)>& edit = {});
  // A ready snapshot `ns/name` of a `bytes` volume, with its content and a real backend
  // snapshot in the driver. Returns the snapshot handle.
  std::string ReadySnapshot(const std::string& ns, const std::string& name, int64_t bytes,
                            const std::function<void(VolumeSnapshot&)>& edit_status = {});
  // A Bound claim `ns/name` with its Bound PV and a backend volume: a clone source.
  Ptr<PersistentVolumeClaim> BoundClaim(const std::string& ns, const std::string& name, int64_t bytes,
                                        const std::string& storage_class = "fast");
  void Grant(const std::string& ns, const std::string& name, std::vector<ReferenceGrant::From> from,
             std::vector<ReferenceGrant::To> to);
  void SetClaimPhase(const std::string& ns, const std::string& name, const std::string& phase);
  void SetVolumePhase(const std::string& name, const std::string& phase);

  Ptr<PersistentVolumeClaim> GetClaim(const std::string& ns, const std::string& name) const {
    return api->Get<PersistentVolumeClaim>(ns, name);
  }
  Ptr<PersistentVolume> Volume(const std::string& name) const { return api->Get<PersistentVolume>("", name); }
  Ptr<PersistentVolume> VolumeFor(const Ptr<PersistentVolumeClaim>& claim) const {
    return Volume("pvc-" + claim->metadata.uid);
  }
  Ptr<VolumeSnapshot> Snapshot(const std::string& ns, const std::string& name) const {
    return api->Get<VolumeSnapshot>(ns, name);
  }
  // Events about one object, in the order they were written.
  std::vector<SeenEvent> EventsFor(const std::string& ns, const std::string& name) const;
  std::vector<SeenEvent> EventsWith(const std::string& reason) const;
  uint64_t DriverCalls(const std::string& op) const;

 // What the next StartProvisioner uses (tests may change it between restarts).
  WorldOptions options;

 private:
  std::string NewBackendVolume(const std::string& name, int64_t bytes);
};

// ---- implementation (header-only: the library's glob must not pick it up) ----------

inline GateSet ApiserverGates(bool cross_namespace) {
  GateSet g(Component::kKubeApiserver, kNewestKubeVersion);
  EXPECT_TRUE(g.Set("CrossNamespaceVolumeDataSource", cross_namespace).ok());
  return g;
}

inline World::World(WorldOptions opts) : options(std::move(opts)) {
  api = std::make_unique<ApiServer>(engine, ApiserverGates(options.apiserver_cross_namespace));
  options.driver.capabilities = options.capabilities;
  driver = std::make_unique<csi::MockDriver>(engine, options.driver);
  api->Watch<Event>([this](const WatchEvent<Event>& ev) {
    if (ev.type == WatchEventType::kDeleted) return;
    const Event& e = *ev.object;
    events.push_back(SeenEvent{engine.Now(), e.involved_object.namespace_, e.involved_object.name, e.type,
                               e.reason, e.message, e.source_component, e.count});
  });
  Namespace("test");
  Namespace("prod");
  Class("fast");
}

inline World::~World() { provisioner.reset(); }

inline void World::StartProvisioner() {
  provisioner.reset();
  GateSet gates(Component::kCsiProvisioner, kNewestKubeVersion);
  EXPECT_TRUE(gates.Set("CrossNamespaceVolumeDataSource", options.provisioner_cross_namespace).ok());
  provisioner = std::make_unique<ExternalProvisioner>(*api, gates, options.provisioner, *driver, audit);
  provisioner->Start();
}

inline void World::Namespace(const std::string& name) {
  xnsim::Namespace ns;
  ns.metadata.name = name;
  ASSERT_TRUE(api->Create(std::move(ns)).ok());
}

inline void World::Class(const std::string& name, std::optional<std::string> binding_mode,
                         StringMap parameters,
                         std::optional<std::string> reclaim_policy) {
  StorageClass sc;
  sc.metadata.name = name;
  sc.provisioner = kDriver;
  sc.volume_binding_mode = std::move(binding_mode);
  sc.parameters = std::move(parameters);
  sc.reclaim_policy = std::move(reclaim_policy);
  auto r = api->Create(std::move(sc));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

inline Ptr<PersistentVolumeClaim> World::Claim(const std::string& ns, const std::string& name, int64_t bytes,
                                               const std::function<void(PersistentVolumeClaim&)>& edit) {
  PersistentVolumeClaim c;
  c.metadata.namespace_ = ns;
  c.metadata.name = name;
  c.metadata.annotations[kAnnStorageProvisioner] = kDriver;
  c.spec.access_modes = {"ReadWriteOnce"};
  c.spec.resources.requests["storage"] = Quantity::FromBinaryValue(bytes);
  c.spec.storage_class_name = "fast";
  if (edit) edit(c);
  auto r = api->Create(std::move(c));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

inline std::string World::NewBackendVolume(const std::string& name, int64_t bytes) {
  csi::CreateVolumeRequest req;
  req.name = name;
  req.required_bytes = bytes;
  std::string id;
  driver->CreateVolume(req, [&id](csi::Result<csi::Volume> r) {
    EXPECT_TRUE(r.ok()) << r.message;
    id = r.value.volume_id;
  });
  engine.RunUntil(engine.Now() + kSecond, [&id] { return !id.empty(); });
  return id;
}

inline std::string World::ReadySnapshot(const std::string& ns, const std::string& name, int64_t bytes,
                                        const std::function<void(VolumeSnapshot&)>& edit_status) {
  const std::string volume_id = NewBackendVolume("src-of-" + ns + "-" + name, bytes);
  csi::CreateSnapshotRequest req;
  req.name = "snapshot-" + ns + "-" + name;
  req.source_volume_id = volume_id;
  std::string handle;
  driver->CreateSnapshot(req, [&handle](csi::Result<csi::Snapshot> r) {
    EXPECT_TRUE(r.ok()) << r.message;
    handle = r.value.snapshot_id;
  });
  engine.RunUntil(engine.Now() + kSecond, [&handle] { return !handle.empty(); });

  const std::string content_name = "snapcontent-" + ns + "-" + name;
  VolumeSnapshot snap;
  snap.metadata.namespace_ = ns;
  snap.metadata.name = name;
  snap.spec.volume_snapshot_content_name = content_name;
  auto created = api->Create(std::move(snap));
  EXPECT_TRUE(created.ok()) << created.status().ToString();

  VolumeSnapshotContent content;
  content.metadata.name = content_name;
  content.spec.driver = kDriver;
  content.spec.deletion_policy = "Delete";
  content.spec.snapshot_handle = handle;
  content.spec.volume_snapshot_ref = ObjectReference{"snapshot.storage.k8s.io/v1", "VolumeSnapshot", ns, name,
                                                     (*created)->metadata.uid, "", ""};
  content.spec.source_volume_mode = "Filesystem";
  auto c = api->Create(std::move(content));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  VolumeSnapshotContent cs = **c;
  cs.status = VolumeSnapshotContent::Status{};
  cs.status->snapshot_handle = handle;
  cs.status->ready_to_use = true;
  cs.status->restore_size = bytes;
  EXPECT_TRUE(api->UpdateStatus(std::move(cs)).ok());

  VolumeSnapshot s = **created;
  s.status = VolumeSnapshot::Status{};
  s.status->bound_volume_snapshot_content_name = content_name;
  s.status->ready_to_use = true;
  s.status->restore_size = Quantity::FromBinaryValue(bytes);
  if (edit_status) edit_status(s);
  EXPECT_TRUE(api->UpdateStatus(std::move(s)).ok());
  return handle;
}

inline Ptr<PersistentVolumeClaim> World::BoundClaim(const std::string& ns, const std::string& name, int64_t bytes,
                                                    const std::string& storage_class) {
  const std::string volume_id = NewBackendVolume("src-" + ns + "-" + name, bytes);
  Ptr<PersistentVolumeClaim> claim = Claim(ns, name, bytes, [&](PersistentVolumeClaim& c) {
    c.spec.volume_name = "pv-" + ns + "-" + name;
    c.spec.storage_class_name = storage_class;
  });
  PersistentVolume pv;
  pv.metadata.name = "pv-" + ns + "-" + name;
  pv.spec.capacity["storage"] = Quantity::FromBinaryValue(bytes);
  pv.spec.access_modes = {"ReadWriteOnce"};
  pv.spec.persistent_volume_reclaim_policy = "Retain";
  pv.spec.storage_class_name = storage_class;
  pv.spec.volume_mode = "Filesystem";
  pv.spec.csi = PersistentVolume::CSISource{kDriver, volume_id, "", std::nullopt, {}};
  pv.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", ns, name, claim->metadata.uid, "", ""};
  auto created = api->Create(std::move(pv));
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  SetVolumePhase("pv-" + ns + "-" + name, "Bound");
  SetClaimPhase(ns, name, "Bound");
  return GetClaim(ns, name);
}

inline void World::Grant(const std::string& ns, const std::string& name, std::vector<ReferenceGrant::From> from,
                         std::vector<ReferenceGrant::To> to) {
  ReferenceGrant g;
  g.metadata.namespace_ = ns;
  g.metadata.name = name;
  g.spec.from = std::move(from);
  g.spec.to = std::move(to);
  auto r = api->Create(std::move(g));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

inline void World::SetClaimPhase(const std::string& ns, const std::string& name, const std::string& phase) {
  PersistentVolumeClaim c = *GetClaim(ns, name);
  c.status.phase = phase;
  ASSERT_TRUE(api->UpdateStatus(std::move(c)).ok());
}

inline void World::SetVolumePhase(const std::string& name, const std::string& phase) {
  PersistentVolume v = *Volume(name);
  v.status.phase = phase;
  ASSERT_TRUE(api->UpdateStatus(std::move(v)).ok());
}

inline std::vector<SeenEvent> World::EventsFor(const std::string& ns, const std::string& name) const {
  std::vector<SeenEvent> out;
  for (const SeenEvent& e : events)
    if (e.ns == ns && e.object == name) out.push_back(e);
  return out;
}

inline std::vector<SeenEvent> World::EventsWith(const std::string& reason) const {
  std::vector<SeenEvent> out;
  for (const SeenEvent& e : events)
    if (e.reason == reason) out.push_back(e);
  return out;
}

inline uint64_t World::DriverCalls(const std::string& op) const {
  auto usage = driver->Usage();
  auto it = usage.calls.find(op);
  return it == usage.calls.end() ? 0 : it->second;
}

}  // namespace xnsim::provisioner_testing
