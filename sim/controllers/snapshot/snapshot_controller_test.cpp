// The snapshot process end to end against a real engine, API server and mock driver:
// dynamic snapshots, class resolution, readiness, driver failures, pre-provisioned
// binding, and which driver's sidecar handles a content.
#include "sim/controllers/snapshot/snapshot_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/controllers/snapshot/snapshot_status.h"
#include "sim/controllers/snapshot/snapshot_test_world.h"

namespace xnsim::snapshot::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SnapshotController, DynamicSnapshotBecomesReadyWithContentEventsAndFinalizers) {
  // SEMANTICS.md 4: content "snapcontent-<uid>" from the class and the source PV;
  // CreateSnapshot "snapshot-<uid>"; readyToUse/restoreSize/creationTime copied to the
  // snapshot; SnapshotCreated and SnapshotReady; the three finalizers.
  SnapshotWorld w;
  RecordingDriver recorder(w.engine, w.driver);
  const std::string handle = w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("csi-snap", "Delete", false, std::string(kDriver),
                {{"tier", "gold"}, {"csi.storage.k8s.io/snapshotter-secret-name", "s"},
                 {"csi.storage.k8s.io/snapshotter-secret-namespace", "ns"}});
  w.StartController({}, {&recorder});
  const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
  ASSERT_TRUE(w.Settle());

  Ptr<VolumeSnapshotContent> content = w.Content("snapcontent-" + uid);
  ASSERT_NE(content, nullptr);
  const ObjectReference& ref = content->spec.volume_snapshot_ref;
  EXPECT_EQ(ref.api_version, "snapshot.storage.k8s.io/v1");
  EXPECT_EQ(ref.kind, "VolumeSnapshot");
  EXPECT_EQ(ref.namespace_, kNs);
  EXPECT_EQ(ref.name, "snap-1");
  EXPECT_EQ(ref.uid, uid);
  EXPECT_EQ(content->spec.driver, kDriver);
  EXPECT_EQ(content->spec.deletion_policy, "Delete");
  EXPECT_EQ(content->spec.volume_handle, handle);
  EXPECT_EQ(content->spec.volume_snapshot_class_name, "csi-snap");
  EXPECT_EQ(content->spec.source_volume_mode, "Filesystem");
  EXPECT_THAT(content->metadata.finalizers, ElementsAre(kContentBoundFinalizer));
  EXPECT_EQ(content->metadata.annotations.count(std::string(kAnnBeingCreated)), 0u);

  // The driver got the snapshot's name and the class parameters without the
  // sidecar's csi.storage.k8s.io/ keys.
  ASSERT_EQ(recorder.create_requests.size(), 1u);
  EXPECT_EQ(recorder.create_requests[0].name, "snapshot-" + uid);
  EXPECT_EQ(recorder.create_requests[0].source_volume_id, handle);
  EXPECT_EQ(recorder.create_requests[0].parameters, (StringMap{{"tier", "gold"}}));
  std::vector<const csi::SnapshotInfo*> backend = w.driver.Snapshots();
  ASSERT_EQ(backend.size(), 1u);

  ASSERT_TRUE(content->status);
  EXPECT_EQ(content->status->snapshot_handle, backend[0]->snapshot_id);
  EXPECT_EQ(content->status->ready_to_use, true);
  EXPECT_EQ(content->status->restore_size, kSourceBytes);
  EXPECT_EQ(content->status->creation_time, ToUnixNanos(backend[0]->created_at));

  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "snap-1");
  ASSERT_TRUE(snap->status);
  EXPECT_EQ(snap->status->bound_volume_snapshot_content_name, "snapcontent-" + uid);
  EXPECT_EQ(snap->status->ready_to_use, true);
  EXPECT_EQ(snap->status->restore_size, Quantity::FromBinaryValue(kSourceBytes));
  EXPECT_EQ(snap->status->restore_size->ToString(), "5Gi");
  EXPECT_EQ(snap->status->creation_time, backend[0]->created_at);
  EXPECT_FALSE(snap->status->error);
  EXPECT_THAT(snap->metadata.finalizers, ElementsAre(kSnapshotAsSourceFinalizer, kSnapshotBoundFinalizer));

  std::vector<std::string> reasons, messages;
  for (const Ptr<Event>& e : w.EventsFor("VolumeSnapshot", "snap-1")) {
    reasons.push_back(e->reason);
    messages.push_back(e->message);
    EXPECT_EQ(e->type, "Normal");
    EXPECT_EQ(e->source_component, "snapshot-controller");
  }
  EXPECT_THAT(reasons, ElementsAre("CreatingSnapshot", "SnapshotCreated", "SnapshotReady"));
  EXPECT_THAT(messages, ElementsAre("Waiting for a snapshot default/snap-1 to be created by the CSI driver.",
                                    "Snapshot default/snap-1 was successfully created by the CSI driver.",
                                    "Snapshot default/snap-1 is ready to use."));

  // The source claim's protection went once the snapshot was ready.
  EXPECT_FALSE(w.api.Get<PersistentVolumeClaim>(kNs, "src")->metadata.HasFinalizer(kPvcAsSourceFinalizer));
}

