// What a case with workloads measured, in virtual time: per workload the objects
// created, bound and failed and their latency to Bound (or readyToUse), and time series
// sampled at a fixed interval of API load per component, queue depths, CSI calls in
// flight and queued, and storage and cost per driver. Plain data, written by the
// runner's MetricsCollector, read by the JSON report and the capacity HTML report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace xnsim {

// ClusterLoader2's latency figures (perc50/90/99 and max), in milliseconds.
struct LatencyPercentiles {
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
  size_t count = 0;
};

// Nearest-rank percentiles of `latencies` (sorted in place), as ClusterLoader2 takes
// them: the value at index ceil(n * q) - 1. Zeros for an empty list.
LatencyPercentiles Percentiles(std::vector<SimDuration>& latencies);

struct WorkloadMetrics {
  std::string name;
  std::string kind;           // the template's kind
  std::string latency_metric; // "ProvisioningLatency", "SnapshotReadyLatency", or "" for none
  int64_t created = 0;
  // PersistentVolumeClaims that reached phase Bound; VolumeSnapshots readyToUse.
  int64_t bound = 0;
  // Rejected on create, or not bound at the end of the run after the provisioner
  // reported ProvisioningFailed (a claim) or the controller set status.error (a snapshot).
  int64_t failed = 0;
  std::string first_failure;             // the first rejection or failure message
  std::vector<SimDuration> latencies;    // create to bound, sorted
  LatencyPercentiles latency;            // of `latencies`
  // Cumulative counts at each sample instant.
  std::vector<int64_t> created_series, bound_series;
};

// One process's API client and queues over time (a restarted process continues the
// counts of the one before, so the series never go down).
struct ComponentSeries {
  std::string component;
  std::vector<double> requests;         // cumulative API requests
  std::vector<double> throttle_seconds; // cumulative client-side throttling delay
  std::vector<double> queue_depth;      // keys waiting plus reconciles running
  std::vector<double> retries;          // cumulative requeues with backoff
};

struct DriverSeries {
  std::string driver;
  std::vector<double> logical_gib, physical_gib, cost;
  std::vector<double> inflight, queued;  // CSI calls being served / waiting for a slot
  double final_logical_gib = 0, final_physical_gib = 0, final_cost = 0;
  int peak_inflight = 0;
};

struct CapacityMetrics {
  SimDuration interval = 0;        // between samples
  std::vector<SimTime> times;      // sample instants
  std::vector<WorkloadMetrics> workloads;
  std::vector<ComponentSeries> components;
  std::vector<DriverSeries> drivers;
};

}  // namespace xnsim
