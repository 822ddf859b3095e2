// The scenario invariants (scenario-format.md "Invariants"), chosen by a scenario's
// `invariants:` list (empty: all of them), checked while a case runs:
//
//   grant-checked        at every volume a driver creates (its creation hook)
//   capacity             at every volume creation, after every `write`, and when settled
//   no-orphans           when settled: after a passing `settle` step, and at the end of
//   finalizers-released  a case whose engine has no pending work
//
// The first violation is kept; the runner stops the case there and fails it. Per
// volume creation a check costs a few hash lookups; only the settled checks scan.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/controllers/cluster/cluster.h"
#include "sim/scenario/result.h"

namespace xnsim {

class GrantCheckedInvariant;

struct InvariantViolation {
  std::string invariant;  // "grant-checked"
  std::string what;       // what was violated, for people
  SimTime at = 0;         // virtual time of the check
};

// capacity: what is wrong with a driver's usage (more logical or physical bytes than
// its capacity), or nullopt.
std::optional<std::string> CapacityExceeded(std::string_view driver, const csi::DriverUsage& usage);

class InvariantChecker {
 public:
  // Installs the drivers' creation hooks and the watches grant-checked needs; build it
  // right after the cluster, before any object is applied. `names` are kInvariantNames.
  InvariantChecker(Cluster& cluster, const std::vector<std::string>& names);
  ~InvariantChecker();  // removes the hooks and watches
  InvariantChecker(const InvariantChecker&) = delete;
  InvariantChecker& operator=(const InvariantChecker&) = delete;

  bool Enabled(std::string_view name) const;

  // The checking points. Each does nothing once a violation is kept.
  void OnVolumeCreated(const csi::MockDriver& driver, const csi::CreateVolumeRequest& req);
  void AfterWrite(const csi::MockDriver& driver);
  void CheckSettled();

  bool violated() const { return violation_.has_value(); }
  const std::optional<InvariantViolation>& violation() const { return violation_; }
  // Notable windows seen so far (result.h Finding), in the order they happened.
  const std::vector<Finding>& findings() const { return findings_; }

  // How long a terminating snapshot may keep the provisioner's finalizer beyond the
  // sweep interval before finalizers-released reports it: the sweep's own API calls,
  // throttled by the provisioner's client, take time.
  static constexpr SimDuration kSweepMargin = 1 * kMinute;

 private:
  void CheckCapacity(const csi::MockDriver& driver);
  // Keeps the first violation; `offenders` are listed up to a few, then counted.
  void Report(std::string_view invariant, const std::vector<std::string>& offenders);

  Cluster& cluster_;
  bool grant_checked_ = false, capacity_ = false, no_orphans_ = false,
       finalizers_released_ = false;
  std::unique_ptr<GrantCheckedInvariant> grants_;  // null unless grant-checked is chosen
  std::optional<InvariantViolation> violation_;
  std::vector<Finding> findings_;
};

}  // namespace xnsim
