// What the controllers saw when they made a decision that an invariant checks later,
// kept by the cluster so that it survives component restarts. The grant-checked
// invariant re-evaluates each recorded grant check with the reference matcher, so a
// provisioner that decides wrongly is caught by what it itself saw.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/api/objects.h"

namespace xnsim {

// One cross-namespace grant check by the external-provisioner (SEMANTICS.md 3.3).
struct GrantCheck {
  SimTime at = 0;
  std::string volume_name;           // "pvc-<claim uid>": the CreateVolume name it guards
  std::string claim_namespace, claim_name;
  TypedObjectReference source;       // the claim's dataSourceRef, namespace resolved
  // The informer's grants in the source namespace, shared with the informer's list (never null).
  std::shared_ptr<const std::vector<Ptr<ReferenceGrant>>> grants_seen =
      std::make_shared<const std::vector<Ptr<ReferenceGrant>>>();
  bool allowed = false;              // what the provisioner decided
};

class ProvisioningAudit {
 public:
  void RecordGrantCheck(GrantCheck check);
  // The newest check for a volume name, or nullptr.
  const GrantCheck* LastGrantCheck(const std::string& volume_name) const;
  // The newest check for a volume name that the provisioner decided to allow, or
  // nullptr. A CreateVolume still running from that attempt may finish after a later
  // attempt was refused (the grant deleted meanwhile): that attempt is what it answers to.
  const GrantCheck* LastAllowingGrantCheck(const std::string& volume_name) const;
  size_t grant_checks() const { return checks_; }

 private:
  // Looked up only.
  std::unordered_map<std::string, GrantCheck> last_;
  std::unordered_map<std::string, GrantCheck> last_allowed_;
  size_t checks_ = 0;
};

}  // namespace xnsim
