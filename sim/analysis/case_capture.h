// Follows one case (a RunObserver) and keeps its access state: at a chosen virtual
// time, or at the end of the case. `xnsim graph` runs a case with one.
#pragma once

#include <memory>
#include <optional>

#include "sim/analysis/access_state.h"
#include "sim/analysis/lineage_recorder.h"
#include "sim/scenario/runner.h"

namespace xnsim {

class CaseCapture : public RunObserver {
 public:
  // `at`: capture the state at that virtual time (before the events due then run);
  // if the case ends earlier, or without `at`, its final state.
  explicit CaseCapture(std::optional<SimTime> at = std::nullopt) : at_(at) {}

  void ClusterBuilt(Engine& engine, Cluster& cluster) override;
  void CaseEnded(Cluster& cluster, CaseResult& result) override;

  // After the case: the captured state, and whether it is the one at `at`.
  const std::optional<AccessState>& state() const { return state_; }
  bool captured_at_time() const { return captured_at_time_; }
  SimTime ended_at() const { return ended_at_; }

 private:
  std::optional<SimTime> at_;
  std::unique_ptr<LineageRecorder> recorder_;
  std::optional<AccessState> state_;
  bool captured_at_time_ = false;
  SimTime ended_at_ = 0;
};

}  // namespace xnsim
