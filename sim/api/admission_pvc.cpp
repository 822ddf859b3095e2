#include "sim/api/admission_pvc.h"

namespace xnsim {
namespace {

bool DataSourceRefInUse(const PersistentVolumeClaim::Spec* old) {
  return old != nullptr && old->data_source_ref.has_value();
}

bool DataSourceInUse(const PersistentVolumeClaim::Spec* old) {
  return old != nullptr && (old->data_source || old->data_source_ref);
}

bool IsClaimOrSnapshot(const std::optional<TypedLocalObjectReference>& ds) {
  if (!ds) return false;
  const std::string_view group = ds->api_group ? std::string_view(*ds->api_group) : std::string_view();
  return (ds->kind == "PersistentVolumeClaim" && group.empty()) ||
         (ds->kind == "VolumeSnapshot" && group == "snapshot.storage.k8s.io");
}

}  // namespace

void DropDisabledFields(PersistentVolumeClaim::Spec& spec, const PersistentVolumeClaim::Spec* old,
                        const GateSet& gates) {
  if (!gates.Enabled(Gate::kAnyVolumeDataSource) && !DataSourceRefInUse(old)) {
    spec.data_source_ref.reset();
  }
  // The whole reference goes, not just its namespace, even when the namespace is the
  // claim's own (SEMANTICS 5 row 9).
  if (!gates.Enabled(Gate::kCrossNamespaceVolumeDataSource) && spec.data_source_ref &&
      spec.data_source_ref->namespace_ && !spec.data_source_ref->namespace_->empty() &&
      !DataSourceRefInUse(old)) {
    spec.data_source_ref.reset();
  }
}

void EnforceDataSourceBackwardsCompatibility(PersistentVolumeClaim::Spec& spec,
                                             const PersistentVolumeClaim::Spec* old) {
  if (DataSourceInUse(old)) return;
  if (spec.data_source_ref) return;
  if (!IsClaimOrSnapshot(spec.data_source)) spec.data_source.reset();
}

void NormalizeDataSources(PersistentVolumeClaim::Spec& spec, const GateSet& gates) {
  if (!gates.Enabled(Gate::kAnyVolumeDataSource)) return;
  if (spec.data_source && !spec.data_source_ref) {
    spec.data_source_ref =
        TypedObjectReference{spec.data_source->api_group, spec.data_source->kind, spec.data_source->name,
                             std::nullopt};
  } else if (spec.data_source_ref && !spec.data_source) {
    if (!spec.data_source_ref->namespace_ || spec.data_source_ref->namespace_->empty()) {
      spec.data_source = TypedLocalObjectReference{spec.data_source_ref->api_group, spec.data_source_ref->kind,
                                                   spec.data_source_ref->name};
    }
  }
}

}  // namespace xnsim
