// The csi-provisioner model end to end on a real Engine, ApiServer and MockDriver:
// one test per rule of SEMANTICS.md 3 and the gate-matrix rows of section 5 that the
// provisioner decides. The PV binder is not running: tests set what it would set.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/controllers/provisioner/messages.h"
#include "sim/controllers/provisioner/provisioner_test_world.h"

namespace xnsim {
namespace {

using namespace provisioner_testing;
namespace msg = provisioner_messages;

ReferenceGrant::To Snapshots(std::optional<std::string> name = std::nullopt) {
  return {kSnapGroup, "VolumeSnapshot", std::move(name)};
}

// A claim restoring `src_ns/snap` through dataSourceRef.
std::function<void(PersistentVolumeClaim&)> RestoreFrom(std::string src_ns, std::string snap) {
  return [=](PersistentVolumeClaim& c) {
    c.spec.data_source_ref = TypedObjectReference{kSnapGroup, "VolumeSnapshot", snap, src_ns};
  };
}

std::function<void(PersistentVolumeClaim&)> CloneFrom(std::optional<std::string> src_ns, std::string src) {
  return [=](PersistentVolumeClaim& c) {
    if (src_ns) {
      c.spec.data_source_ref = TypedObjectReference{std::nullopt, "PersistentVolumeClaim", src, src_ns};
    } else {
      c.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", src};
    }
  };
}

std::vector<std::string> Reasons(const std::vector<SeenEvent>& events) {
  std::vector<std::string> out;
  for (const SeenEvent& e : events) out.push_back(e.type + " " + e.reason);
  return out;
}

// The newest event with this reason (a copy: the list is often a temporary).
std::optional<SeenEvent> Last(const std::vector<SeenEvent>& events, const std::string& reason) {
  for (auto it = events.rbegin(); it != events.rend(); ++it)
    if (it->reason == reason) return *it;
  return std::nullopt;
}

// ---- cross-namespace restore: gate matrix rows 3-5 and 9 -----------------------------------

// SEMANTICS.md 5 row 5, 3.2 steps 4, 9, 11, 3.8: a granted cross-namespace restore
// becomes PV pvc-<uid> with a snapshot content source; the snapshot keeps the
// provisioner's finalizer (no inline removal for dataSourceRef restores).
TEST(CrossNamespaceRestore, WithGrantProvisionsThePv) {
  World w;
  const std::string handle = w.ReadySnapshot("prod", "s", kGiB);
  w.Grant("prod", "g", {ClaimsIn("test")}, {Snapshots()});
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(5 * kSecond);

  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  ASSERT_TRUE(pv->spec.csi);
  EXPECT_EQ(pv->spec.csi->driver, kDriver);
  const csi::VolumeInfo* backend = w.driver->FindVolume(pv->spec.csi->volume_handle);
  ASSERT_TRUE(backend);
  EXPECT_EQ(backend->name, "pvc-" + claim->metadata.uid);
  EXPECT_EQ(backend->source, (csi::VolumeContentSource{csi::VolumeContentSource::Type::kSnapshot, handle}));
  EXPECT_TRUE(pv->spec.csi->volume_attributes.count("storage.kubernetes.io/csiProvisionerIdentity"));
  EXPECT_EQ(pv->spec.capacity.at("storage").ToString(), "1Gi");
  EXPECT_EQ(pv->spec.access_modes, std::vector<std::string>{"ReadWriteOnce"});
  EXPECT_EQ(pv->spec.persistent_volume_reclaim_policy, "Delete");  // the class's (defaulted)
  EXPECT_EQ(pv->spec.storage_class_name, "fast");
  EXPECT_EQ(pv->spec.volume_mode, "Filesystem");
  ASSERT_TRUE(pv->spec.claim_ref);
  EXPECT_EQ(pv->spec.claim_ref->uid, claim->metadata.uid);
  EXPECT_EQ(pv->metadata.annotations.at("pv.kubernetes.io/provisioned-by"), kDriver);
  EXPECT_TRUE(pv->metadata.HasFinalizer("external-provisioner.volume.kubernetes.io/finalizer"));

  const auto events = w.EventsFor("test", "c");
  EXPECT_EQ(Reasons(events), (std::vector<std::string>{"Normal Provisioning", "Normal ProvisioningSucceeded"}));
  EXPECT_EQ(events[0].message, "External provisioner is provisioning volume for claim \"test/c\"");
  EXPECT_EQ(events[0].source, "hostpath.csi.k8s.io_csi-provisioner-0");
  EXPECT_EQ(events[1].message, "Successfully provisioned volume pvc-" + claim->metadata.uid);

  const GrantCheck* check = w.audit.LastGrantCheck("pvc-" + claim->metadata.uid);
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->allowed);
  EXPECT_EQ(check->grants_seen->size(), 1u);
  EXPECT_EQ(check->source.namespace_, "prod");
  EXPECT_TRUE(w.Snapshot("prod", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
  EXPECT_EQ(w.provisioner->stats().provisioned, 1u);
}

// SEMANTICS.md 5 row 4, 3.3: no grant -> the exact message on every attempt, no CSI
// call, no finalizer on the snapshot.
TEST(CrossNamespaceRestore, WithoutGrantFailsBeforeAnyCsiCall) {
  World w;
  w.ReadySnapshot("prod", "s", kGiB);
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(10 * kSecond);

  EXPECT_FALSE(w.VolumeFor(claim));
  std::optional<SeenEvent> failed = Last(w.EventsFor("test", "c"), "ProvisioningFailed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->type, "Warning");
  EXPECT_EQ(failed->message, "accessing prod/s of VolumeSnapshot dataSource from test/c isn't allowed");
  EXPECT_GE(failed->count, 3);  // every attempt (0, 1, 3, 7 s)
  EXPECT_EQ(w.provisioner->stats().create_volume_calls, 0u);
  EXPECT_FALSE(w.Snapshot("prod", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
  const GrantCheck* check = w.audit.LastGrantCheck("pvc-" + claim->metadata.uid);
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->allowed);
}

// SEMANTICS.md 3.3: a grant for another namespace's claims, or in another namespace,
// does not count.
TEST(CrossNamespaceRestore, NonMatchingGrantsAreRefused) {
  World w;
  w.Namespace("other");
  w.ReadySnapshot("prod", "s", kGiB);
  w.Grant("prod", "for-other", {ClaimsIn("other")}, {Snapshots()});
  w.Grant("other", "wrong-place", {ClaimsIn("test")}, {Snapshots()});
  w.Grant("prod", "other-name", {ClaimsIn("test")}, {Snapshots("t")});
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(2 * kSecond);
  std::optional<SeenEvent> failed = Last(w.EventsFor("test", "c"), "ProvisioningFailed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->message, "accessing prod/s of VolumeSnapshot dataSource from test/c isn't allowed");
  EXPECT_EQ(w.audit.LastGrantCheck("pvc-" + claim->metadata.uid)->grants_seen->size(), 2u);
}

// SEMANTICS.md 5 row 3: provisioner gate off -> the gate message, no CSI call; after a
// restart with the gate on the claim is provisioned retrospectively.
TEST(CrossNamespaceRestore, ProvisionerGateOffThenOn) {
  WorldOptions o;
  o.provisioner_cross_namespace = false;
  World w(o);
  w.ReadySnapshot("prod", "s", kGiB);
  w.Grant("prod", "g", {ClaimsIn("test")}, {Snapshots()});
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(5 * kSecond);
  std::optional<SeenEvent> failed = Last(w.EventsFor("test", "c"), "ProvisioningFailed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->message,
            "dataSourceRef namespace specified but the CrossNamespaceVolumeDataSource feature is disabled");
  EXPECT_EQ(w.provisioner->stats().create_volume_calls, 0u);
  EXPECT_EQ(w.audit.grant_checks(), 0u);

  w.options.provisioner_cross_namespace = true;
  w.StartProvisioner();
  w.RunFor(5 * kSecond);
  EXPECT_TRUE(w.VolumeFor(claim));
}

// SEMANTICS.md 5 rows 2 and 9: with the apiserver gate off a namespaced dataSourceRef
// (even to the claim's own namespace) is dropped at create: an EMPTY volume is
// provisioned, without any warning.
TEST(CrossNamespaceRestore, ApiserverGateOffProvisionsEmptyVolume) {
  WorldOptions o;
  o.apiserver_cross_namespace = false;
  World w(o);
  w.ReadySnapshot("test", "s", kGiB);
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("test", "s"));
  EXPECT_FALSE(claim->spec.data_source_ref);
  w.RunFor(5 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  EXPECT_FALSE(w.driver->FindVolume(pv->spec.csi->volume_handle)->source);
  EXPECT_FALSE(Last(w.events, "ProvisioningFailed"));
}

// SEMANTICS.md 5 row 9: with the apiserver gate on, dataSourceRef.namespace equal to the
// claim's own namespace is kept and needs no grant.
TEST(CrossNamespaceRestore, OwnNamespaceNeedsNoGrant) {
  World w;
  const std::string handle = w.ReadySnapshot("test", "s", kGiB);
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("test", "s"));
  ASSERT_TRUE(claim->spec.data_source_ref);
  EXPECT_FALSE(claim->spec.data_source);
  w.RunFor(5 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  EXPECT_EQ(w.driver->FindVolume(pv->spec.csi->volume_handle)->source->id, handle);
  EXPECT_EQ(w.audit.grant_checks(), 0u);
}

// SEMANTICS.md 3.3 "grant created after the PVC": no grant handler; the next
// backoff-driven retry succeeds.
TEST(CrossNamespaceRestore, GrantCreatedLaterIsSeenAtTheNextRetry) {
  World w;
  w.ReadySnapshot("prod", "s", kGiB);
  w.StartProvisioner();
  const SimTime t0 = w.engine.Now();
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(2 * kSecond + 500 * kMillisecond);  // attempts at 0 and 1 s failed
  w.Grant("prod", "g", {ClaimsIn("test")}, {Snapshots("s")});
  w.RunFor(400 * kMillisecond);
  EXPECT_FALSE(w.VolumeFor(claim));  // nothing reacts to the grant itself
  w.RunFor(1500 * kMillisecond);     // the retry at ~3 s
  EXPECT_TRUE(w.VolumeFor(claim));
  std::optional<SeenEvent> ok = Last(w.EventsFor("test", "c"), "ProvisioningSucceeded");
  ASSERT_TRUE(ok);
  EXPECT_GE(ok->at - t0, 3 * kSecond);
}

// SEMANTICS.md 5 row 5 with release profile v5.3: the library prefixes failure events,
// and there is no snapshot-source finalizer before v6.2.
TEST(CrossNamespaceRestore, OldReleaseProfile) {
  WorldOptions o;
  o.provisioner.version = "v5.3.0";
  World w(o);
  w.ReadySnapshot("prod", "s", kGiB);
  w.StartProvisioner();
  auto denied = w.Claim("test", "denied", kGiB, RestoreFrom("prod", "missing"));
  w.Grant("prod", "g", {ClaimsIn("test")}, {Snapshots("s")});
  auto claim = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(3 * kSecond);
  std::optional<SeenEvent> failed = Last(w.EventsFor("test", "denied"), "ProvisioningFailed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->message,
            "failed to provision volume with StorageClass \"fast\": accessing prod/missing of VolumeSnapshot "
            "dataSource from test/denied isn't allowed");
  EXPECT_TRUE(w.VolumeFor(claim));
  EXPECT_FALSE(w.Snapshot("prod", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
}

// ---- which claims, populators, capabilities --------------------------------------------------

// SEMANTICS.md 3.1: claims for another driver, or already naming a volume, are ignored
// without an event.
TEST(ClaimSelection, OtherDriversAndBoundClaimsAreIgnored) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "other", kGiB, [](PersistentVolumeClaim& c) {
    c.metadata.annotations[kAnnStorageProvisioner] = "ebs.csi.aws.com";
  });
  w.Claim("test", "bound", kGiB, [](PersistentVolumeClaim& c) { c.spec.volume_name = "somewhere"; });
  w.Claim("test", "unannotated", kGiB,
          [](PersistentVolumeClaim& c) { c.metadata.annotations.clear(); });
  w.RunFor(5 * kSecond);
  EXPECT_TRUE(w.events.empty());
  EXPECT_EQ(w.provisioner->stats().attempts, 0u);
}

// SEMANTICS.md 3.2 step 1: a PV named pvc-<uid> already in the cache ends the attempt
// before any event or call.
TEST(ClaimSelection, ExistingVolumeStopsTheAttempt) {
  World w;
  auto claim = w.Claim("test", "c", kGiB);
  PersistentVolume pv;
  pv.metadata.name = "pvc-" + claim->metadata.uid;
  pv.spec.capacity["storage"] = Quantity::FromBinaryValue(kGiB);
  pv.spec.access_modes = {"ReadWriteOnce"};
  pv.spec.csi = PersistentVolume::CSISource{kDriver, "pre", "", std::nullopt, {}};
  ASSERT_TRUE(w.api->Create(std::move(pv)).ok());
  w.StartProvisioner();
  w.RunFor(5 * kSecond);
  EXPECT_EQ(w.provisioner->stats().attempts, 0u);
  EXPECT_TRUE(w.EventsFor("test", "c").empty());
}

// SEMANTICS.md 3.2 step 6.3: another kind is left to a populator: the extra Normal
// Provisioning event from external-provisioner's own recorder, no failure, no retry.
TEST(ClaimSelection, PopulatorKindIsLeftToThePopulator) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) {
    c.spec.data_source_ref = TypedObjectReference{"example.com", "Dataset", "d", std::nullopt};
  });
  w.RunFor(10 * kMinute);
  const auto events = w.EventsFor("test", "c");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, "Normal");
  EXPECT_EQ(events[1].reason, "Provisioning");
  EXPECT_EQ(events[1].message, "Assuming an external populator will provision the volume");
  EXPECT_EQ(events[1].source, "external-provisioner");
  EXPECT_EQ(w.provisioner->stats().attempts, 1u);
  EXPECT_EQ(w.provisioner->stats().failed_attempts, 0u);
  EXPECT_EQ(w.provisioner->stats().create_volume_calls, 0u);
}

// SEMANTICS.md 3.1, 3.2 step 6.3: the 15-minute PVC resync repeats the populator pair.
TEST(ClaimSelection, PopulatorEventsRepeatWithTheResync) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) {
    c.spec.data_source_ref = TypedObjectReference{"example.com", "Dataset", "d", std::nullopt};
  });
  w.RunFor(16 * kMinute);
  EXPECT_EQ(w.provisioner->stats().attempts, 2u);
}

