// The informer's cache and handler calls: list then watch, cache-decided add/update,
// deletes, resync, and teardown.
#include "sim/controllers/runtime/informer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xnsim {
namespace {

StorageClass Sc(std::string name) {
  StorageClass sc;
  sc.metadata.name = std::move(name);
  sc.provisioner = "hostpath.csi.k8s.io";
  return sc;
}

PersistentVolumeClaim Claim(std::string ns, std::string name) {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = std::move(ns);
  pvc.metadata.name = std::move(name);
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  return pvc;
}

Namespace Ns(std::string name) {
  Namespace ns;
  ns.metadata.name = std::move(name);
  return ns;
}

// Records every handler call as "add x", "update x", "delete x".
template <class T>
struct Log {
  std::vector<std::string> calls;
  InformerHandlers<T> Handlers() {
    return {
        .on_add = [this](const Ptr<T>& o) { calls.push_back("add " + o->metadata.name); },
        .on_update =
            [this](const Ptr<T>& old_obj, const Ptr<T>& new_obj) {
              calls.push_back("update " + new_obj->metadata.name +
                              (old_obj == new_obj ? " (resync)" : ""));
            },
        .on_delete = [this](const Ptr<T>& o) { calls.push_back("delete " + o->metadata.name); },
    };
  }
};

class InformerTest : public ::testing::Test {
 protected:
  Engine engine_{7};
  ApiServer api_{engine_, GateSet(Component::kKubeApiserver, kNewestKubeVersion)};
};

TEST_F(InformerTest, StartListsInOrderThenWatches) {
  ASSERT_TRUE(api_.Create(Sc("b")).ok());
  ASSERT_TRUE(api_.Create(Sc("a")).ok());
  Informer<StorageClass> inf(api_, 0);
  Log<StorageClass> log;
  inf.AddHandlers(log.Handlers());
  inf.Start();
  EXPECT_EQ(log.calls, (std::vector<std::string>{"add a", "add b"}));
  EXPECT_EQ(inf.size(), 2u);

  ASSERT_TRUE(api_.Create(Sc("c")).ok());
  EXPECT_EQ(inf.Get("", "c"), nullptr);  // not before the watch delay
  engine_.RunUntil(kSecond);
  ASSERT_NE(inf.Get("", "c"), nullptr);
  EXPECT_EQ(log.calls.back(), "add c");
  EXPECT_EQ(inf.size(), 3u);
}

TEST_F(InformerTest, UpdatesReplaceTheCachedObjectAndPassTheOldOne) {
  Informer<StorageClass> inf(api_, 0);
  Ptr<StorageClass> seen_old, seen_new;
  inf.AddHandlers({.on_add = {}, .on_update = [&](const Ptr<StorageClass>& o, const Ptr<StorageClass>& n) {
    seen_old = o;
    seen_new = n;
  }, .on_delete = {}});
  inf.Start();
  auto created = api_.Create(Sc("a"));
  ASSERT_TRUE(created.ok());
  engine_.RunUntil(kSecond);
  StorageClass copy = **created;
  copy.metadata.labels["x"] = "y";
  auto updated = api_.Update(copy);
  ASSERT_TRUE(updated.ok());
  engine_.RunUntil(2 * kSecond);
  EXPECT_EQ(seen_old, *created);
  EXPECT_EQ(seen_new, *updated);
  EXPECT_EQ(inf.Get("", "a"), *updated);
}

TEST_F(InformerTest, DeleteRemovesFromTheCache) {
  ASSERT_TRUE(api_.Create(Sc("a")).ok());
  Informer<StorageClass> inf(api_, 0);
  Log<StorageClass> log;
  inf.AddHandlers(log.Handlers());
  inf.Start();
  ASSERT_TRUE(api_.Delete<StorageClass>("", "a").ok());
  engine_.RunUntil(kSecond);
  EXPECT_EQ(inf.Get("", "a"), nullptr);
  EXPECT_EQ(inf.size(), 0u);
  EXPECT_EQ(log.calls, (std::vector<std::string>{"add a", "delete a"}));
}

// SharedList hands out one list per namespace until that namespace changes: an audit
// that keeps it per claim keeps one copy, and never one that misses a change.
TEST_F(InformerTest, SharedListIsSharedUntilItsNamespaceChanges) {
  ASSERT_TRUE(api_.Create(Ns("a")).ok());
  ASSERT_TRUE(api_.Create(Ns("b")).ok());
  ASSERT_TRUE(api_.Create(Claim("a", "one")).ok());
  Informer<PersistentVolumeClaim> inf(api_, 0);
  inf.Start();
  auto first = inf.SharedList("a");
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(inf.SharedList("a"), first);

  ASSERT_TRUE(api_.Create(Claim("b", "other")).ok());
  engine_.RunUntil(kSecond);
  EXPECT_EQ(inf.SharedList("a"), first);  // another namespace changed
  EXPECT_EQ(inf.SharedList("")->size(), 2u);

  ASSERT_TRUE(api_.Create(Claim("a", "two")).ok());
  engine_.RunUntil(2 * kSecond);
  auto second = inf.SharedList("a");
  EXPECT_NE(second, first);
  EXPECT_EQ(second->size(), 2u);
  EXPECT_EQ(first->size(), 1u);  // a kept list never changes
  EXPECT_EQ(inf.SharedList("")->size(), 3u);
}

// A write committed just before Start is in the list and not delivered again by the watch.
TEST_F(InformerTest, ListThenWatchSeesEachObjectOnce) {
  Informer<StorageClass> inf(api_, 0);
  Log<StorageClass> log;
  inf.AddHandlers(log.Handlers());
  ASSERT_TRUE(api_.Create(Sc("a")).ok());  // its ADDED is queued for delivery...
  inf.Start();                              // ...and the list already has it
  engine_.RunUntil(kSecond);
  EXPECT_EQ(log.calls, (std::vector<std::string>{"add a"}));  // no watcher yet for that event
  EXPECT_EQ(inf.size(), 1u);
}

TEST_F(InformerTest, NamespacedListAndForEachAreOrdered) {
  ASSERT_TRUE(api_.Create(Ns("dev")).ok());
  ASSERT_TRUE(api_.Create(Ns("prod")).ok());
  ASSERT_TRUE(api_.Create(Claim("prod", "a")).ok());
  ASSERT_TRUE(api_.Create(Claim("dev", "z")).ok());
  ASSERT_TRUE(api_.Create(Claim("dev", "b")).ok());
  Informer<PersistentVolumeClaim> inf(api_, 0);
  inf.Start();
  std::vector<std::string> all;
  for (const auto& c : inf.List()) all.push_back(c->metadata.namespace_ + "/" + c->metadata.name);
  EXPECT_EQ(all, (std::vector<std::string>{"dev/b", "dev/z", "prod/a"}));
  EXPECT_EQ(inf.List("dev").size(), 2u);
  EXPECT_EQ(inf.List("nope").size(), 0u);
  EXPECT_NE(inf.Get("prod", "a"), nullptr);
  EXPECT_EQ(inf.Get("dev", "a"), nullptr);
}

TEST_F(InformerTest, ResyncRedeliversEveryObjectAsAPeriodicEvent) {
  ASSERT_TRUE(api_.Create(Sc("a")).ok());
  ASSERT_TRUE(api_.Create(Sc("b")).ok());
  Informer<StorageClass> inf(api_, 15 * kSecond);
  Log<StorageClass> log;
  inf.AddHandlers(log.Handlers());
  inf.Start();
  EXPECT_EQ(engine_.pending_work(), 0u);  // a resync does not keep the cluster busy
  engine_.RunUntil(31 * kSecond);
  EXPECT_EQ(log.calls, (std::vector<std::string>{"add a", "add b", "update a (resync)",
                                                 "update b (resync)", "update a (resync)",
                                                 "update b (resync)"}));
}

// client-go's AddEventHandlerWithResyncPeriod: a handler of a shared informer resyncs
// at its own period; the others see only real changes.
TEST_F(InformerTest, AHandlersOwnResyncPeriodResyncsOnlyThatHandler) {
  ASSERT_TRUE(api_.Create(Sc("a")).ok());
  Informer<StorageClass> inf(api_, 0);
  Log<StorageClass> plain, every_10s, every_25s;
  inf.AddHandlers(plain.Handlers());
  inf.AddHandlers(every_10s.Handlers(), 10 * kSecond);
  inf.AddHandlers(every_25s.Handlers(), 25 * kSecond);
  inf.Start();
  engine_.RunUntil(30 * kSecond);
  EXPECT_EQ(plain.calls, (std::vector<std::string>{"add a"}));
  EXPECT_EQ(every_10s.calls, (std::vector<std::string>{"add a", "update a (resync)", "update a (resync)",
                                                       "update a (resync)"}));
  EXPECT_EQ(every_25s.calls, (std::vector<std::string>{"add a", "update a (resync)"}));
}

// Controllers sharing an informer each start it: the first Start lists and watches,
// the others do nothing (one list, one delivery per change), as client-go's Run.
TEST_F(InformerTest, ASharedInformerStartsOnce) {
  ASSERT_TRUE(api_.Create(Sc("a")).ok());
  Informer<StorageClass> inf(api_, 0);
  Log<StorageClass> first, second;
  inf.AddHandlers(first.Handlers());
  inf.AddHandlers(second.Handlers());
  inf.Start();
  inf.Start();
  ASSERT_TRUE(api_.Create(Sc("b")).ok());
  engine_.RunUntil(kSecond);
  EXPECT_EQ(first.calls, (std::vector<std::string>{"add a", "add b"}));
  EXPECT_EQ(second.calls, (std::vector<std::string>{"add a", "add b"}));
}

TEST_F(InformerTest, DestroyedInformerStopsWatchAndResync) {
  Log<StorageClass> log;
  {
    Informer<StorageClass> inf(api_, 15 * kSecond);
    inf.AddHandlers(log.Handlers());
    inf.Start();
    ASSERT_TRUE(api_.Create(Sc("a")).ok());  // delivery scheduled, then the informer goes
  }
  EXPECT_EQ(engine_.pending(), 0u);
  engine_.RunUntil(kMinute);
  EXPECT_TRUE(log.calls.empty());
}

}  // namespace
}  // namespace xnsim
