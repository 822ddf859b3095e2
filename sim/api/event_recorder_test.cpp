#include "sim/api/event_recorder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xnsim {
namespace {

// An unthrottled client with no latency: Events are written at the instant the sink
// takes them, once the engine runs (Flush).
struct RecorderWorld {
  Engine engine;
  ApiServer server{engine, GateSet(Component::kKubeApiserver, kNewestKubeVersion)};
  ApiClient client{server, "csi-provisioner", ClientOptions{.qps = 0, .latency = 0}};
  ApiClient other_client{server, "kube-controller-manager", ClientOptions{.qps = 0, .latency = 0}};

  void Flush() { engine.RunUntil(engine.Now()); }
  void RunUntil(SimTime t) { engine.RunUntil(t); }
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
  EventRecorder rec(w.client, "csi-provisioner");
  w.engine.RunUntil(1500 * kMillisecond);
  rec.Record(pvc, "Normal", "Provisioning", "External provisioner is provisioning volume");
  w.Flush();
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
  EventRecorder rec(w.client, "csi-provisioner");
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  w.engine.RunUntil(5 * kSecond);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  w.engine.RunUntil(9 * kSecond);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->count, 3);
  EXPECT_EQ(events[0]->first_timestamp, 0);
  EXPECT_EQ(events[0]->last_timestamp, 9 * kSecond);
}

TEST(EventRecorder, DifferentMessageReasonOrSourceIsANewEvent) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.client, "csi-provisioner");
  EventRecorder other(w.other_client, "persistentvolume-controller");
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  w.engine.RunUntil(1);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "bang");
  w.Flush();
  w.engine.RunUntil(2);
  rec.Record(pvc, "Normal", "Provisioning", "boom");
  w.Flush();
  w.engine.RunUntil(3);
  other.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 4u);
}

TEST(EventRecorder, SameInstantNamesGetASuffix) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.client, "csi-provisioner");
  w.engine.RunUntil(255);
  rec.Record(pvc, "Normal", "Provisioning", "a");
  w.Flush();
  rec.Record(pvc, "Normal", "ProvisioningSucceeded", "b");
  w.Flush();
  rec.Record(pvc, "Normal", "Other", "c");
  w.Flush();
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_NE(w.server.Get<Event>("default", "db.ff"), nullptr);
  EXPECT_EQ(w.server.Get<Event>("default", "db.ff-2")->reason, "ProvisioningSucceeded");
  EXPECT_EQ(w.server.Get<Event>("default", "db.ff-3")->reason, "Other");
}

TEST(EventRecorder, ClusterScopedObjectsGetEventsInDefault) {
  RecorderWorld w;
  EventRecorder rec(w.client, "persistentvolume-controller");
  ObjectReference pv{"v1", "PersistentVolume", "", "pvc-123", "uid-1", "5", ""};
  rec.Record(pv, "Warning", "VolumeFailedDelete", "x");
  w.Flush();
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->metadata.name, "pvc-123.0");
  EXPECT_EQ(events[0]->involved_object.namespace_, "");
}

// Rule (client-go recordEvent): a repeat whose Event is gone from the server is
// created again under the name and with the count the recorder's logger remembers.
TEST(EventRecorder, DeletedEventIsCreatedAgainUnderItsNameAndCount) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.client, "csi-provisioner");
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  const std::string first = w.server.List<Event>("default")[0]->metadata.name;
  ASSERT_TRUE(w.server.Delete<Event>("default", first).ok());
  w.engine.RunUntil(kSecond);
  rec.Record(pvc, "Warning", "ProvisioningFailed", "boom");
  w.Flush();
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->metadata.name, first);
  EXPECT_EQ(events[0]->count, 2);
  EXPECT_EQ(events[0]->first_timestamp, 0);
  EXPECT_EQ(events[0]->last_timestamp, kSecond);
}

ObjectReference ClaimRef(int i) {
  const std::string name = "claim-" + std::to_string(i);
  return ObjectReference{"v1", "PersistentVolumeClaim", "default", name, "uid-" + name, "1", ""};
}

