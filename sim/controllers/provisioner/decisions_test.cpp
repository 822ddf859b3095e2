// The pure decision steps of one provisioning attempt (SEMANTICS.md 3.2 step 6, 3.6):
// data-source resolution, source kind, capabilities, the request's name and
// parameters, the CreateVolume error states, the PV built, and the release profiles.
#include <gtest/gtest.h>

#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/create_request.h"
#include "sim/controllers/provisioner/data_source.h"
#include "sim/controllers/provisioner/messages.h"
#include "sim/controllers/provisioner/profile.h"
#include "sim/controllers/provisioner/volume_builder.h"

namespace xnsim {
namespace {

namespace msg = provisioner_messages;
using csi::Capability;

PersistentVolumeClaim ClaimIn(std::string ns) {
  PersistentVolumeClaim c;
  c.metadata.namespace_ = std::move(ns);
  c.metadata.name = "c";
  c.metadata.uid = "1234-abcd";
  return c;
}

TypedObjectReference Ref(std::optional<std::string> group, std::string kind, std::string name,
                         std::optional<std::string> ns) {
  return TypedObjectReference{std::move(group), std::move(kind), std::move(name), std::move(ns)};
}

// ---- dataSource() ------------------------------------------------------------------------

// SEMANTICS.md 3.2 step 6.2: spec.dataSource wins and is never cross-namespace.
TEST(ResolveDataSource, DataSourceWinsAndUsesClaimNamespace) {
  PersistentVolumeClaim c = ClaimIn("test");
  c.spec.data_source = TypedLocalObjectReference{"snapshot.storage.k8s.io", "VolumeSnapshot", "a"};
  c.spec.data_source_ref = Ref("snapshot.storage.k8s.io", "VolumeSnapshot", "b", "prod");
  auto r = ResolveDataSource(c, /*cross_namespace_gate=*/false);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(*r);
  EXPECT_EQ((*r)->name, "a");
  EXPECT_EQ((*r)->namespace_, "test");
  EXPECT_FALSE(IsCrossNamespace(c, **r));
}

// SEMANTICS.md 3.2 step 6.2: gate off and a non-empty namespace -> the exact error.
TEST(ResolveDataSource, GateOffRefusesNamespace) {
  PersistentVolumeClaim c = ClaimIn("test");
  c.spec.data_source_ref = Ref("snapshot.storage.k8s.io", "VolumeSnapshot", "s", "prod");
  auto r = ResolveDataSource(c, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), msg::kCrossNamespaceGateOff);
  // The same namespace as the claim's is refused too: only emptiness counts.
  c.spec.data_source_ref->namespace_ = "test";
  EXPECT_FALSE(ResolveDataSource(c, false).ok());
  EXPECT_TRUE(ResolveDataSource(c, true).ok());
}

// SEMANTICS.md 3.2 step 6.2: nil namespace -> the claim's; non-nil "" stays "" (even
// with the gate off), which differs from the claim's namespace.
TEST(ResolveDataSource, NamespaceNilOrEmpty) {
  PersistentVolumeClaim c = ClaimIn("test");
  c.spec.data_source_ref = Ref(std::nullopt, "PersistentVolumeClaim", "src", std::nullopt);
  auto r = ResolveDataSource(c, false);
  ASSERT_TRUE(r.ok() && *r);
  EXPECT_EQ((*r)->namespace_, "test");
  EXPECT_FALSE(IsCrossNamespace(c, **r));

  c.spec.data_source_ref->namespace_ = "";
  r = ResolveDataSource(c, false);
  ASSERT_TRUE(r.ok() && *r);
  EXPECT_EQ((*r)->namespace_, "");
  EXPECT_TRUE(IsCrossNamespace(c, **r));
}

TEST(ResolveDataSource, NoSource) {
  auto r = ResolveDataSource(ClaimIn("test"), true);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
}

// ---- source kind ---------------------------------------------------------------------------

// SEMANTICS.md 3.2 step 6.3.
TEST(ClassifyDataSource, KindsAndRefusals) {
  PersistentVolumeClaim c = ClaimIn("test");
  auto kind = [&](TypedObjectReference r) { return ClassifyDataSource(c, r); };
  EXPECT_EQ(*kind(Ref("snapshot.storage.k8s.io", "VolumeSnapshot", "s", "test")), SourceKind::kSnapshot);
  EXPECT_EQ(*kind(Ref(std::nullopt, "PersistentVolumeClaim", "p", "test")), SourceKind::kClaim);
  // The clone path does not look at the group.
  EXPECT_EQ(*kind(Ref("whatever.io", "PersistentVolumeClaim", "p", "test")), SourceKind::kClaim);
  EXPECT_EQ(*kind(Ref("example.com", "Dataset", "d", "test")), SourceKind::kPopulator);

  auto empty = kind(Ref("snapshot.storage.k8s.io", "VolumeSnapshot", "", "test"));
  EXPECT_EQ(empty.status().message(), "the PVC source not found for PVC c");
  auto wrong = kind(Ref("snapshot.storage.k8s.io/v1", "VolumeSnapshot", "s", "test"));
  EXPECT_EQ(wrong.status().message(),
            "the PVC source does not belong to the right APIGroup. Expected snapshot.storage.k8s.io, Got "
            "snapshot.storage.k8s.io/v1");
  auto none = kind(Ref(std::nullopt, "VolumeSnapshot", "s", "test"));
  EXPECT_EQ(none.status().message(),
            "the PVC source does not belong to the right APIGroup. Expected snapshot.storage.k8s.io, Got ");
}

// SEMANTICS.md 3.2 step 6.4: checkDriverCapabilities, in its order.
TEST(CheckDriverCapabilities, Messages) {
  const std::vector<Capability> none;
  const std::vector<Capability> volumes = {Capability::kCreateDeleteVolume};
  EXPECT_EQ(CheckDriverCapabilities(none, SourceKind::kSnapshot).message(), msg::kNoCreateDeleteVolume);
  EXPECT_EQ(CheckDriverCapabilities(volumes, SourceKind::kSnapshot).message(), msg::kNoSnapshotRestore);
  EXPECT_EQ(CheckDriverCapabilities(volumes, SourceKind::kClaim).message(), msg::kNoClone);
  EXPECT_TRUE(CheckDriverCapabilities(volumes, std::nullopt).ok());
  EXPECT_TRUE(CheckDriverCapabilities({Capability::kCreateDeleteVolume, Capability::kCloneVolume},
                                      SourceKind::kClaim)
                  .ok());
  EXPECT_EQ(msg::kNoSnapshotRestore,
            "CSI driver does not support snapshot restore: controller CREATE_DELETE_SNAPSHOT capability is "
            "not reported");
}

// ---- request ---------------------------------------------------------------------------------

// SEMANTICS.md 3.2 step 6.6.
TEST(MakeVolumeName, PrefixAndUuidLength) {
  EXPECT_EQ(MakeVolumeName("pvc", "1234-abcd-ef", -1), "pvc-1234-abcd-ef");
  EXPECT_EQ(MakeVolumeName("vol", "1234-abcd-ef", 6), "vol-1234ab");
}

TEST(FsTypeFromParameters, EitherKeyButNotBoth) {
  EXPECT_EQ(*FsTypeFromParameters({{"FSType", "xfs"}}), "xfs");
  EXPECT_EQ(*FsTypeFromParameters({{"csi.storage.k8s.io/fstype", "ext4"}}), "ext4");
  EXPECT_EQ(*FsTypeFromParameters({}), "");
  auto both = FsTypeFromParameters({{"fstype", "xfs"}, {"csi.storage.k8s.io/fstype", "ext4"}});
  EXPECT_EQ(both.status().message(),
            "fstype specified in parameters with both \"fstype\" and \"csi.storage.k8s.io/fstype\" keys");
}

TEST(StripPrefixedParameters, KnownKeysGoUnknownAreRefused) {
  auto out = StripPrefixedParameters({{"kind", "fast"},
                                      {"csi.storage.k8s.io/fstype", "ext4"},
                                      {"csi.storage.k8s.io/provisioner-secret-name", "s"}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, (StringMap{{"kind", "fast"}}));
  auto bad = StripPrefixedParameters({{"csi.storage.k8s.io/foo", "x"}});
  EXPECT_EQ(bad.status().message(),
            "failed to strip CSI Parameters of prefixed keys: found unknown parameter key "
            "\"csi.storage.k8s.io/foo\" with reserved namespace csi.storage.k8s.io/");
}

// SEMANTICS.md 3.6: CreateVolume gRPC code -> state (TestProvisionErrorHandling).
TEST(StateForCreateVolumeError, EveryCode) {
  using csi::Code;
  using S = ProvisioningState;
  for (Code c : {Code::kCancelled, Code::kDeadlineExceeded, Code::kUnavailable, Code::kAborted}) {
    EXPECT_EQ(StateForCreateVolumeError(c, false), S::kInBackground) << static_cast<int>(c);
    EXPECT_EQ(StateForCreateVolumeError(c, true), S::kInBackground);
  }
  EXPECT_EQ(StateForCreateVolumeError(Code::kResourceExhausted, true), S::kReschedule);
  EXPECT_EQ(StateForCreateVolumeError(Code::kResourceExhausted, false), S::kFinished);
  for (Code c : {Code::kUnknown, Code::kInvalidArgument, Code::kNotFound, Code::kAlreadyExists,
                 Code::kPermissionDenied, Code::kFailedPrecondition, Code::kOutOfRange, Code::kUnimplemented,
                 Code::kInternal, Code::kDataLoss, Code::kUnauthenticated}) {
    EXPECT_EQ(StateForCreateVolumeError(c, true), S::kFinished) << static_cast<int>(c);
  }
}

TEST(GrpcError, GoSpelling) {
  EXPECT_EQ(msg::GrpcError(csi::Code::kDeadlineExceeded, "context deadline exceeded"),
            "rpc error: code = DeadlineExceeded desc = context deadline exceeded");
  EXPECT_EQ(msg::GrpcError(csi::Code::kCancelled, "x"), "rpc error: code = Canceled desc = x");
}

// ---- the PV ----------------------------------------------------------------------------------

// SEMANTICS.md 3.2 step 9.
TEST(BuildProvisionedVolume, FieldsFromClaimClassAndResponse) {
  PersistentVolumeClaim c = ClaimIn("test");
  c.metadata.resource_version = 42;
  c.spec.access_modes = {"ReadWriteOnce"};
  c.spec.volume_mode = "Filesystem";
  c.spec.storage_class_name = "fast";
  StorageClass sc;
  sc.metadata.name = "fast";
  sc.provisioner = "d.csi";
  sc.reclaim_policy = "Delete";
  sc.mount_options = {"noatime"};
  csi::Volume v;
  v.volume_id = "vol-1";
  v.volume_context = {{"k", "v"}};
  v.accessible_topology = {{{"topology.hostpath.csi/node", "node-2"}}};
  CsiVolumeFacts facts{"pvc-1234-abcd", "d.csi", "100-7-d.csi", "ext4", kGi, /*topology=*/true};

  PersistentVolume pv = BuildCsiVolume(c, sc, facts, v);
  CompleteProvisionedVolume(pv, c, sc);
  EXPECT_EQ(pv.metadata.name, "pvc-1234-abcd");
  ASSERT_TRUE(pv.spec.csi);
  EXPECT_EQ(pv.spec.csi->driver, "d.csi");
  EXPECT_EQ(pv.spec.csi->volume_handle, "vol-1");
  EXPECT_EQ(pv.spec.csi->fs_type, "ext4");
  EXPECT_EQ(pv.spec.csi->volume_attributes,
            (StringMap{{"k", "v"}, {"storage.kubernetes.io/csiProvisionerIdentity", "100-7-d.csi"}}));
  EXPECT_EQ(pv.spec.capacity.at("storage").ToString(), "1Gi");
  EXPECT_EQ(pv.spec.access_modes, c.spec.access_modes);
  EXPECT_EQ(pv.spec.persistent_volume_reclaim_policy, "Delete");
  EXPECT_EQ(pv.spec.mount_options, sc.mount_options);
  EXPECT_EQ(pv.spec.volume_mode, "Filesystem");
  EXPECT_EQ(pv.spec.storage_class_name, "fast");
  ASSERT_TRUE(pv.spec.claim_ref);
  EXPECT_EQ(pv.spec.claim_ref->uid, "1234-abcd");
  EXPECT_EQ(pv.spec.claim_ref->kind, "PersistentVolumeClaim");
  EXPECT_EQ(pv.spec.claim_ref->resource_version, "42");
  EXPECT_EQ(pv.metadata.annotations.at("pv.kubernetes.io/provisioned-by"), "d.csi");
  EXPECT_EQ(pv.metadata.annotations.at("volume.kubernetes.io/provisioner-deletion-secret-name"), "");
  EXPECT_EQ(pv.metadata.annotations.at("volume.kubernetes.io/provisioner-deletion-secret-namespace"), "");
  EXPECT_EQ(pv.metadata.finalizers, std::vector<std::string>{"external-provisioner.volume.kubernetes.io/finalizer"});
  ASSERT_TRUE(pv.spec.node_affinity_required);
  ASSERT_EQ(pv.spec.node_affinity_required->size(), 1u);
  EXPECT_EQ((*pv.spec.node_affinity_required)[0].match_expressions,
            (std::vector<NodeSelectorRequirement>{{"topology.hostpath.csi/node", "In", {"node-2"}}}));

  // Block volumes carry no fsType; no topology support -> no node affinity.
  c.spec.volume_mode = "Block";
  facts.topology = false;
  PersistentVolume block = BuildCsiVolume(c, sc, facts, v);
  EXPECT_EQ(block.spec.csi->fs_type, "");
  EXPECT_FALSE(block.spec.node_affinity_required);
}

// The driver's volume context overrides the identity key, as maps.Copy does.
TEST(BuildProvisionedVolume, ContextOverridesIdentity) {
  PersistentVolumeClaim c = ClaimIn("test");
  StorageClass sc;
  csi::Volume v;
  v.volume_id = "x";
  v.volume_context = {{"storage.kubernetes.io/csiProvisionerIdentity", "driver-says"}};
  PersistentVolume pv = BuildCsiVolume(c, sc, CsiVolumeFacts{"pvc-x", "d", "mine", "", 1, false}, v);
  EXPECT_EQ(pv.spec.csi->volume_attributes.at("storage.kubernetes.io/csiProvisionerIdentity"), "driver-says");
}

// ---- messages -------------------------------------------------------------------------------

TEST(Messages, ClaimStatusAsGoPrintsIt) {
  PersistentVolumeClaim::Status s;
  s.phase = "Pending";
  EXPECT_EQ(msg::GoClaimStatus(s), "{Pending [] map[] [] map[] map[] <nil> <nil>}");
  EXPECT_EQ(msg::SourceClaimNotBound("src", s),
            "the PVC DataSource src must have a status of Bound.  Got {Pending [] map[] [] map[] map[] <nil> <nil>}");
  s.access_modes = {"ReadWriteOnce"};
  EXPECT_EQ(msg::GoClaimStatus(s), "{Pending [ReadWriteOnce] map[] [] map[] map[] <nil> <nil>}");
}

TEST(Messages, ProvisioningEventQuotesClaimKey) {
  EXPECT_EQ(msg::ProvisioningClaim("test", "c"),
            "External provisioner is provisioning volume for claim \"test/c\"");
}

// ---- release profiles -------------------------------------------------------------------------

TEST(ProfileForVersion, FlagsByRelease) {
  ProvisionerProfile head = *ProfileForVersion("");
  EXPECT_FALSE(head.prefix_failure_events);
  EXPECT_TRUE(head.slow_retry_infeasible && head.snapshot_source_finalizer && head.snapshot_finalizer_sweeper);
  ProvisionerProfile v62 = *ProfileForVersion("v6.2.0");
  EXPECT_TRUE(v62.snapshot_source_finalizer);
  EXPECT_FALSE(v62.snapshot_finalizer_sweeper);
  ProvisionerProfile v53 = *ProfileForVersion("5.3");
  EXPECT_TRUE(v53.prefix_failure_events);
  EXPECT_FALSE(v53.slow_retry_infeasible || v53.snapshot_source_finalizer);
  EXPECT_FALSE(ProfileForVersion("v3.3.0").ok());
  EXPECT_FALSE(ProfileForVersion("six").ok());
  EXPECT_FALSE(ProfileForVersion("v6").ok());
}

// VERSIONS.md: --prevent-volume-mode-conversion defaults to true from v4.0.0 (#1126).
TEST(ProfileForVersion, VolumeModeConversionPreventedFromV4) {
  EXPECT_FALSE(ProfileForVersion("v3.6.0")->prevent_volume_mode_conversion);
  EXPECT_TRUE(ProfileForVersion("v4.0.0")->prevent_volume_mode_conversion);
  EXPECT_TRUE(ProfileForVersion("")->prevent_volume_mode_conversion);
}

// VERSIONS.md: the snapshot-source finalizer (#1458) arrived in v6.2.0 and the patch
// releases v6.0.1 and v6.1.1; the sweeper (#1519) in v6.3.0 and v6.2.1.
TEST(ProfileForVersion, BackportsArePatchReleases) {
  EXPECT_FALSE(ProfileForVersion("v6.0.0")->snapshot_source_finalizer);
  EXPECT_TRUE(ProfileForVersion("v6.0.1")->snapshot_source_finalizer);
  EXPECT_FALSE(ProfileForVersion("v6.1")->snapshot_source_finalizer);
  EXPECT_TRUE(ProfileForVersion("v6.1.1")->snapshot_source_finalizer);
  EXPECT_FALSE(ProfileForVersion("v6.1.1")->snapshot_finalizer_sweeper);
  EXPECT_FALSE(ProfileForVersion("v6.2.0")->snapshot_finalizer_sweeper);
  EXPECT_TRUE(ProfileForVersion("v6.2.1")->snapshot_finalizer_sweeper);
  EXPECT_TRUE(ProfileForVersion("v6.4.0")->snapshot_finalizer_sweeper);
}

// Unknown release lines are refused with the list of known ones.
TEST(ProfileForVersion, UnknownLinesListTheKnownOnes) {
  StatusOr<ProvisionerProfile> p = ProfileForVersion("v4.1.0");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "unknown external-provisioner release v4.1.0 (known release lines: v3.4, v3.5, v3.6, "
            "v4.0, v5.0, v5.1, v5.2, v5.3, v6.0, v6.1, v6.2, v6.3, v6.4)");
  EXPECT_FALSE(ProfileForVersion("v7.0").ok());
  EXPECT_NE(ProfileForVersion("v3.1.0").status().message().find("known release lines: v3.4"),
            std::string::npos);
}

}  // namespace
}  // namespace xnsim
