// Collects a case's CapacityMetrics as it runs, only when the case has workloads.
// Latency is measured as a watcher sees it (ClusterLoader2's way): from the create
// that the API server accepted to the watch event that shows the claim Bound or the
// snapshot readyToUse. Time series are sampled at fixed instants without engine
// events of their own: between two events nothing changes, so the runner asks the
// collector to catch up before each event, and a sample taken then is exact. The
// interval doubles (every other sample dropped) whenever the series grow past
// kMaxSamples, so a day of virtual time costs no more than a minute of it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/controllers/cluster/cluster.h"
#include "sim/scenario/capacity_metrics.h"
#include "sim/scenario/workload.h"

namespace xnsim {

class MetricsCollector {
 public:
  static constexpr size_t kMaxSamples = 1024;
  static constexpr SimDuration kFirstInterval = 100 * kMillisecond;

  MetricsCollector(Engine& engine, Cluster& cluster);
  ~MetricsCollector();
  MetricsCollector(const MetricsCollector&) = delete;
  MetricsCollector& operator=(const MetricsCollector&) = delete;

  // A workload step starts: the hooks its WorkloadRun reports objects to.
  WorkloadRun::Hooks AddWorkload(const WorkloadStep& step);

  // Takes every sample due strictly before `t` (the next event's time) ...
  void CatchUpBefore(SimTime t);
  // ... or up to and including `t` (the clock moved to `t` without events).
  void CatchUpThrough(SimTime t);

  // The figures at `now`: a last sample, percentiles, failures.
  std::shared_ptr<const CapacityMetrics> Finish(SimTime now);

 private:
  struct Tracked {
    int workload = 0;
    SimTime created = 0;
    bool done = false;          // Bound / readyToUse seen
    bool failure_seen = false;  // ProvisioningFailed / status.error seen
  };
  struct Counters {  // a component's readings, kept monotonic across restarts
    double requests = 0, throttle = 0, retries = 0;           // last raw readings
    double requests_base = 0, throttle_base = 0, retries_base = 0;  // sums before restarts
  };

  void Sample(SimTime at);
  void Decimate();
  void Done(const std::string& uid);
  void FailureSeen(const std::string& uid);

  Engine& engine_;
  Cluster& cluster_;
  CapacityMetrics metrics_;
  std::vector<int64_t> rejected_;      // by workload
  std::vector<int64_t> created_now_, bound_now_;  // by workload, running counts
  std::vector<Tracked> tracked_;
  std::unordered_map<std::string, size_t> by_uid_;  // looked up only
  std::map<std::string, size_t> component_index_;
  std::vector<Counters> counters_;
  SimTime next_sample_ = 0;
  std::vector<int> watches_;
};

}  // namespace xnsim
