// SEMANTICS.md 3.2 step 8: the checks of a CreateVolume reply, against a scripted
// driver that answers what the test needs (the mock driver always answers right).
#include <gtest/gtest.h>

#include <deque>

#include "sim/controllers/provisioner/provisioner_test_world.h"

namespace xnsim {
namespace {

using namespace provisioner_testing;

class ScriptedDriver : public csi::Driver {
 public:
  explicit ScriptedDriver(Engine& engine) : engine_(engine) {}
  const std::string& name() const override { return name_; }
  std::vector<csi::Capability> ControllerGetCapabilities() const override {
    return {csi::Capability::kCreateDeleteVolume, csi::Capability::kCreateDeleteSnapshot};
  }
  void CreateVolume(csi::CreateVolumeRequest req, csi::Callback<csi::Volume> done) override {
    ++creates;
    csi::Volume v = reply;
    v.volume_id = "vol-" + req.name;
    Later([done = std::move(done), v] { done(csi::Result<csi::Volume>::Ok(v)); });
  }
  void DeleteVolume(std::string id, csi::Callback<csi::Empty> done) override {
    deleted.push_back(id);
    csi::Result<csi::Empty> r = delete_error ? csi::Result<csi::Empty>::Error(csi::Code::kInternal, "boom")
                                             : csi::Result<csi::Empty>::Ok({});
    Later([done = std::move(done), r] { done(r); });
  }
  void CreateSnapshot(csi::CreateSnapshotRequest, csi::Callback<csi::Snapshot> done) override {
    Later([done = std::move(done)] { done(csi::Result<csi::Snapshot>::Error(csi::Code::kUnimplemented, "")); });
  }
  void DeleteSnapshot(std::string, csi::Callback<csi::Empty> done) override {
    Later([done = std::move(done)] { done(csi::Result<csi::Empty>::Ok({})); });
  }
  void GetCapacity(csi::GetCapacityRequest, csi::Callback<csi::Capacity> done) override {
    Later([done = std::move(done)] { done(csi::Result<csi::Capacity>::Ok({})); });
  }

  csi::Volume reply;          // what CreateVolume answers (id set per request)
  bool delete_error = false;  // DeleteVolume fails with INTERNAL "boom"
  int creates = 0;
  std::vector<std::string> deleted;

 private:
  template <class F>
  void Later(F f) {
    auto task = std::make_shared<F>(std::move(f));
    engine_.Schedule(10 * kMillisecond, [task] { (*task)(); });
  }
  Engine& engine_;
  std::string name_ = kDriver;
};

struct ScriptedWorld {
  World world;
  ScriptedDriver driver{world.engine};
  std::unique_ptr<ExternalProvisioner> provisioner;

  ScriptedWorld() {
    GateSet gates(Component::kCsiProvisioner, kNewestKubeVersion);
    EXPECT_TRUE(gates.Set("CrossNamespaceVolumeDataSource", true).ok());
    provisioner = std::make_unique<ExternalProvisioner>(*world.api, gates, ProvisionerOptions{}, driver, world.audit);
    provisioner->Start();
  }
  ~ScriptedWorld() { provisioner.reset(); }

