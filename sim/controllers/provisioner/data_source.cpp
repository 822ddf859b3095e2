#include "sim/controllers/provisioner/data_source.h"

#include <algorithm>

#include "sim/controllers/provisioner/claim_fields.h"
#include "sim/controllers/provisioner/messages.h"

namespace xnsim {

namespace msg = provisioner_messages;

StatusOr<std::optional<TypedObjectReference>> ResolveDataSource(
    const PersistentVolumeClaim& claim, bool cross_namespace_gate) {
  const auto& spec = claim.spec;
  if (spec.data_source) {
    const auto& ds = *spec.data_source;
    return std::optional<TypedObjectReference>(
        TypedObjectReference{ds.api_group, ds.kind, ds.name, claim.metadata.namespace_});
  }
  if (!spec.data_source_ref) return std::optional<TypedObjectReference>();
  const auto& ref = *spec.data_source_ref;
  if (!cross_namespace_gate && ref.namespace_ && !ref.namespace_->empty()) {
    return InvalidError(std::string(msg::kCrossNamespaceGateOff));
  }
  TypedObjectReference out = ref;
  if (!out.namespace_) out.namespace_ = claim.metadata.namespace_;
  return std::optional<TypedObjectReference>(std::move(out));
}

bool IsCrossNamespace(const PersistentVolumeClaim& claim, const TypedObjectReference& source) {
  return source.namespace_.value_or(claim.metadata.namespace_) != claim.metadata.namespace_;
}

std::string_view SourceGroup(const TypedObjectReference& source) {
  return source.api_group ? std::string_view(*source.api_group) : std::string_view();
}

StatusOr<SourceKind> ClassifyDataSource(const PersistentVolumeClaim& claim,
                                        const TypedObjectReference& source) {
  if (source.name.empty()) return InvalidError(msg::SourceNameEmpty(claim.metadata.name));
  if (source.kind == kSnapshotKind) {
    if (SourceGroup(source) != kSnapshotGroup) {
      return InvalidError(msg::WrongSnapshotGroup(SourceGroup(source)));
    }
    return SourceKind::kSnapshot;
  }
  // The clone path does not look at the apiGroup.
  if (source.kind == kClaimKind) return SourceKind::kClaim;
  return SourceKind::kPopulator;
}

Status CheckDriverCapabilities(const std::vector<csi::Capability>& reported,
                               std::optional<SourceKind> source) {
  auto has = [&](csi::Capability c) {
    return std::find(reported.begin(), reported.end(), c) != reported.end();
  };
  if (!has(csi::Capability::kCreateDeleteVolume)) {
    return InvalidError(std::string(msg::kNoCreateDeleteVolume));
  }
  if (source == SourceKind::kSnapshot && !has(csi::Capability::kCreateDeleteSnapshot)) {
    return InvalidError(std::string(msg::kNoSnapshotRestore));
  }
  if (source == SourceKind::kClaim && !has(csi::Capability::kCloneVolume)) {
    return InvalidError(std::string(msg::kNoClone));
  }
  return Status::Ok();
}

}  // namespace xnsim
