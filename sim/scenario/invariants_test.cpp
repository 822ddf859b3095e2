// Each invariant of scenario-format.md "Invariants" made to fire, through its own
// check and through the paths the runner uses (the drivers' creation hook, settle
// points, a whole scenario).
#include "sim/scenario/invariants.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/invariant_grant.h"
#include "sim/scenario/invariant_settled.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/runner_test_support.h"

namespace xnsim {
namespace {

GateSet ApiGates() {
  GateSet g(Component::kKubeApiserver, kNewestKubeVersion);
  EXPECT_TRUE(g.Set("CrossNamespaceVolumeDataSource", true).ok());
  return g;
}

template <class T>
Ptr<T> MustCreate(ApiServer& api, T obj) {
  StatusOr<Ptr<T>> created = api.Create(std::move(obj));
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  return created.ok() ? *created : nullptr;
}

void MakeNamespace(ApiServer& api, const std::string& name) {
  Namespace ns;
  ns.metadata.name = name;
  MustCreate(api, ns);
}

Ptr<PersistentVolumeClaim> MakeClaim(ApiServer& api, const std::string& ns, const std::string& name) {
  PersistentVolumeClaim c;
  c.metadata.namespace_ = ns;
  c.metadata.name = name;
  c.spec.access_modes = {"ReadWriteOnce"};
  c.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  return MustCreate(api, c);
}

// A pre-provisioned content for snapshot ns/name whose backend handle is `handle`.
void MakeContent(ApiServer& api, const std::string& content, const std::string& ns,
                 const std::string& name, const std::string& handle) {
  VolumeSnapshotContent c;
  c.metadata.name = content;
  c.spec.driver = "hostpath.csi.k8s.io";
  c.spec.deletion_policy = "Delete";
  c.spec.snapshot_handle = handle;
  c.spec.volume_snapshot_ref.namespace_ = ns;
  c.spec.volume_snapshot_ref.name = name;
  MustCreate(api, c);
}

void MakeBoundVolume(ApiServer& api, const std::string& pv, const std::string& handle,
                     const std::string& claim_ns, const std::string& claim_name,
                     const std::string& claim_uid, const std::string& policy = "Delete") {
  PersistentVolume v;
  v.metadata.name = pv;
  v.spec.capacity["storage"] = *Quantity::Parse("1Gi");
  v.spec.access_modes = {"ReadWriteOnce"};
  v.spec.persistent_volume_reclaim_policy = policy;
  v.spec.csi = PersistentVolume::CSISource{};
  v.spec.csi->driver = "hostpath.csi.k8s.io";
  v.spec.csi->volume_handle = handle;
  ObjectReference ref;
  ref.kind = "PersistentVolumeClaim";
  ref.namespace_ = claim_ns;
  ref.name = claim_name;
  ref.uid = claim_uid;
  v.spec.claim_ref = ref;
  MustCreate(api, v);
}

Ptr<ReferenceGrant> Grant(const std::string& ns, const std::string& from_ns) {
  auto g = std::make_shared<ReferenceGrant>();
  g->metadata.namespace_ = ns;
  g->metadata.name = "from-" + from_ns;
  g->spec.from = {{"", "PersistentVolumeClaim", from_ns}};
  g->spec.to = {{"snapshot.storage.k8s.io", "VolumeSnapshot", std::nullopt}};
  return g;
}

TypedObjectReference SnapshotRef(const std::string& ns, const std::string& name) {
  return TypedObjectReference{std::string("snapshot.storage.k8s.io"), "VolumeSnapshot", name, ns};
}

// ---- grant-checked ---------------------------------------------------------------------

// prod/snap1 (handle snap-1) and prod/db (volume vol-db), a claim dev/restore, indexed.
class GrantCheckedTest : public ::testing::Test {
 protected:
  GrantCheckedTest() : api_(engine_, ApiGates()), invariant_(api_, audit_, options_) {
    MakeNamespace(api_, "prod");
    MakeNamespace(api_, "dev");
    MakeContent(api_, "content-1", "prod", "snap1", "snap-1");
    const Ptr<PersistentVolumeClaim> db = MakeClaim(api_, "prod", "db");
    MakeBoundVolume(api_, "pv-db", "vol-db", "prod", "db", db->metadata.uid);
    restore_ = MakeClaim(api_, "dev", "restore");
    local_ = MakeClaim(api_, "prod", "local");
    engine_.RunUntil(kSecond);  // watch deliveries
  }

