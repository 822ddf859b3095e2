// The pure rules of external-snapshotter, case by case.
#include "sim/controllers/snapshot/snapshot_status.h"

#include <gtest/gtest.h>

#include "sim/controllers/snapshot/snapshot_keys.h"
#include "sim/controllers/snapshot/snapshot_messages.h"

namespace xnsim::snapshot {
namespace {

VolumeSnapshotContent ContentWith(std::optional<VolumeSnapshotContent::Status> status) {
  VolumeSnapshotContent c;
  c.metadata.name = "snapcontent-1";
  c.status = std::move(status);
  return c;
}

VolumeSnapshotContent::Status ContentStatus(bool ready, std::optional<int64_t> size) {
  VolumeSnapshotContent::Status s;
  s.snapshot_handle = "h";
  s.ready_to_use = ready;
  s.creation_time = ToUnixNanos(7 * kSecond);
  s.restore_size = size;
  return s;
}

TEST(SnapshotStatusRules, UnixNanosRoundTrip) {
  // content.status.creationTime is unix nanoseconds; virtual time 0 is the epoch.
  EXPECT_EQ(ToUnixNanos(0), kEpochUnixSeconds * kSecond);
  EXPECT_EQ(FromUnixNanos(ToUnixNanos(1234567)), 1234567);
}

TEST(SnapshotStatusRules, FirstStatusCopiesEverythingTheContentHas) {
  // updateSnapshotStatus with a nil snapshot status: bound name, readyToUse,
  // creationTime, restoreSize as a BinarySI quantity.
  SnapshotStatusUpdate u = SnapshotStatusFromContent(std::nullopt, ContentWith(ContentStatus(true, 2 * kGi)));
  EXPECT_TRUE(u.updated);
  EXPECT_EQ(u.status.bound_volume_snapshot_content_name, "snapcontent-1");
  EXPECT_EQ(u.status.ready_to_use, true);
  EXPECT_EQ(u.status.creation_time, 7 * kSecond);
  EXPECT_EQ(u.status.restore_size->ToString(), "2Gi");

  // A content without status still binds, not ready.
  SnapshotStatusUpdate bare = SnapshotStatusFromContent(std::nullopt, ContentWith(std::nullopt));
  EXPECT_TRUE(bare.updated);
  EXPECT_EQ(bare.status.ready_to_use, false);
  EXPECT_FALSE(bare.status.creation_time);
  EXPECT_FALSE(bare.status.restore_size);
}

TEST(SnapshotStatusRules, RestoreSizeOnlyWhenTheDriverReportedOne) {
  // SEMANTICS.md 4: restoreSize only if size > 0 (the sidecar leaves it nil for 0).
  ContentStatusUpdate zero = ContentStatusFromDriver(std::nullopt, "h", true, ToUnixNanos(0), 0);
  EXPECT_FALSE(zero.status.restore_size);
  ContentStatusUpdate some = ContentStatusFromDriver(std::nullopt, "h", true, ToUnixNanos(0), 42);
  EXPECT_EQ(some.status.restore_size, 42);
}

TEST(SnapshotStatusRules, ReadyContentClearsTheSnapshotError) {
  VolumeSnapshot::Status current;
  current.bound_volume_snapshot_content_name = "snapcontent-1";
  current.ready_to_use = false;
  current.error = VolumeSnapshot::Error{"Failed to create snapshot: boom", 3 * kSecond};
  SnapshotStatusUpdate u = SnapshotStatusFromContent(current, ContentWith(ContentStatus(true, kGi)));
  EXPECT_TRUE(u.updated);
  EXPECT_EQ(u.status.ready_to_use, true);
  EXPECT_FALSE(u.status.error);
}

TEST(SnapshotStatusRules, UnchangedStatusIsNotRewritten) {
  SnapshotStatusUpdate first = SnapshotStatusFromContent(std::nullopt, ContentWith(ContentStatus(true, kGi)));
  SnapshotStatusUpdate again = SnapshotStatusFromContent(first.status, ContentWith(ContentStatus(true, kGi)));
  EXPECT_FALSE(again.updated);
}

TEST(SnapshotStatusRules, ContentErrorIsCopiedToTheSnapshot) {
  VolumeSnapshotContent::Status failing;
  failing.ready_to_use = false;
  failing.error = VolumeSnapshot::Error{"Failed to create snapshot: boom", 2 * kSecond};
  SnapshotStatusUpdate u = SnapshotStatusFromContent(std::nullopt, ContentWith(failing));
  ASSERT_TRUE(u.status.error);
  EXPECT_EQ(u.status.error->message, "Failed to create snapshot: boom");
  // The real code compares the errors' time pointers, so two timed errors always count
  // as a change.
  EXPECT_TRUE(SnapshotStatusFromContent(u.status, ContentWith(failing)).updated);
}

TEST(SnapshotStatusRules, NeedsUpdateSnapshotStatus) {
  VolumeSnapshot snap;
  EXPECT_FALSE(NeedsUpdateSnapshotStatus(snap, ContentWith(std::nullopt)));
  EXPECT_TRUE(NeedsUpdateSnapshotStatus(snap, ContentWith(ContentStatus(false, std::nullopt))));

  snap.status.emplace();
  EXPECT_FALSE(NeedsUpdateSnapshotStatus(snap, ContentWith(std::nullopt)));
  EXPECT_TRUE(NeedsUpdateSnapshotStatus(snap, ContentWith(ContentStatus(false, std::nullopt))));  // not bound

  snap.status->bound_volume_snapshot_content_name = "snapcontent-1";
  snap.status->creation_time = 7 * kSecond;
  VolumeSnapshotContent::Status no_ready;
  no_ready.creation_time = ToUnixNanos(7 * kSecond);
  EXPECT_FALSE(NeedsUpdateSnapshotStatus(snap, ContentWith(no_ready)));
  // Both readyToUse set: always (the real code compares the pointers).
  snap.status->ready_to_use = true;
  EXPECT_TRUE(NeedsUpdateSnapshotStatus(snap, ContentWith(ContentStatus(true, std::nullopt))));
  // restoreSize appears.
  snap.status->ready_to_use.reset();
  VolumeSnapshotContent::Status sized = no_ready;
  sized.restore_size = kGi;
  EXPECT_TRUE(NeedsUpdateSnapshotStatus(snap, ContentWith(sized)));
}

TEST(SnapshotStatusRules, ContentStatusFollowsTheDriver) {
  // updateSnapshotContentStatus: handle, creationTime and restoreSize are set once;
  // readyToUse follows the driver and clears the error when it turns true.
  ContentStatusUpdate first = ContentStatusFromDriver(std::nullopt, "h", false, ToUnixNanos(kSecond), kGi);
  EXPECT_TRUE(first.updated);
  VolumeSnapshotContent::Status s = first.status;
  s.error = VolumeSnapshot::Error{"x", kSecond};
  EXPECT_FALSE(ContentStatusFromDriver(s, "h", false, ToUnixNanos(9 * kSecond), kGi).updated);
  ContentStatusUpdate ready = ContentStatusFromDriver(s, "other", true, ToUnixNanos(9 * kSecond), 2 * kGi);
  EXPECT_TRUE(ready.updated);
  EXPECT_EQ(ready.status.snapshot_handle, "h");
  EXPECT_EQ(ready.status.creation_time, ToUnixNanos(kSecond));
  EXPECT_EQ(ready.status.restore_size, kGi);
  EXPECT_FALSE(ready.status.error);
}

TEST(SnapshotStatusRules, FinalizerNeeds) {
  VolumeSnapshot snap;
  EXPECT_TRUE(NeedToAddSnapshotAsSourceFinalizer(snap));
  EXPECT_FALSE(NeedToAddSnapshotBoundFinalizer(snap));  // not bound yet
  snap.status.emplace();
  snap.status->bound_volume_snapshot_content_name = "c";
  EXPECT_TRUE(NeedToAddSnapshotBoundFinalizer(snap));
  snap.metadata.deletion_timestamp = kSecond;
  EXPECT_FALSE(NeedToAddSnapshotAsSourceFinalizer(snap));
  EXPECT_FALSE(NeedToAddSnapshotBoundFinalizer(snap));
  // A deletion candidate still holds one of the controller's own finalizers.
  EXPECT_FALSE(IsSnapshotDeletionCandidate(snap));
  snap.metadata.finalizers = {"provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection"};
  EXPECT_FALSE(IsSnapshotDeletionCandidate(snap));
  snap.metadata.finalizers.emplace_back(kSnapshotBoundFinalizer);
  EXPECT_TRUE(IsSnapshotDeletionCandidate(snap));
  EXPECT_EQ(WithoutFinalizer(snap.metadata.finalizers, kSnapshotBoundFinalizer),
            std::vector<std::string>{"provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection"});
}

TEST(SnapshotStatusRules, SidecarIgnoresItsOwnKindOfChange) {
  // ShouldEnqueueContentChange: status, finalizers, resourceVersion and the
  // being-created annotation are not worth a sync; anything else is.
  VolumeSnapshotContent old_obj = ContentWith(std::nullopt);
  old_obj.metadata.resource_version = 5;
  VolumeSnapshotContent same = old_obj;
  same.metadata.resource_version = 6;
  same.status = ContentStatus(true, kGi);
  same.metadata.finalizers = {std::string(kContentBoundFinalizer)};
  same.metadata.annotations[std::string(kAnnBeingCreated)] = "yes";
  EXPECT_FALSE(ShouldEnqueueContentChange(old_obj, same));
  EXPECT_FALSE(ShouldEnqueueContentChange(old_obj, old_obj));  // a resync

  VolumeSnapshotContent deleting = same;
  deleting.metadata.deletion_timestamp = kSecond;
  EXPECT_TRUE(ShouldEnqueueContentChange(old_obj, deleting));
  VolumeSnapshotContent annotated = same;
  annotated.metadata.annotations[std::string(kAnnBeingDeleted)] = "yes";
  EXPECT_TRUE(ShouldEnqueueContentChange(old_obj, annotated));
  VolumeSnapshotContent rebound = old_obj;
  rebound.spec.volume_snapshot_ref.uid = "u";
  EXPECT_TRUE(ShouldEnqueueContentChange(old_obj, rebound));
}

TEST(SnapshotStatusRules, PrefixedParametersAreTheSidecars) {
  StatusOr<StringMap> p = RemovePrefixedParameters(
      {{"tier", "gold"}, {"csi.storage.k8s.io/snapshotter-secret-name", "s"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, (StringMap{{"tier", "gold"}}));
  StatusOr<StringMap> bad = RemovePrefixedParameters({{"csi.storage.k8s.io/bogus", "x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "found unknown parameter key \"csi.storage.k8s.io/bogus\" with reserved namespace csi.storage.k8s.io/");
}

TEST(SnapshotMessages, GrpcErrorsPrintAsGoPrintsThem) {
  EXPECT_EQ(GrpcErrorString(csi::Code::kDeadlineExceeded, "context deadline exceeded"),
            "rpc error: code = DeadlineExceeded desc = context deadline exceeded");
  EXPECT_EQ(GrpcErrorString(csi::Code::kCancelled, "x"), "rpc error: code = Canceled desc = x");
  // isCSIFinalError: the driver may still be working after these.
  for (csi::Code c : {csi::Code::kCancelled, csi::Code::kDeadlineExceeded, csi::Code::kUnavailable,
                      csi::Code::kResourceExhausted, csi::Code::kAborted}) {
    EXPECT_FALSE(IsFinalCsiError(c)) << csi::CodeName(c);
  }
  for (csi::Code c : {csi::Code::kInternal, csi::Code::kNotFound, csi::Code::kInvalidArgument,
                      csi::Code::kAlreadyExists}) {
    EXPECT_TRUE(IsFinalCsiError(c)) << csi::CodeName(c);
  }
  EXPECT_EQ(ControllerUpdateError("default/snap", "boom"),
            "snapshot controller failed to update default/snap on API server: boom");
  EXPECT_EQ(ListerNotFound("persistentvolumeclaim", "src").message(), "persistentvolumeclaim \"src\" not found");
}

}  // namespace
}  // namespace xnsim::snapshot
