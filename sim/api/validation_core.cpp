// core/v1 validation (pkg/apis/core/validation/validation.go): Namespace,
// PersistentVolumeClaim, PersistentVolume, Pod and Event.
#include <algorithm>
#include <set>

#include "sim/api/validation.h"
#include "sim/api/validation_core.h"
#include "sim/api/validation_meta.h"
#include "sim/api/validation_spec_diff.h"

namespace xnsim {
namespace {

const MetaRules kNamespacedCore{NameRule::kDNS1123Subdomain, true, true};
const MetaRules kClusterCore{NameRule::kDNS1123Subdomain, false, true};
const MetaRules kNamespaceMeta{NameRule::kDNS1123Label, false, true};

const std::vector<std::string_view> kAccessModes = {"ReadOnlyMany", "ReadWriteMany",
                                                    "ReadWriteOnce", "ReadWriteOncePod"};
const std::vector<std::string_view> kVolumeModes = {"Block", "Filesystem"};
const std::vector<std::string_view> kReclaimPolicies = {"Delete", "Recycle", "Retain"};

BadValue OptStringValue(const std::optional<std::string>& s) {
  return s ? BadValue::String(*s) : BadValue::Null();
}

// ---- shared by claims and volumes ---------------------------------------------------

// Supported modes, and ReadWriteOncePod alone. The field's path (parent.field) is
// made only for an error: every claim and volume write runs this.
FieldErrorList ValidateAccessModes(const std::vector<std::string>& modes, const FieldPath& parent,
                                   std::string_view field, std::string_view required_detail) {
  FieldErrorList errs;
  auto path = [&] { return parent.Child(field); };
  if (modes.empty()) errs.push_back(Required(path(), required_detail));
  bool rwop = false, other = false;
  for (const std::string& m : modes) {
    if (!IsSupportedValue(kAccessModes, m)) errs.push_back(NotSupported(path(), BadValue::String(m), kAccessModes));
    if (m == "ReadWriteOncePod") rwop = true;
    else if (IsSupportedValue(kAccessModes, m)) other = true;
  }
  if (rwop && other) errs.push_back(Forbidden(path(), "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

// The path as for ValidateAccessModes.
FieldErrorList ValidateClassName(const std::string& name, const FieldPath& parent, std::string_view field) {
  FieldErrorList errs;
  for (const std::string& msg : IsDNS1123Subdomain(name)) {
    errs.push_back(Invalid(parent.Child(field), BadValue::String(name), msg));
  }
  return errs;
}

// `path()` makes the quantity's path, only for an error.
template <class PathFn>
FieldErrorList ValidatePositiveQuantity(const Quantity& q, const PathFn& path) {
  if (q.milli_value() > 0) return {};
  return {Invalid(path(), BadValue::String(q.ToString()), "must be greater than zero")};
}

}  // namespace

// ---- PersistentVolumeClaim ----------------------------------------------------------

FieldErrorList ValidateLabelSelector(const std::optional<LabelSelector>& sel, const FieldPath& path) {
  FieldErrorList errs;
  if (!sel) return errs;
  Append(errs, ValidateLabels(sel->match_labels, path.Child("matchLabels")));
  for (size_t i = 0; i < sel->match_expressions.size(); ++i) {
    const LabelSelectorRequirement& r = sel->match_expressions[i];
    const FieldPath p = path.Child("matchExpressions").Index(i);
    if (r.operator_ == "In" || r.operator_ == "NotIn") {
      if (r.values.empty()) {
        errs.push_back(Required(p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (r.operator_ == "Exists" || r.operator_ == "DoesNotExist") {
      if (!r.values.empty()) {
        errs.push_back(Forbidden(p.Child("values"),
                                 "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      errs.push_back(Invalid(p.Child("operator"), BadValue::String(r.operator_), "not a valid selector operator"));
    }
    for (const std::string& msg : IsQualifiedName(r.key)) {
      errs.push_back(Invalid(p.Child("key"), BadValue::String(r.key), msg));
    }
  }
  return errs;
}

namespace {

FieldErrorList ValidateStorageRequest(const PersistentVolumeClaim::Spec& spec, const FieldPath& spec_path) {
  auto path = [&] { return spec_path.Child("resources").Key("storage"); };
  auto it = spec.resources.requests.find("storage");
  if (it == spec.resources.requests.end()) return {Required(path())};
  return ValidatePositiveQuantity(it->second, path);
}

// validateDataSource: name and kind required, the core group only for claims. Ref is
// a TypedLocalObjectReference or a TypedObjectReference (its apiGroup, kind and name);
// the path (parent.field) is made only for an error.
template <class Ref>
FieldErrorList ValidateDataSource(const Ref& ds, const FieldPath& parent, std::string_view field,
                                  bool allow_invalid_group) {
  FieldErrorList errs;
  auto path = [&] { return parent.Child(field); };
  if (ds.name.empty()) errs.push_back(Required(path().Child("name")));
  if (ds.kind.empty()) errs.push_back(Required(path().Child("kind")));
  const std::string_view group = ds.api_group ? std::string_view(*ds.api_group) : std::string_view();
  if (group.empty() && ds.kind != "PersistentVolumeClaim") {
    errs.push_back(Invalid(path(), BadValue::String(ds.kind),
                           "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (!group.empty() && !allow_invalid_group) {
    for (const std::string& msg : IsDNS1123Subdomain(group)) {
      errs.push_back(Invalid(path().Child("apiGroup"), BadValue::String(group), msg));
    }
  }
  return errs;
}

// validateDataSourceRef: the same, plus a valid namespace name when one is given.
FieldErrorList ValidateDataSourceRef(const TypedObjectReference& ref, const FieldPath& parent,
                                     std::string_view field, bool allow_invalid_group) {
  FieldErrorList errs = ValidateDataSource(ref, parent, field, allow_invalid_group);
  if (ref.namespace_ && !ref.namespace_->empty()) {
    for (const std::string& msg : IsDNS1123Label(*ref.namespace_)) {
      errs.push_back(Invalid(parent.Child(field).Child("namespace"), BadValue::String(*ref.namespace_), msg));
    }
  }
  return errs;
}

// The two cross-field rules of SEMANTICS 1.4. The bad value is the *field.Path of
// spec.dataSource, which prints as its String().
FieldErrorList ValidateDataSourcePair(const PersistentVolumeClaim::Spec& spec, const FieldPath& path) {
  const BadValue ds_path = BadValue::Raw(path.Child("dataSource").str());
  if (spec.data_source_ref && spec.data_source_ref->namespace_ && !spec.data_source_ref->namespace_->empty()) {
    if (spec.data_source) {
      return {Invalid(path, ds_path, "may not be specified when dataSourceRef.namespace is specified")};
    }
  } else if (spec.data_source && spec.data_source_ref) {
    const auto& ds = *spec.data_source;
    const auto& ref = *spec.data_source_ref;
    if (!(ds.api_group == ref.api_group && ds.kind == ref.kind && ds.name == ref.name)) {
      return {Invalid(path, ds_path, "must match dataSourceRef")};
    }
  }
  return {};
}

FieldErrorList ValidatePvcSpec(const PersistentVolumeClaim::Spec& spec, bool allow_invalid_group) {
  const FieldPath path("spec");
  FieldErrorList errs;
  if (spec.access_modes.empty()) {
    errs.push_back(Required(path.Child("accessModes"), "at least 1 access mode is required"));
  }
  Append(errs, ValidateLabelSelector(spec.selector, path.Child("selector")));
  if (!spec.access_modes.empty()) Append(errs, ValidateAccessModes(spec.access_modes, path, "accessModes", ""));
  Append(errs, ValidateStorageRequest(spec, path));
  if (spec.storage_class_name && !spec.storage_class_name->empty()) {
    Append(errs, ValidateClassName(*spec.storage_class_name, path, "storageClassName"));
  }
  if (spec.volume_mode && !IsSupportedValue(kVolumeModes, *spec.volume_mode)) {
    errs.push_back(NotSupported(path.Child("volumeMode"), BadValue::String(*spec.volume_mode), kVolumeModes));
  }
  if (spec.data_source) {
    Append(errs, ValidateDataSource(*spec.data_source, path, "dataSource", allow_invalid_group));
  }
  if (spec.data_source_ref) {
    Append(errs, ValidateDataSourceRef(*spec.data_source_ref, path, "dataSourceRef", allow_invalid_group));
  }
  Append(errs, ValidateDataSourcePair(spec, path));
  if (spec.volume_attributes_class_name && !spec.volume_attributes_class_name->empty()) {
    Append(errs, ValidateClassName(*spec.volume_attributes_class_name, path, "volumeAttributesClassName"));
  }
  return errs;
}

// AllowInvalidAPIGroupInDataSourceOrRef: an old object that already had an apiGroup
// keeps validating with it.
bool OldHadApiGroup(const PersistentVolumeClaim::Spec& old) {
  return (old.data_source && old.data_source->api_group) ||
         (old.data_source_ref && old.data_source_ref->api_group);
}

std::string PvcImmutableMessage(KubeVersion v) {
  if (v >= KubeVersion{1, 29}) {
    return "spec is immutable after creation except resources.requests and "
           "volumeAttributesClassName for bound claims";
  }
  return "spec is immutable after creation except resources.requests for bound claims";
}

// The common case of ValidatePvcSpecImmutable, decided without copying the specs: the
// spec is unchanged, and a bound claim's storage request (if it has requests) replaces
// an old one rather than adding a key the old spec lacks.
bool PvcSpecPlainlyUnchanged(const PersistentVolumeClaim& obj, const PersistentVolumeClaim& old) {
  if (!(obj.spec == old.spec)) return false;
  return obj.status.phase != "Bound" || obj.spec.resources.requests.empty() ||
         old.spec.resources.requests.count("storage") != 0;
}

// ValidatePersistentVolumeClaimUpdate's spec comparison: what may change is copied
// over from the other side before the specs are compared.
FieldErrorList ValidatePvcSpecImmutable(const PersistentVolumeClaim& obj,
                                        const PersistentVolumeClaim& old, KubeVersion version) {
  if (PvcSpecPlainlyUnchanged(obj, old)) return {};
  PersistentVolumeClaim::Spec now_spec = obj.spec;
  PersistentVolumeClaim::Spec old_spec = old.spec;
  if (old_spec.volume_name.empty()) old_spec.volume_name = now_spec.volume_name;  // set once
  // The PV controller may set a class on a claim created without one
  // (retroactive default StorageClass).
  if (!old_spec.storage_class_name && !old.metadata.annotations.count("volume.beta.kubernetes.io/storage-class") &&
      now_spec.storage_class_name && !now_spec.storage_class_name->empty()) {
    now_spec.storage_class_name = old_spec.storage_class_name;
  }
  const bool bound = obj.status.phase == "Bound";
  if (bound && !now_spec.resources.requests.empty()) {
    auto it = old.spec.resources.requests.find("storage");
    now_spec.resources.requests["storage"] = it == old.spec.resources.requests.end() ? Quantity() : it->second;
  }
  if (bound && now_spec.volume_attributes_class_name) {
    now_spec.volume_attributes_class_name = old_spec.volume_attributes_class_name;
  }
  FieldErrorList errs;
  if (!(now_spec == old_spec)) {
    std::string diff = SpecDiff(PvcSpecValue(old_spec, version), PvcSpecValue(now_spec, version), version);
    errs.push_back(Forbidden(FieldPath("spec"), PvcImmutableMessage(version) + "\n" + diff));
  }
  return errs;
}

FieldErrorList ValidatePvcStorageNotShrunk(const PersistentVolumeClaim& obj, const PersistentVolumeClaim& old) {
  auto get = [](const PersistentVolumeClaim& c) {
    auto it = c.spec.resources.requests.find("storage");
    return it == c.spec.resources.requests.end() ? Quantity() : it->second;
  };
  if (get(obj) < get(old)) {
    return {Forbidden(FieldPath("spec").Child("resources").Child("requests").Child("storage"),
                      "field can not be less than previous value")};
  }
  return {};
}

// ---- PersistentVolume ---------------------------------------------------------------

FieldErrorList ValidatePvCapacity(const ResourceList& capacity, const FieldPath& path) {
  FieldErrorList errs;
  if (capacity.empty()) errs.push_back(Required(path));
  if (!capacity.count("storage") || capacity.size() > 1) {
    // The bad value is a core.ResourceList, printed with %#v.
    std::string v = "core.ResourceList(nil)";
    if (!capacity.empty()) {
      v = "core.ResourceList{";
      bool first = true;
      for (const auto& [name, q] : capacity) {
        if (!first) v += ", ";
        first = false;
        v += GoQuote(name) + ":resource.MustParse(" + GoQuote(q.ToString()) + ")";
      }
      v += "}";
    }
    errs.push_back(NotSupported(path, BadValue::Raw(v), {"storage"}));
  }
  for (const auto& entry : capacity) {
    Append(errs, ValidatePositiveQuantity(entry.second, [&] { return path.Key(entry.first); }));
  }
  return errs;
}

// Exactly one volume source, in the order validation.go checks them.
FieldErrorList ValidatePvSource(const PersistentVolume::Spec& spec, const FieldPath& path) {
  FieldErrorList errs;
  int sources = 0;
  auto one = [&](bool present, std::string_view name) {
    if (!present) return false;
    if (sources > 0) {
      errs.push_back(Forbidden(path.Child(name), "may not specify more than 1 volume type"));
      return false;
    }
    ++sources;
    return true;
  };
  one(!spec.host_path.text.empty(), "hostPath");
  one(!spec.nfs.text.empty(), "nfs");
  if (one(!spec.local.text.empty(), "local") && !spec.node_affinity_required) {
    errs.push_back(Required(path.Child("nodeAffinity"), "Local volume requires node affinity"));
  }
  if (one(spec.csi.has_value(), "csi")) {
    const FieldPath csi = path.Child("csi");
    if (spec.csi->driver.empty()) {
      errs.push_back(Required(csi.Child("driver")));
    } else {
      for (const std::string& msg : IsDNS1123Subdomain(spec.csi->driver)) {
        errs.push_back(Invalid(csi.Child("driver"), BadValue::String(spec.csi->driver), msg));
      }
    }
    if (spec.csi->volume_handle.empty()) errs.push_back(Required(csi.Child("volumeHandle")));
  }
  if (sources == 0) errs.push_back(Required(path, "must specify a volume type"));
  return errs;
}

FieldErrorList ValidatePvSpec(const PersistentVolume::Spec& spec) {
  const FieldPath path("spec");
  FieldErrorList errs = ValidateAccessModes(spec.access_modes, path, "accessModes", "");
  Append(errs, ValidatePvCapacity(spec.capacity, path.Child("capacity")));
  if (!spec.persistent_volume_reclaim_policy.empty() &&
      !IsSupportedValue(kReclaimPolicies, spec.persistent_volume_reclaim_policy)) {
    errs.push_back(NotSupported(path.Child("persistentVolumeReclaimPolicy"),
                                BadValue::String(spec.persistent_volume_reclaim_policy), kReclaimPolicies));
  }
  Append(errs, ValidatePvSource(spec, path));
  if (!spec.storage_class_name.empty()) {
    Append(errs, ValidateClassName(spec.storage_class_name, path, "storageClassName"));
  }
  if (spec.volume_mode && !IsSupportedValue(kVolumeModes, *spec.volume_mode)) {
    errs.push_back(NotSupported(path.Child("volumeMode"), BadValue::String(*spec.volume_mode), kVolumeModes));
  }
  return errs;
}

}  // namespace

// ---- Pod ----------------------------------------------------------------------------

FieldErrorList ValidatePodVolumes(const std::vector<Pod::Volume>& volumes, const FieldPath& path) {
  FieldErrorList errs;
  std::set<std::string> names;
  for (size_t i = 0; i < volumes.size(); ++i) {
    const Pod::Volume& v = volumes[i];
    const FieldPath p = path.Index(i);
    FieldErrorList el;
    if (v.claim_name) {
      if (!v.other.text.empty()) {
        el.push_back(Forbidden(p.Child("persistentVolumeClaim"), "may not specify more than 1 volume type"));
      } else if (v.claim_name->empty()) {
        el.push_back(Required(p.Child("persistentVolumeClaim").Child("claimName")));
      }
    } else if (v.other.text.empty()) {
      el.push_back(Required(p, "must specify a volume type"));
    }
    if (v.name.empty()) {
      el.push_back(Required(p.Child("name")));
    } else {
      for (const std::string& msg : IsDNS1123Label(v.name)) {
        el.push_back(Invalid(p.Child("name"), BadValue::String(v.name), msg));
      }
    }
    if (names.count(v.name)) el.push_back(Duplicate(p.Child("name"), BadValue::String(v.name)));
    if (el.empty()) names.insert(v.name);
    Append(errs, std::move(el));
  }
  return errs;
}

// ---- entry points -----------------------------------------------------------------------

FieldErrorList Validate(const Namespace& obj) { return ValidateObjectMeta(obj.metadata, kNamespaceMeta); }

FieldErrorList ValidateUpdate(const Namespace& obj, const Namespace& old, const ValidationOptions&) {
  MetaUpdateErrors meta = ValidateObjectMetaOnUpdate(obj.metadata, old.metadata, kNamespaceMeta);
  Append(meta.update, std::move(meta.meta));
  return std::move(meta.update);
}

FieldErrorList ValidateFinalize(const Namespace& obj) {
  // ValidateNamespaceFinalizeUpdate: the metadata is the stored one here, so only the
  // new spec.finalizers' names are left to check.
  return ValidateFinalizers(obj.spec.finalizers, FieldPath("spec"), /*kube_names=*/true);
}

FieldErrorList Validate(const PersistentVolumeClaim& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kNamespacedCore);
  Append(errs, ValidatePvcSpec(obj.spec, false));
  return errs;
}

FieldErrorList ValidateUpdate(const PersistentVolumeClaim& obj, const PersistentVolumeClaim& old,
                              const ValidationOptions& o) {
  MetaUpdateErrors meta = ValidateObjectMetaOnUpdate(obj.metadata, old.metadata, kNamespacedCore);
  FieldErrorList errs = std::move(meta.update);
  Append(errs, std::move(meta.meta));
  Append(errs, ValidatePvcSpec(obj.spec, OldHadApiGroup(old.spec)));
  Append(errs, ValidatePvcSpecImmutable(obj, old, o.version));
  Append(errs, ValidatePvcStorageNotShrunk(obj, old));
  if (obj.spec.volume_mode != old.spec.volume_mode) {
    errs.push_back(Invalid(FieldPath("volumeMode"), OptStringValue(obj.spec.volume_mode), kFieldImmutable));
  }
  return errs;
}

FieldErrorList Validate(const PersistentVolume& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kClusterCore);
  Append(errs, ValidatePvSpec(obj.spec));
  return errs;
}

FieldErrorList ValidateUpdate(const PersistentVolume& obj, const PersistentVolume& old,
                              const ValidationOptions& o) {
  // Validate(obj), then ValidateObjectMetaUpdate.
  MetaUpdateErrors meta = ValidateObjectMetaOnUpdate(obj.metadata, old.metadata, kClusterCore);
  FieldErrorList errs = std::move(meta.meta);
  Append(errs, ValidatePvSpec(obj.spec));
  Append(errs, std::move(meta.update));
  if (!SamePvSource(old.spec, obj.spec)) {
    errs.push_back(Forbidden(FieldPath("spec").Child("persistentvolumesource"),
                             "spec.persistentvolumesource is immutable after creation\n" +
                                 SpecDiff(PvSourceValue(old.spec), PvSourceValue(obj.spec), o.version)));
  }
  if (obj.spec.volume_mode != old.spec.volume_mode) {
    errs.push_back(Invalid(FieldPath("volumeMode"), OptStringValue(obj.spec.volume_mode), kFieldImmutable));
  }
  return errs;
}

FieldErrorList Validate(const Pod& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kNamespacedCore);
  Append(errs, ValidatePodVolumes(obj.spec.volumes, FieldPath("spec").Child("volumes")));
  return errs;
}

FieldErrorList ValidateUpdate(const Pod& obj, const Pod& old, const ValidationOptions&) {
  MetaUpdateErrors meta = ValidateObjectMetaOnUpdate(obj.metadata, old.metadata, kNamespacedCore);
  FieldErrorList errs = std::move(meta.update);
  Append(errs, std::move(meta.meta));  // then the rest of Validate(obj)
  Append(errs, ValidatePodVolumes(obj.spec.volumes, FieldPath("spec").Child("volumes")));
  return errs;
}

namespace {

FieldErrorList ValidateEventInvolvedObject(const Event& obj) {
  if (!obj.involved_object.namespace_.empty() && obj.involved_object.namespace_ != obj.metadata.namespace_) {
    return {Invalid(FieldPath("involvedObject").Child("namespace"),
                    BadValue::String(obj.involved_object.namespace_), "does not match event.namespace")};
  }
  return {};
}

}  // namespace

FieldErrorList Validate(const Event& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kNamespacedCore);
  Append(errs, ValidateEventInvolvedObject(obj));
  return errs;
}

FieldErrorList ValidateUpdate(const Event& obj, const Event& old, const ValidationOptions&) {
  MetaUpdateErrors meta = ValidateObjectMetaOnUpdate(obj.metadata, old.metadata, kNamespacedCore);
  FieldErrorList errs = std::move(meta.update);
  Append(errs, std::move(meta.meta));  // then the rest of Validate(obj)
  Append(errs, ValidateEventInvolvedObject(obj));
  return errs;
}

}  // namespace xnsim