  csi::CreateVolumeRequest Restore(const Ptr<PersistentVolumeClaim>& claim, std::string id,
                                   csi::VolumeContentSource::Type type =
                                       csi::VolumeContentSource::Type::kSnapshot) {
    csi::CreateVolumeRequest req;
    req.name = "pvc-" + claim->metadata.uid;
    req.content_source = csi::VolumeContentSource{type, std::move(id)};
    return req;
  }

  void Record(const Ptr<PersistentVolumeClaim>& claim, TypedObjectReference source,
              std::vector<Ptr<ReferenceGrant>> grants, bool allowed) {
    GrantCheck check;
    check.at = engine_.Now();
    check.volume_name = "pvc-" + claim->metadata.uid;
    check.claim_namespace = claim->metadata.namespace_;
    check.claim_name = claim->metadata.name;
    check.source = std::move(source);
    check.grants_seen = std::make_shared<const std::vector<Ptr<ReferenceGrant>>>(std::move(grants));
    check.allowed = allowed;
    audit_.RecordGrantCheck(std::move(check));
  }

  Engine engine_;
  ApiServer api_;
  ProvisioningAudit audit_;
  ProvisionerOptions options_;
  GrantCheckedInvariant invariant_;
  Ptr<PersistentVolumeClaim> restore_, local_;
};

TEST_F(GrantCheckedTest, CrossNamespaceRestoreWithoutAnyGrantCheckIsAViolation) {
  const std::optional<std::string> what = invariant_.Check(Restore(restore_, "snap-1"));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "of claim dev/restore was populated from VolumeSnapshot prod/snap1, but "
                         "the provisioner recorded no ReferenceGrant check for it"))
      << *what;
}

TEST_F(GrantCheckedTest, AnAllowedVerdictIsReEvaluatedAndNotTrusted) {
  // SEMANTICS.md 3.3: the `from` entry must name the claim's namespace; a grant for
  // staging does not let dev in, whatever the provisioner decided.
  Record(restore_, SnapshotRef("prod", "snap1"), {Grant("prod", "staging")}, /*allowed=*/true);
  const std::optional<std::string> what = invariant_.Check(Restore(restore_, "snap-1"));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "none of the ReferenceGrants the provisioner saw in prod")) << *what;
  EXPECT_TRUE(Has(*what, "(from-staging)")) << *what;
  EXPECT_TRUE(Has(*what, "(the provisioner decided allowed)")) << *what;
}

TEST_F(GrantCheckedTest, AMatchingGrantAmongThoseSeenSatisfiesIt) {
  Record(restore_, SnapshotRef("prod", "snap1"), {Grant("prod", "staging"), Grant("prod", "dev")},
         /*allowed=*/true);
  EXPECT_EQ(invariant_.Check(Restore(restore_, "snap-1")), std::nullopt);
}

// SEMANTICS.md 3.3 and 3.6: the grant is checked once per attempt and never again after
// CreateVolume. An allowed attempt whose CreateVolume timed out keeps running in the
// driver; a later attempt, after the grant was deleted, is refused. The volume that
// then appears answers to the allowed attempt, which is what the invariant re-checks.
TEST_F(GrantCheckedTest, AVolumeAnswersToTheLastAttemptThatWasLetThrough) {
  Record(restore_, SnapshotRef("prod", "snap1"), {Grant("prod", "dev")}, /*allowed=*/true);
  Record(restore_, SnapshotRef("prod", "snap1"), {}, /*allowed=*/false);
  EXPECT_EQ(invariant_.Check(Restore(restore_, "snap-1")), std::nullopt);
}

