// The snapshot process dies and starts again mid-way: everything it needs is in the API
// server and the driver, and every step is idempotent (content AlreadyExists is reused,
// CreateSnapshot is idempotent by name), so it converges to the same end state.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/controllers/snapshot/snapshot_test_world.h"

namespace xnsim::snapshot::testing {
namespace {

using ::testing::ElementsAre;

// The end state of a dynamic snapshot "snap-1" of "src" with a Delete class.
void ExpectFinished(SnapshotWorld& w, const std::string& uid) {
  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "snap-1");
  ASSERT_NE(snap, nullptr);
  EXPECT_TRUE(IsSnapshotReady(*snap));
  EXPECT_EQ(snap->status->bound_volume_snapshot_content_name, "snapcontent-" + uid);
  EXPECT_EQ(snap->status->restore_size, Quantity::FromBinaryValue(kSourceBytes));
  EXPECT_THAT(snap->metadata.finalizers, ElementsAre(kSnapshotAsSourceFinalizer, kSnapshotBoundFinalizer));
  EXPECT_EQ(w.api.List<VolumeSnapshotContent>().size(), 1u);
  Ptr<VolumeSnapshotContent> content = w.Content("snapcontent-" + uid);
  ASSERT_NE(content, nullptr);
  EXPECT_THAT(content->metadata.finalizers, ElementsAre(kContentBoundFinalizer));
  EXPECT_EQ(content->metadata.annotations.count(std::string(kAnnBeingCreated)), 0u);
  EXPECT_EQ(w.driver.Snapshots().size(), 1u);
  EXPECT_FALSE(w.api.Get<PersistentVolumeClaim>(kNs, "src")->metadata.HasFinalizer(kPvcAsSourceFinalizer));
}

TEST(SnapshotRestart, DyingDuringCreateSnapshotIsFinishedByTheNextProcess) {
  // The being-created annotation stays on the content across the restart; the new
  // sidecar repeats CreateSnapshot with the same name and the driver answers with the
  // snapshot it already cut.
  csi::MockDriverConfig config = DriverConfig();
  config.costs["createSnapshot"] = {10 * kSecond, 0};
  SnapshotWorld w(config);
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("csi-snap", "Delete");
  w.StartController();
  const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
  ASSERT_TRUE(w.RunUntil([&] { return w.DriverCalls("CreateSnapshot") == 1; }));
  w.engine.RunUntil(w.engine.Now() + 2 * kSecond);
  w.Kill();

  Ptr<VolumeSnapshotContent> content = w.Content("snapcontent-" + uid);
  ASSERT_NE(content, nullptr);
  EXPECT_EQ(content->metadata.annotations.count(std::string(kAnnBeingCreated)), 1u);
  EXPECT_FALSE(content->status);
  w.engine.RunUntil(w.engine.Now() + 20 * kSecond);  // the driver finishes; nobody hears it
  EXPECT_EQ(w.driver.Snapshots().size(), 1u);

  w.StartController();
  ASSERT_TRUE(w.Settle());
  EXPECT_EQ(w.DriverCalls("CreateSnapshot"), 2u);
  ExpectFinished(w, uid);
}

TEST(SnapshotRestart, DyingAtAnyPointConvergesToTheSameState) {
  // Restart idempotency: kill the process after every few engine events of a dynamic
  // snapshot's life, start a new one, and require the same end state each time.
  uint64_t total = 0;
  {
    SnapshotWorld w;
    w.MakeBoundClaim(kNs, "src", "pv-src");
    w.CreateClass("csi-snap", "Delete");
    w.StartController();
    const uint64_t start = w.engine.events_run();
    w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap");
    ASSERT_TRUE(w.Settle());
    total = w.engine.events_run() - start;
  }
  ASSERT_GT(total, 20u);
  for (uint64_t kill_after = 1; kill_after < total; kill_after += 3) {
    SCOPED_TRACE("killed after " + std::to_string(kill_after) + " of " + std::to_string(total) + " events");
    SnapshotWorld w;
    w.MakeBoundClaim(kNs, "src", "pv-src");
    w.CreateClass("csi-snap", "Delete");
    w.StartController();
    const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
    for (uint64_t i = 0; i < kill_after && w.engine.Step(); ++i) {
    }
    w.Kill();
    w.StartController();
    ASSERT_TRUE(w.Settle());
    ExpectFinished(w, uid);
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace xnsim::snapshot::testing