// SEMANTICS.md 3.2 step 6.4: each capability message, before any CSI call.
TEST(Capabilities, MissingCapabilitiesRefuseTheSource) {
  struct Case {
    std::vector<csi::Capability> caps;
    bool clone;
    std::string_view message;
  };
  const std::vector<Case> cases = {
      {{csi::Capability::kCreateDeleteVolume, csi::Capability::kCloneVolume}, false, msg::kNoSnapshotRestore},
      {{csi::Capability::kCreateDeleteVolume, csi::Capability::kCreateDeleteSnapshot}, true, msg::kNoClone},
      {{csi::Capability::kCreateDeleteSnapshot, csi::Capability::kCloneVolume}, false, msg::kNoCreateDeleteVolume},
  };
  for (const Case& c : cases) {
    WorldOptions o;
    o.capabilities = c.caps;
    World w(o);
    w.StartProvisioner();
    w.Claim("test", "c", kGiB, [&](PersistentVolumeClaim& pvc) {
      if (c.clone) {
        pvc.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "src"};
      } else {
        pvc.spec.data_source = TypedLocalObjectReference{kSnapGroup, "VolumeSnapshot", "s"};
      }
    });
    w.RunFor(2 * kSecond);
    std::optional<SeenEvent> failed = Last(w.EventsFor("test", "c"), "ProvisioningFailed");
    ASSERT_TRUE(failed) << c.message;
    EXPECT_EQ(failed->message, c.message);
    EXPECT_EQ(w.provisioner->stats().create_volume_calls, 0u);
  }
}

