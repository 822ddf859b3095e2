// A small world for the snapshot controller's tests: an engine, an API server, a mock
// CSI driver, a bound claim/volume pair made by hand (no kube-controller-manager), and
// the controller, which a test can kill and start again.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake-csi/driver_test_support.h"
#include "fake-csi/mock_driver.h"
#include "sim/api/apiserver.h"
#include "sim/controllers/snapshot/snapshot_controller.h"
#include "sim/controllers/snapshot/snapshot_keys.h"

namespace xnsim::snapshot::testing {

// The namespace the tests put their claims and snapshots in.
inline constexpr const char* kNs = "default";
inline constexpr std::string_view kDriver = "hostpath.csi.k8s.io";
inline constexpr int64_t kSourceBytes = 5 * kGi;

inline GateSet ApiserverGates() {
  GateSet gates(Component::kKubeApiserver, kNewestKubeVersion);
  EXPECT_TRUE(gates.Set("CrossNamespaceVolumeDataSource", true).ok());
  return gates;
}

inline csi::MockDriverConfig DriverConfig() {
  csi::MockDriverConfig c = csi::testing::TestConfig();
  c.name = std::string(kDriver);
  return c;
}

// Wraps a driver: records each CreateSnapshot request and when it came, and can answer
// the first `not_ready_replies` successful CreateSnapshot calls with ready_to_use=false
// (a snapshot still uploading), which the mock driver never does.
class RecordingDriver : public csi::Driver {
 public:
  RecordingDriver(Engine& engine, csi::Driver& inner) : engine_(engine), inner_(inner) {}

  int not_ready_replies = 0;
  std::vector<csi::CreateSnapshotRequest> create_requests;
  std::vector<SimTime> create_times;

  const std::string& name() const override { return inner_.name(); }
  std::vector<csi::Capability> ControllerGetCapabilities() const override { return inner_.ControllerGetCapabilities(); }
  void CreateVolume(csi::CreateVolumeRequest req, csi::Callback<csi::Volume> done) override {
    inner_.CreateVolume(std::move(req), std::move(done));
  }
  void DeleteVolume(std::string id, csi::Callback<csi::Empty> done) override {
    inner_.DeleteVolume(std::move(id), std::move(done));
  }
  void CreateSnapshot(csi::CreateSnapshotRequest req, csi::Callback<csi::Snapshot> done) override {
    create_requests.push_back(req);
    create_times.push_back(engine_.Now());
    inner_.CreateSnapshot(std::move(req), [this, done = std::move(done)](csi::Result<csi::Snapshot> r) {
      if (r.ok() && not_ready_replies > 0) {
        --not_ready_replies;
        r.value.ready_to_use = false;
      }
      done(std::move(r));
    });
  }
  void DeleteSnapshot(std::string id, csi::Callback<csi::Empty> done) override {
    inner_.DeleteSnapshot(std::move(id), std::move(done));
  }
  void GetCapacity(csi::GetCapacityRequest req, csi::Callback<csi::Capacity> done) override {
    inner_.GetCapacity(std::move(req), std::move(done));
  }

 private:
  Engine& engine_;
  csi::Driver& inner_;
};

class SnapshotWorld {
 public:
  explicit SnapshotWorld(csi::MockDriverConfig config = DriverConfig())
      : api(engine, ApiserverGates()), driver(engine, std::move(config)) {}

  ~SnapshotWorld() { controller.reset(); }

  // Starts (or, after Kill, restarts) the process with `drivers` (default: the mock).
  void StartController(SnapshotControllerOptions options = {}, std::vector<csi::Driver*> drivers = {}) {
    if (drivers.empty()) drivers = {&driver};
    controller = std::make_unique<SnapshotController>(api, GateSet(Component::kSnapshotController, kNewestKubeVersion),
                                                      std::move(drivers), std::move(options));
    controller->Start();
  }
  void Kill() { controller.reset(); }

  // Runs until nothing but periodic work is left, or `limit` of virtual time passes.
  bool Settle(SimDuration limit = 30 * kMinute) {
    return engine.RunUntil(engine.Now() + limit, [this] { return engine.pending_work() == 0; });
  }
  // Runs until `done` holds (or `limit` passes).
  template <class F>
  bool RunUntil(F done, SimDuration limit = 30 * kMinute) {
    return engine.RunUntil(engine.Now() + limit, std::function<bool()>(done));
  }

  void CreateNamespace(const std::string& name) {
    Namespace ns;
    ns.metadata.name = name;
    ASSERT_TRUE(api.Create(std::move(ns)).ok());
  }

