// Decides which mock-driver calls fail on purpose: the scenario's `faults` and the
// `fault` step. A fault names an operation and a gRPC code and fires for the next
// `times` calls, for every call before `until`, and/or for each call with
// `probability`, drawn from the driver's own seeded stream so a run replays exactly.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "fake-csi/mock_driver.h"
#include "sim/core/random.h"
#include "sim/core/time.h"

namespace xnsim::csi {

class FaultInjector {
 public:
  explicit FaultInjector(Random stream) : stream_(stream) {}

  void Add(Fault fault) { faults_.push_back(std::move(fault)); }

  // The code to fail a call of `op` with at `now`, or nullopt. Faults are tried in the
  // order they were added; the first that fires wins (and uses up one of its `times`).
  // A fault with none of times/until/probability fires on every call.
  std::optional<Code> Check(std::string_view op, SimTime now);

  size_t active() const { return faults_.size(); }

 private:
  Random stream_;
  std::vector<Fault> faults_;
};

}  // namespace xnsim::csi