// SEMANTICS.md 3.2 step 6.5.
TEST(Capabilities, SelectorIsNotSupported) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) { c.spec.selector = LabelSelector{{{"a", "b"}}, {}}; });
  w.RunFor(2 * kSecond);
  EXPECT_EQ(Last(w.EventsFor("test", "c"), "ProvisioningFailed")->message, "claim Selector is not supported");
}

// ---- source validation, wrapped (3.2 step 6.8, 3.4, 3.5) -------------------------------------

TEST(SourceValidation, SnapshotNotReadyIsWrappedAndAddsNoFinalizer) {
  World w;
  w.ReadySnapshot("test", "s", kGiB, [](VolumeSnapshot& s) { s.status->ready_to_use = false; });
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) {
    c.spec.data_source = TypedLocalObjectReference{kSnapGroup, "VolumeSnapshot", "s"};
  });
  w.RunFor(2 * kSecond);
  EXPECT_EQ(Last(w.EventsFor("test", "c"), "ProvisioningFailed")->message,
            "error getting handle for DataSource Type VolumeSnapshot by Name s: snapshot s is not Ready");
  EXPECT_FALSE(w.Snapshot("test", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
  EXPECT_EQ(w.provisioner->stats().create_volume_calls, 0u);
}

TEST(SourceValidation, MissingSnapshotQuotesTheApiError) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) {
    c.spec.data_source = TypedLocalObjectReference{kSnapGroup, "VolumeSnapshot", "missing"};
  });
  w.RunFor(2 * kSecond);
  EXPECT_EQ(Last(w.EventsFor("test", "c"), "ProvisioningFailed")->message,
            "error getting handle for DataSource Type VolumeSnapshot by Name missing: error getting snapshot "
            "missing from api server: volumesnapshots.snapshot.storage.k8s.io \"missing\" not found");
}

