// Deleting a VolumeSnapshot: the content's deletionPolicy, the restore check that only
// sees same-namespace dataSource claims, and finalizers of other components.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/controllers/snapshot/snapshot_test_world.h"

namespace xnsim::snapshot::testing {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view kProvisionerFinalizer =
    "provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection";

// A ready dynamic snapshot "snap-1" of claim "src" with a class of `policy`; returns
// its content's name.
std::string ReadySnapshot(SnapshotWorld& w, const std::string& policy) {
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("csi-snap", policy);
  w.StartController();
  const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
  EXPECT_TRUE(w.Settle());
  EXPECT_TRUE(IsSnapshotReady(*w.Snapshot(kNs, "snap-1")));
  return "snapcontent-" + uid;
}

// A claim restoring from snap-1, left Pending (no provisioner runs here).
void CreateRestoreClaim(SnapshotWorld& w, const std::string& ns, bool cross_namespace) {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = ns;
  pvc.metadata.name = "restore";
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = Quantity::FromBinaryValue(kSourceBytes);
  if (cross_namespace) {
    pvc.spec.data_source_ref =
        TypedObjectReference{std::string(kSnapshotGroup), std::string(kSnapshotKind), "snap-1", std::string(kNs)};
  } else {
    pvc.spec.data_source = TypedLocalObjectReference{std::string(kSnapshotGroup), std::string(kSnapshotKind), "snap-1"};
  }
  StatusOr<Ptr<PersistentVolumeClaim>> r = w.api.Create(std::move(pvc));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)->status.phase, "Pending");
}

TEST(SnapshotDeletion, PolicyDeleteRemovesContentAndBackendSnapshot) {
  // SEMANTICS.md 4: deletionPolicy Delete deletes the content; the sidecar calls
  // DeleteSnapshot, clears the status and drops the content finalizer; then the
  // snapshot's bound finalizer goes.
  SnapshotWorld w;
  const std::string content = ReadySnapshot(w, "Delete");
  ASSERT_EQ(w.driver.Snapshots().size(), 1u);
  ASSERT_TRUE(w.api.Delete<VolumeSnapshot>(kNs, "snap-1").ok());
  ASSERT_TRUE(w.Settle());

  EXPECT_EQ(w.Snapshot(kNs, "snap-1"), nullptr);
  EXPECT_EQ(w.Content(content), nullptr);
  EXPECT_EQ(w.DriverCalls("DeleteSnapshot"), 1u);
  EXPECT_TRUE(w.driver.Snapshots().empty());
}

TEST(SnapshotDeletion, PolicyRetainKeepsContentPointingAtTheGoneSnapshot) {
  // SEMANTICS.md 4: with Retain the content and the backend snapshot stay.
  SnapshotWorld w;
  const std::string content_name = ReadySnapshot(w, "Retain");
  const std::string uid = w.Snapshot(kNs, "snap-1")->metadata.uid;
  // Retain: the snapshot never got the bound finalizer.
  EXPECT_THAT(w.Snapshot(kNs, "snap-1")->metadata.finalizers, ElementsAre(kSnapshotAsSourceFinalizer));
  ASSERT_TRUE(w.api.Delete<VolumeSnapshot>(kNs, "snap-1").ok());
  ASSERT_TRUE(w.Settle());

  EXPECT_EQ(w.Snapshot(kNs, "snap-1"), nullptr);
  Ptr<VolumeSnapshotContent> content = w.Content(content_name);
  ASSERT_NE(content, nullptr);
  EXPECT_FALSE(content->metadata.deletion_timestamp);
  EXPECT_EQ(content->spec.volume_snapshot_ref.uid, uid);
  EXPECT_EQ(content->metadata.annotations.at(std::string(kAnnBeingDeleted)), "yes");
  EXPECT_THAT(content->metadata.finalizers, ElementsAre(kContentBoundFinalizer));
  EXPECT_TRUE(content->status->ready_to_use.value_or(false));
  EXPECT_EQ(w.DriverCalls("DeleteSnapshot"), 0u);
  EXPECT_EQ(w.driver.Snapshots().size(), 1u);
}

TEST(SnapshotDeletion, PendingRestoreInTheSameNamespaceBlocksUntilResync) {
  // SEMANTICS.md 4: a Pending claim in the snapshot's namespace with spec.dataSource =
  // the snapshot blocks deletion (Warning SnapshotDeletePending). The real controller
  // does not requeue: the check runs again at the next resync (15 min) or event.
  SnapshotWorld w;
  const std::string content = ReadySnapshot(w, "Delete");
  CreateRestoreClaim(w, kNs, /*cross_namespace=*/false);
  ASSERT_TRUE(w.api.Delete<VolumeSnapshot>(kNs, "snap-1").ok());
  ASSERT_TRUE(w.Settle());

  Ptr<VolumeSnapshot> terminating = w.Snapshot(kNs, "snap-1");
  ASSERT_NE(terminating, nullptr);
  EXPECT_TRUE(terminating->metadata.deletion_timestamp);
  EXPECT_TRUE(terminating->metadata.HasFinalizer(kSnapshotAsSourceFinalizer));
  EXPECT_TRUE(terminating->metadata.HasFinalizer(kSnapshotBoundFinalizer));
  Ptr<Event> pending = w.FindEvent("VolumeSnapshot", "snap-1", "SnapshotDeletePending");
  ASSERT_NE(pending, nullptr);
  EXPECT_EQ(pending->type, "Warning");
  EXPECT_EQ(pending->message, "Snapshot is being used to restore a PVC");
  ASSERT_NE(w.Content(content), nullptr);

  // The restore finishes; nothing looks again before the resync.
  PersistentVolumeClaim bound = *w.api.Get<PersistentVolumeClaim>(kNs, "restore");
  bound.status.phase = "Bound";
  ASSERT_TRUE(w.api.UpdateStatus(std::move(bound)).ok());
  w.engine.RunUntil(w.engine.Now() + 10 * kMinute);
  ASSERT_NE(w.Snapshot(kNs, "snap-1"), nullptr);

  w.engine.RunUntil(w.engine.Now() + 6 * kMinute);  // past the 15-minute resync
  ASSERT_TRUE(w.Settle());
  EXPECT_EQ(w.Snapshot(kNs, "snap-1"), nullptr);
  EXPECT_EQ(w.Content(content), nullptr);
  EXPECT_TRUE(w.driver.Snapshots().empty());
}

