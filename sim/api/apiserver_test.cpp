// The fake API server's store semantics, namespace lifecycle and watches.
#include "sim/api/apiserver.h"

#include <gtest/gtest.h>

#include <sstream>

#include "sim/api/admission.h"

namespace xnsim {
namespace {

GateSet ApiserverGates(KubeVersion v = kNewestKubeVersion) { return GateSet(Component::kKubeApiserver, v); }

PersistentVolumeClaim Claim(std::string ns, std::string name) {
  PersistentVolumeClaim pvc;
  pvc.metadata.namespace_ = std::move(ns);
  pvc.metadata.name = std::move(name);
  pvc.spec.access_modes = {"ReadWriteOnce"};
  pvc.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  pvc.spec.storage_class_name = "fast";
  return pvc;
}

Namespace Ns(std::string name) {
  Namespace ns;
  ns.metadata.name = std::move(name);
  return ns;
}

StorageClass Sc(std::string name) {
  StorageClass sc;
  sc.metadata.name = std::move(name);
  sc.provisioner = "hostpath.csi.k8s.io";
  return sc;
}

class ApiServerTest : public ::testing::Test {
 protected:
  ApiServerTest() : api_(engine_, ApiserverGates()) {
    EXPECT_TRUE(api_.Create(Ns("dev")).ok());
  }
  Engine engine_{42};
  ApiServer api_;
};

// ---- store: resourceVersion, uid, timestamps, generation -----------------------------

TEST_F(ApiServerTest, SystemNamespacesExistLikeAFreshCluster) {
  for (std::string_view n : kSystemNamespaces) EXPECT_NE(api_.Get<Namespace>("", n), nullptr) << n;
}

TEST_F(ApiServerTest, CreateSetsServerFields) {
  engine_.RunUntil(5 * kSecond);
  const uint64_t before = api_.resource_version();
  auto pvc = api_.Create(Claim("dev", "db"));
  ASSERT_TRUE(pvc.ok()) << pvc.status().ToString();
  const ObjectMeta& m = (*pvc)->metadata;
  EXPECT_EQ(m.resource_version, before + 1);
  EXPECT_EQ(api_.resource_version(), before + 1);
  EXPECT_EQ(m.generation, 1);
  EXPECT_EQ(m.creation_timestamp, 5 * kSecond);
  EXPECT_EQ(m.uid.size(), 36u);
  EXPECT_EQ(m.uid[14], '4');  // UUID version 4 layout
  EXPECT_EQ(api_.Get<PersistentVolumeClaim>("dev", "db"), *pvc);
}

TEST_F(ApiServerTest, ResourceVersionIsGlobalAcrossKinds) {
  auto a = api_.Create(Claim("dev", "a"));
  auto sc = api_.Create(Sc("fast"));
  auto b = api_.Create(Claim("dev", "b"));
  ASSERT_TRUE(a.ok() && sc.ok() && b.ok());
  EXPECT_EQ((*sc)->metadata.resource_version, (*a)->metadata.resource_version + 1);
  EXPECT_EQ((*b)->metadata.resource_version, (*sc)->metadata.resource_version + 1);
}

TEST(ApiServerUid, SameSeedSameUidsOtherSeedOtherUids) {
  auto uids = [](uint64_t seed) {
    Engine engine(seed);
    ApiServer api(engine, ApiserverGates());
    std::vector<std::string> out;
    for (const auto& ns : api.List<Namespace>()) out.push_back(ns->metadata.uid);
    return out;
  };
  EXPECT_EQ(uids(7), uids(7));
  EXPECT_NE(uids(7), uids(8));
}

TEST_F(ApiServerTest, CreateRefusesSetResourceVersion) {
  PersistentVolumeClaim pvc = Claim("dev", "db");
  pvc.metadata.resource_version = 3;
  auto r = api_.Create(pvc);
  EXPECT_EQ(r.status().code(), StatusCode::kBadRequest);
  EXPECT_EQ(r.status().message(), "resourceVersion should not be set on objects to be created");
}

TEST_F(ApiServerTest, CreateDuplicateIsAlreadyExists) {
  ASSERT_TRUE(api_.Create(Claim("dev", "db")).ok());
  auto r = api_.Create(Claim("dev", "db"));
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(r.status().message(), "persistentvolumeclaims \"db\" already exists");
  auto sc = api_.Create(Sc("fast"));
  ASSERT_TRUE(sc.ok());
  EXPECT_EQ(api_.Create(Sc("fast")).status().message(), "storageclasses.storage.k8s.io \"fast\" already exists");
}

TEST_F(ApiServerTest, CreateOverATerminatingObjectSaysItIsBeingDeleted) {
  ASSERT_TRUE(api_.Create(Claim("dev", "db")).ok());
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());  // pvc-protection keeps it
  auto r = api_.Create(Claim("dev", "db"));
  EXPECT_EQ(r.status().message(), "object is being deleted: persistentvolumeclaims \"db\" already exists");
}

TEST_F(ApiServerTest, GenerateNameAddsFiveCharacterSuffix) {
  PersistentVolumeClaim pvc = Claim("dev", "");
  pvc.metadata.generate_name = "data-";
  auto r = api_.Create(pvc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string& name = (*r)->metadata.name;
  EXPECT_EQ(name.size(), 10u);
  EXPECT_EQ(name.rfind("data-", 0), 0u);
}

TEST_F(ApiServerTest, NotFoundMessages) {
  EXPECT_EQ(api_.Delete<PersistentVolumeClaim>("dev", "db").message(), "persistentvolumeclaims \"db\" not found");
  EXPECT_EQ(api_.Update(Claim("dev", "db")).status().message(), "persistentvolumeclaims \"db\" not found");
  EXPECT_EQ(api_.Get<PersistentVolumeClaim>("dev", "db"), nullptr);
}

TEST_F(ApiServerTest, ClusterScopedObjectsIgnoreANamespace) {
  StorageClass sc = Sc("fast");
  sc.metadata.namespace_ = "dev";
  auto r = api_.Create(sc);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->metadata.namespace_, "");
  EXPECT_NE(api_.Get<StorageClass>("", "fast"), nullptr);
  EXPECT_NE(api_.Get<StorageClass>("anything", "fast"), nullptr);
}

TEST_F(ApiServerTest, ListIsOrderedAndScopedToANamespace) {
  ASSERT_TRUE(api_.Create(Ns("prod")).ok());
  for (auto [ns, name] : {std::pair{"prod", "b"}, {"dev", "z"}, {"prod", "a"}, {"dev", "c"}}) {
    ASSERT_TRUE(api_.Create(Claim(ns, name)).ok());
  }
  std::vector<std::string> all;
  for (const auto& p : api_.List<PersistentVolumeClaim>()) all.push_back(p->metadata.namespace_ + "/" + p->metadata.name);
  EXPECT_EQ(all, (std::vector<std::string>{"dev/c", "dev/z", "prod/a", "prod/b"}));
  std::vector<std::string> prod;
  for (const auto& p : api_.List<PersistentVolumeClaim>("prod")) prod.push_back(p->metadata.name);
  EXPECT_EQ(prod, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(api_.List<PersistentVolumeClaim>("other").empty());
}

TEST_F(ApiServerTest, UpdateStoresANewSnapshotAndOldPointersStayValid) {
  auto v1 = api_.Create(Claim("dev", "db"));
  ASSERT_TRUE(v1.ok());
  PersistentVolumeClaim next = **v1;
  next.metadata.labels["team"] = "a";
  auto v2 = api_.Update(next);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_NE(*v1, *v2);
  EXPECT_TRUE((*v1)->metadata.labels.empty());
  EXPECT_EQ((*v2)->metadata.labels.at("team"), "a");
  EXPECT_EQ((*v2)->metadata.resource_version, (*v1)->metadata.resource_version + 1);
  EXPECT_EQ((*v2)->metadata.uid, (*v1)->metadata.uid);
}

TEST_F(ApiServerTest, UpdateWithStaleResourceVersionIsConflict) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1, b = **v1;
  a.metadata.labels["x"] = "1";
  ASSERT_TRUE(api_.Update(a).ok());
  b.metadata.labels["x"] = "2";
  auto r = api_.Update(b);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().message(),
            "Operation cannot be fulfilled on persistentvolumeclaims \"db\": the object has been modified; "
            "please apply your changes to the latest version and try again");
}

