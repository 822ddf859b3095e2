// The grant-checked invariant (scenario-format.md "Invariants"): no volume is
// populated from another namespace's source unless the provisioner saw a
// ReferenceGrant allowing it.
//
// Whose source a volume came from is learnt apart from the provisioner: watches keep
// three indexes (snapshot handle -> VolumeSnapshot, volume handle -> claim of its PV,
// CreateVolume name -> claim), so a check is a few hash lookups. Entries outlive the
// objects: a source deleted after its copy began still has a namespace. The
// provisioner's own record (ProvisioningAudit) is then re-evaluated with the reference
// matcher over the grants it saw; its `allowed` verdict is never trusted.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fake-csi/csi.h"
#include "sim/api/apiserver.h"
#include "sim/controllers/provisioner/options.h"
#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/controllers/runtime/audit.h"
#include "sim/scenario/result.h"

namespace xnsim {

class GrantCheckedInvariant {
 public:
  // Watches from now on: build it with the cluster, before any object is applied.
  // `provisioner` (the cluster's flags) must outlive it.
  GrantCheckedInvariant(ApiServer& api, const ProvisioningAudit& audit,
                        const ProvisionerOptions& provisioner);
  ~GrantCheckedInvariant();
  GrantCheckedInvariant(const GrantCheckedInvariant&) = delete;
  GrantCheckedInvariant& operator=(const GrantCheckedInvariant&) = delete;

  // What is wrong with a volume created for `req`, or nullopt when nothing is.
  std::optional<std::string> Check(const csi::CreateVolumeRequest& req) const;
  // A volume that passed Check but whose allowing ReferenceGrants are all gone by the
  // time it exists: the grant was deleted between the provisioner's check and the end
  // of CreateVolume. Real provisioners leave that window open (SEMANTICS.md 3.3), so it
  // is a finding with the window's size, not a violation. nullopt otherwise.
  std::optional<Finding> RevokedWindow(const csi::CreateVolumeRequest& req) const;

 private:
  struct Owner {
    InternedString namespace_;  // interned: these entries outlive the objects, one per claim
    std::string name;
    std::string Label() const { return namespace_ + "/" + name; }
  };
  // Looked up only, never iterated, so their order cannot leak.
  std::unordered_map<std::string, Owner> snapshot_owner_;  // snapshot handle -> VolumeSnapshot
  std::unordered_map<std::string, Owner> volume_owner_;    // volume handle -> claim of its PV
  std::unordered_map<std::string, Owner> claim_of_volume_name_;  // "pvc-<uid>" -> claim

  ApiServer& api_;
  const ProvisioningAudit& audit_;
  mutable GrantDecisionMemo allowed_;  // the reference matcher's answers per grant list
  // The grants of a list that allow a (claim namespace, source), in the list's order.
  mutable GrantListMemo<std::vector<Ptr<ReferenceGrant>>> allowing_;
  const ProvisionerOptions& provisioner_;
  std::vector<int> watches_;
};

}  // namespace xnsim
