// The capacity figures of a case in the JSON report (reports.h): "workloads",
// "perfData" (ClusterLoader2's PerfData shape: version v1, dataItems of
// {data: {Perc50, Perc90, Perc99, Max}, unit: ms, labels: {Metric, Workload}}) and
// "storage", written only for a case that has them, and read back for merges and diffs.
// Internal to reports/.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/core/status.h"
#include "sim/scenario/capacity_metrics.h"

namespace xnsim {

// Adds the keys to a case's entry.
void AddCapacityJson(const CapacityMetrics& metrics, nlohmann::ordered_json* case_entry);

// The figures back from a case's entry (the time series are not in the report); null
// when the entry has none. `where` names the entry for errors ("cases[3]").
StatusOr<std::shared_ptr<const CapacityMetrics>> ReadCapacityJson(const nlohmann::json& case_entry,
                                                                  const std::string& where);

}  // namespace xnsim
