// The runner: builds a simulated cluster for a scenario case (engine, API server with
// its gates, mock CSI drivers, controllers, the bootstrap namespaces), executes the
// steps in virtual time and checks the scenario's invariants as it goes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>

#include "sim/scenario/result.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct ClusterSeams;  // sim/controllers/cluster/cluster.h
class Engine;
class Perturbation;  // sim/core/perturbation.h

struct RunOptions {
  uint64_t seed = 1;
  // JSON-lines trace of every event, or none. Without one, a case that violates an
  // invariant is replayed (same seed) with a trace to show the events that led to it.
  std::ostream* trace = nullptr;
  // Components' rules swapped for broken ones (tests only); null: Kubernetes' own.
  const ClusterSeams* seams = nullptr;
  // Schedule exploration (sim/explore): makes the run's perturbation from its engine;
  // empty: the nominal schedule.
  std::function<std::unique_ptr<Perturbation>(Engine&)> perturbation;
};

CaseResult RunScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace xnsim