TEST(SnapshotController, SourceClaimProtectedOnlyWhileTheSnapshotIsCut) {
  // SEMANTICS.md 4: pvc-as-source-protection while the snapshot is being created; the
  // real rule removes it once no unready snapshot of the namespace uses the claim.
  csi::MockDriverConfig config = DriverConfig();
  config.costs["createSnapshot"] = {10 * kSecond, 0};
  SnapshotWorld w(config);
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("csi-snap", "Delete");
  w.StartController();
  const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
  ASSERT_TRUE(w.RunUntil([&] { return w.DriverCalls("CreateSnapshot") == 1; }));
  w.engine.RunUntil(w.engine.Now() + 5 * kSecond);  // mid-cut

  EXPECT_TRUE(w.api.Get<PersistentVolumeClaim>(kNs, "src")->metadata.HasFinalizer(kPvcAsSourceFinalizer));
  Ptr<VolumeSnapshotContent> content = w.Content("snapcontent-" + uid);
  ASSERT_NE(content, nullptr);
  EXPECT_EQ(content->metadata.annotations.at(std::string(kAnnBeingCreated)), "yes");
  EXPECT_FALSE(IsSnapshotReady(*w.Snapshot(kNs, "snap-1")));

  ASSERT_TRUE(w.Settle());
  EXPECT_TRUE(IsSnapshotReady(*w.Snapshot(kNs, "snap-1")));
  EXPECT_FALSE(w.api.Get<PersistentVolumeClaim>(kNs, "src")->metadata.HasFinalizer(kPvcAsSourceFinalizer));
}

TEST(SnapshotController, NotReadySnapshotIsAskedForAgainWithBackoff) {
  // SEMANTICS.md 4: while ready_to_use is false the sidecar re-issues CreateSnapshot,
  // requeued with its retry interval (1 s, doubling). SnapshotCreated comes with the
  // first answer (creationTime), SnapshotReady only with the ready one.
  SnapshotWorld w;
  RecordingDriver recorder(w.engine, w.driver);
  recorder.not_ready_replies = 3;
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("csi-snap", "Delete");
  w.StartController({}, {&recorder});
  w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap");

  ASSERT_TRUE(w.RunUntil([&] {
    Ptr<VolumeSnapshot> s = w.Snapshot(kNs, "snap-1");
    return s && IsSnapshotCreated(*s);
  }));
  Ptr<VolumeSnapshot> cut = w.Snapshot(kNs, "snap-1");
  EXPECT_EQ(cut->status->ready_to_use, false);
  EXPECT_NE(w.FindEvent("VolumeSnapshot", "snap-1", "SnapshotCreated"), nullptr);
  EXPECT_EQ(w.FindEvent("VolumeSnapshot", "snap-1", "SnapshotReady"), nullptr);

  ASSERT_TRUE(w.Settle());
  ASSERT_EQ(recorder.create_requests.size(), 4u);
  for (const csi::CreateSnapshotRequest& r : recorder.create_requests) {
    EXPECT_EQ(r.name, recorder.create_requests[0].name);
  }
  // Each retry waits the doubled backoff (plus the API round trips of the attempt).
  const SimDuration expected_gap[] = {1 * kSecond, 2 * kSecond, 4 * kSecond};
  for (size_t i = 1; i < recorder.create_times.size(); ++i) {
    const SimDuration gap = recorder.create_times[i] - recorder.create_times[i - 1];
    EXPECT_GE(gap, expected_gap[i - 1]) << "retry " << i;
    EXPECT_LT(gap, expected_gap[i - 1] + kSecond) << "retry " << i;
  }
  EXPECT_TRUE(IsSnapshotReady(*w.Snapshot(kNs, "snap-1")));
  EXPECT_NE(w.FindEvent("VolumeSnapshot", "snap-1", "SnapshotReady"), nullptr);
  EXPECT_EQ(w.driver.Snapshots().size(), 1u);  // idempotent by name
}