TEST(SourceValidation, CloneOfUnboundClaim) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "src", kGiB, [](PersistentVolumeClaim& c) { c.metadata.annotations.clear(); });
  w.Claim("test", "c", kGiB, CloneFrom(std::nullopt, "src"));
  w.RunFor(2 * kSecond);
  EXPECT_EQ(Last(w.EventsFor("test", "c"), "ProvisioningFailed")->message,
            "error getting handle for DataSource Type PersistentVolumeClaim by Name src: the PVC DataSource src "
            "must have a status of Bound.  Got {Pending [] map[] [] map[] map[] <nil> <nil>}");
}

// ---- clone finalizer (3.7) ---------------------------------------------------------------------

// SEMANTICS.md 3.2 step 6.9, 3.7: the clone source gets cloning-protection before
// CreateVolume, and the clone's content source is the source PV's handle.
TEST(CloneProtection, SourceGetsFinalizerAndCloneItsVolume) {
  World w;
  auto src = w.BoundClaim("test", "src", kGiB);
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, CloneFrom(std::nullopt, "src"));
  w.RunFor(5 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  const std::string src_handle = w.Volume("pv-test-src")->spec.csi->volume_handle;
  EXPECT_EQ(w.driver->FindVolume(pv->spec.csi->volume_handle)->source,
            (csi::VolumeContentSource{csi::VolumeContentSource::Type::kVolume, src_handle}));
  EXPECT_TRUE(w.GetClaim("test", "src")->metadata.HasFinalizer(kFinalizerCloneSource));
}

