// The decisions external-provisioner takes by Kubernetes' rules for a data source, as
// one seam: the gate, where the ReferenceGrants are looked up and whether they allow
// the source, the clone source's protection, a snapshot's readiness. The provisioner
// runs this class itself; tests derive from it to break one rule and prove that the
// conformance suite notices. It is not a product option.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/api/objects.h"

namespace xnsim {

class ProvisionerRules {
 public:
  virtual ~ProvisionerRules() = default;

  // csi-provisioner's CrossNamespaceVolumeDataSource, as its --feature-gates set it.
  virtual bool CrossNamespaceEnabled(bool gate) const { return gate; }
  // The namespace whose ReferenceGrants may allow `source` to `claim`: the source's
  // (SEMANTICS.md 3.3).
  virtual std::string GrantNamespace(const PersistentVolumeClaim& claim,
                                     const TypedObjectReference& source) const;
  // Whether one of `grants` allows PVCs in `claim_namespace` to use `source` (3.3).
  // Must be a pure function of its arguments: the provisioner remembers its answers for
  // a grant list that has not changed (GrantDecisionMemo).
  virtual bool Granted(const std::vector<Ptr<ReferenceGrant>>& grants,
                       std::string_view claim_namespace, const TypedObjectReference& source) const;
  // Whether a clone's source claim gets the cloning-protection finalizer before
  // CreateVolume (3.7).
  virtual bool ProtectsCloneSource() const { return true; }
  // Whether a snapshot's status lets it be restored (3.5 step 7).
  virtual bool SnapshotReady(const VolumeSnapshot::Status& status) const {
    return status.ready_to_use.value_or(false);
  }
};

// Kubernetes' own rules: what every provisioner runs unless a test says otherwise.
const ProvisionerRules& KubernetesProvisionerRules();

}  // namespace xnsim