TEST(SnapshotController, DriverFailureIsReportedThenRetriedUntilReady) {
  // The sidecar's CreateSnapshot failure: Warning SnapshotCreationFailed on the content,
  // then SnapshotContentCheckandUpdateFailed on the next attempt; the error is copied to
  // the snapshot; the first success clears it.
  SnapshotWorld w;
  const std::string handle = w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("csi-snap", "Delete");
  csi::Fault fault;
  fault.op = "CreateSnapshot";
  fault.code = csi::Code::kInternal;
  fault.times = 2;
  w.driver.AddFault(fault);
  w.StartController();
  const std::string uid = w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap")->metadata.uid;
  const std::string content_name = "snapcontent-" + uid;

  const std::string failure = "failed to take snapshot of the volume " + handle +
                              ": \"rpc error: code = Internal desc = injected fault: INTERNAL\"";
  ASSERT_TRUE(w.RunUntil([&] {
    Ptr<VolumeSnapshot> s = w.Snapshot(kNs, "snap-1");
    return s && s->status && s->status->error;
  }));
  Ptr<VolumeSnapshot> failing = w.Snapshot(kNs, "snap-1");
  EXPECT_EQ(failing->status->error->message, "Failed to create snapshot: " + failure);
  EXPECT_EQ(failing->status->ready_to_use, false);

  ASSERT_TRUE(w.Settle());
  Ptr<Event> created_failed = w.FindEvent("VolumeSnapshotContent", content_name, "SnapshotCreationFailed");
  ASSERT_NE(created_failed, nullptr);
  EXPECT_EQ(created_failed->type, "Warning");
  EXPECT_EQ(created_failed->message, "Failed to create snapshot: " + failure);
  EXPECT_EQ(created_failed->source_component, "csi-snapshotter hostpath.csi.k8s.io");
  Ptr<Event> check_failed = w.FindEvent("VolumeSnapshotContent", content_name, "SnapshotContentCheckandUpdateFailed");
  ASSERT_NE(check_failed, nullptr);
  EXPECT_EQ(check_failed->message, "Failed to check and update snapshot content: " + failure);

  EXPECT_EQ(w.DriverCalls("CreateSnapshot"), 3u);
  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "snap-1");
  EXPECT_EQ(snap->status->ready_to_use, true);
  EXPECT_FALSE(snap->status->error);
  EXPECT_FALSE(w.Content(content_name)->status->error);
}

TEST(SnapshotController, DefaultClassOfTheSourceDriverIsWrittenIntoTheSnapshot) {
  // SetDefaultSnapshotClass: the default class whose driver is the source PV's.
  SnapshotWorld w;
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("other-default", "Retain", true, "other.csi.k8s.io");
  w.CreateClass("hostpath-default", "Delete", true);
  w.StartController();
  w.CreateSnapshot(kNs, "snap-1", "src", std::nullopt);
  ASSERT_TRUE(w.Settle());
  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "snap-1");
  EXPECT_EQ(snap->spec.volume_snapshot_class_name, "hostpath-default");
  EXPECT_TRUE(IsSnapshotReady(*snap));
  EXPECT_EQ(w.Content(*snap->status->bound_volume_snapshot_content_name)->spec.deletion_policy, "Delete");
}

TEST(SnapshotController, AmbiguousOrMissingDefaultClassIsAnError) {
  // SetDefaultSnapshotClassFailed with the real inner errors; readyToUse is left alone.
  SnapshotWorld w;
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.CreateClass("a", "Delete", true);
  w.CreateClass("b", "Delete", true);
  w.StartController();
  w.CreateSnapshot(kNs, "two-defaults", "src", std::nullopt);
  w.engine.RunUntil(w.engine.Now() + kMinute);
  Ptr<Event> e = w.FindEvent("VolumeSnapshot", "two-defaults", "SetDefaultSnapshotClassFailed");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Warning");
  EXPECT_EQ(e->message, "Failed to set default snapshot class with error 2 default snapshot classes were found");
  // Retried with backoff, but an unchanged error is neither rewritten nor re-recorded.
  EXPECT_EQ(e->count, 1);
  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "two-defaults");
  EXPECT_EQ(snap->status->error->message, e->message);
  EXPECT_FALSE(snap->status->ready_to_use);
  EXPECT_FALSE(snap->spec.volume_snapshot_class_name);

  ASSERT_TRUE(w.api.Delete<VolumeSnapshotClass>("", "a").ok());
  ASSERT_TRUE(w.api.Delete<VolumeSnapshotClass>("", "b").ok());
  w.CreateSnapshot(kNs, "no-default", "src", std::nullopt);
  w.engine.RunUntil(w.engine.Now() + kMinute);
  Ptr<Event> none = w.FindEvent("VolumeSnapshot", "no-default", "SetDefaultSnapshotClassFailed");
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->message, "Failed to set default snapshot class with error cannot find default snapshot class");
}