TEST_F(GrantCheckedTest, ACheckAboutAnotherSourceDoesNotCoverThisOne) {
  Record(restore_, SnapshotRef("prod", "other"), {Grant("prod", "dev")}, /*allowed=*/true);
  const std::optional<std::string> what = invariant_.Check(Restore(restore_, "snap-1"));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "was about claims in dev using VolumeSnapshot prod/other")) << *what;
}

TEST_F(GrantCheckedTest, SameNamespaceAndEmptyVolumesNeedNoGrant) {
  EXPECT_EQ(invariant_.Check(Restore(local_, "snap-1")), std::nullopt);
  csi::CreateVolumeRequest empty;
  empty.name = "pvc-" + restore_->metadata.uid;
  EXPECT_EQ(invariant_.Check(empty), std::nullopt);
}

TEST_F(GrantCheckedTest, ACloneIsAttributedToTheClaimOfTheSourceVolume) {
  const std::optional<std::string> what =
      invariant_.Check(Restore(restore_, "vol-db", csi::VolumeContentSource::Type::kVolume));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "was populated from PersistentVolumeClaim prod/db")) << *what;
}

TEST_F(GrantCheckedTest, SourcesAreStillKnownAfterTheirObjectsAreDeleted) {
  ASSERT_TRUE(api_.Delete<VolumeSnapshotContent>("", "content-1").ok());
  engine_.RunUntil(2 * kSecond);
  const std::optional<std::string> what = invariant_.Check(Restore(restore_, "snap-1"));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "VolumeSnapshot prod/snap1")) << *what;
}

TEST_F(GrantCheckedTest, ASourceNoObjectNamesCannotBeAttributed) {
  const std::optional<std::string> what = invariant_.Check(Restore(restore_, "snap-unknown"));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "which no VolumeSnapshotContent ever named")) << *what;
}

TEST_F(GrantCheckedTest, DynamicContentsAreIndexedByTheirStatusHandle) {
  VolumeSnapshotContent c;
  c.metadata.name = "content-2";
  c.spec.driver = "hostpath.csi.k8s.io";
  c.spec.deletion_policy = "Delete";
  c.spec.volume_handle = "vol-db";
  c.spec.volume_snapshot_ref.namespace_ = "prod";
  c.spec.volume_snapshot_ref.name = "snap2";
  Ptr<VolumeSnapshotContent> stored = MustCreate(api_, c);
  VolumeSnapshotContent with_status = *stored;
  with_status.status = VolumeSnapshotContent::Status{};
  with_status.status->snapshot_handle = "snap-2";
  ASSERT_TRUE(api_.UpdateStatus(with_status).ok());
  engine_.RunUntil(2 * kSecond);
  const std::optional<std::string> what = invariant_.Check(Restore(restore_, "snap-2"));
  ASSERT_TRUE(what.has_value());
  EXPECT_TRUE(Has(*what, "VolumeSnapshot prod/snap2")) << *what;
}

// ---- through the cluster: the drivers' hook and settle points ------------------------

ClusterConfig TestCluster() {
  StatusOr<ClusterGates> gates = BuildClusterGates(
      kNewestKubeVersion, FeatureGateRequest{{{"CrossNamespaceVolumeDataSource", true}}, {}});
  EXPECT_TRUE(gates.ok());
  ClusterConfig config;
  config.gates = *gates;
  csi::MockDriverConfig driver;
  driver.capabilities = {csi::Capability::kCreateDeleteVolume, csi::Capability::kCreateDeleteSnapshot,
                         csi::Capability::kCloneVolume};
  driver.capacity_bytes = 100 * kGi;
  driver.costs["createVolume"] = {10 * kMillisecond, 0};
  config.drivers.push_back(driver);
  return config;
}

