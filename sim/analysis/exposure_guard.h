// Checks a scenario's `maxExposure` bounds when a case ends (a RunObserver): a source
// whose data can reach a namespace its bound does not list fails the case, naming
// the namespace and the witness path. `xnsim run` attaches one to every case that
// has bounds.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/access_graph.h"
#include "sim/analysis/lineage_recorder.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

// What is wrong with `graph` against `bounds`, for people; nullopt when every bound holds.
std::optional<std::string> CheckExposureBounds(const AccessGraph& graph,
                                               const std::vector<ExposureBound>& bounds);

class ExposureGuard : public RunObserver {
 public:
  explicit ExposureGuard(std::vector<ExposureBound> bounds) : bounds_(std::move(bounds)) {}

  void ClusterBuilt(Engine& engine, Cluster& cluster) override;
  void CaseEnded(Cluster& cluster, CaseResult& result) override;

 private:
  std::vector<ExposureBound> bounds_;
  std::unique_ptr<LineageRecorder> recorder_;
};

}  // namespace xnsim