// SEMANTICS.md 3.7: a Pending same-namespace clone (spec.dataSource) keeps the finalizer
// on a deleted source; once it is Bound, a retry removes it.
TEST(CloneProtection, PendingSameNamespaceCloneBlocksRemoval) {
  World w;
  w.BoundClaim("test", "src", kGiB);
  w.StartProvisioner();
  auto clone = w.Claim("test", "c", kGiB, CloneFrom(std::nullopt, "src"));
  w.RunFor(5 * kSecond);
  ASSERT_TRUE(w.GetClaim("test", "src")->metadata.HasFinalizer(kFinalizerCloneSource));
  ASSERT_TRUE(w.api->Delete<PersistentVolumeClaim>("test", "src").ok());
  w.RunFor(20 * kSecond);
  EXPECT_TRUE(w.GetClaim("test", "src")->metadata.HasFinalizer(kFinalizerCloneSource));
  w.SetClaimPhase("test", "c", "Bound");  // as the PV binder would
  w.RunFor(40 * kSecond);
  Ptr<PersistentVolumeClaim> src = w.GetClaim("test", "src");
  ASSERT_TRUE(src);  // kubernetes.io/pvc-protection is kube-controller-manager's
  EXPECT_FALSE(src->metadata.HasFinalizer(kFinalizerCloneSource));
}

// SEMANTICS.md 3.7 cross-namespace gap: a pending clone in another namespace does not
// hold the finalizer.
TEST(CloneProtection, CrossNamespaceCloneDoesNotBlock) {
  World w;
  w.BoundClaim("prod", "src", kGiB);
  w.Grant("prod", "g", {ClaimsIn("test")}, {ReferenceGrant::To{"", "PersistentVolumeClaim", std::nullopt}});
  w.StartProvisioner();
  auto clone = w.Claim("test", "c", kGiB, CloneFrom("prod", "src"));
  w.RunFor(5 * kSecond);
  ASSERT_TRUE(w.VolumeFor(clone));
  ASSERT_TRUE(w.GetClaim("prod", "src")->metadata.HasFinalizer(kFinalizerCloneSource));
  ASSERT_EQ(w.GetClaim("test", "c")->status.phase, "Pending");
  ASSERT_TRUE(w.api->Delete<PersistentVolumeClaim>("prod", "src").ok());
  w.RunFor(2 * kSecond);
  EXPECT_FALSE(w.GetClaim("prod", "src")->metadata.HasFinalizer(kFinalizerCloneSource));
}

// ---- snapshot finalizer (3.8) ------------------------------------------------------------------

