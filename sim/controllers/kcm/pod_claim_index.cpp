#include "sim/controllers/kcm/pod_claim_index.h"

namespace xnsim {

std::string PodClaimIndex::Key(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}

void PodClaimIndex::Add(const Pod& pod) {
  for (const Pod::Volume& v : pod.spec.volumes) {
    if (v.claim_name) by_claim_[Key(pod.metadata.namespace_, *v.claim_name)].insert(pod.metadata.name);
  }
}

void PodClaimIndex::Remove(const Pod& pod) {
  for (const Pod::Volume& v : pod.spec.volumes) {
    if (!v.claim_name) continue;
    auto it = by_claim_.find(Key(pod.metadata.namespace_, *v.claim_name));
    if (it == by_claim_.end()) continue;
    it->second.erase(pod.metadata.name);
    if (it->second.empty()) by_claim_.erase(it);
  }
}

const std::set<std::string>& PodClaimIndex::PodsUsing(std::string_view ns, std::string_view name) const {
  static const std::set<std::string> kNone;
  auto it = by_claim_.find(Key(ns, name));
  return it == by_claim_.end() ? kNone : it->second;
}

bool PodTerminated(const Pod& pod) {
  return pod.status.phase == "Succeeded" || pod.status.phase == "Failed";
}

}  // namespace xnsim
