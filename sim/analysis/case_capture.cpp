#include "sim/analysis/case_capture.h"

#include <algorithm>

#include "sim/core/engine.h"

namespace xnsim {

void CaseCapture::ClusterBuilt(Engine& engine, Cluster& cluster) {
  // A replayed case starts over.
  state_.reset();
  captured_at_time_ = false;
  recorder_ = std::make_unique<LineageRecorder>(cluster);
  if (at_) {
    // Periodic: it does not keep the cluster from settling, and only reads.
    engine.ScheduleAt(
        std::max(*at_, engine.Now()),
        [this] {
          if (recorder_ == nullptr || captured_at_time_) return;
          state_ = recorder_->Capture();
          captured_at_time_ = true;
        },
        EventClass::kPeriodic);
  }
}

void CaseCapture::CaseEnded(Cluster& cluster, CaseResult& result) {
  ended_at_ = cluster.api().engine().Now();
  if (!captured_at_time_ && recorder_ != nullptr) state_ = recorder_->Capture();
  recorder_.reset();  // unwatches while the API server is still there
}

}  // namespace xnsim
