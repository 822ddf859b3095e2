#include "sim/controllers/provisioner/rules.h"

#include "sim/controllers/provisioner/reference_grant.h"

namespace xnsim {

std::string ProvisionerRules::GrantNamespace(const PersistentVolumeClaim&,
                                             const TypedObjectReference& source) const {
  return source.namespace_.value_or("");
}

bool ProvisionerRules::Granted(const std::vector<Ptr<ReferenceGrant>>& grants,
                               std::string_view claim_namespace,
                               const TypedObjectReference& source) const {
  return AnyGrantAllows(grants, claim_namespace, source);
}

const ProvisionerRules& KubernetesProvisionerRules() {
  static const ProvisionerRules rules;
  return rules;
}

}  // namespace xnsim
