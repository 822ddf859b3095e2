#include "sim/controllers/kcm/pv_controller_rules.h"

#include <algorithm>

#include "sim/controllers/kcm/pv_controller_keys.h"
#include "sim/core/quote.h"

namespace xnsim::pv {

namespace {
// A scan of the (few, ordered) annotations: find() would need a std::string of the key,
// and an annotation key is too long for the small-string buffer.
const std::string* Annotation(const ObjectMeta& meta, std::string_view key) {
  for (const auto& [k, v] : meta.annotations) {
    if (k == key) return &v;
    if (k > key) break;
  }
  return nullptr;
}
}  // namespace

bool HasAnnotation(const ObjectMeta& meta, std::string_view key) { return Annotation(meta, key) != nullptr; }

std::string ClaimKey(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}

std::string_view VolumeClass(const PersistentVolume& volume) {
  if (const std::string* a = Annotation(volume.metadata, kAnnBetaStorageClass)) return *a;
  return volume.spec.storage_class_name;
}

bool ClaimHasClass(const PersistentVolumeClaim& claim) {
  return HasAnnotation(claim.metadata, kAnnBetaStorageClass) || claim.spec.storage_class_name.has_value();
}

bool IsVolumeBoundToClaim(const PersistentVolume& volume, const PersistentVolumeClaim& claim) {
  const auto& ref = volume.spec.claim_ref;
  if (!ref) return false;
  if (ref->name != claim.metadata.name || ref->namespace_ != claim.metadata.namespace_) return false;
  return ref->uid.empty() || ref->uid == claim.metadata.uid;
}

bool AccessModesContained(const std::vector<std::string>& requested,
                          const std::vector<std::string>& offered) {
  for (const std::string& m : requested) {
    if (std::find(offered.begin(), offered.end(), m) == offered.end()) return false;
  }
  return true;
}

bool VolumeModeMismatch(const PersistentVolumeClaim& claim, const PersistentVolume& volume) {
  // value_or would make a temporary string: compare the optionals' views instead.
  auto mode = [](const std::optional<std::string>& m) {
    return m ? std::string_view(*m) : std::string_view("Filesystem");
  };
  return mode(claim.spec.volume_mode) != mode(volume.spec.volume_mode);
}

Quantity RequestedStorage(const PersistentVolumeClaim& claim) {
  auto it = claim.spec.resources.requests.find("storage");
  return it == claim.spec.resources.requests.end() ? Quantity() : it->second;
}

Quantity VolumeCapacity(const PersistentVolume& volume) {
  auto it = volume.spec.capacity.find("storage");
  return it == volume.spec.capacity.end() ? Quantity() : it->second;
}

bool SelectorMatches(const LabelSelector& selector, const StringMap& labels) {
  for (const auto& [k, v] : selector.match_labels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const LabelSelectorRequirement& r : selector.match_expressions) {
    auto it = labels.find(r.key);
    const bool has = it != labels.end();
    const bool in = has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    if (r.operator_ == "In" && !in) return false;
    if (r.operator_ == "NotIn" && in) return false;
    if (r.operator_ == "Exists" && !has) return false;
    if (r.operator_ == "DoesNotExist" && has) return false;
  }
  return true;
}

std::string CheckVolumeSatisfyClaim(const PersistentVolume& volume, const PersistentVolumeClaim& claim) {
  if (volume.metadata.deletion_timestamp) {
    return "the volume is marked for deletion " + GoQuote(volume.metadata.name);
  }
  if (VolumeCapacity(volume).value() < RequestedStorage(claim).value()) return "requested PV is too small";
  if (VolumeClass(volume) != ClaimClass(claim)) return "storageClassName does not match";
  if (VolumeModeMismatch(claim, volume)) return "incompatible volumeMode";
  if (!AccessModesContained(claim.spec.access_modes, volume.spec.access_modes)) {
    return "incompatible accessMode";
  }
  return "";
}

}  // namespace xnsim::pv
