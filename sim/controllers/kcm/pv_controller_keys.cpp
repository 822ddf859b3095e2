#include "sim/controllers/kcm/pv_controller_keys.h"

#include "sim/core/quote.h"

namespace xnsim::pv {

std::string WaitForPodScheduledMessage(const std::vector<std::string>& pod_names) {
  if (pod_names.size() == 1) return "waiting for pod " + pod_names[0] + " to be scheduled";
  std::string joined;
  for (const std::string& n : pod_names) {
    if (!joined.empty()) joined += ",";
    joined += n;
  }
  return "waiting for pods " + joined + " to be scheduled";
}

std::string ExternalProvisioningMessage(std::string_view provisioner, KubeVersion version) {
  if (version < KubeVersion{1, 28}) {
    return "waiting for a volume to be created, either by external provisioner " +
           GoQuote(provisioner) + " or manually created by system administrator";
  }
  return "Waiting for a volume to be created either by the external provisioner '" +
         std::string(provisioner) +
         "' or manually by the system administrator. If volume creation is delayed, please "
         "verify that the provisioner is running and correctly registered.";
}

std::string StorageClassNotFoundMessage(std::string_view name) {
  return "storageclass.storage.k8s.io " + GoQuote(name) + " not found";
}

std::string VolumeMismatchMessage(std::string_view volume, std::string_view reason) {
  return "Cannot bind to requested volume " + GoQuote(volume) + ": " + std::string(reason);
}

std::string AlreadyBoundMessage(std::string_view volume) {
  return "volume " + GoQuote(volume) + " already bound to a different claim.";
}

std::string NoDeleterMessage(std::string_view volume) {
  return "error getting deleter volume plugin for volume " + GoQuote(volume) +
         ": no deletable volume plugin matched";
}

}  // namespace xnsim::pv