  std::string LastFailure(const std::string& claim) {
    for (auto it = world.events.rbegin(); it != world.events.rend(); ++it)
      if (it->object == claim && it->reason == "ProvisioningFailed") return it->message;
    return "";
  }
};

// Smaller than requested: the volume is deleted and the error is InBackground (retried).
TEST(ResponseChecks, CapacityBelowRequestIsCleanedUp) {
  ScriptedWorld s;
  s.driver.reply.capacity_bytes = kGiB / 2;
  auto claim = s.world.Claim("test", "c", kGiB);
  s.world.RunFor(2 * kSecond);
  EXPECT_EQ(s.LastFailure("c"), "created volume capacity 536870912 less than requested capacity 1073741824");
  EXPECT_FALSE(s.world.VolumeFor(claim));
  ASSERT_GE(s.driver.deleted.size(), 2u);  // cleaned up after each of the (retried) attempts
  EXPECT_EQ(s.driver.deleted[0], "vol-pvc-" + claim->metadata.uid);
  EXPECT_GE(s.driver.creates, 2);
}

// Cleanup failing 5 times reports the orphan.
TEST(ResponseChecks, FailedCleanupReportsOrphanedVolume) {
  ScriptedWorld s;
  s.driver.reply.capacity_bytes = 1;
  s.driver.delete_error = true;
  auto claim = s.world.Claim("test", "c", kGiB);
  s.world.RunFor(500 * kMillisecond);
  const std::string pv = "pvc-" + claim->metadata.uid;
  EXPECT_EQ(s.LastFailure("c"), "created volume capacity 1 less than requested capacity 1073741824. Cleanup of volume " +
                                    pv + " failed, volume is orphaned: rpc error: code = Internal desc = boom");
  EXPECT_EQ(s.driver.deleted.size(), 5u);
}

// capacity_bytes 0 means unknown: the request is used.
TEST(ResponseChecks, ZeroCapacityUsesTheRequest) {
  ScriptedWorld s;
  s.driver.reply.capacity_bytes = 0;
  auto claim = s.world.Claim("test", "c", 2 * kGiB);
  s.world.RunFor(2 * kSecond);
  Ptr<PersistentVolume> pv = s.world.VolumeFor(claim);
  ASSERT_TRUE(pv);
  EXPECT_EQ(pv->spec.capacity.at("storage").ToString(), "2Gi");
}

// A restore whose reply has no content_source is refused (the volume may be empty).
TEST(ResponseChecks, MissingContentSourceIsCleanedUp) {
  ScriptedWorld s;
  s.driver.reply.capacity_bytes = kGiB;
  s.world.Grant("prod", "g", {{"", "PersistentVolumeClaim", "test"}},
                {{"snapshot.storage.k8s.io", "VolumeSnapshot", std::nullopt}});
  // The snapshot objects only; the scripted driver never reads the handle.
  VolumeSnapshot snap;
  snap.metadata.namespace_ = "prod";
  snap.metadata.name = "s";
  snap.spec.volume_snapshot_content_name = "content";
  auto created = s.world.api->Create(std::move(snap));
  ASSERT_TRUE(created.ok());
  VolumeSnapshotContent content;
  content.metadata.name = "content";
  content.spec.driver = kDriver;
  content.spec.deletion_policy = "Delete";
  content.spec.snapshot_handle = "h";
  content.spec.volume_snapshot_ref = ObjectReference{"", "VolumeSnapshot", "prod", "s", (*created)->metadata.uid, "", ""};
  auto c = s.world.api->Create(std::move(content));
  ASSERT_TRUE(c.ok());
  VolumeSnapshotContent cs = **c;
  cs.status = VolumeSnapshotContent::Status{};
  cs.status->snapshot_handle = "h";
  ASSERT_TRUE(s.world.api->UpdateStatus(std::move(cs)).ok());
  VolumeSnapshot ss = **created;
  ss.status = VolumeSnapshot::Status{};
  ss.status->bound_volume_snapshot_content_name = "content";
  ss.status->ready_to_use = true;
  ASSERT_TRUE(s.world.api->UpdateStatus(std::move(ss)).ok());

  auto claim = s.world.Claim("test", "c", kGiB, [](PersistentVolumeClaim& pvc) {
    pvc.spec.data_source_ref = TypedObjectReference{"snapshot.storage.k8s.io", "VolumeSnapshot", "s", "prod"};
  });
  s.world.RunFor(2 * kSecond);
  EXPECT_EQ(s.LastFailure("c"), "volume content source missing");
  EXPECT_FALSE(s.world.VolumeFor(claim));
  EXPECT_FALSE(s.driver.deleted.empty());
}

}  // namespace
}  // namespace xnsim