// SEMANTICS.md 3.2 step 10: a same-namespace spec.dataSource restore drops the
// finalizer inline.
TEST(SnapshotFinalizer, SameNamespaceRestoreRemovesItInline) {
  World w;
  w.ReadySnapshot("prod", "s", kGiB);
  w.StartProvisioner();
  auto claim = w.Claim("prod", "c", kGiB, [](PersistentVolumeClaim& c) {
    c.spec.data_source = TypedLocalObjectReference{kSnapGroup, "VolumeSnapshot", "s"};
  });
  w.RunFor(5 * kSecond);
  ASSERT_TRUE(w.VolumeFor(claim));
  EXPECT_FALSE(w.Snapshot("prod", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
}

// SEMANTICS.md 3.8: after a cross-namespace restore the finalizer stays until the
// sweep after the claim left Pending; a Pending claim keeps it across sweeps.
TEST(SnapshotFinalizer, SweeperRemovesItOnlyWhenNoPendingClaimUsesTheSnapshot) {
  World w;
  w.ReadySnapshot("prod", "s", kGiB);
  w.ReadySnapshot("prod", "t", kGiB);
  w.Grant("prod", "g", {ClaimsIn("test")}, {Snapshots()});
  w.StartProvisioner();
  auto bound = w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  auto pending = w.Claim("test", "p", kGiB, RestoreFrom("prod", "t"));
  w.RunFor(10 * kSecond);
  ASSERT_TRUE(w.VolumeFor(bound));
  ASSERT_TRUE(w.VolumeFor(pending));
  w.SetClaimPhase("test", "c", "Bound");  // as the PV binder would; "p" stays Pending
  w.RunFor(4 * kMinute);
  EXPECT_TRUE(w.Snapshot("prod", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
  w.RunFor(2 * kMinute);  // the sweep at 5 min
  EXPECT_FALSE(w.Snapshot("prod", "s")->metadata.HasFinalizer(kFinalizerSnapshotSource));
  EXPECT_TRUE(w.Snapshot("prod", "t")->metadata.HasFinalizer(kFinalizerSnapshotSource));
}

// ---- retries and states (3.6, 3.10) ------------------------------------------------------------

// SEMANTICS.md 3.6: per-claim exponential backoff from --retry-interval-start:
// failed attempts at ~0, 1, 3, 7, 15 s.
TEST(Retries, BackoffDoublesFromOneSecond) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));
  w.RunFor(20 * kSecond);
  std::vector<SimTime> at;
  for (const SeenEvent& e : w.EventsFor("test", "c"))
    if (e.reason == "ProvisioningFailed") at.push_back(e.at);
  ASSERT_GE(at.size(), 5u);
  const SimTime t0 = at[0];
  const SimDuration expected[] = {0, 1 * kSecond, 3 * kSecond, 7 * kSecond, 15 * kSecond};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(static_cast<double>(at[i] - t0), static_cast<double>(expected[i]), 50.0 * kMillisecond) << i;
  }
}

// SEMANTICS.md 3.6 v6.0+: INVALID_ARGUMENT is infeasible: its message, and no new
// attempt until --retry-interval-max has passed.
TEST(Retries, InvalidArgumentIsRetriedSlowly) {
  World w;
  w.driver->AddFault(csi::Fault{"CreateVolume", csi::Code::kInvalidArgument, 1, std::nullopt, std::nullopt});
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB);
  w.RunFor(5 * kSecond);
  std::optional<SeenEvent> failed = Last(w.EventsFor("test", "c"), "ProvisioningFailed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->message.rfind("Volume provisioning failed with infeasible error. Retries will be delayed. "
                                  "rpc error: code = InvalidArgument desc = ",
                                  0),
            0u)
      << failed->message;
  w.RunFor(4 * kMinute + 50 * kSecond);
  EXPECT_FALSE(w.VolumeFor(claim));
  EXPECT_EQ(w.provisioner->stats().attempts, 1u);
  w.RunFor(5 * kMinute);
  EXPECT_TRUE(w.VolumeFor(claim));
}

// SEMANTICS.md 3.6, 3.10: a CreateVolume past --timeout is DeadlineExceeded and
// InBackground; the claim deleted meanwhile still gets its PV (claimsInProgress).
TEST(Retries, TimedOutCreateKeepsGoingAfterTheClaimIsDeleted) {
  // A 1 GiB clone at 15 s/GiB outlasts the 10 s timeout; repeats are cheap lookups.
  WorldOptions o;
  o.driver.costs["cloneVolume"] = {100 * kMillisecond, 15 * kSecond};
  World w(o);
  w.BoundClaim("test", "src", kGiB);
  ASSERT_TRUE(w.driver->Write(w.Volume("pv-test-src")->spec.csi->volume_handle, "data", kGiB).ok());
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, CloneFrom(std::nullopt, "src"));
  w.RunFor(11 * kSecond);
  std::optional<SeenEvent> failed = Last(w.EventsFor("test", "c"), "ProvisioningFailed");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->message, "rpc error: code = DeadlineExceeded desc = context deadline exceeded");
  // Delete the claim for good (its pvc-protection finalizer is kube-controller-manager's).
  ASSERT_TRUE(w.api->Delete<PersistentVolumeClaim>("test", "c").ok());
  PersistentVolumeClaim gone = *w.GetClaim("test", "c");
  gone.metadata.finalizers.clear();
  ASSERT_TRUE(w.api->Update(std::move(gone)).ok());
  ASSERT_FALSE(w.GetClaim("test", "c"));
  w.RunFor(1 * kMinute);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  EXPECT_EQ(pv->spec.claim_ref->uid, claim->metadata.uid);
  EXPECT_FALSE(Last(w.events, "ProvisioningSucceeded"));  // nobody to tell
}