// Rule (client-go EventSourceObjectSpamFilter, burst 25, 1/300 qps): a source may
// write 25 Events about one object at once, then one per 5 minutes; the rest are
// dropped. Other objects and other sources have buckets of their own.
TEST(EventRecorder, SpamFilterAllowsABurstOf25PerObjectThenOnePer5Minutes) {
  RecorderWorld w;
  EventRecorder rec(w.client, "persistentvolume-controller");
  EventRecorder other(w.other_client, "csi-provisioner");
  // Distinct reasons: neither a repeat nor similar messages to combine.
  for (int i = 0; i < 30; ++i) rec.Record(ClaimRef(0), "Warning", "R" + std::to_string(i), "m");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 25u);
  rec.Record(ClaimRef(1), "Warning", "R0", "m");
  w.Flush();
  other.Record(ClaimRef(0), "Warning", "R0", "m");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 27u);
  w.engine.RunUntil(299 * kSecond);
  rec.Record(ClaimRef(0), "Warning", "Late", "m");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 27u);
  w.engine.RunUntil(300 * kSecond);
  rec.Record(ClaimRef(0), "Warning", "Later", "m");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 28u);
}

// Rule (client-go EventCorrelate): the logger counts a repeat before the spam filter
// drops it, so the next repeat that passes carries every occurrence in its count.
TEST(EventRecorder, FilteredRepeatsStillCount) {
  RecorderWorld w;
  PersistentVolumeClaim pvc = StoredClaim(w, "db");
  EventRecorder rec(w.client, "persistentvolume-controller");
  for (int i = 0; i < 30; ++i) {
    w.engine.RunUntil(i * kSecond);
    rec.Record(pvc, "Normal", "ExternalProvisioning", "waiting");
    w.Flush();
  }
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->count, 25);
  EXPECT_EQ(events[0]->last_timestamp, 24 * kSecond);
  w.engine.RunUntil(300 * kSecond);
  rec.Record(pvc, "Normal", "ExternalProvisioning", "waiting");
  w.Flush();
  events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->count, 31);
  EXPECT_EQ(events[0]->last_timestamp, 300 * kSecond);
}

// Rule (client-go EventAggregator, 10 in 10 minutes): from the 10th distinct message
// with one source, object, type and reason, the recorder writes one Event saying
// "(combined from similar events): <message>" and patches it for each further one.
TEST(EventRecorder, TenthSimilarMessageIsCombined) {
  RecorderWorld w;
  EventRecorder rec(w.client, "csi-provisioner");
  for (int i = 0; i < 12; ++i) {
    w.engine.RunUntil(i * kSecond);
    rec.Record(ClaimRef(0), "Warning", "ProvisioningFailed", "attempt " + std::to_string(i));
    w.Flush();
  }
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 10u);
  int combined = 0;
  for (const auto& e : events) {
    if (e->message.rfind("(combined from similar events): ", 0) != 0) continue;
    ++combined;
    EXPECT_EQ(e->message, "(combined from similar events): attempt 11");
    EXPECT_EQ(e->count, 3);
    EXPECT_EQ(e->first_timestamp, 9 * kSecond);
    EXPECT_EQ(e->last_timestamp, 11 * kSecond);
  }
  EXPECT_EQ(combined, 1);
}

// Rule: a group not seen for more than 10 minutes starts afresh.
TEST(EventRecorder, SimilarMessagesFarApartAreNotCombined) {
  RecorderWorld w;
  // Two hours pass, so the first Events expire (--event-ttl): count them as created.
  std::vector<std::string> created;
  w.server.Watch<Event>([&](const WatchEvent<Event>& e) {
    if (e.type == WatchEventType::kAdded) created.push_back(e.object->message);
  });
  EventRecorder rec(w.client, "csi-provisioner");
  for (int i = 0; i < 12; ++i) {
    w.engine.RunUntil(i * 601 * kSecond);
    rec.Record(ClaimRef(0), "Warning", "ProvisioningFailed", "attempt " + std::to_string(i));
    w.Flush();
  }
  w.engine.RunUntil(w.engine.Now() + kSecond);
  for (const std::string& message : created) {
    EXPECT_EQ(message.rfind("(combined", 0), std::string::npos) << message;
  }
  EXPECT_EQ(created.size(), 12u);
}

// Divergence (event_correlator.h): client-go's caches forget keys past 4,096, xnsim's
// remember them all, so a repeat after 8,192 other objects still patches its Event.
TEST(EventRecorder, RepeatIsRememberedPast4096OtherKeys) {
  RecorderWorld w;
  EventRecorder rec(w.client, "persistentvolume-controller");
  rec.Record(ClaimRef(0), "Normal", "ExternalProvisioning", "waiting");
  w.Flush();
  for (int i = 1; i <= 8192; ++i) {
    rec.Record(ClaimRef(i), "Normal", "ExternalProvisioning", "waiting");
    w.Flush();
  }
  w.engine.RunUntil(kSecond);
  rec.Record(ClaimRef(0), "Normal", "ExternalProvisioning", "waiting");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 8193u);
  Ptr<Event> first = w.server.Get<Event>("default", "claim-0.0");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->count, 2);
  EXPECT_EQ(first->last_timestamp, kSecond);
}