// Calls the driver directly, as no controller would, and runs until it answers.
template <class T, class Call>
csi::Result<T> Direct(Engine& engine, Call call) {
  std::optional<csi::Result<T>> reply;
  call([&reply](csi::Result<T> r) { reply = std::move(r); });
  engine.RunUntil(engine.Now() + kMinute, [&reply] { return reply.has_value(); });
  EXPECT_TRUE(reply && reply->ok()) << (reply ? reply->message : "no reply");
  return reply ? *reply : csi::Result<T>{};
}

TEST(Invariants, TheDriversHookChecksGrantsOfEveryVolumeCreated) {
  Engine engine;
  Cluster cluster(engine, TestCluster());
  InvariantChecker checker(cluster, {});
  csi::MockDriver& driver = *cluster.drivers().front();
  csi::CreateVolumeRequest source;
  source.name = "src";
  source.required_bytes = kGi;
  const csi::Volume vol = Direct<csi::Volume>(engine, [&](auto done) {
    driver.CreateVolume(source, done);
  }).value;
  csi::CreateSnapshotRequest snap_req;
  snap_req.name = "snap";
  snap_req.source_volume_id = vol.volume_id;
  const csi::Snapshot snap = Direct<csi::Snapshot>(engine, [&](auto done) {
    driver.CreateSnapshot(snap_req, done);
  }).value;
  MakeNamespace(cluster.api(), "prod");
  MakeNamespace(cluster.api(), "dev");
  MakeContent(cluster.api(), "content-1", "prod", "snap1", snap.snapshot_id);
  const Ptr<PersistentVolumeClaim> claim = MakeClaim(cluster.api(), "dev", "restore");
  engine.RunUntil(engine.Now() + kSecond);
  EXPECT_FALSE(checker.violated());

  csi::CreateVolumeRequest restore;
  restore.name = "pvc-" + claim->metadata.uid;
  restore.required_bytes = kGi;
  restore.content_source = csi::VolumeContentSource{csi::VolumeContentSource::Type::kSnapshot,
                                                    snap.snapshot_id};
  Direct<csi::Volume>(engine, [&](auto done) { driver.CreateVolume(restore, done); });
  ASSERT_TRUE(checker.violated());
  EXPECT_EQ(checker.violation()->invariant, "grant-checked");
  EXPECT_TRUE(Has(checker.violation()->what, "recorded no ReferenceGrant check")) << checker.violation()->what;
}

TEST(Invariants, NotChosenInvariantsAreNotChecked) {
  Engine engine;
  Cluster cluster(engine, TestCluster());
  InvariantChecker checker(cluster, {"capacity", "finalizers-released"});
  EXPECT_FALSE(checker.Enabled("no-orphans"));
  EXPECT_TRUE(checker.Enabled("capacity"));
  csi::CreateVolumeRequest stray;
  stray.name = "stray";
  stray.required_bytes = kGi;
  Direct<csi::Volume>(engine, [&](auto done) { cluster.drivers().front()->CreateVolume(stray, done); });
  checker.CheckSettled();
  EXPECT_FALSE(checker.violated());
}

TEST(Invariants, NoOrphansFiresForADriverVolumeWithoutAPersistentVolume) {
  Engine engine;
  Cluster cluster(engine, TestCluster());
  InvariantChecker checker(cluster, {});
  csi::CreateVolumeRequest stray;
  stray.name = "stray";
  stray.required_bytes = kGi;
  Direct<csi::Volume>(engine, [&](auto done) { cluster.drivers().front()->CreateVolume(stray, done); });
  EXPECT_FALSE(checker.violated()) << "only checked when settled";
  checker.CheckSettled();
  ASSERT_TRUE(checker.violated());
  EXPECT_EQ(checker.violation()->invariant, "no-orphans");
  EXPECT_TRUE(Has(checker.violation()->what, "driver hostpath.csi.k8s.io holds volume")) << checker.violation()->what;
  EXPECT_TRUE(Has(checker.violation()->what, "(\"stray\", created at ")) << checker.violation()->what;
}