TEST(SnapshotDeletion, PendingRestoreFromAnotherNamespaceIsNotSeen) {
  // SEMANTICS.md 4: a cross-namespace claim has only dataSourceRef, which the check
  // does not read; the snapshot and its backend snapshot go while the claim is Pending.
  SnapshotWorld w;
  const std::string content = ReadySnapshot(w, "Delete");
  w.CreateNamespace("other");
  CreateRestoreClaim(w, "other", /*cross_namespace=*/true);
  ASSERT_TRUE(w.api.Delete<VolumeSnapshot>(kNs, "snap-1").ok());
  ASSERT_TRUE(w.Settle());

  EXPECT_EQ(w.Snapshot(kNs, "snap-1"), nullptr);
  EXPECT_EQ(w.Content(content), nullptr);
  EXPECT_TRUE(w.driver.Snapshots().empty());
  EXPECT_EQ(w.FindEvent("VolumeSnapshot", "snap-1", "SnapshotDeletePending"), nullptr);
  EXPECT_EQ(w.api.Get<PersistentVolumeClaim>("other", "restore")->status.phase, "Pending");
}

TEST(SnapshotDeletion, ForeignFinalizerKeepsTheSnapshotTerminating) {
  // The controller removes only its own finalizers: the external-provisioner's
  // volumesnapshot-as-source-protection keeps the snapshot Terminating, while the
  // content (policy Delete) and the backend snapshot are already gone.
  SnapshotWorld w;
  const std::string content = ReadySnapshot(w, "Delete");
  VolumeSnapshot guarded = *w.Snapshot(kNs, "snap-1");
  guarded.metadata.finalizers.emplace_back(kProvisionerFinalizer);
  ASSERT_TRUE(w.api.Update(std::move(guarded)).ok());
  ASSERT_TRUE(w.api.Delete<VolumeSnapshot>(kNs, "snap-1").ok());
  ASSERT_TRUE(w.Settle());

  Ptr<VolumeSnapshot> terminating = w.Snapshot(kNs, "snap-1");
  ASSERT_NE(terminating, nullptr);
  EXPECT_THAT(terminating->metadata.finalizers, ElementsAre(kProvisionerFinalizer));
  EXPECT_EQ(w.Content(content), nullptr);
  EXPECT_TRUE(w.driver.Snapshots().empty());

  VolumeSnapshot released = *terminating;
  released.metadata.finalizers.clear();
  ASSERT_TRUE(w.api.Update(std::move(released)).ok());
  EXPECT_EQ(w.Snapshot(kNs, "snap-1"), nullptr);
}

TEST(SnapshotDeletion, DeletedWhileTheDriverIsStillCuttingWaitsForTheCut) {
  // The sidecar's --timeout (1 min) expires first: DEADLINE_EXCEEDED is not final, so
  // the being-created annotation stays and the content is not deleted while the driver
  // may still be cutting; once the cut is reported, the content turning ready is synced
  // again, and the backend snapshot is deleted rather than leaked.
  csi::MockDriverConfig config = DriverConfig();
  config.costs["createSnapshot"] = {0, 15 * kSecond};  // 75 s for the 5 GiB written below
  SnapshotWorld w(config);
  const std::string handle = w.MakeBoundClaim(kNs, "src", "pv-src");
  ASSERT_TRUE(w.driver.Write(handle, "data", kSourceBytes).ok());
  w.CreateClass("csi-snap", "Delete");
  w.StartController();
  const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
  ASSERT_TRUE(w.RunUntil([&] {
    Ptr<VolumeSnapshot> s = w.Snapshot(kNs, "snap-1");
    return s && s->status && s->status->error;
  }));
  EXPECT_EQ(w.Snapshot(kNs, "snap-1")->status->error->message,
            "Failed to create snapshot: failed to take snapshot of the volume " + handle +
                ": \"rpc error: code = DeadlineExceeded desc = context deadline exceeded\"");
  const std::string content = "snapcontent-" + uid;
  EXPECT_EQ(w.Content(content)->metadata.annotations.count(std::string(kAnnBeingCreated)), 1u);

  ASSERT_TRUE(w.api.Delete<VolumeSnapshot>(kNs, "snap-1").ok());
  w.engine.RunUntil(w.engine.Now() + 5 * kSecond);
  Ptr<VolumeSnapshotContent> waiting = w.Content(content);
  ASSERT_NE(waiting, nullptr);
  EXPECT_TRUE(waiting->metadata.deletion_timestamp);
  EXPECT_EQ(w.DriverCalls("DeleteSnapshot"), 0u);

  ASSERT_TRUE(w.Settle());
  EXPECT_EQ(w.Snapshot(kNs, "snap-1"), nullptr);
  EXPECT_EQ(w.Content(content), nullptr);
  EXPECT_EQ(w.DriverCalls("DeleteSnapshot"), 1u);
  EXPECT_TRUE(w.driver.Snapshots().empty());
}

}  // namespace
}  // namespace xnsim::snapshot::testing
