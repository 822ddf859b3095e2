// What the controllers saw when they made a decision that an invariant checks later,
// kept by the cluster so that it survives component restarts. The grant-checked
// invariant re-evaluates each recorded grant check with the reference matcher, so a
// provisioner that decides wrongly is caught by what it itself saw.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sim/api/objects.h"

namespace xnsim {

// One cross-namespace grant check by the external-provisioner (SEMANTICS.md 3.3).
struct GrantCheck {
  SimTime at = 0;
  std::string volume_name;           // "pvc-<claim uid>": the CreateVolume name it guards
  InternedString claim_namespace;    // interned: one pointer per check, kept for every claim
  std::string claim_name;
  TypedObjectReference source;       // the claim's dataSourceRef, namespace resolved
  // The informer's grants in the source namespace, shared with the informer's list (never null).
  std::shared_ptr<const std::vector<Ptr<ReferenceGrant>>> grants_seen =
      std::make_shared<const std::vector<Ptr<ReferenceGrant>>>();
  bool allowed = false;              // what the provisioner decided
};

// One provisioning attempt (provisionClaimOperation, from its Provisioning event to its
// outcome), kept only while history is on: what `xnsim explain` tells a person.
struct ProvisioningAttempt {
  SimTime started = 0, finished = 0;
  std::string provisioner;        // the process's event source
  std::string claim_namespace, claim_name, claim_uid;
  bool provisioned = false;       // the volume was created (and handed to the store)
  bool stopped = false;           // given up for good (errStopProvision), no retry
  std::string state;              // the library's state for a failure: Finished, InBackground, ...
  std::string error;              // the failure's message, as its event says it
  bool cross_namespace_gate = false;  // csi-provisioner's CrossNamespaceVolumeDataSource
};

class ProvisioningAudit {
 public:
  // From now on, also keep every grant check and every provisioning attempt, in order.
  // Off by default: a run that nobody explains pays one branch per check.
  void KeepHistory() { keep_history_ = true; }
  bool keeps_history() const { return keep_history_; }
  const std::vector<GrantCheck>& grant_check_history() const { return grant_history_; }
  const std::vector<ProvisioningAttempt>& attempts() const { return attempts_; }
  void RecordAttempt(ProvisioningAttempt attempt) {
    if (keep_history_) attempts_.push_back(std::move(attempt));
  }

  void RecordGrantCheck(GrantCheck check);
  // The newest check for a volume name, or nullptr.
  const GrantCheck* LastGrantCheck(const std::string& volume_name) const;
  // The newest check for a volume name that the provisioner decided to allow, or
  // nullptr. A CreateVolume still running from that attempt may finish after a later
  // attempt was refused (the grant deleted meanwhile): that attempt is what it answers to.
  const GrantCheck* LastAllowingGrantCheck(const std::string& volume_name) const;
  size_t grant_checks() const { return checks_; }

 private:
  // Checks hashed by their own volume_name, so no copy of it is kept as a key; looked
  // up only. Mutable: a newer check for the same volume replaces the old in place.
  struct Entry {
    mutable GrantCheck check;
  };
  struct VolumeNameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>()(name); }
    size_t operator()(const Entry& e) const { return (*this)(e.check.volume_name); }
  };
  struct VolumeNameEqual {
    using is_transparent = void;
    static std::string_view Name(std::string_view name) { return name; }
    static std::string_view Name(const Entry& e) { return e.check.volume_name; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const { return Name(a) == Name(b); }
  };
  using Checks = std::unordered_set<Entry, VolumeNameHash, VolumeNameEqual>;
  Checks last_;
  Checks last_allowed_;
  size_t checks_ = 0;
  bool keep_history_ = false;
  std::vector<GrantCheck> grant_history_;
  std::vector<ProvisioningAttempt> attempts_;
};

}  // namespace xnsim