TEST_F(ApiServerTest, UpdateWithoutResourceVersionIsUnconditional) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.metadata.labels["x"] = "1";
  ASSERT_TRUE(api_.Update(a).ok());
  PersistentVolumeClaim b = **v1;
  b.metadata.resource_version = 0;
  b.metadata.labels["x"] = "2";
  auto r = api_.Update(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->metadata.labels.at("x"), "2");
}

TEST_F(ApiServerTest, UpdateWithAnotherUidIsAPreconditionConflict) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.metadata.uid = "other";
  auto r = api_.Update(a);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().message(), "Operation cannot be fulfilled on persistentvolumeclaims \"db\": Precondition "
                                  "failed: UID in precondition: other, UID in object meta: " +
                                      (*v1)->metadata.uid);
}

TEST_F(ApiServerTest, UpdateKeepsServerOwnedFields) {
  engine_.RunUntil(1 * kSecond);
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.metadata.uid.clear();
  a.metadata.creation_timestamp = 99 * kSecond;
  a.metadata.deletion_timestamp = 5 * kSecond;
  a.metadata.generation = 40;
  a.metadata.labels["x"] = "1";
  auto r = api_.Update(a);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->metadata.uid, (*v1)->metadata.uid);
  EXPECT_EQ((*r)->metadata.creation_timestamp, 1 * kSecond);
  EXPECT_FALSE((*r)->metadata.deletion_timestamp);
  EXPECT_EQ((*r)->metadata.generation, 1);
}

