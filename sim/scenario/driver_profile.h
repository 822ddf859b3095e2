// A driver profile: a user's own CSI driver described for xnsim (its capabilities,
// capacity, costs, copy mode, price), so that the conformance suite can be pointed at
// it (`xnsim conformance --driver FILE`) instead of the suite's default driver.
//
//   apiVersion: xnsim.io/v1alpha1
//   kind: DriverProfile
//   metadata: {name: ebs.csi.aws.com}      # the real driver's name, for reports
//   description: gp3 volumes, snapshots via EBS, no clone
//   driver:                                # a cluster.drivers entry, without name or faults
//     capabilities: [CREATE_DELETE_VOLUME, CREATE_DELETE_SNAPSHOT]
//     costs: {restoreSnapshot: {base: 2s, perGiB: 1s}}
#pragma once

#include <string>
#include <string_view>

#include "sim/core/status.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct DriverProfile {
  std::string name;         // metadata.name
  std::string description;
  std::string file;         // where it was read from
  DriverSpec driver;        // the settings; `driver.given` lists the keys the profile sets
};

StatusOr<DriverProfile> LoadDriverProfile(const std::string& path);
StatusOr<DriverProfile> LoadDriverProfileText(std::string_view text, const std::string& file_name);

// Makes the case's driver under test (its first driver) the profiled driver. The driver
// keeps its name (the case's StorageClasses name it) and every key the case wrote for
// it, since what a case pins on its driver is part of the rule it checks, with one
// exception: capabilities become those both report, so that a case can take one away
// but never grant the user's driver one it lacks.
void ApplyDriverProfile(const DriverProfile& profile, Scenario* scenario);

}  // namespace xnsim