TEST(SnapshotController, MissingNamedClassIsReported) {
  // checkAndUpdateSnapshotClass: GetSnapshotClassFailed with the lister's NotFound text.
  SnapshotWorld w;
  w.MakeBoundClaim(kNs, "src", "pv-src");
  w.StartController();
  w.CreateSnapshot(kNs, "snap-1", "src", "gold");
  w.engine.RunUntil(w.engine.Now() + kMinute);
  Ptr<Event> e = w.FindEvent("VolumeSnapshot", "snap-1", "GetSnapshotClassFailed");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->message,
            "Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io \"gold\" not found");
  EXPECT_EQ(w.api.List<VolumeSnapshotContent>().size(), 0u);

  // The class appears: the next retry goes through.
  w.CreateClass("gold", "Delete");
  ASSERT_TRUE(w.Settle());
  EXPECT_TRUE(IsSnapshotReady(*w.Snapshot(kNs, "snap-1")));
}

TEST(SnapshotController, SourceClaimMustBeBound) {
  // getVolumeFromVolumeSnapshot: an unbound source fails content creation; the claim
  // already got pvc-as-source-protection (ensurePVCFinalizer runs first, as in the
  // real controller).
  SnapshotWorld w;
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = kNs;
  pvc.metadata.name = "src";
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = Quantity::FromBinaryValue(kGi);
  ASSERT_TRUE(w.api.Create(std::move(pvc)).ok());
  w.CreateClass("csi-snap", "Delete");
  w.StartController();
  w.CreateSnapshot(kNs, "snap-1", "src", "csi-snap");
  w.engine.RunUntil(w.engine.Now() + kMinute);

  Ptr<Event> e = w.FindEvent("VolumeSnapshot", "snap-1", "SnapshotContentCreationFailed");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->message,
            "Failed to create snapshot content with error failed to get input parameters to create snapshot snap-1: "
            "\"the PVC src is not yet bound to a PV, will not attempt to take a snapshot\"");
  EXPECT_EQ(w.Snapshot(kNs, "snap-1")->status->ready_to_use, false);
  EXPECT_TRUE(w.api.Get<PersistentVolumeClaim>(kNs, "src")->metadata.HasFinalizer(kPvcAsSourceFinalizer));
  EXPECT_EQ(w.DriverCalls("CreateSnapshot"), 0u);
}

VolumeSnapshotContent PreProvisionedContent(const std::string& name, const std::string& handle,
                                            const std::string& snapshot_name, const std::string& policy,
                                            const std::string& driver = std::string(kDriver)) {
  VolumeSnapshotContent c;
  c.metadata.name = name;
  c.spec.driver = driver;
  c.spec.deletion_policy = policy;
  c.spec.snapshot_handle = handle;
  c.spec.volume_snapshot_ref.namespace_ = kNs;
  c.spec.volume_snapshot_ref.name = snapshot_name;
  return c;
}