// SEMANTICS.md 3.10: a claim deleted while its attempts fail before CreateVolume
// (Finished) is dropped from the queue: no more attempts, nothing leaked.
TEST(Retries, DeletedClaimFailingBeforeCreateIsDropped) {
  World w;
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, RestoreFrom("prod", "s"));  // no grant
  w.RunFor(4 * kSecond);
  const uint64_t attempts = w.provisioner->stats().attempts;
  ASSERT_GE(attempts, 3u);
  ASSERT_TRUE(w.api->Delete<PersistentVolumeClaim>("test", "c").ok());
  PersistentVolumeClaim gone = *w.GetClaim("test", "c");
  gone.metadata.finalizers.clear();
  ASSERT_TRUE(w.api->Update(std::move(gone)).ok());
  w.RunFor(10 * kMinute);
  EXPECT_EQ(w.provisioner->stats().attempts, attempts);
  EXPECT_EQ(w.provisioner->stats().create_volume_calls, 0u);
}

// SEMANTICS.md 3.10: a restart loses the queue; the new process lists the claims and
// repeats CreateVolume with the same name, which the driver answers idempotently.
TEST(Retries, RestartRepeatsCreateVolumeWithTheSameName) {
  WorldOptions o;
  o.driver.costs["createVolume"] = {3 * kSecond, 0};
  World w(o);
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB);
  w.RunFor(1 * kSecond);  // CreateVolume in flight
  const uint64_t calls_before = w.DriverCalls("CreateVolume");
  w.StartProvisioner();   // the process dies and starts again
  w.RunFor(30 * kSecond);
  EXPECT_TRUE(w.VolumeFor(claim));
  EXPECT_GT(w.DriverCalls("CreateVolume"), calls_before);
  size_t named = 0;
  for (const csi::VolumeInfo* v : w.driver->Volumes()) named += v->name == "pvc-" + claim->metadata.uid;
  EXPECT_EQ(named, 1u);
}

// SEMANTICS.md 3.9, 3.6: WaitForFirstConsumer waits for the selected node and sends its
// topology; RESOURCE_EXHAUSTED with a node selected gives the node back.
TEST(BindingModes, WaitForFirstConsumerUsesTheSelectedNode) {
  WorldOptions o;
  o.provisioner.topology_key = "topology.hostpath.csi/node";
  World w(o);
  w.Class("wffc", "WaitForFirstConsumer");
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) { c.spec.storage_class_name = "wffc"; });
  w.RunFor(5 * kSecond);
  EXPECT_EQ(w.provisioner->stats().attempts, 0u);
  PersistentVolumeClaim scheduled = *w.GetClaim("test", "c");
  scheduled.metadata.annotations[kAnnSelectedNode] = "node-2";
  ASSERT_TRUE(w.api->Update(std::move(scheduled)).ok());
  w.RunFor(5 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  ASSERT_TRUE(pv->spec.node_affinity_required);
  EXPECT_EQ((*pv->spec.node_affinity_required)[0].match_expressions,
            (std::vector<NodeSelectorRequirement>{{"topology.hostpath.csi/node", "In", {"node-2"}}}));
}

TEST(BindingModes, ResourceExhaustedWithSelectedNodeReschedules) {
  WorldOptions o;
  o.provisioner.topology_key = "topology.hostpath.csi/node";
  World w(o);
  w.driver->AddFault(csi::Fault{"CreateVolume", csi::Code::kResourceExhausted, 1, std::nullopt, std::nullopt});
  w.Class("wffc", "WaitForFirstConsumer");
  w.StartProvisioner();
  w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) {
    c.spec.storage_class_name = "wffc";
    c.metadata.annotations[kAnnSelectedNode] = "node-1";
  });
  w.RunFor(30 * kSecond);
  EXPECT_FALSE(HasAnnotation(w.GetClaim("test", "c")->metadata, kAnnSelectedNode));
  EXPECT_TRUE(Last(w.EventsFor("test", "c"), "ProvisioningFailed"));
  EXPECT_EQ(w.provisioner->stats().attempts, 1u);  // waits for the scheduler now
}

