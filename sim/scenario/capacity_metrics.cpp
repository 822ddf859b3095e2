// Percentiles as ClusterLoader2 reports them (capacity_metrics.h).
#include "sim/scenario/capacity_metrics.h"

#include <algorithm>
#include <cmath>

namespace xnsim {

LatencyPercentiles Percentiles(std::vector<SimDuration>& latencies) {
  LatencyPercentiles out;
  out.count = latencies.size();
  if (latencies.empty()) return out;
  std::sort(latencies.begin(), latencies.end());
  const auto at = [&](double q) {
    // Nearest rank: the smallest value with at least q of the values at or below it.
    const double rank = std::ceil(static_cast<double>(latencies.size()) * q);
    const size_t index = static_cast<size_t>(std::max(rank, 1.0)) - 1;
    return static_cast<double>(latencies[std::min(index, latencies.size() - 1)]) /
           static_cast<double>(kMillisecond);
  };
  out.p50 = at(0.50);
  out.p90 = at(0.90);
  out.p99 = at(0.99);
  out.max = static_cast<double>(latencies.back()) / static_cast<double>(kMillisecond);
  return out;
}

}  // namespace xnsim
