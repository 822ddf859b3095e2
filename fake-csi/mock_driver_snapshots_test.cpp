// CreateSnapshot / DeleteSnapshot as csi-driver-host-path answers them (SEMANTICS.md 4).
#include <gtest/gtest.h>

#include "fake-csi/driver_test_support.h"

namespace xnsim::csi {
namespace {

using namespace testing;  // NOLINT

class SnapshotsTest : public ::testing::Test {
 protected:
  Reply<Snapshot> Cut(std::string name, std::string volume_id) {
    Reply<Snapshot> r;
    driver_->CreateSnapshot({std::move(name), std::move(volume_id), {}}, Into(engine_, r));
    engine_.RunUntil(engine_.Now() + kHour, [&] { return r.result.has_value(); });
    return r;
  }
  Engine engine_{3};
  std::unique_ptr<MockDriver> driver_ = std::make_unique<MockDriver>(engine_, TestConfig());
};

// SEMANTICS.md 4: ready_to_use, size_bytes = restore size = the source's capacity.
TEST_F(SnapshotsTest, CapturesContentAtTheCutAndIsReady) {
  const std::string vol = MakeVolume(engine_, *driver_, VolumeRequest("v", 10 * kGiB));
  ASSERT_TRUE(driver_->Write(vol, "before", 2 * kGiB).ok());
  Reply<Snapshot> r;
  const SimTime cut_at = engine_.Now();
  driver_->CreateSnapshot({"snapshot-1", vol, {}}, Into(engine_, r));
  // A write while the snapshot is being taken is not in it: the cut is at admission.
  ASSERT_TRUE(driver_->Write(vol, "after", 3 * kGiB).ok());
  engine_.RunUntil(engine_.Now() + kHour);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.at - cut_at, 200 * kMillisecond);
  EXPECT_TRUE(r.value().ready_to_use);
  EXPECT_EQ(r.value().size_bytes, 10 * kGiB);
  EXPECT_EQ(r.value().source_volume_id, vol);
  EXPECT_EQ(r.value().creation_time, cut_at);
  const SnapshotInfo* s = driver_->FindSnapshot(r.value().snapshot_id);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->content, "before");
  EXPECT_EQ(s->used_bytes, 2 * kGiB);
  EXPECT_EQ(s->physical_bytes, 2 * kGiB);  // full copy
}

TEST_F(SnapshotsTest, IdempotentByNameAndSource) {
  const std::string a = MakeVolume(engine_, *driver_, VolumeRequest("a", kGiB));
  const std::string b = MakeVolume(engine_, *driver_, VolumeRequest("b", kGiB));
  Reply<Snapshot> first = Cut("snapshot-1", a);
  Reply<Snapshot> again = Cut("snapshot-1", a);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().snapshot_id, first.value().snapshot_id);
  EXPECT_EQ(again.value().creation_time, first.value().creation_time);
  Reply<Snapshot> other = Cut("snapshot-1", b);
  EXPECT_EQ(other.code(), Code::kAlreadyExists);
  EXPECT_EQ(other.message(), "snapshot with the same name: snapshot-1 but with different SourceVolumeId already exist");
  EXPECT_EQ(driver_->Usage().snapshots, 1u);
}

TEST_F(SnapshotsTest, MissingSourceIsNotFound) {
  Reply<Snapshot> r = Cut("s", "nope");
  EXPECT_EQ(r.code(), Code::kNotFound);
  EXPECT_EQ(r.message(), "volume id nope does not exist in the volumes list");
}

TEST_F(SnapshotsTest, CopyOnWriteSnapshotStoresNothing) {
  MockDriverConfig config = TestConfig();
  config.copy_mode = CopyMode::kCopyOnWrite;
  driver_ = std::make_unique<MockDriver>(engine_, config);
  const std::string vol = MakeVolume(engine_, *driver_, VolumeRequest("v", 10 * kGiB));
  ASSERT_TRUE(driver_->Write(vol, "x", 4 * kGiB).ok());
  Reply<Snapshot> r = Cut("s", vol);
  EXPECT_EQ(driver_->FindSnapshot(r.value().snapshot_id)->physical_bytes, 0);
  EXPECT_EQ(driver_->Usage().physical_bytes, 4 * kGiB);
}

