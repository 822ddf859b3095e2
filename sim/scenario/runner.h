// The runner: builds a simulated cluster for a scenario case (engine, API server with
// its gates, the bootstrap namespaces) and executes the steps in virtual time.
#pragma once

#include <cstdint>
#include <ostream>

#include "sim/scenario/result.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct RunOptions {
  uint64_t seed = 1;
  std::ostream* trace = nullptr;  // JSON-lines trace of every event, or none
};

CaseResult RunScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace xnsim