// ---- no-orphans and finalizers-released on a store without controllers -----------------

TEST(Invariants, NoOrphansWantsAClaimForEveryVolumeThatIsNotRetained) {
  Engine engine;
  ApiServer api(engine, ApiGates());
  MakeNamespace(api, "prod");
  const Ptr<PersistentVolumeClaim> db = MakeClaim(api, "prod", "db");
  MakeBoundVolume(api, "pv-ok", "h1", "prod", "db", db->metadata.uid);
  MakeBoundVolume(api, "pv-gone", "h2", "prod", "deleted", "uid-x");
  MakeBoundVolume(api, "pv-kept", "h3", "prod", "deleted", "uid-y", "Retain");
  MakeBoundVolume(api, "pv-old", "h4", "prod", "db", "uid-of-an-earlier-db");
  const std::vector<std::string> orphans = FindOrphans(api, {});
  ASSERT_EQ(orphans.size(), 2u);
  EXPECT_EQ(orphans[0],
            "PersistentVolume pv-gone (reclaim policy Delete) names claim prod/deleted, which "
            "does not exist");
  EXPECT_TRUE(Has(orphans[1], "pv-old")) << orphans[1];
  EXPECT_TRUE(Has(orphans[1], "but that claim is now uid " + db->metadata.uid)) << orphans[1];
}

class FinalizersTest : public ::testing::Test {
 protected:
  FinalizersTest() : api_(engine_, ApiGates()) {
    MakeNamespace(api_, "prod");
    MakeNamespace(api_, "dev");
  }
  std::vector<std::string> Stuck(SimDuration grace = 6 * kMinute) {
    return FindStuckFinalizers(api_, engine_.Now(), grace);
  }
  Engine engine_;
  ApiServer api_;
};

TEST_F(FinalizersTest, PvcProtectionIsStuckOnlyWithoutAPodUsingTheClaim) {
  // SEMANTICS.md 1.7: admission adds kubernetes.io/pvc-protection; kcm removes it once
  // the claim is being deleted and no Pod uses it. There is no kcm here.
  MakeClaim(api_, "prod", "db");
  Pod pod;
  pod.metadata.namespace_ = "prod";
  pod.metadata.name = "app";
  pod.spec.volumes = {Pod::Volume{"data", std::string("db"), std::nullopt, {}}};
  pod.spec.rest.text = R"({"containers":[{"name":"c","image":"busybox"}]})";
  Ptr<Pod> stored = MustCreate(api_, pod);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("prod", "db").ok());
  EXPECT_TRUE(Stuck().empty()) << "a Pod still uses it";

  Pod finished = *stored;
  finished.status.phase = "Succeeded";
  ASSERT_TRUE(api_.UpdateStatus(finished).ok());
  const std::vector<std::string> stuck = Stuck();
  ASSERT_EQ(stuck.size(), 1u);
  EXPECT_TRUE(Has(stuck[0], "PersistentVolumeClaim prod/db has been terminating for 0s and still "
                            "carries kubernetes.io/pvc-protection, though no running Pod uses the claim"))
      << stuck[0];
}

TEST_F(FinalizersTest, CloningProtectionWaitsOnlyForAPendingSameNamespaceClone) {
  // SEMANTICS.md 3.7: the clone controller looks at spec.dataSource in the source's
  // namespace only; a cross-namespace clone does not hold the finalizer.
  PersistentVolumeClaim src;
  src.metadata.namespace_ = "prod";
  src.metadata.name = "db";
  src.metadata.finalizers = {"provisioner.storage.kubernetes.io/cloning-protection"};
  src.spec.access_modes = {"ReadWriteOnce"};
  src.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  MustCreate(api_, src);
  PersistentVolumeClaim clone;
  clone.metadata.namespace_ = "prod";
  clone.metadata.name = "clone";
  clone.spec = src.spec;
  clone.spec.data_source = TypedLocalObjectReference{std::nullopt, "PersistentVolumeClaim", "db"};
  Ptr<PersistentVolumeClaim> pending = MustCreate(api_, clone);
  ASSERT_TRUE(api_.Delete<PersistentVolumeClaim>("prod", "db").ok());
  std::vector<std::string> stuck = Stuck();
  for (const std::string& s : stuck) EXPECT_FALSE(Has(s, "cloning-protection")) << s;

  PersistentVolumeClaim bound = *pending;
  bound.status.phase = "Bound";
  ASSERT_TRUE(api_.UpdateStatus(bound).ok());
  stuck = Stuck();
  bool found = false;
  for (const std::string& s : stuck) found |= Has(s, "cloning-protection, though no Pending claim");
  EXPECT_TRUE(found);
}

