// Which Pods name a claim in a persistentVolumeClaim volume: client-go's PodPVCIndex
// as kube-controller-manager's PV and pvc-protection controllers keep it on their Pod
// informer, so "who uses this claim" is a lookup instead of a scan of every Pod.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/api/objects.h"

namespace xnsim {

class PodClaimIndex {
 public:
  void Add(const Pod& pod);
  void Remove(const Pod& pod);
  void Update(const Pod& old_pod, const Pod& new_pod) {
    Remove(old_pod);
    Add(new_pod);
  }
  // Names of the Pods in `ns` that use claim `name`, in name order; empty if none.
  const std::set<std::string>& PodsUsing(std::string_view ns, std::string_view name) const;

 private:
  static std::string Key(std::string_view ns, std::string_view name);
  std::unordered_map<std::string, std::set<std::string>> by_claim_;  // looked up only
};

// kubelet's IsPodTerminated as the controllers use it: the Pod has finished.
bool PodTerminated(const Pod& pod);

}  // namespace xnsim