TEST_F(ApiServerTest, UnchangedUpdateWritesNothing) {
  auto v1 = api_.Create(Claim("dev", "db"));
  const uint64_t rv = api_.resource_version();
  auto r = api_.Update(**v1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, *v1);
  EXPECT_EQ(api_.resource_version(), rv);
}

TEST_F(ApiServerTest, GenerationCountsSpecChangesOnly) {
  VolumeSnapshot vs;
  vs.metadata.name = "s";
  vs.metadata.namespace_ = "dev";
  vs.spec.persistent_volume_claim_name = "db";
  auto v1 = api_.Create(vs);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->metadata.generation, 1);
  VolumeSnapshot labelled = **v1;
  labelled.metadata.labels["a"] = "b";
  auto v2 = api_.Update(labelled);
  EXPECT_EQ((*v2)->metadata.generation, 1);
  VolumeSnapshot classed = **v2;
  classed.spec.volume_snapshot_class_name = "csi";
  auto v3 = api_.Update(classed);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_EQ((*v3)->metadata.generation, 2);
}

// ---- status subresource -------------------------------------------------------------------

TEST_F(ApiServerTest, CreateClearsStatusAndDefaultsPhase) {
  PersistentVolumeClaim pvc = Claim("dev", "db");
  pvc.status.phase = "Bound";
  auto r = api_.Create(pvc);
  EXPECT_EQ((*r)->status.phase, "Pending");
}

TEST_F(ApiServerTest, UpdateKeepsStoredStatus) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.status.phase = "Bound";
  a.metadata.labels["x"] = "1";
  auto r = api_.Update(a);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->status.phase, "Pending");
  EXPECT_EQ((*r)->metadata.labels.at("x"), "1");
}

TEST_F(ApiServerTest, UpdateStatusChangesOnlyStatus) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.status.phase = "Bound";
  a.metadata.labels["x"] = "1";
  a.spec.volume_name = "pv-1";
  auto r = api_.UpdateStatus(a);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->status.phase, "Bound");
  EXPECT_TRUE((*r)->metadata.labels.empty());
  EXPECT_EQ((*r)->spec.volume_name, "");
  EXPECT_EQ((*r)->metadata.resource_version, (*v1)->metadata.resource_version + 1);
  EXPECT_EQ((*r)->metadata.generation, 1);
}

TEST_F(ApiServerTest, UpdateStatusChecksResourceVersion) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.status.phase = "Bound";
  ASSERT_TRUE(api_.UpdateStatus(a).ok());
  a.status.phase = "Lost";
  EXPECT_EQ(api_.UpdateStatus(a).status().code(), StatusCode::kConflict);
}

TEST_F(ApiServerTest, UpdateStatusOfAKindWithoutStatusIsNotFound) {
  ASSERT_TRUE(api_.Create(Sc("fast")).ok());
  EXPECT_EQ(api_.UpdateStatus(Sc("fast")).status().code(), StatusCode::kNotFound);
}