TEST(BindingModes, ResourceExhaustedWithoutTopologyIsRetried) {
  World w;
  w.driver->AddFault(csi::Fault{"CreateVolume", csi::Code::kResourceExhausted, 1, std::nullopt, std::nullopt});
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB,
                       [](PersistentVolumeClaim& c) { c.metadata.annotations[kAnnSelectedNode] = "n"; });
  w.RunFor(5 * kSecond);
  EXPECT_TRUE(HasAnnotation(w.GetClaim("test", "c")->metadata, kAnnSelectedNode));
  EXPECT_TRUE(w.VolumeFor(claim));
  EXPECT_EQ(w.provisioner->stats().attempts, 2u);
}

// ---- deletion (2 step 4, 3.10) ----------------------------------------------------------------

// Reclaim policy Delete: a Released PV of this driver is deleted in the driver, then
// the PV object is deleted and the provisioner's finalizer removed.
TEST(Deletion, ReleasedVolumeWithDeletePolicyIsDeleted) {
  World w;
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB);
  w.RunFor(2 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  const std::string handle = pv->spec.csi->volume_handle;
  w.SetVolumePhase(pv->metadata.name, "Bound");
  w.RunFor(1 * kSecond);
  EXPECT_TRUE(w.driver->FindVolume(handle));
  w.SetVolumePhase(pv->metadata.name, "Released");
  w.RunFor(2 * kSecond);
  EXPECT_FALSE(w.driver->FindVolume(handle));
  Ptr<PersistentVolume> after = w.Volume(pv->metadata.name);
  // Only kubernetes.io/pv-protection (kube-controller-manager's) can still hold it.
  if (after) {
    EXPECT_TRUE(after->metadata.deletion_timestamp);
    EXPECT_FALSE(after->metadata.HasFinalizer(kFinalizerPV));
  }
}

TEST(Deletion, FailedDeleteVolumeIsReportedAndRetried) {
  World w;
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB);
  w.RunFor(2 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  w.driver->AddFault(csi::Fault{"DeleteVolume", csi::Code::kInternal, 1, std::nullopt, std::nullopt});
  w.SetVolumePhase(pv->metadata.name, "Released");
  w.RunFor(5 * kSecond);
  std::optional<SeenEvent> failed = Last(w.EventsFor("", pv->metadata.name), "VolumeFailedDelete");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->type, "Warning");
  EXPECT_EQ(failed->message.rfind("rpc error: code = Internal desc = ", 0), 0u) << failed->message;
  EXPECT_FALSE(w.driver->FindVolume(pv->spec.csi->volume_handle));
}

TEST(Deletion, RetainPolicyKeepsTheVolume) {
  World w;
  w.Class("keep", std::nullopt, {}, "Retain");
  w.StartProvisioner();
  auto claim = w.Claim("test", "c", kGiB, [](PersistentVolumeClaim& c) { c.spec.storage_class_name = "keep"; });
  w.RunFor(2 * kSecond);
  Ptr<PersistentVolume> pv = w.VolumeFor(claim);
  ASSERT_TRUE(pv);
  w.SetVolumePhase(pv->metadata.name, "Released");
  w.RunFor(5 * kSecond);
  Ptr<PersistentVolume> after = w.Volume(pv->metadata.name);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->metadata.HasFinalizer(kFinalizerPV));  // handleProtectionFinalizer drops it
  EXPECT_TRUE(w.driver->FindVolume(pv->spec.csi->volume_handle));
}

// ---- determinism ------------------------------------------------------------------------

// STYLE.md 13: same seed, same trace bytes (grant checks, CSI calls, every API write).
TEST(Determinism, SameSeedSameTrace) {
  auto run = [] {
    std::ostringstream trace;
    World w;
    w.engine.trace().AttachSink(&trace);
    w.ReadySnapshot("prod", "s", kGiB);
    w.Grant("prod", "g", {ClaimsIn("test")}, {Snapshots()});
    w.StartProvisioner();
    for (int i = 0; i < 5; ++i) w.Claim("test", "c" + std::to_string(i), kGiB, RestoreFrom("prod", "s"));
    w.Claim("test", "missing", kGiB, RestoreFrom("prod", "t"));  // granted, absent
    w.RunFor(30 * kSecond);
    return trace.str();
  };
  const std::string first = run();
  EXPECT_NE(first.find("grant-check"), std::string::npos);
  EXPECT_EQ(first, run());
}

}  // namespace
}  // namespace xnsim