  // A backend volume, its PV (CSI, Filesystem) and a claim bound to it, as the PV
  // controller and the provisioner would have left them. Returns the volume handle.
  std::string MakeBoundClaim(const std::string& ns, const std::string& claim, const std::string& pv_name) {
    const std::string handle =
        csi::testing::MakeVolume(engine, driver, csi::testing::VolumeRequest(pv_name, kSourceBytes));
    EXPECT_FALSE(handle.empty());

    PersistentVolumeClaim pvc;
    pvc.metadata.namespace_ = ns;
    pvc.metadata.name = claim;
    pvc.spec.access_modes = {"ReadWriteOnce"};
    pvc.spec.resources.requests["storage"] = Quantity::FromBinaryValue(kSourceBytes);
    pvc.spec.storage_class_name = "";
    pvc.spec.volume_name = pv_name;
    StatusOr<Ptr<PersistentVolumeClaim>> created = api.Create(std::move(pvc));
    EXPECT_TRUE(created.ok()) << created.status().ToString();

    PersistentVolume pv;
    pv.metadata.name = pv_name;
    pv.spec.capacity["storage"] = Quantity::FromBinaryValue(kSourceBytes);
    pv.spec.access_modes = {"ReadWriteOnce"};
    pv.spec.persistent_volume_reclaim_policy = "Delete";
    pv.spec.volume_mode = "Filesystem";
    pv.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", ns, claim, (*created)->metadata.uid, "", ""};
    pv.spec.csi = PersistentVolume::CSISource{std::string(kDriver), handle, "", std::nullopt, {}};
    StatusOr<Ptr<PersistentVolume>> pv_created = api.Create(std::move(pv));
    EXPECT_TRUE(pv_created.ok()) << pv_created.status().ToString();
    PersistentVolume pv_status = **pv_created;
    pv_status.status.phase = "Bound";
    EXPECT_TRUE(api.UpdateStatus(std::move(pv_status)).ok());

    PersistentVolumeClaim bound = *api.Get<PersistentVolumeClaim>(ns, claim);
    bound.status.phase = "Bound";
    bound.status.access_modes = {"ReadWriteOnce"};
    bound.status.capacity["storage"] = Quantity::FromBinaryValue(kSourceBytes);
    EXPECT_TRUE(api.UpdateStatus(std::move(bound)).ok());
    return handle;
  }

  void CreateClass(const std::string& name, const std::string& policy, bool is_default = false,
                   std::string driver_name = std::string(kDriver), StringMap parameters = {}) {
    VolumeSnapshotClass c;
    c.metadata.name = name;
    if (is_default) c.metadata.annotations[std::string(kIsDefaultClassAnnotation)] = "true";
    c.driver = std::move(driver_name);
    c.deletion_policy = policy;
    c.parameters = std::move(parameters);
    StatusOr<Ptr<VolumeSnapshotClass>> r = api.Create(std::move(c));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  Ptr<VolumeSnapshot> CreateSnapshot(const std::string& ns, const std::string& name, const std::string& claim,
                                     std::optional<std::string> class_name) {
    VolumeSnapshot s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    s.spec.persistent_volume_claim_name = claim;
    s.spec.volume_snapshot_class_name = std::move(class_name);
    StatusOr<Ptr<VolumeSnapshot>> r = api.Create(std::move(s));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }

  Ptr<VolumeSnapshot> Snapshot(const std::string& ns, const std::string& name) const {
    return api.Get<VolumeSnapshot>(ns, name);
  }
  Ptr<VolumeSnapshotContent> Content(const std::string& name) const { return api.Get<VolumeSnapshotContent>("", name); }

  // Events about one object, oldest first.
  std::vector<Ptr<Event>> EventsFor(std::string_view kind, std::string_view name,
                                    std::string_view ns = "default") const {
    std::vector<Ptr<Event>> out;
    for (const Ptr<Event>& e : api.List<Event>(ns))
      if (e->involved_object.kind == kind && e->involved_object.name == name) out.push_back(e);
    std::stable_sort(out.begin(), out.end(), [](const Ptr<Event>& a, const Ptr<Event>& b) {
      return a->first_timestamp < b->first_timestamp;
    });
    return out;
  }
  // The first event with `reason` about the object, or null.
  Ptr<Event> FindEvent(std::string_view kind, std::string_view name, std::string_view reason,
                       std::string_view ns = "default") const {
    for (const Ptr<Event>& e : EventsFor(kind, name, ns))
      if (e->reason == reason) return e;
    return nullptr;
  }

  uint64_t DriverCalls(const std::string& op) const {
    auto usage = driver.Usage();
    auto it = usage.calls.find(op);
    return it == usage.calls.end() ? 0 : it->second;
  }

  Engine engine;
  ApiServer api;
  csi::MockDriver driver;
  std::unique_ptr<SnapshotController> controller;
};

}  // namespace xnsim::snapshot::testing
