// The runner: builds a simulated cluster for a scenario case (engine, API server with
// its gates, mock CSI drivers, controllers, the bootstrap namespaces), executes the
// steps in virtual time and checks the scenario's invariants as it goes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

#include "sim/scenario/result.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct ClusterSeams;  // sim/controllers/cluster/cluster.h
class Cluster;        // sim/controllers/cluster/cluster.h
class Engine;         // sim/core/engine.h
class Perturbation;   // sim/core/perturbation.h

// Follows a case as it runs, for analyses that need more than its result (the access
// and lineage graph, `maxExposure`): told when the cluster is built, so it can watch
// it from the first object on, and when the case ends, with the cluster still up. A
// case replayed for its trace is built again, and told again.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void ClusterBuilt(Engine& engine, Cluster& cluster) {}
  // After the last step (and the settled checks); it may fail `result`.
  virtual void CaseEnded(Cluster& cluster, CaseResult& result) {}
};

// What every run of one case shares, made once from the scenario: the cluster's
// configuration and each assertion's query. Read only, so the explorer's threads share
// one across thousands of schedules. It points into the scenario: it must not outlive it.
struct CasePlan;  // runner.cpp
// The plan for `scenario` with `seams` (the same seams the runs are given).
std::shared_ptr<const CasePlan> PlanCase(const Scenario& scenario, const ClusterSeams* seams);

struct RunOptions {
  uint64_t seed = 1;
  // JSON-lines trace of every event, or none. Without one, a case that violates an
  // invariant is replayed (same seed) with a trace to show the events that led to it.
  std::ostream* trace = nullptr;
  // Components' rules swapped for broken ones (tests only); null: Kubernetes' own.
  const ClusterSeams* seams = nullptr;
  // Told about the case as it runs (not owned); none by default.
  std::vector<RunObserver*> observers;
  // Schedule exploration (sim/explore): makes the run's perturbation from its engine;
  // empty: the nominal schedule.
  std::function<std::unique_ptr<Perturbation>(Engine&)> perturbation;
  // PlanCase(scenario, seams) made beforehand, for many runs of one case; null: each
  // run plans for itself.
  std::shared_ptr<const CasePlan> plan;
};

CaseResult RunScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace xnsim