TEST_F(FinalizersTest, TheSweptSnapshotFinalizerGetsTheSweepIntervalFirst) {
  // SEMANTICS.md 3.8: a cross-namespace restore leaves the provisioner's finalizer on
  // the snapshot for up to one sweep interval; settling does not wait for the sweep.
  VolumeSnapshot snap;
  snap.metadata.namespace_ = "prod";
  snap.metadata.name = "snap1";
  snap.metadata.finalizers = {"provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection"};
  snap.spec.persistent_volume_claim_name = "db";
  MustCreate(api_, snap);
  ASSERT_TRUE(api_.Delete<VolumeSnapshot>("prod", "snap1").ok());
  EXPECT_TRUE(Stuck().empty()) << "younger than the grace";
  engine_.RunUntil(7 * kMinute);
  std::vector<std::string> stuck = Stuck();
  ASSERT_EQ(stuck.size(), 1u);
  EXPECT_TRUE(Has(stuck[0], "VolumeSnapshot prod/snap1 has been terminating for 7m0s")) << stuck[0];
  EXPECT_TRUE(Stuck(/*grace=*/0).size() == 1u);

  // A Pending claim in another namespace that restores it is a reason to keep it.
  PersistentVolumeClaim restore;
  restore.metadata.namespace_ = "dev";
  restore.metadata.name = "restore";
  restore.spec.access_modes = {"ReadWriteOnce"};
  restore.spec.resources.requests["storage"] = *Quantity::Parse("1Gi");
  restore.spec.data_source_ref = SnapshotRef("prod", "snap1");
  MustCreate(api_, restore);
  EXPECT_TRUE(Stuck().empty());
}

TEST_F(FinalizersTest, PvProtectionIsStuckOnAVolumeThatIsNotBound) {
  MakeBoundVolume(api_, "pv1", "h1", "prod", "db", "uid-1");
  ASSERT_TRUE(api_.Delete<PersistentVolume>("", "pv1").ok());
  const std::vector<std::string> stuck = Stuck();
  ASSERT_EQ(stuck.size(), 1u);
  EXPECT_TRUE(Has(stuck[0], "kubernetes.io/pv-protection, though it is ")) << stuck[0];
}

// ---- capacity ---------------------------------------------------------------------------

TEST(Invariants, CapacityCountsLogicalAndPhysicalBytes) {
  csi::DriverUsage usage;
  usage.capacity_bytes = 10 * kGi;
  usage.logical_bytes = 10 * kGi;
  usage.physical_bytes = 4 * kGi;
  EXPECT_EQ(CapacityExceeded("d", usage), std::nullopt) << "full is not over";
  usage.physical_bytes = 11 * kGi;
  usage.volumes = 3;
  usage.snapshots = 2;
  EXPECT_EQ(CapacityExceeded("d", usage),
            "driver d holds 10Gi logical and 11Gi physical bytes in 3 volume(s) and 2 "
            "snapshot(s), more than its capacity 10Gi");
  usage.capacity_bytes.reset();
  EXPECT_EQ(CapacityExceeded("d", usage), std::nullopt) << "unlimited";
}

// ---- whole scenarios --------------------------------------------------------------------

