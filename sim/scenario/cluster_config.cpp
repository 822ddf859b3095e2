#include "sim/scenario/cluster_config.h"

#include <utility>

namespace xnsim {

namespace {

StatusOr<csi::MockDriverConfig> ToDriverConfig(const DriverSpec& spec, SimTime now) {
  csi::MockDriverConfig config;
  config.name = spec.name;
  for (const std::string& name : spec.capabilities) {
    // Real CSI capabilities the mock does not model are accepted and have no effect
    // (sim/scenario/vocabulary.h); the loader refused every other name.
    if (std::optional<csi::Capability> c = csi::ParseCapability(name)) {
      config.capabilities.push_back(*c);
    }
  }
  if (spec.capacity) config.capacity_bytes = spec.capacity->value();
  config.max_inflight = spec.max_inflight;
  config.costs = spec.costs;
  config.copy_mode = spec.copy_mode == "copyOnWrite" ? csi::CopyMode::kCopyOnWrite
                                                     : csi::CopyMode::kFull;
  config.price_per_gib_month = spec.price_per_gib_month;
  for (const FaultSpec& f : spec.faults) {
    StatusOr<csi::Fault> fault = ToFault(f, now);
    if (!fault.ok()) return fault.status();
    config.faults.push_back(std::move(fault).value());
  }
  return config;
}

}  // namespace

StatusOr<csi::Fault> ToFault(const FaultSpec& spec, SimTime now) {
  const std::optional<csi::Code> code = csi::ParseCode(spec.code);
  if (!code || *code == csi::Code::kOk) {
    return InputError(spec.where.ToString() + ": fault code \"" + spec.code +
                      "\" is not a gRPC error code");
  }
  csi::Fault fault;
  fault.op = spec.op;
  fault.code = *code;
  fault.times = spec.times;
  if (spec.for_) fault.until = now + *spec.for_;
  fault.probability = spec.probability;
  return fault;
}

StatusOr<ClusterConfig> ToClusterConfig(const ClusterSpec& spec, SimTime now) {
  StatusOr<ClusterGates> gates = BuildClusterGates(spec.kubernetes_version, spec.feature_gates);
  if (!gates.ok()) return gates.status();
  ClusterConfig config;
  config.gates = std::move(gates).value();
  for (const DriverSpec& d : spec.drivers) {
    StatusOr<csi::MockDriverConfig> driver = ToDriverConfig(d, now);
    if (!driver.ok()) return driver.status();
    config.drivers.push_back(std::move(driver).value());
  }
  config.provisioner = spec.provisioner;
  config.controller_manager = spec.controller_manager;
  config.snapshot_controller = spec.snapshot_controller;
  return config;
}

}  // namespace xnsim
