#include "sim/controllers/provisioner/claim_fields.h"

namespace xnsim {

std::string_view Annotation(const ObjectMeta& meta, const std::string& key) {
  auto it = meta.annotations.find(key);
  return it == meta.annotations.end() ? std::string_view() : std::string_view(it->second);
}

bool HasAnnotation(const ObjectMeta& meta, const std::string& key) {
  return meta.annotations.find(key) != meta.annotations.end();
}

bool ClaimIsBlock(const PersistentVolumeClaim& claim) {
  return claim.spec.volume_mode && *claim.spec.volume_mode == "Block";
}

int64_t RequestedBytes(const PersistentVolumeClaim& claim) {
  auto it = claim.spec.resources.requests.find("storage");
  return it == claim.spec.resources.requests.end() ? 0 : it->second.value();
}

bool HasStorageRequest(const PersistentVolumeClaim& claim) {
  return claim.spec.resources.requests.count("storage") > 0;
}

std::string_view ClaimProvisioner(const PersistentVolumeClaim& claim) {
  if (HasAnnotation(claim.metadata, kAnnStorageProvisioner)) {
    return Annotation(claim.metadata, kAnnStorageProvisioner);
  }
  return Annotation(claim.metadata, kAnnBetaStorageProvisioner);
}

std::vector<std::string> WithoutFinalizer(const std::vector<std::string>& finalizers,
                                          std::string_view f) {
  std::vector<std::string> out;
  out.reserve(finalizers.size());
  for (const std::string& s : finalizers)
    if (s != f) out.push_back(s);
  return out;
}

}  // namespace xnsim