CaseResult RunText(const std::string& text, uint64_t seed = 1) {
  StatusOr<std::vector<Scenario>> loaded = LoadScenarioText(text, "leak.yaml", ".");
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  if (!loaded.ok()) return {};
  RunOptions options;
  options.seed = seed;
  return RunScenario(loaded->front(), options);
}

// SEMANTICS.md 3.10: a claim deleted while the provisioner was down after a timed-out
// CreateVolume leaks the backend volume. (Here the claim goes first, and the restart
// follows once it is gone: the new provisioner never sees it, and the old one's
// in-progress memory died with it.)
std::string LeakScenario(const std::string& invariants) {
  return R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: leak}
)" + invariants + R"(cluster:
  drivers:
  - name: hostpath.csi.k8s.io
    costs: {createVolume: {base: 30s}}
steps:
- apply:
    resources:
    - {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc}, provisioner: hostpath.csi.k8s.io}
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assertEvent:
    within: 15s
    involvedObject: {kind: PersistentVolumeClaim, name: data}
    reason: ProvisioningFailed
- delete: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: default, name: data}
- wait: 1s
- restart: csi-provisioner
- settle: {timeout: 5m}
)";
}

TEST(Invariants, AViolationFailsTheCaseWithTheSeedAndTheTraceThatLedToIt) {
  const CaseResult r = RunText(LeakScenario(""), 7);
  ASSERT_EQ(r.outcome, Outcome::kFailed) << r.failure;
  const std::string& f = r.failure;
  EXPECT_TRUE(Has(f, "leak: invariant `no-orphans` violated at virtual time ")) << f;
  EXPECT_TRUE(Has(f, "during step 6 of 6 `settle` (leak.yaml:")) << f;
  EXPECT_TRUE(Has(f, ", seed 7\n")) << f;
  EXPECT_TRUE(Has(f, "driver hostpath.csi.k8s.io holds volume")) << f;
  EXPECT_TRUE(Has(f, "that no PersistentVolume names")) << f;
  EXPECT_TRUE(Has(f, "trace records:\n  {\"t\":")) << f;
  EXPECT_TRUE(Has(f, "\"action\":\"invariant-violated\"")) << f;
  EXPECT_TRUE(Has(f, "replay: xnsim run leak.yaml --seed 7 --trace PATH")) << f;
  EXPECT_EQ(r.steps.back().outcome, Outcome::kFailed);
  EXPECT_TRUE(Has(r.steps.back().message, "invariant `no-orphans` violated")) << r.steps.back().message;
}

TEST(Invariants, CapacityHoldsWhenASnapshotWouldOverfillTheBackend) {
  // A full-copy snapshot of a full volume would store as much again, beyond what the
  // backend has: the driver refuses it (RESOURCE_EXHAUSTED, retried by the snapshotter)
  // and the invariant, checked after the write and every creation, never fires.
  const CaseResult r = RunText(R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: overfull}
cluster:
  drivers:
  - name: hostpath.csi.k8s.io
    capacity: 1Gi
steps:
- apply:
    resources:
    - {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: sc}, provisioner: hostpath.csi.k8s.io}
    - {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshotClass, metadata: {name: snapclass},
       driver: hostpath.csi.k8s.io, deletionPolicy: Delete}
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: db}
      spec: {storageClassName: sc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
- assert:
    within: 1m
    resource: {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: db, namespace: default}, status: {phase: Bound}}
- write: {pvc: default/db, content: full, used: 1Gi}
- apply:
    resource:
      apiVersion: snapshot.storage.k8s.io/v1
      kind: VolumeSnapshot
      metadata: {name: snap}
      spec: {volumeSnapshotClassName: snapclass, source: {persistentVolumeClaimName: db}}
- wait: 1m
)");
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

TEST(Invariants, AScenarioChoosesWhichInvariantsItChecks) {
  const CaseResult r = RunText(LeakScenario("invariants: [grant-checked, capacity]\n"));
  EXPECT_EQ(r.outcome, Outcome::kPassed) << r.failure;
}

}  // namespace
}  // namespace xnsim