// ---- finalizers and deletion -------------------------------------------------------------

TEST_F(ApiServerTest, DeleteWithoutFinalizersRemoves) {
  ASSERT_TRUE(api_.Create(Sc("fast")).ok());
  const uint64_t rv = api_.resource_version();
  ASSERT_TRUE(api_.Delete<StorageClass>("", "fast").ok());
  EXPECT_EQ(api_.Get<StorageClass>("", "fast"), nullptr);
  EXPECT_EQ(api_.resource_version(), rv + 1);
}

TEST_F(ApiServerTest, DeleteWithFinalizersMarksAndKeeps) {
  engine_.RunUntil(3 * kSecond);
  auto v1 = api_.Create(Claim("dev", "db"));
  ASSERT_EQ((*v1)->metadata.finalizers, std::vector<std::string>{"kubernetes.io/pvc-protection"});
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  Ptr<PersistentVolumeClaim> got = api_.Get<PersistentVolumeClaim>("dev", "db");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->metadata.deletion_timestamp, 3 * kSecond);
  EXPECT_EQ(got->metadata.deletion_grace_period_seconds, 0);
  EXPECT_EQ(got->metadata.generation, 2);  // setting deletionTimestamp bumps generation
  // A second delete changes nothing.
  const uint64_t rv = api_.resource_version();
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  EXPECT_EQ(api_.resource_version(), rv);
}

TEST_F(ApiServerTest, UpdateRemovingLastFinalizerOfDeletingObjectRemovesIt) {
  ASSERT_TRUE(api_.Create(Claim("dev", "db")).ok());
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  PersistentVolumeClaim a = *api_.Get<PersistentVolumeClaim>("dev", "db");
  a.metadata.finalizers.clear();
  auto r = api_.Update(a);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(api_.Get<PersistentVolumeClaim>("dev", "db"), nullptr);
}

TEST_F(ApiServerTest, UpdateRemovingFinalizerOfLiveObjectKeepsIt) {
  auto v1 = api_.Create(Claim("dev", "db"));
  PersistentVolumeClaim a = **v1;
  a.metadata.finalizers.clear();
  ASSERT_TRUE(api_.Update(a).ok());
  EXPECT_NE(api_.Get<PersistentVolumeClaim>("dev", "db"), nullptr);
}

TEST_F(ApiServerTest, NoNewFinalizersOnADeletingObject) {
  ASSERT_TRUE(api_.Create(Claim("dev", "db")).ok());
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "db").ok());
  PersistentVolumeClaim a = *api_.Get<PersistentVolumeClaim>("dev", "db");
  a.metadata.finalizers.push_back("example.com/x");
  auto r = api_.Update(a);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().message(),
            "PersistentVolumeClaim \"db\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be "
            "added if the object is being deleted, found new finalizers []string{\"example.com/x\"}");
}

TEST_F(ApiServerTest, DeleteWithWrongUidPreconditionIsConflict) {
  auto v1 = api_.Create(Sc("fast"));
  DeleteOptions opts;
  opts.precondition_uid = "old-uid";
  Status s = api_.Delete<StorageClass>("", "fast", opts);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "Operation cannot be fulfilled on StorageClass.storage.k8s.io \"fast\": the UID in the "
                         "precondition (old-uid) does not match the UID in record (" +
                             (*v1)->metadata.uid + "). The object might have been deleted and then recreated");
  opts.precondition_uid = (*v1)->metadata.uid;
  EXPECT_TRUE(api_.Delete<StorageClass>("", "fast", opts).ok());
}

// ---- namespace lifecycle ---------------------------------------------------------------

TEST_F(ApiServerTest, NamespaceCreateDefaultsFinalizerPhaseAndLabel) {
  Ptr<Namespace> dev = api_.Get<Namespace>("", "dev");
  EXPECT_EQ(dev->spec.finalizers, std::vector<std::string>{"kubernetes"});
  EXPECT_EQ(dev->status.phase, "Active");
  EXPECT_EQ(dev->metadata.labels.at("kubernetes.io/metadata.name"), "dev");
}

TEST_F(ApiServerTest, CreateInMissingNamespaceIsNotFound) {
  auto r = api_.Create(Claim("nope", "db"));
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "namespaces \"nope\" not found");
}

