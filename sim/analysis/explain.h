// Why a claim was or was not provisioned, told from what the run recorded: the
// claim as it ended, the data source it asked for and what kube-apiserver kept of it,
// the gates, each attempt of the external-provisioner (ProvisioningAudit's history:
// the real decision and its real message), the ReferenceGrants the provisioner saw at
// its last check with why each did or did not match (the provisioner's own matcher
// decides), and the claim's Events. Nothing is decided again by another rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/lineage_recorder.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct GrantVerdict {
  std::string grant;  // its name
  bool matches = false;
  std::string why;    // "allows ...", or which of `from` / `to` has no entry for the request
  bool seen = true;   // false: made after the provisioner's last check
};

struct ClaimExplanation {
  std::string claim;  // "ns/name"
  bool existed = false;  // the claim was in the API at some point of the run
  bool exists = false;   // ... and at its end
  bool provisioned = false;
  std::string status;                      // "Bound to PersistentVolume pvc-1", "Pending", ...
  std::string declared_source;             // the manifest's dataSourceRef/dataSource, or ""
  std::string stored_source;               // what the stored claim has, or ""
  bool cross_namespace = false;
  std::vector<std::string> gates;          // "kube-apiserver: CrossNamespaceVolumeDataSource=true"
  std::vector<std::string> attempts;       // one line each
  size_t attempt_count = 0;
  std::optional<SimTime> grants_checked_at;  // the provisioner's last grant check
  std::string grant_namespace;
  std::vector<GrantVerdict> grants;
  std::vector<std::string> events;         // "Warning ProvisioningFailed x3 (1.2s..5.2s): ..."
  std::string reason;                      // the conclusion, first thing a person reads
};

// Text for people: the conclusion first, then each part.
std::string RenderExplanation(const ClaimExplanation& e);

// A RunObserver that keeps the provisioner's history from the start and explains one
// claim when the case ends.
class ClaimExplainer : public RunObserver {
 public:
  // `declared`: the claim's manifest as the scenario applies it (its last apply), if any.
  ClaimExplainer(std::string ns, std::string name, std::optional<PersistentVolumeClaim> declared)
      : ns_(std::move(ns)), name_(std::move(name)), declared_(std::move(declared)) {}

  void ClusterBuilt(Engine& engine, Cluster& cluster) override;
  void CaseEnded(Cluster& cluster, CaseResult& result) override;

  const ClaimExplanation& explanation() const { return explanation_; }

 private:
  std::string ns_, name_;
  std::optional<PersistentVolumeClaim> declared_;
  bool existed_ = false;
  int watch_ = -1;
  ClaimExplanation explanation_;
};

// The claim's manifest as the scenario's last `apply` of it gives it, if any.
std::optional<PersistentVolumeClaim> DeclaredClaim(const Scenario& scenario, const std::string& ns,
                                                   const std::string& name);

}  // namespace xnsim
