// kube-apiserver's --event-ttl with the etcd3 lease manager's lease reuse, through the
// API server: Events vanish one TTL (plus at most a minute) after their last write.
#include "sim/api/event_expiry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/api/apiserver.h"

namespace xnsim {
namespace {

struct ExpiryWorld {
  explicit ExpiryWorld(SimDuration ttl = 1 * kHour)
      : server(engine, GateSet(Component::kKubeApiserver, kNewestKubeVersion),
               ApiServer::Options{.event_ttl = ttl}) {
    server.Watch<Event>([this](const WatchEvent<Event>& e) {
      if (e.type == WatchEventType::kDeleted) deleted.push_back(e.object->metadata.name);
    });
  }

  Event MakeEvent(const std::string& name) {
    Event e;
    e.metadata.name = name;
    e.metadata.namespace_ = "default";
    e.involved_object = ObjectReference{"v1", "PersistentVolumeClaim", "default", "db", "uid-1", "", ""};
    e.reason = "Provisioning";
    e.message = "External provisioner is provisioning volume";
    e.type = "Normal";
    e.count = 1;
    e.source_component = "csi-provisioner";
    return e;
  }
  void CreateAt(SimTime t, const std::string& name) {
    engine.RunUntil(t);
    ASSERT_TRUE(server.Create(MakeEvent(name)).ok());
  }
  void RepeatAt(SimTime t, const std::string& name) {
    engine.RunUntil(t);
    Event next = *server.Get<Event>("default", name);
    next.count += 1;
    ASSERT_TRUE(server.Update(std::move(next)).ok());
  }
  bool Stored(const std::string& name) { return server.Get<Event>("default", name) != nullptr; }

  Engine engine;
  ApiServer server;
  std::vector<std::string> deleted;
};

// Rule event-ttl: an Event is deleted (watchers see DELETED) when the lease of its
// write expires: the TTL plus the reuse period, 60 s, after the lease was granted.
TEST(EventExpiry, AnEventGoesOneTtlAndTheReusePeriodAfterItsLeaseWasGranted) {
  ExpiryWorld w;
  w.CreateAt(10 * kSecond, "a");
  w.engine.RunUntil(10 * kSecond + 1 * kHour + 59 * kSecond);
  EXPECT_TRUE(w.Stored("a"));
  w.engine.RunUntil(10 * kSecond + 1 * kHour + 61 * kSecond);
  EXPECT_FALSE(w.Stored("a"));
  EXPECT_EQ(w.deleted, (std::vector<std::string>{"a"}));
}

// Rule event-ttl: writes within the reuse period share the lease, so they expire
// together; a write after it gets a lease of its own.
TEST(EventExpiry, WritesWithinTheReusePeriodShareALease) {
  ExpiryWorld w;
  w.CreateAt(0, "first");
  w.CreateAt(59 * kSecond, "same-lease");
  w.CreateAt(61 * kSecond, "next-lease");
  w.engine.RunUntil(1 * kHour + 61 * kSecond);
  EXPECT_EQ(w.deleted, (std::vector<std::string>{"first", "same-lease"}));
  w.engine.RunUntil(1 * kHour + 122 * kSecond);
  EXPECT_EQ(w.deleted, (std::vector<std::string>{"first", "same-lease", "next-lease"}));
}

// Rule event-ttl: a repeat (a patch of count) is a write, with a lease of its own: the
// Event lives a TTL after its last repeat.
TEST(EventExpiry, ARepeatKeepsTheEventAnotherTtl) {
  ExpiryWorld w;
  w.CreateAt(0, "a");
  w.RepeatAt(30 * kMinute, "a");
  w.engine.RunUntil(1 * kHour + 2 * kMinute);
  EXPECT_TRUE(w.Stored("a"));
  EXPECT_EQ(w.server.Get<Event>("default", "a")->count, 2);
  w.engine.RunUntil(30 * kMinute + 1 * kHour + 61 * kSecond);
  EXPECT_FALSE(w.Stored("a"));
}

// The lease manager attaches at most 1,000 objects to one lease.
TEST(EventExpiry, ALeaseHoldsAtMostAThousandEvents) {
  ExpiryWorld w;
  for (int i = 0; i < 1000; ++i) w.CreateAt(0, "early-" + std::to_string(i));
  w.CreateAt(30 * kSecond, "over");  // the 1,001st write: a new lease, 30 s later
  w.engine.RunUntil(1 * kHour + 61 * kSecond);
  EXPECT_EQ(w.deleted.size(), 1000u);
  EXPECT_TRUE(w.Stored("over"));
  w.engine.RunUntil(1 * kHour + 91 * kSecond);
  EXPECT_FALSE(w.Stored("over"));
}

// A deleted Event is forgotten; one created again under its name lives its own TTL.
TEST(EventExpiry, ADeletedAndRecreatedEventKeepsItsNewLease) {
  ExpiryWorld w;
  w.CreateAt(0, "a");
  ASSERT_TRUE(w.server.Delete<Event>("default", "a").ok());
  w.CreateAt(20 * kMinute, "a");
  w.engine.RunUntil(1 * kHour + 2 * kMinute);
  EXPECT_TRUE(w.Stored("a"));
  w.engine.RunUntil(20 * kMinute + 1 * kHour + 61 * kSecond);
  EXPECT_FALSE(w.Stored("a"));
}

// An expiry ahead is no pending work: a settled cluster does not wait an hour for it.
TEST(EventExpiry, AnExpiryAheadIsNotPendingWork) {
  ExpiryWorld w;
  w.CreateAt(0, "a");
  w.engine.RunUntil(kSecond);  // the watch delivery
  EXPECT_EQ(w.engine.pending_work(), 0u);
}

TEST(EventExpiry, ZeroTtlKeepsEventsForEver) {
  ExpiryWorld w(0);
  w.CreateAt(0, "a");
  w.engine.RunUntil(48 * kHour);
  EXPECT_TRUE(w.Stored("a"));
}

}  // namespace
}  // namespace xnsim
