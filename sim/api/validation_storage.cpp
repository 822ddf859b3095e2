// storage.k8s.io/v1 validation (pkg/apis/storage/validation/validation.go):
// StorageClass and CSIDriver.
#include <algorithm>
#include <cctype>

#include "sim/api/validation.h"
#include "sim/api/validation_meta.h"

namespace xnsim {
namespace {

const MetaRules kClusterStorage{NameRule::kDNS1123Subdomain, false, true};

const std::vector<std::string_view> kScReclaimPolicies = {"Delete", "Retain"};
const std::vector<std::string_view> kBindingModes = {"Immediate", "WaitForFirstConsumer"};

// validateProvisioner: required, and a qualified name once lower-cased.
FieldErrorList ValidateProvisioner(const std::string& provisioner) {
  const FieldPath path("provisioner");
  if (provisioner.empty()) return {Required(path)};
  std::string lower = provisioner;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  FieldErrorList errs;
  for (const std::string& msg : IsQualifiedName(lower)) {
    errs.push_back(Invalid(path, BadValue::String(lower), msg));
  }
  return errs;
}

FieldErrorList ValidateScReclaimPolicy(const std::optional<std::string>& policy) {
  if (policy && !policy->empty() && !IsSupportedValue(kScReclaimPolicies, *policy)) {
    return {NotSupported(FieldPath("reclaimPolicy"), BadValue::String(*policy), kScReclaimPolicies)};
  }
  return {};
}

FieldErrorList ValidateBindingMode(const std::optional<std::string>& mode) {
  const FieldPath path("volumeBindingMode");
  if (!mode) return {Required(path)};
  if (!IsSupportedValue(kBindingModes, *mode)) return {NotSupported(path, BadValue::String(*mode), kBindingModes)};
  return {};
}

}  // namespace

FieldErrorList Validate(const StorageClass& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kClusterStorage);
  Append(errs, ValidateProvisioner(obj.provisioner));
  Append(errs, ValidateScReclaimPolicy(obj.reclaim_policy));
  Append(errs, ValidateBindingMode(obj.volume_binding_mode));
  return errs;
}

// ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy and
// volumeBindingMode are fixed once created.
FieldErrorList ValidateUpdate(const StorageClass& obj, const StorageClass& old, const ValidationOptions&) {
  FieldErrorList errs = ValidateObjectMetaUpdate(obj.metadata, old.metadata, kClusterStorage);
  if (obj.parameters != old.parameters) {
    errs.push_back(Forbidden(FieldPath("parameters"), "updates to parameters are forbidden."));
  }
  if (obj.provisioner != old.provisioner) {
    errs.push_back(Forbidden(FieldPath("provisioner"), "updates to provisioner are forbidden."));
  }
  if (obj.reclaim_policy.value_or("") != old.reclaim_policy.value_or("")) {
    errs.push_back(Forbidden(FieldPath("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
  }
  if (obj.volume_binding_mode != old.volume_binding_mode) {
    errs.push_back(Invalid(FieldPath("volumeBindingMode"),
                           obj.volume_binding_mode ? BadValue::String(*obj.volume_binding_mode) : BadValue::Null(),
                           kFieldImmutable));
  }
  return errs;
}

FieldErrorList Validate(const CSIDriver& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kClusterStorage);
  if (obj.metadata.name.size() > 63) {
    errs.push_back(Invalid(FieldPath("metadata").Child("name"), BadValue::String(obj.metadata.name),
                           "must be no more than 63 characters"));
  }
  return errs;
}

FieldErrorList ValidateUpdate(const CSIDriver& obj, const CSIDriver& old, const ValidationOptions&) {
  FieldErrorList errs = ValidateObjectMetaUpdate(obj.metadata, old.metadata, kClusterStorage);
  Append(errs, Validate(obj));
  // attachRequired and podInfoOnMount are immutable (field is immutable).
  if (obj.spec.attach_required != old.spec.attach_required) {
    errs.push_back(Invalid(FieldPath("spec").Child("attachRequired"),
                           obj.spec.attach_required ? BadValue::Bool(*obj.spec.attach_required) : BadValue::Null(),
                           kFieldImmutable));
  }
  return errs;
}

}  // namespace xnsim