Ptr<VolumeSnapshot> CreatePreProvisionedSnapshot(SnapshotWorld& w, const std::string& name,
                                                 const std::string& content_name) {
  VolumeSnapshot s;
  s.metadata.namespace_ = kNs;
  s.metadata.name = name;
  s.spec.volume_snapshot_content_name = content_name;
  StatusOr<Ptr<VolumeSnapshot>> r = w.api.Create(std::move(s));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

TEST(SnapshotController, PreProvisionedContentBindsAndIsReadyWithoutListSnapshots) {
  // SEMANTICS.md 4 (pre-provisioned): the controller completes the content's
  // back-pointer with the snapshot's uid; without ListSnapshots the real sidecar takes
  // the handle as ready, with creationTime now and no restoreSize.
  SnapshotWorld w;
  ASSERT_TRUE(w.api.Create(PreProvisionedContent("pre-content", "backend-snap-7", "pre-snap", "Retain")).ok());
  w.StartController();
  const std::string uid = CreatePreProvisionedSnapshot(w, "pre-snap", "pre-content")->metadata.uid;
  ASSERT_TRUE(w.Settle());

  Ptr<VolumeSnapshotContent> content = w.Content("pre-content");
  EXPECT_EQ(content->spec.volume_snapshot_ref.uid, uid);
  EXPECT_THAT(content->metadata.finalizers, ElementsAre(kContentBoundFinalizer));
  ASSERT_TRUE(content->status);
  EXPECT_EQ(content->status->snapshot_handle, "backend-snap-7");
  EXPECT_EQ(content->status->ready_to_use, true);
  EXPECT_TRUE(content->status->creation_time);
  EXPECT_FALSE(content->status->restore_size);

  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "pre-snap");
  EXPECT_EQ(snap->status->bound_volume_snapshot_content_name, "pre-content");
  EXPECT_EQ(snap->status->ready_to_use, true);
  EXPECT_FALSE(snap->status->restore_size);
  EXPECT_TRUE(snap->status->creation_time);
  // Retain: no bound finalizer on the snapshot.
  EXPECT_THAT(snap->metadata.finalizers, ElementsAre(kSnapshotAsSourceFinalizer));
  EXPECT_NE(w.FindEvent("VolumeSnapshot", "pre-snap", "SnapshotReady"), nullptr);
  EXPECT_EQ(w.DriverCalls("CreateSnapshot"), 0u);
}

TEST(SnapshotController, PreProvisionedContentBoundToAnotherSnapshotIsRefused) {
  // getPreprovisionedContentFromStore: the back-pointer must name this snapshot.
  SnapshotWorld w;
  ASSERT_TRUE(w.api.Create(PreProvisionedContent("pre-content", "backend-snap-7", "someone-else", "Delete")).ok());
  w.StartController();
  CreatePreProvisionedSnapshot(w, "pre-snap", "pre-content");
  w.engine.RunUntil(w.engine.Now() + kMinute);

  Ptr<Event> e = w.FindEvent("VolumeSnapshot", "pre-snap", "SnapshotContentMisbound");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, "Warning");
  EXPECT_EQ(e->message, "VolumeSnapshotContent [pre-content] is bound to a different snapshot");
  EXPECT_EQ(e->count, 1);
  Ptr<VolumeSnapshot> snap = w.Snapshot(kNs, "pre-snap");
  EXPECT_EQ(snap->status->ready_to_use, false);
  EXPECT_EQ(snap->status->error->message, e->message);
  EXPECT_FALSE(snap->status->bound_volume_snapshot_content_name);
  EXPECT_TRUE(w.Content("pre-content")->spec.volume_snapshot_ref.uid.empty());
}

TEST(SnapshotController, OnlyTheContentsDriverSidecarActs) {
  // isDriverMatch: a sidecar handles contents whose spec.driver is its driver; a
  // driver without CREATE_DELETE_SNAPSHOT has no sidecar at all.
  csi::MockDriverConfig plain = DriverConfig();
  plain.name = "plain.csi.k8s.io";
  plain.capabilities = {csi::Capability::kCreateDeleteVolume};
  SnapshotWorld w;
  csi::MockDriver plain_driver(w.engine, plain);
  ASSERT_TRUE(
      w.api.Create(PreProvisionedContent("plain-content", "h-1", "plain-snap", "Delete", "plain.csi.k8s.io")).ok());
  ASSERT_TRUE(w.api.Create(PreProvisionedContent("host-content", "h-2", "host-snap", "Delete")).ok());
  w.StartController({}, {&w.driver, &plain_driver});
  CreatePreProvisionedSnapshot(w, "plain-snap", "plain-content");
  CreatePreProvisionedSnapshot(w, "host-snap", "host-content");
  ASSERT_TRUE(w.Settle());

  // The common controller binds both; only the hostpath sidecar fills a status.
  EXPECT_FALSE(w.Content("plain-content")->spec.volume_snapshot_ref.uid.empty());
  EXPECT_FALSE(w.Content("plain-content")->status);
  EXPECT_EQ(w.Snapshot(kNs, "plain-snap")->status->ready_to_use, false);
  EXPECT_EQ(w.Content("host-content")->status->ready_to_use, true);
  EXPECT_EQ(w.Snapshot(kNs, "host-snap")->status->ready_to_use, true);
}

}  // namespace
}  // namespace xnsim::snapshot::testing