// The capacity invariant: a full-copy snapshot stores the source's used bytes, which
// count against the capacity with the provisioned volumes; one that does not fit is
// refused with RESOURCE_EXHAUSTED rather than overfilling the backend.
TEST_F(SnapshotsTest, SnapshotThatDoesNotFitIsResourceExhausted) {
  MockDriverConfig config = TestConfig();
  config.capacity_bytes = 10 * kGiB;
  driver_ = std::make_unique<MockDriver>(engine_, config);
  const std::string vol = MakeVolume(engine_, *driver_, VolumeRequest("v", 8 * kGiB));
  ASSERT_TRUE(driver_->Write(vol, "x", 3 * kGiB).ok());
  Reply<Snapshot> r = Cut("s", vol);
  EXPECT_EQ(r.code(), Code::kResourceExhausted) << r.message();
  EXPECT_EQ(driver_->Usage().snapshots, 0u);
  ASSERT_TRUE(driver_->Write(vol, "x", 2 * kGiB).ok());
  EXPECT_TRUE(Cut("s", vol).ok());
  EXPECT_LE(driver_->Usage().physical_bytes, 10 * kGiB);
}

// The capacity a deleted snapshot held is free again: the next volume that needs it fits.
TEST_F(SnapshotsTest, DeletedSnapshotFreesItsCapacity) {
  MockDriverConfig config = TestConfig();
  config.capacity_bytes = 10 * kGiB;
  driver_ = std::make_unique<MockDriver>(engine_, config);
  const std::string vol = MakeVolume(engine_, *driver_, VolumeRequest("v", 6 * kGiB));
  ASSERT_TRUE(driver_->Write(vol, "x", 3 * kGiB).ok());
  const std::string snap = Cut("s", vol).value().snapshot_id;  // 9 GiB committed
  Reply<Volume> refused;
  driver_->CreateVolume(VolumeRequest("w", 2 * kGiB), Into(engine_, refused));
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_EQ(refused.code(), Code::kResourceExhausted);

  Reply<Empty> del;
  driver_->DeleteSnapshot(snap, Into(engine_, del));
  engine_.RunUntil(engine_.Now() + kSecond);
  ASSERT_TRUE(del.ok());
  EXPECT_FALSE(MakeVolume(engine_, *driver_, VolumeRequest("w", 2 * kGiB)).empty());
}

// CSI: volumes and snapshots are independent; deleting the source keeps the snapshot
// usable, and DeleteSnapshot of a missing snapshot is OK.
TEST_F(SnapshotsTest, SurvivesItsVolumeAndDeletesIdempotently) {
  const std::string vol = MakeVolume(engine_, *driver_, VolumeRequest("v", kGiB));
  ASSERT_TRUE(driver_->Write(vol, "data", kGiB / 2).ok());
  const std::string snap = Cut("s", vol).value().snapshot_id;
  Reply<Empty> del;
  driver_->DeleteVolume(vol, Into(engine_, del));
  engine_.RunUntil(engine_.Now() + kSecond);
  ASSERT_TRUE(del.ok());
  CreateVolumeRequest restore = VolumeRequest("r", kGiB);
  restore.content_source = VolumeContentSource{VolumeContentSource::Type::kSnapshot, snap};
  const std::string restored = MakeVolume(engine_, *driver_, restore);
  ASSERT_FALSE(restored.empty());
  EXPECT_EQ(driver_->FindVolume(restored)->content, "data");

  Reply<Empty> d1, d2;
  driver_->DeleteSnapshot(snap, Into(engine_, d1));
  engine_.RunUntil(engine_.Now() + kSecond);
  driver_->DeleteSnapshot(snap, Into(engine_, d2));
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_TRUE(d1.ok());
  EXPECT_TRUE(d2.ok());
  EXPECT_EQ(driver_->FindSnapshot(snap), nullptr);
  EXPECT_EQ(driver_->Usage().snapshots, 0u);
  EXPECT_EQ(driver_->Usage().physical_bytes, kGiB / 2);  // only the restored volume
}

TEST_F(SnapshotsTest, WithoutTheCapabilityItIsUnimplemented) {
  MockDriverConfig config = TestConfig();
  config.capabilities = {Capability::kCreateDeleteVolume};
  driver_ = std::make_unique<MockDriver>(engine_, config);
  const std::string vol = MakeVolume(engine_, *driver_, VolumeRequest("v", kGiB));
  Reply<Snapshot> r = Cut("s", vol);
  EXPECT_EQ(r.code(), Code::kUnimplemented);
  Reply<Empty> d;
  driver_->DeleteSnapshot("s", Into(engine_, d));
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_EQ(d.code(), Code::kUnimplemented);
}

}  // namespace
}  // namespace xnsim::csi
