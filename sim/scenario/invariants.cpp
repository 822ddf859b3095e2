#include "sim/scenario/invariants.h"

#include <algorithm>

#include "sim/controllers/provisioner/profile.h"
#include "sim/core/quantity.h"
#include "sim/scenario/invariant_grant.h"
#include "sim/scenario/invariant_settled.h"

namespace xnsim {

namespace {

// How many offenders a violation lists before it only counts the rest.
constexpr size_t kListedOffenders = 5;

std::string Bytes(int64_t bytes) { return Quantity::FromBinaryValue(bytes).ToString(); }

}  // namespace

std::optional<std::string> CapacityExceeded(std::string_view driver, const csi::DriverUsage& usage) {
  if (!usage.capacity_bytes) return std::nullopt;
  const int64_t cap = *usage.capacity_bytes;
  if (usage.logical_bytes <= cap && usage.physical_bytes <= cap) return std::nullopt;
  return "driver " + std::string(driver) + " holds " + Bytes(usage.logical_bytes) +
         " logical and " + Bytes(usage.physical_bytes) + " physical bytes in " +
         std::to_string(usage.volumes) + " volume(s) and " + std::to_string(usage.snapshots) +
         " snapshot(s), more than its capacity " + Bytes(cap);
}

InvariantChecker::InvariantChecker(Cluster& cluster, const std::vector<std::string>& names)
    : cluster_(cluster) {
  const auto chosen = [&names](std::string_view n) {
    return names.empty() || std::find(names.begin(), names.end(), n) != names.end();
  };
  grant_checked_ = chosen("grant-checked");
  capacity_ = chosen("capacity");
  no_orphans_ = chosen("no-orphans");
  finalizers_released_ = chosen("finalizers-released");
  if (grant_checked_) {
    grants_ = std::make_unique<GrantCheckedInvariant>(cluster_.api(), cluster_.audit(),
                                                      cluster_.config().provisioner);
  }
  if (grant_checked_ || capacity_) {
    for (const auto& d : cluster_.drivers()) {
      const csi::MockDriver* driver = d.get();
      d->SetVolumeCreatedHook(
          [this, driver](const csi::CreateVolumeRequest& req, const csi::VolumeInfo&) {
            OnVolumeCreated(*driver, req);
          });
    }
  }
}

InvariantChecker::~InvariantChecker() {
  if (grant_checked_ || capacity_) {
    for (const auto& d : cluster_.drivers()) d->SetVolumeCreatedHook(nullptr);
  }
}

bool InvariantChecker::Enabled(std::string_view name) const {
  if (name == "grant-checked") return grant_checked_;
  if (name == "capacity") return capacity_;
  if (name == "no-orphans") return no_orphans_;
  if (name == "finalizers-released") return finalizers_released_;
  return false;
}

void InvariantChecker::OnVolumeCreated(const csi::MockDriver& driver,
                                       const csi::CreateVolumeRequest& req) {
  if (violated()) return;
  if (grants_) {
    if (std::optional<std::string> what = grants_->Check(req)) {
      Report("grant-checked", {*what});
      return;
    }
    if (std::optional<Finding> window = grants_->RevokedWindow(req)) findings_.push_back(*window);
  }
  CheckCapacity(driver);
}

void InvariantChecker::AfterWrite(const csi::MockDriver& driver) {
  if (!violated()) CheckCapacity(driver);
}

void InvariantChecker::CheckCapacity(const csi::MockDriver& driver) {
  // The whole usage (call counts by name, cost) is gathered only for a violation's
  // message: most checks find the bytes within the capacity, or no capacity at all.
  const std::optional<int64_t>& cap = driver.config().capacity_bytes;
  if (!capacity_ || !cap || (driver.logical_bytes() <= *cap && driver.physical_bytes() <= *cap)) return;
  if (std::optional<std::string> what = CapacityExceeded(driver.name(), driver.Usage())) {
    Report("capacity", {*what});
  }
}

void InvariantChecker::CheckSettled() {
  if (violated()) return;
  // Snapshots take space without a creation hook: settling is when they are counted.
  for (const auto& d : cluster_.drivers()) {
    CheckCapacity(*d);
    if (violated()) return;
  }
  if (no_orphans_) {
    std::vector<std::string> orphans = FindOrphans(cluster_.api(), cluster_.drivers());
    if (!orphans.empty()) return Report("no-orphans", orphans);
  }
  if (finalizers_released_) {
    const ProvisionerOptions& options = cluster_.config().provisioner;
    const StatusOr<ProvisionerProfile> profile = ProfileForVersion(options.version);
    // Without a sweeper (releases before v6.3, or an interval of 0) nothing will come
    // to remove the provisioner's snapshot finalizer: no grace.
    const bool sweeps = profile.ok() && profile->snapshot_finalizer_sweeper &&
                        options.snapshot_orphan_sweep_interval > 0;
    const SimDuration grace = sweeps ? options.snapshot_orphan_sweep_interval + kSweepMargin : 0;
    std::vector<std::string> stuck =
        FindStuckFinalizers(cluster_.api(), cluster_.api().engine().Now(), grace);
    if (!stuck.empty()) return Report("finalizers-released", stuck);
  }
}

void InvariantChecker::Report(std::string_view invariant,
                              const std::vector<std::string>& offenders) {
  if (violated() || offenders.empty()) return;
  std::string what;
  for (size_t i = 0; i < offenders.size() && i < kListedOffenders; ++i) {
    what += (i == 0 ? "" : "\n") + offenders[i];
  }
  if (offenders.size() > kListedOffenders) {
    what += "\n... and " + std::to_string(offenders.size() - kListedOffenders) + " more";
  }
  violation_ = InvariantViolation{std::string(invariant), std::move(what),
                                  cluster_.api().engine().Now()};
}

}  // namespace xnsim