TEST_F(ApiServerTest, DeletingNamespaceTerminatesAndRefusesNewContent) {
  ASSERT_TRUE(api_.Create(Claim("dev", "kept")).ok());
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  Ptr<Namespace> dev = api_.Get<Namespace>("", "dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->status.phase, "Terminating");
  EXPECT_TRUE(dev->metadata.deletion_timestamp.has_value());
  auto r = api_.Create(Claim("dev", "db"));
  EXPECT_EQ(r.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(r.status().message(), "persistentvolumeclaims \"db\" is forbidden: unable to create new content in "
                                  "namespace dev because it is being terminated");
  // Existing content may still be updated and deleted.
  PersistentVolumeClaim kept = *api_.Get<PersistentVolumeClaim>("dev", "kept");
  kept.metadata.labels["x"] = "y";
  EXPECT_TRUE(api_.Update(kept).ok());
  EXPECT_TRUE(api_.Delete<PersistentVolumeClaim>("dev", "kept").ok());
  // spec.finalizers ["kubernetes"] keeps the namespace until the namespace controller
  // finalizes it; an update cannot remove it.
  Namespace ns = *dev;
  ns.spec.finalizers.clear();
  ASSERT_TRUE(api_.Update(ns).ok());
  EXPECT_EQ(api_.Get<Namespace>("", "dev")->spec.finalizers, std::vector<std::string>{"kubernetes"});
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  EXPECT_NE(api_.Get<Namespace>("", "dev"), nullptr);
}

// storage.go FinalizeREST + namespaceFinalizeStrategy: finalize sets spec.finalizers
// only; a live namespace stays.
TEST_F(ApiServerTest, FinalizeChangesOnlySpecFinalizers) {
  Namespace ns = *api_.Get<Namespace>("", "dev");
  ns.spec.finalizers = {"example.com/keep"};
  ns.status.phase = "Terminating";
  ns.metadata.labels["x"] = "y";
  auto r = api_.FinalizeNamespace(ns);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->spec.finalizers, std::vector<std::string>{"example.com/keep"});
  EXPECT_EQ((*r)->status.phase, "Active");
  EXPECT_FALSE((*r)->metadata.labels.contains("x"));
  EXPECT_NE(api_.Get<Namespace>("", "dev"), nullptr);
}

// ShouldDeleteNamespaceDuringUpdate: a terminating namespace whose finalize leaves both
// finalizer lists empty is removed, and watchers see kDeleted.
TEST_F(ApiServerTest, FinalizeOfTerminatingNamespaceRemovesIt) {
  std::vector<WatchEventType> seen;
  api_.Watch<Namespace>([&](const WatchEvent<Namespace>& ev) { seen.push_back(ev.type); });
  ASSERT_TRUE(api_.Delete<Namespace>("", "dev").ok());
  Namespace ns = *api_.Get<Namespace>("", "dev");
  ns.spec.finalizers.clear();
  auto r = api_.FinalizeNamespace(ns);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(api_.Get<Namespace>("", "dev"), nullptr);
  engine_.RunUntil(engine_.Now() + kSecond);
  EXPECT_EQ(seen, (std::vector<WatchEventType>{WatchEventType::kModified, WatchEventType::kDeleted}));
}

TEST_F(ApiServerTest, FinalizeChecksResourceVersionAndFinalizerNames) {
  Namespace ns = *api_.Get<Namespace>("", "dev");
  Namespace stale = ns;
  stale.metadata.resource_version = 1;
  stale.spec.finalizers.clear();
  EXPECT_EQ(api_.FinalizeNamespace(stale).status().code(), StatusCode::kConflict);
  ns.spec.finalizers = {"custom"};
  auto r = api_.FinalizeNamespace(ns);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().message(),
            "Namespace \"dev\" is invalid: spec.finalizers[0]: Invalid value: \"custom\": name is "
            "neither a standard finalizer name nor is it fully qualified");
  EXPECT_EQ(api_.FinalizeNamespace(Ns("absent")).status().code(), StatusCode::kNotFound);
}