TEST(EventRecorder, EventsInAMissingNamespaceAreDropped) {
  RecorderWorld w;
  EventRecorder rec(w.client, "csi-provisioner");
  ObjectReference ghost{"v1", "PersistentVolumeClaim", "gone", "db", "uid-9", "1", ""};
  rec.Record(ghost, "Warning", "ProvisioningFailed", "boom");  // must not crash or throw
  w.Flush();
  EXPECT_TRUE(w.server.List<Event>().empty());
}

// Rule (client-go StartRecordingToSink): the sink writes through the component's own
// client, so Events wait for its tokens like its other requests and count in its
// requests; each Event keeps the time it was recorded, not the time it was written.
TEST(EventRecorder, EventsSpendTheComponentsQps) {
  RecorderWorld w;
  ApiClient slow(w.server, "csi-provisioner", ClientOptions{.qps = 1, .burst = 1, .latency = 0});
  EventRecorder rec(slow, "csi-provisioner");
  rec.Record(ClaimRef(0), "Normal", "Provisioning", "a");
  rec.Record(ClaimRef(1), "Normal", "Provisioning", "b");
  rec.Record(ClaimRef(2), "Normal", "Provisioning", "c");
  w.Flush();
  EXPECT_EQ(w.server.List<Event>("default").size(), 1u);
  EXPECT_EQ(rec.queued(), 1u);  // one in flight, waiting for its token
  w.RunUntil(2 * kSecond);
  auto events = w.server.List<Event>("default");
  ASSERT_EQ(events.size(), 3u);
  for (const auto& e : events) {
    EXPECT_EQ(e->first_timestamp, 0) << e->metadata.name;
    EXPECT_EQ(e->last_timestamp, 0) << e->metadata.name;
  }
  EXPECT_EQ(slow.stats().requests, 3u);
  EXPECT_EQ(slow.stats().throttled_requests, 2u);
  EXPECT_EQ(slow.stats().throttle_delay, 2 * kSecond);  // one at a time: 1 s each
}

// Rule (client-go NewBroadcaster: maxQueuedEvents 1000, DropIfChannelFull): while the
// sink is busy, at most 1,000 Events wait for it; the ones recorded beyond are dropped.
TEST(EventRecorder, QueueOf1000DropsTheRest) {
  RecorderWorld w;
  ApiClient slow(w.server, "csi-provisioner", ClientOptions{.qps = 1, .burst = 1, .latency = 0});
  EventRecorder rec(slow, "csi-provisioner");
  // The first is taken by the sink at once; 1,000 then fill the queue and the last 6
  // are dropped.
  for (int i = 0; i < 1007; ++i) rec.Record(ClaimRef(i), "Normal", "Provisioning", "m");
  EXPECT_EQ(rec.queued(), EventRecorder::kMaxQueued);
  w.RunUntil(2000 * kSecond);
  EXPECT_EQ(w.server.List<Event>("default").size(), 1001u);
  EXPECT_EQ(w.server.Get<Event>("default", "claim-1001.0"), nullptr);
  EXPECT_NE(w.server.Get<Event>("default", "claim-1000.0"), nullptr);
}

// Rule (client-go recordToSink): the correlator runs when the sink takes the Event, so
// a repeat recorded while its first is still queued patches the Event the first wrote.
TEST(EventRecorder, RepeatQueuedBehindItsFirstPatchesIt) {
  RecorderWorld w;
  ApiClient slow(w.server, "csi-provisioner", ClientOptions{.qps = 1, .burst = 1, .latency = 0});
  EventRecorder rec(slow, "csi-provisioner");
  rec.Record(ClaimRef(0), "Normal", "Other", "m");  // spends the burst
  rec.Record(ClaimRef(1), "Warning", "ProvisioningFailed", "boom");
  w.RunUntil(kSecond / 2);
  rec.Record(ClaimRef(1), "Warning", "ProvisioningFailed", "boom");
  w.RunUntil(10 * kSecond);
  Ptr<Event> e = w.server.Get<Event>("default", "claim-1.0");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->count, 2);
  EXPECT_EQ(e->last_timestamp, kSecond / 2);
  EXPECT_EQ(w.server.List<Event>("default").size(), 2u);
  EXPECT_EQ(slow.stats().requests, 3u);  // create, create, patch
}

}  // namespace
}  // namespace xnsim
