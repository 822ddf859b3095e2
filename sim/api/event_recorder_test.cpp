#include "sim/api/event_recorder.h"

#include <gtest/gtest.h>

#include <string>

namespace xnsim {
namespace {

struct RecorderWorld {
  Engine engine;
  ApiServer server{engine, GateSet(Component::kKubeApiserver, kNewestKubeVersion)};
};

PersistentVolumeClaim StoredClaim(RecorderWorld& w, std::string name) {
  PersistentVolumeClaim pvc;
  pvc.metadata.name = std::move(name);
  pvc.metadata.namespace_ = "default";
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  auto created = w.server.Create(pvc);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  return **created;
}

TEST(EventRecorder, CreatesAnEventLikeClientGo) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.server, "csi-provisioner");
  w.engine.RunUntil(1500 * kMillisecond);
  rec.Record(pvc, "Normal", "Provisioning", "External provisioner is provisioning volume");
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  const Event& e = *events[0];
  EXPECT_EQ(e.metadata.name, "db.59682f00");  // 1.5e9 ns in hex
  EXPECT_EQ(e.metadata.namespace_, "default");
  EXPECT_EQ(e.involved_object.kind, "PersistentVolumeClaim");
  EXPECT_EQ(e.involved_object.api_version, "v1");
  EXPECT_EQ(e.involved_object.name, "db");
  EXPECT_EQ(e.involved_object.uid, pvc.metadata.uid);
  EXPECT_EQ(e.type, "Normal");
  EXPECT_EQ(e.reason, "Provisioning");
  EXPECT_EQ(e.count, 1);
  EXPECT_EQ(e.first_timestamp, 1500 * kMillisecond);
  EXPECT_EQ(e.last_timestamp, 1500 * kMillisecond);
  EXPECT_EQ(e.source_component, "csi-provisioner");
}

// Rule: a repeat of (object, type, reason, message, source) bumps count and
// lastTimestamp on the stored Event instead of adding one.
TEST(EventRecorder, RepeatUpdatesCountAndLastTimestamp) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.server, "csi-provisioner");
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.engine.RunUntil(5 * kSecond);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.engine.RunUntil(9 * kSecond);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->count, 3);
  EXPECT_EQ(events[0]->first_timestamp, 0);
  EXPECT_EQ(events[0]->last_timestamp, 9 * kSecond);
}

TEST(EventRecorder, DifferentMessageReasonOrSourceIsANewEvent) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.server, "csi-provisioner");
  EventRecorder other(w.server, "persistentvolume-controller");
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.engine.RunUntil(1);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "bang");
  w.engine.RunUntil(2);
  rec.Record(pvc, "Normal", "Provisioning", "boom");
  w.engine.RunUntil(3);
  other.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  EXPECT_EQ(w.server.List<Event>("default").size(), 4u);
}

TEST(EventRecorder, SameInstantNamesGetASuffix) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.server, "csi-provisioner");
  w.engine.RunUntil(255);
  rec.Record(pvc, "Normal", "Provisioning", "a");
  rec.Record(pvc, "Normal", "ProvisioningSucceeded", "b");
  rec.Record(pvc, "Normal", "Other", "c");
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_NE(w.server.Get<Event>("default", "db.ff"), nullptr);
  EXPECT_EQ(w.server.Get<Event>("default", "db.ff-2")->reason, "ProvisioningSucceeded");
  EXPECT_EQ(w.server.Get<Event>("default", "db.ff-3")->reason, "Other");
}

TEST(EventRecorder, ClusterScopedObjectsGetEventsInDefault) {
  RecorderWorld w;
  EventRecorder rec(w.server, "persistentvolume-controller");
  ObjectReference pv{"v1", "PersistentVolume", "", "pvc-123", "uid-1", "5", ""};
  rec.Record(pv, "Warning", "VolumeFailedDelete", "x");
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->metadata.name, "pvc-123.0");
  EXPECT_EQ(events[0]->involved_object.namespace_, "");
}

TEST(EventRecorder, DeletedEventIsRecordedAfresh) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.server, "csi-provisioner");
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  const std::string first = w.server.List<Event>("default")[0]->metadata.name;
  ASSERT_TRUE(w.server.Delete<Event>("default", first).ok());
  w.engine.RunUntil(kSecond);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0]->metadata.name, first);
  EXPECT_EQ(events[0]->count, 1);
}

TEST(EventRecorder, EventsInAMissingNamespaceAreDropped) {
  RecorderWorld w;
  EventRecorder rec(w.server, "csi-provisioner");
  ObjectReference ghost{"v1", "PersistentVolumeClaim", "gone", "db", "uid-9", "1", ""};
  rec.Record(ghost, "Warning", "ProvisioningFailed", "boom");  // must not crash or throw
  EXPECT_TRUE(w.server.List<Event>().empty());
}

}  // namespace
}  // namespace xnsim