TEST_F(ApiServerTest, DeleteCollectionDeletesEachObjectOfTheNamespace) {
  ASSERT_TRUE(api_.Create(Ns("other")).ok());
  ASSERT_TRUE(api_.Create(Claim("dev", "a")).ok());
  ASSERT_TRUE(api_.Create(Claim("dev", "b")).ok());
  ASSERT_TRUE(api_.Create(Claim("other", "c")).ok());
  ASSERT_TRUE(api_.DeleteCollection<PersistentVolumeClaim>("dev").ok());
  // pvc-protection (admission) keeps them, marked for deletion.
  for (const auto& pvc : api_.List<PersistentVolumeClaim>("dev")) {
    EXPECT_TRUE(pvc->metadata.deletion_timestamp.has_value()) << pvc->metadata.name;
  }
  EXPECT_FALSE(api_.Get<PersistentVolumeClaim>("other", "c")->metadata.deletion_timestamp.has_value());
}

TEST_F(ApiServerTest, ImmortalNamespacesCannotBeDeleted) {
  Status s = api_.Delete<Namespace>("", "default");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_EQ(s.message(), "namespaces \"default\" is forbidden: this namespace may not be deleted");
}

// ---- watches ------------------------------------------------------------------------------

TEST_F(ApiServerTest, WatchDeliversEveryChangeAfterTheDelayInCommitOrder) {
  std::vector<std::pair<SimTime, std::string>> seen;
  api_.Watch<PersistentVolumeClaim>([&](const WatchEvent<PersistentVolumeClaim>& e) {
    const char* t = e.type == WatchEventType::kAdded ? "ADDED" : e.type == WatchEventType::kModified ? "MODIFIED" : "DELETED";
    seen.emplace_back(engine_.Now(), std::string(t) + " " + e.object->metadata.name + " rv=" +
                                         std::to_string(e.object->metadata.resource_version));
  });
  auto a = api_.Create(Claim("dev", "a"));
  auto b = api_.Create(Claim("dev", "b"));
  PersistentVolumeClaim a2 = **a;
  a2.metadata.labels["x"] = "1";
  auto a3 = api_.Update(a2);
  EXPECT_TRUE(seen.empty());  // nothing before the delay
  engine_.RunUntil(1 * kSecond);
  const uint64_t ra = (*a)->metadata.resource_version;
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], std::make_pair(SimTime{1 * kMillisecond}, "ADDED a rv=" + std::to_string(ra)));
  EXPECT_EQ(seen[1], std::make_pair(SimTime{1 * kMillisecond}, "ADDED b rv=" + std::to_string(ra + 1)));
  EXPECT_EQ(seen[2], std::make_pair(SimTime{1 * kMillisecond}, "MODIFIED a rv=" + std::to_string(ra + 2)));
}

TEST_F(ApiServerTest, WatchEventSharesTheStoredObject) {
  Ptr<PersistentVolumeClaim> delivered, old;
  api_.Watch<PersistentVolumeClaim>([&](const WatchEvent<PersistentVolumeClaim>& e) {
    delivered = e.object;
    old = e.old;
  });
  auto a = api_.Create(Claim("dev", "a"));
  PersistentVolumeClaim a2 = **a;
  a2.metadata.labels["x"] = "1";
  auto b = api_.Update(a2);
  engine_.RunUntil(1 * kSecond);
  EXPECT_EQ(delivered.get(), b->get());  // the same snapshot, not a copy
  EXPECT_EQ(old.get(), a->get());
}

TEST_F(ApiServerTest, WatchSeesDeleteAndOnlyItsKind) {
  std::vector<WatchEventType> types;
  api_.Watch<StorageClass>([&](const WatchEvent<StorageClass>& e) { types.push_back(e.type); });
  ASSERT_TRUE(api_.Create(Claim("dev", "a")).ok());
  ASSERT_TRUE(api_.Create(Sc("fast")).ok());
  ASSERT_TRUE(api_.Delete<StorageClass>("", "fast").ok());
  engine_.RunUntil(1 * kSecond);
  EXPECT_EQ(types, (std::vector<WatchEventType>{WatchEventType::kAdded, WatchEventType::kDeleted}));
}

TEST(ApiServerWatch, DelayComesFromOptions) {
  Engine engine(1);
  ApiServer api(engine, ApiserverGates(), ApiServer::Options{.watch_delay = 250 * kMillisecond});
  SimTime at = -1;
  api.Watch<StorageClass>([&](const WatchEvent<StorageClass>&) { at = engine.Now(); });
  engine.RunUntil(1 * kSecond);
  ASSERT_TRUE(api.Create(Sc("fast")).ok());
  engine.RunUntil(2 * kSecond);
  EXPECT_EQ(at, 1 * kSecond + 250 * kMillisecond);
}

