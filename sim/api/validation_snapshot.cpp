// snapshot.storage.k8s.io/v1 validation, as the CRDs of external-snapshotter (v8)
// declare it: OpenAPI schema rules (required fields, the deletionPolicy enum) and
// x-kubernetes-validations (CEL) rules. A CEL rule's error is printed with the type of
// the value it guards: `spec.source: Invalid value: "object": <message>`.
#include "sim/api/validation.h"
#include "sim/api/validation_meta.h"

namespace xnsim {
namespace {

const MetaRules kClusterCrd{NameRule::kDNS1123Subdomain, false, false};

const std::vector<std::string_view> kDeletionPolicies = {"Delete", "Retain"};

FieldError CelObject(const FieldPath& path, std::string_view message) {
  return Invalid(path, BadValue::String("object"), message);
}
FieldError CelString(const FieldPath& path, std::string_view message) {
  return Invalid(path, BadValue::String("string"), message);
}

FieldErrorList ValidateDeletionPolicy(const std::string& policy, const FieldPath& path) {
  if (policy.empty()) return {Required(path)};
  if (policy != "Delete" && policy != "Retain") {
    return {NotSupported(path, BadValue::String(policy), kDeletionPolicies)};
  }
  return {};
}

// Exactly one of two optional members of a source object.
FieldErrorList ExactlyOne(const FieldPath& path, bool a, bool b, std::string_view message) {
  if (a != b) return {};
  return {CelObject(path, message)};
}

// The transition rules of one optional member: `self == oldSelf` on the member and
// `!has(oldSelf.x) || has(self.x)` on its parent.
FieldErrorList ImmutableMember(const std::optional<std::string>& now, const std::optional<std::string>& old,
                               const FieldPath& parent, std::string_view name) {
  FieldErrorList errs;
  if (now && old && *now != *old) {
    errs.push_back(CelString(parent.Child(name), std::string(name) + " is immutable"));
  }
  if (old && !now) errs.push_back(CelObject(parent, std::string(name) + " is required once set"));
  return errs;
}

FieldErrorList ValidateSnapshotSpec(const VolumeSnapshot::Spec& spec) {
  const FieldPath path("spec");
  FieldErrorList errs;
  if (spec.volume_snapshot_class_name && spec.volume_snapshot_class_name->empty()) {
    errs.push_back(CelString(path.Child("volumeSnapshotClassName"),
                             "volumeSnapshotClassName must not be the empty string when set"));
  }
  Append(errs, ExactlyOne(path.Child("source"), spec.persistent_volume_claim_name.has_value(),
                          spec.volume_snapshot_content_name.has_value(),
                          "exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set"));
  return errs;
}

FieldErrorList ValidateContentSpec(const VolumeSnapshotContent::Spec& spec) {
  const FieldPath path("spec");
  FieldErrorList errs = ValidateDeletionPolicy(spec.deletion_policy, path.Child("deletionPolicy"));
  if (spec.driver.empty()) errs.push_back(Required(path.Child("driver")));
  if (spec.volume_snapshot_ref.name.empty() || spec.volume_snapshot_ref.namespace_.empty()) {
    errs.push_back(CelObject(path.Child("volumeSnapshotRef"),
                             "both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set"));
  }
  Append(errs, ExactlyOne(path.Child("source"), spec.volume_handle.has_value(), spec.snapshot_handle.has_value(),
                          "exactly one of volumeHandle and snapshotHandle must be set"));
  return errs;
}

}  // namespace

FieldErrorList Validate(const VolumeSnapshot& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kNamespacedCrdMeta);
  Append(errs, ValidateSnapshotSpec(obj.spec));
  return errs;
}

FieldErrorList ValidateUpdate(const VolumeSnapshot& obj, const VolumeSnapshot& old, const ValidationOptions&) {
  FieldErrorList errs = ValidateObjectMetaUpdate(obj.metadata, old.metadata, kNamespacedCrdMeta);
  Append(errs, Validate(obj));
  const FieldPath source = FieldPath("spec").Child("source");
  Append(errs, ImmutableMember(obj.spec.persistent_volume_claim_name, old.spec.persistent_volume_claim_name,
                               source, "persistentVolumeClaimName"));
  Append(errs, ImmutableMember(obj.spec.volume_snapshot_content_name, old.spec.volume_snapshot_content_name,
                               source, "volumeSnapshotContentName"));
  return errs;
}

FieldErrorList Validate(const VolumeSnapshotContent& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kClusterCrd);
  Append(errs, ValidateContentSpec(obj.spec));
  return errs;
}

FieldErrorList ValidateUpdate(const VolumeSnapshotContent& obj, const VolumeSnapshotContent& old,
                              const ValidationOptions&) {
  FieldErrorList errs = ValidateObjectMetaUpdate(obj.metadata, old.metadata, kClusterCrd);
  Append(errs, Validate(obj));
  const FieldPath spec("spec");
  Append(errs, ImmutableMember(obj.spec.volume_handle, old.spec.volume_handle, spec.Child("source"), "volumeHandle"));
  Append(errs, ImmutableMember(obj.spec.snapshot_handle, old.spec.snapshot_handle, spec.Child("source"),
                               "snapshotHandle"));
  Append(errs, ImmutableMember(obj.spec.source_volume_mode, old.spec.source_volume_mode, spec, "sourceVolumeMode"));
  return errs;
}

FieldErrorList Validate(const VolumeSnapshotClass& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kClusterCrd);
  if (obj.driver.empty()) errs.push_back(Required(FieldPath("driver")));
  Append(errs, ValidateDeletionPolicy(obj.deletion_policy, FieldPath("deletionPolicy")));
  return errs;
}

FieldErrorList ValidateUpdate(const VolumeSnapshotClass& obj, const VolumeSnapshotClass& old,
                              const ValidationOptions&) {
  FieldErrorList errs = ValidateObjectMetaUpdate(obj.metadata, old.metadata, kClusterCrd);
  Append(errs, Validate(obj));
  return errs;
}

}  // namespace xnsim
