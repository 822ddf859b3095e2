// SEMANTICS.md 3.4 (getPVCSource) and 3.5 (getSnapshotSource): every refusal with its
// exact inner message, and the content source sent when the source passes.
#include "sim/controllers/provisioner/source_checks.h"

#include <gtest/gtest.h>

#include "sim/controllers/provisioner/claim_fields.h"

namespace xnsim {
namespace {

constexpr const char* kDriverName = "hostpath.csi.k8s.io";

PersistentVolumeClaim Target(int64_t bytes = kGi) {
  PersistentVolumeClaim c;
  c.metadata.namespace_ = "test";
  c.metadata.name = "clone";
  c.spec.storage_class_name = "fast";
  c.spec.volume_mode = "Filesystem";
  c.spec.resources.requests["storage"] = Quantity::FromBinaryValue(bytes);
  return c;
}

PersistentVolumeClaim Source() {
  PersistentVolumeClaim s;
  s.metadata.namespace_ = "prod";
  s.metadata.name = "src";
  s.metadata.uid = "src-uid";
  s.spec.storage_class_name = "fast";
  s.spec.volume_name = "pv-src";
  s.spec.resources.requests["storage"] = Quantity::FromBinaryValue(kGi);
  s.status.phase = "Bound";
  return s;
}

PersistentVolume SourcePv() {
  PersistentVolume pv;
  pv.metadata.name = "pv-src";
  pv.spec.csi = PersistentVolume::CSISource{kDriverName, "vol-src", "", std::nullopt, {}};
  pv.spec.claim_ref = ObjectReference{"v1", "PersistentVolumeClaim", "prod", "src", "src-uid", "", ""};
  pv.spec.volume_mode = "Filesystem";
  pv.status.phase = "Bound";
  return pv;
}

StorageClass Class() {
  StorageClass sc;
  sc.metadata.name = "fast";
  sc.provisioner = kDriverName;
  return sc;
}

// ---- 3.4 steps 1-7 ----------------------------------------------------------------------

TEST(CloneSourceClaim, EachRefusal) {
  const PersistentVolumeClaim target = Target();
  // Step 1: missing (the message names the TARGET claim's namespace).
  EXPECT_EQ(CheckCloneSourceClaim(target, "src", nullptr).message(),
            "error getting PVC src (namespace \"test\") from api server: persistentvolumeclaim \"src\" not found");
  // Step 2: not Bound.
  PersistentVolumeClaim s = Source();
  s.status.phase = "Pending";
  EXPECT_EQ(CheckCloneSourceClaim(target, "src", &s).message(),
            "the PVC DataSource src must have a status of Bound.  Got {Pending [] map[] [] map[] map[] <nil> <nil>}");
  // Step 3: being deleted.
  s = Source();
  s.metadata.deletion_timestamp = 5;
  EXPECT_EQ(CheckCloneSourceClaim(target, "src", &s).message(), "the PVC DataSource src is currently being deleted");
  // Step 4: source class nil.
  s = Source();
  s.spec.storage_class_name.reset();
  EXPECT_EQ(CheckCloneSourceClaim(target, "src", &s).message(), "the source PVC (src) storageclass cannot be empty");
  // Step 5: target class nil.
  PersistentVolumeClaim t = Target();
  t.spec.storage_class_name.reset();
  s = Source();
  EXPECT_EQ(CheckCloneSourceClaim(t, "src", &s).message(), "the requested PVC (clone) storageclass cannot be empty");
  // Step 6: smaller than the source's REQUEST.
  EXPECT_EQ(CheckCloneSourceClaim(Target(kGi / 2), "src", &s).message(),
            "error, new PVC request must be greater than or equal in size to the specified PVC data source, "
            "requested 536870912 but source is 1073741824");
  // Step 7: no volume name.
  s.spec.volume_name.clear();
  EXPECT_EQ(CheckCloneSourceClaim(target, "src", &s).message(), "volume name is empty in source PVC src");
}

TEST(CloneSourceClaim, PassesAndIgnoresClassNamesAndLargerTargets) {
  PersistentVolumeClaim s = Source();
  s.spec.storage_class_name = "other-class";  // not compared
  EXPECT_TRUE(CheckCloneSourceClaim(Target(2 * kGi), "src", &s).ok());
  // The source's status capacity does not count, only its request.
  s.status.capacity["storage"] = Quantity::FromBinaryValue(8 * kGi);
  EXPECT_TRUE(CheckCloneSourceClaim(Target(), "src", &s).ok());
}

// ---- 3.4 steps 8-9 ----------------------------------------------------------------------

TEST(CloneSourceVolume, EveryInvalidPvIsTheSameMessage) {
  const PersistentVolumeClaim target = Target();
  const PersistentVolumeClaim source = Source();
  const StorageClass sc = Class();
  auto refuse = [&](const PersistentVolume* pv) {
    return CheckCloneSourceVolume(target, sc, source, pv).status().message();
  };
  const std::string kMsg = "claim in dataSource not bound or invalid";
  EXPECT_EQ(refuse(nullptr), kMsg);  // GET failed
  PersistentVolume pv = SourcePv();
  pv.spec.csi.reset();
  EXPECT_EQ(refuse(&pv), kMsg);  // not CSI
  pv = SourcePv();
  pv.spec.csi->driver = "other.csi";
  EXPECT_EQ(refuse(&pv), kMsg);  // another driver
  pv = SourcePv();
  pv.spec.claim_ref.reset();
  EXPECT_EQ(refuse(&pv), kMsg);  // no claimRef
  for (auto edit : {+[](ObjectReference& r) { r.uid = "x"; }, +[](ObjectReference& r) { r.namespace_ = "x"; },
                    +[](ObjectReference& r) { r.name = "x"; }}) {
    pv = SourcePv();
    edit(*pv.spec.claim_ref);
    EXPECT_EQ(refuse(&pv), kMsg);  // bound to another claim
  }
  pv = SourcePv();
  pv.status.phase = "Released";
  EXPECT_EQ(refuse(&pv), kMsg);
}

TEST(CloneSourceVolume, VolumeModesMustMatch) {
  const StorageClass sc = Class();
  PersistentVolume pv = SourcePv();
  pv.spec.volume_mode = "Block";
  EXPECT_EQ(CheckCloneSourceVolume(Target(), sc, Source(), &pv).status().message(),
            "the source PVC and destination PVCs must have the same volume mode for cloning.  Source is Block, "
            "but new PVC requested Filesystem");
  PersistentVolumeClaim block = Target();
  block.spec.volume_mode = "Block";
  pv.spec.volume_mode.reset();
  EXPECT_EQ(CheckCloneSourceVolume(block, sc, Source(), &pv).status().message(),
            "the source PVC and destination PVCs must have the same volume mode for cloning.  Source is "
            "Filesystem, but new PVC requested Block");
  pv = SourcePv();
  auto ok = CheckCloneSourceVolume(Target(), sc, Source(), &pv);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, (csi::VolumeContentSource{csi::VolumeContentSource::Type::kVolume, "vol-src"}));
}

// ---- 3.5 ---------------------------------------------------------------------------------

// VolumeSnapshot prod/s, bound to "content" and ready.
VolumeSnapshot ReadySourceSnapshot() {
  VolumeSnapshot s;
  s.metadata.namespace_ = "prod";
  s.metadata.name = "s";
  s.metadata.uid = "snap-uid";
  s.status = VolumeSnapshot::Status{};
  s.status->bound_volume_snapshot_content_name = "content";
  s.status->ready_to_use = true;
  s.status->restore_size = Quantity::FromBinaryValue(kGi);
  return s;
}

VolumeSnapshotContent Content() {
  VolumeSnapshotContent c;
  c.metadata.name = "content";
  c.spec.driver = kDriverName;
  c.spec.volume_snapshot_ref = ObjectReference{"", "VolumeSnapshot", "prod", "s", "snap-uid", "", ""};
  c.spec.source_volume_mode = "Filesystem";
  c.status = VolumeSnapshotContent::Status{};
  c.status->snapshot_handle = "snap-handle";
  return c;
}

TEST(SnapshotSource, DeletionAndBinding) {
  SnapshotCheckOptions v63;
  SnapshotCheckOptions v53{false, true};
  VolumeSnapshot s = ReadySourceSnapshot();
  s.metadata.deletion_timestamp = 1;
  // Step 2: v6.2+ wording; allowed while our finalizer is on the snapshot.
  EXPECT_EQ(CheckSnapshotBound("s", s, v63).message(), "snapshot s is being deleted");
  EXPECT_EQ(CheckSnapshotBound("s", s, v53).message(), "snapshot s is currently being deleted");
  s.metadata.finalizers = {std::string(kFinalizerSnapshotSource)};
  EXPECT_TRUE(CheckSnapshotBound("s", s, v63).ok());
  EXPECT_FALSE(CheckSnapshotBound("s", s, v53).ok());
  // Step 3: not bound.
  s = ReadySourceSnapshot();
  s.status->bound_volume_snapshot_content_name.reset();
  EXPECT_EQ(CheckSnapshotBound("s", s, v63).message(), "snapshot s not bound");
  s.status.reset();
  EXPECT_EQ(CheckSnapshotBound("s", s, v63).message(), "snapshot s not bound");
}

// Steps 4-6: the real code answers "not bound" for each (the detail goes to its log).
TEST(SnapshotSource, ContentProblemsReadAsNotBound) {
  const VolumeSnapshot s = ReadySourceSnapshot();
  const StorageClass sc = Class();
  EXPECT_EQ(CheckSnapshotContent("s", s, nullptr, sc).message(), "snapshot s not bound");
  VolumeSnapshotContent c = Content();
  c.spec.volume_snapshot_ref.uid = "other";
  EXPECT_EQ(CheckSnapshotContent("s", s, &c, sc).message(), "snapshot s not bound");
  c = Content();
  c.spec.driver = "other.csi";
  EXPECT_EQ(CheckSnapshotContent("s", s, &c, sc).message(), "snapshot s not bound");
  c = Content();
  EXPECT_TRUE(CheckSnapshotContent("s", s, &c, sc).ok());
}

TEST(SnapshotSource, ReadinessHandleSizeAndMode) {
  SnapshotCheckOptions opts;
  PersistentVolumeClaim claim = Target();
  VolumeSnapshot s = ReadySourceSnapshot();
  VolumeSnapshotContent c = Content();
  // Step 7.
  s.status->ready_to_use = false;
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(), "snapshot s is not Ready");
  s.status->ready_to_use.reset();
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(), "snapshot s is not Ready");
  // Step 8.
  s = ReadySourceSnapshot();
  c.status->snapshot_handle.reset();
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(), "snapshot handle s is not available");
  c.status.reset();
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(), "snapshot handle s is not available");
  // Step 9.
  c = Content();
  PersistentVolumeClaim no_request = Target();
  no_request.spec.resources.requests.clear();
  EXPECT_EQ(CheckSnapshotRestorable(no_request, "s", s, c, opts).status().message(),
            "error getting capacity for PVC clone when creating snapshot s");
  EXPECT_EQ(CheckSnapshotRestorable(Target(kGi / 2), "s", s, c, opts).status().message(),
            "requested volume size 536870912 is less than the size 1073741824 for the source snapshot s");
  EXPECT_TRUE(CheckSnapshotRestorable(Target(2 * kGi), "s", s, c, opts).ok());  // larger is fine
  s.status->restore_size.reset();
  EXPECT_TRUE(CheckSnapshotRestorable(Target(kGi / 2), "s", s, c, opts).ok());  // unknown size: no check
  // Step 10.
  s = ReadySourceSnapshot();
  claim.spec.volume_mode = "Block";
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(),
            "requested volume test/clone modifies the mode of the source volume but does not have permission to "
            "do so. snapshot.storage.kubernetes.io/allow-volume-mode-change annotation is not present on "
            "snapshotcontent content");
  c.metadata.annotations["snapshot.storage.kubernetes.io/allow-volume-mode-change"] = "maybe";
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(),
            "requested volume test/clone modifies the mode of the source volume but does not have permission to "
            "do so. failed to convert snapshot.storage.kubernetes.io/allow-volume-mode-change annotation value to "
            "boolean with error: strconv.ParseBool: parsing \"maybe\": invalid syntax");
  c.metadata.annotations["snapshot.storage.kubernetes.io/allow-volume-mode-change"] = "false";
  EXPECT_EQ(CheckSnapshotRestorable(claim, "s", s, c, opts).status().message(),
            "requested volume test/clone modifies the mode of the source volume but does not have permission to "
            "do so. snapshot.storage.kubernetes.io/allow-volume-mode-change is set to false on snapshotcontent "
            "content");
  c.metadata.annotations["snapshot.storage.kubernetes.io/allow-volume-mode-change"] = "true";
  EXPECT_TRUE(CheckSnapshotRestorable(claim, "s", s, c, opts).ok());
  // --prevent-volume-mode-conversion=false skips the check.
  c.metadata.annotations.clear();
  EXPECT_TRUE(CheckSnapshotRestorable(claim, "s", s, c, SnapshotCheckOptions{true, false}).ok());

  auto ok = CheckSnapshotRestorable(Target(), "s", ReadySourceSnapshot(), Content(), opts);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, (csi::VolumeContentSource{csi::VolumeContentSource::Type::kSnapshot, "snap-handle"}));
}

}  // namespace
}  // namespace xnsim