TEST_F(ApiServerTest, UnwatchStopsDeliveriesAlreadyScheduled) {
  int calls = 0;
  int id = api_.Watch<StorageClass>([&](const WatchEvent<StorageClass>&) { ++calls; });
  ASSERT_TRUE(api_.Create(Sc("a")).ok());
  api_.Unwatch(id);
  ASSERT_TRUE(api_.Create(Sc("b")).ok());
  engine_.RunUntil(1 * kSecond);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(engine_.pending_work(), 0u);
}

TEST(ApiServerWatch, OrderHoldsUnderTieBreaking) {
  Engine engine(3);
  Random tie(99, "tie");
  engine.SetTieBreaker(&tie);
  ApiServer api(engine, ApiserverGates());
  std::vector<std::string> names;
  api.Watch<StorageClass>([&](const WatchEvent<StorageClass>& e) { names.push_back(e.object->metadata.name); });
  std::vector<std::string> want;
  for (int i = 0; i < 50; ++i) {
    want.push_back("sc-" + std::to_string(i));
    ASSERT_TRUE(api.Create(Sc(want.back())).ok());
  }
  engine.RunUntil(1 * kSecond);
  EXPECT_EQ(names, want);
}

// ---- untyped forms and trace -------------------------------------------------------------

TEST_F(ApiServerTest, AnyFormsDispatchOnKind) {
  auto created = api_.CreateAny(AnyObject(Claim("dev", "db")));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(MetaOf(*created)->name, "db");
  const KindInfo& kind = KindOf<PersistentVolumeClaim>::kInfo;
  AnyPtr got = api_.GetAny(kind, "dev", "db");
  ASSERT_NE(MetaOf(got), nullptr);
  EXPECT_EQ(api_.ListAny(kind, "dev").size(), 1u);
  PersistentVolumeClaim next = *std::get<Ptr<PersistentVolumeClaim>>(got);
  next.metadata.labels["x"] = "1";
  ASSERT_TRUE(api_.UpdateAny(AnyObject(next)).ok());
  ASSERT_TRUE(api_.DeleteAny(kind, "dev", "db").ok());
  EXPECT_TRUE(std::get<Ptr<PersistentVolumeClaim>>(api_.GetAny(kind, "dev", "db"))->metadata.deletion_timestamp);
  EXPECT_EQ(MetaOf(api_.GetAny(kind, "dev", "missing")), nullptr);
}

TEST(ApiServerTrace, EveryCommittedWriteIsTraced) {
  Engine engine(1);
  std::ostringstream out;
  engine.trace().AttachSink(&out);
  ApiServer api(engine, ApiserverGates(), ApiServer::Options{.system_namespaces = false});
  ASSERT_TRUE(api.Create(Ns("dev")).ok());
  auto pvc = api.Create(Claim("dev", "db"));
  PersistentVolumeClaim s = **pvc;
  s.status.phase = "Bound";
  ASSERT_TRUE(api.UpdateStatus(s).ok());
  ASSERT_TRUE(api.Delete<PersistentVolumeClaim>("dev", "db").ok());
  EXPECT_FALSE(api.Create(Claim("nope", "x")).ok());  // refused: not traced
  const std::string t = out.str();
  EXPECT_NE(t.find("\"component\":\"kube-apiserver\",\"action\":\"create\",\"object\":\"Namespace dev\",\"detail\":\"rv=1\""),
            std::string::npos) << t;
  EXPECT_NE(t.find("\"action\":\"create\",\"object\":\"PersistentVolumeClaim dev/db\",\"detail\":\"rv=2\""),
            std::string::npos) << t;
  EXPECT_NE(t.find("\"action\":\"update-status\",\"object\":\"PersistentVolumeClaim dev/db\",\"detail\":\"rv=3\""),
            std::string::npos) << t;
  EXPECT_NE(t.find("\"action\":\"delete\",\"object\":\"PersistentVolumeClaim dev/db\",\"detail\":\"rv=4"),
            std::string::npos) << t;
  EXPECT_EQ(engine.trace().lines(), 4u);
}

}  // namespace
}  // namespace xnsim
