#include "sim/controllers/provisioner/source_checks.h"

#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/messages.h"

namespace xnsim {

namespace msg = provisioner_messages;

namespace {
Status Refuse(std::string message) { return InvalidError(std::move(message)); }
Status Refuse(std::string_view message) { return InvalidError(std::string(message)); }

bool IsFilesystem(const std::optional<std::string>& mode) { return !mode || *mode == "Filesystem"; }

// strconv.ParseBool's accepted spellings; nullopt for anything else.
std::optional<bool> GoParseBool(std::string_view s) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"})
    if (s == t) return true;
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"})
    if (s == f) return false;
  return std::nullopt;
}
}  // namespace

Status CheckCloneSourceClaim(const PersistentVolumeClaim& claim, std::string_view source_name,
                             const PersistentVolumeClaim* source) {
  if (source == nullptr) {
    // Quirk kept: the message names the target claim's namespace.
    return Refuse(msg::SourceClaimGet(source_name, claim.metadata.namespace_,
                                      msg::ClaimListerNotFound(source_name)));
  }
  if (source->status.phase != "Bound") return Refuse(msg::SourceClaimNotBound(source_name, source->status));
  if (source->metadata.deletion_timestamp) return Refuse(msg::SourceClaimDeleting(source_name));
  if (!source->spec.storage_class_name) return Refuse(msg::SourceClassEmpty(source->metadata.name));
  if (!claim.spec.storage_class_name) return Refuse(msg::TargetClassEmpty(claim.metadata.name));
  const int64_t requested = RequestedBytes(claim);
  const int64_t source_size = RequestedBytes(*source);  // the request, not the capacity
  if (requested < source_size) return Refuse(msg::CloneTooSmall(requested, source_size));
  if (source->spec.volume_name.empty()) return Refuse(msg::SourceVolumeNameEmpty(source->metadata.name));
  return Status::Ok();
}

StatusOr<csi::VolumeContentSource> CheckCloneSourceVolume(const PersistentVolumeClaim& claim,
                                                          const StorageClass& sc,
                                                          const PersistentVolumeClaim& source,
                                                          const PersistentVolume* pv) {
  // Every one of these is logged apart and reported with the same message.
  const bool valid = pv != nullptr && pv->spec.csi && pv->spec.csi->driver == sc.provisioner &&
                     pv->spec.claim_ref && pv->spec.claim_ref->uid == source.metadata.uid &&
                     pv->spec.claim_ref->namespace_ == source.metadata.namespace_ &&
                     pv->spec.claim_ref->name == source.metadata.name &&
                     pv->status.phase == "Bound";
  if (!valid) return Refuse(msg::kClaimNotBoundOrInvalid);
  if (IsFilesystem(claim.spec.volume_mode) && !IsFilesystem(pv->spec.volume_mode)) {
    return Refuse(msg::kCloneBlockToFilesystem);
  }
  if (ClaimIsBlock(claim) && !(pv->spec.volume_mode && *pv->spec.volume_mode == "Block")) {
    return Refuse(msg::kCloneFilesystemToBlock);
  }
  return csi::VolumeContentSource{csi::VolumeContentSource::Type::kVolume, pv->spec.csi->volume_handle};
}

Status CheckSnapshotBound(std::string_view name, const VolumeSnapshot& snapshot,
                          const SnapshotCheckOptions& options) {
  if (snapshot.metadata.deletion_timestamp) {
    // v6.2+: a provisioning that started before the deletion (our finalizer is on the
    // snapshot) may go on.
    if (!options.finalizer_profile || !snapshot.metadata.HasFinalizer(kFinalizerSnapshotSource)) {
      return Refuse(msg::SnapshotDeleting(name, options.finalizer_profile));
    }
  }
  if (!snapshot.status || !snapshot.status->bound_volume_snapshot_content_name) {
    return Refuse(msg::SnapshotNotBound(name));
  }
  return Status::Ok();
}

Status CheckSnapshotContent(std::string_view name, const VolumeSnapshot& snapshot,
                            const VolumeSnapshotContent* content, const StorageClass& sc) {
  if (content == nullptr) return Refuse(msg::SnapshotNotBound(name));
  const ObjectReference& ref = content->spec.volume_snapshot_ref;
  if (ref.uid != snapshot.metadata.uid || ref.namespace_ != snapshot.metadata.namespace_ ||
      ref.name != snapshot.metadata.name) {
    return Refuse(msg::SnapshotNotBound(name));
  }
  if (content->spec.driver != sc.provisioner) return Refuse(msg::SnapshotNotBound(name));
  return Status::Ok();
}

StatusOr<csi::VolumeContentSource> CheckSnapshotRestorable(const PersistentVolumeClaim& claim,
                                                           std::string_view name,
                                                           const VolumeSnapshot& snapshot,
                                                           const VolumeSnapshotContent& content,
                                                           const SnapshotCheckOptions& options) {
  const VolumeSnapshot::Status& status = *snapshot.status;  // CheckSnapshotBound saw it set
  if (!options.rules->SnapshotReady(status)) return Refuse(msg::SnapshotNotReady(name));
  if (!content.status || !content.status->snapshot_handle) return Refuse(msg::SnapshotHandleMissing(name));
  if (status.restore_size) {
    if (!HasStorageRequest(claim)) {
      return Refuse(msg::SnapshotNoCapacity(claim.metadata.name, snapshot.metadata.name));
    }
    const int64_t requested = RequestedBytes(claim);
    const int64_t restore = status.restore_size->value();
    // Larger than the snapshot is allowed (the driver must expand); the real code logs it.
    if (requested < restore) return Refuse(msg::SnapshotTooLarge(requested, restore, snapshot.metadata.name));
  }
  if (options.prevent_volume_mode_conversion && content.spec.source_volume_mode &&
      claim.spec.volume_mode && *content.spec.source_volume_mode != *claim.spec.volume_mode) {
    const std::string& ns = claim.metadata.namespace_;
    const std::string& pvc = claim.metadata.name;
    if (!HasAnnotation(content.metadata, kAnnAllowVolumeModeChange)) {
      return Refuse(msg::ModeChangeNotAllowed(ns, pvc, content.metadata.name));
    }
    const std::string_view value = Annotation(content.metadata, kAnnAllowVolumeModeChange);
    std::optional<bool> allowed = GoParseBool(value);
    if (!allowed) return Refuse(msg::ModeChangeUnparsable(ns, pvc, value));
    if (!*allowed) return Refuse(msg::ModeChangeFalse(ns, pvc, content.metadata.name));
  }
  return csi::VolumeContentSource{csi::VolumeContentSource::Type::kSnapshot,
                                  *content.status->snapshot_handle};
}

}  // namespace xnsim
