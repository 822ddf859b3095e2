// `xnsim diff`: what changed between two runs' JSON reports, case by case: outcomes,
// cases only in one run, Event counts by reason, workload counts, latency figures
// (perfData data items, matched by their labels) and storage figures (per driver).
// Counts must be equal; measured figures may move by a relative tolerance.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/status.h"

namespace xnsim::cli {

struct ReportChange {
  std::string case_name;
  // "only-in-a", "only-in-b", "outcome", "event-reason", "workload", "latency", "storage"
  std::string kind;
  std::string what;  // "ProvisioningFailed", "ProvisioningLatency{Workload=daily-clones} Perc50"
  std::string a, b;  // the values as the reports give them ("" when absent)
  std::optional<double> a_value, b_value;   // numbers, when the figure is one
  std::optional<double> change_percent;     // (b - a) / |a|, for measured figures
  bool within_tolerance = false;            // a measured figure that moved, but little
};

struct ReportDiff {
  std::string a_name, b_name;
  double tolerance_percent = 5;
  size_t cases_a = 0, cases_b = 0, cases_compared = 0;
  std::vector<ReportChange> changes;  // in case order (A's, then B's new ones)
  size_t Differences() const;         // changes outside the tolerance
};

// Compares two JSON reports (the text of each, and its name for messages). Errors are
// InputError naming the file and what is wrong.
StatusOr<ReportDiff> DiffReports(std::string_view a_text, std::string_view a_name,
                                 std::string_view b_text, std::string_view b_name,
                                 double tolerance_percent);

// For people: one line per difference, grouped by kind, then a verdict line.
void WriteReportDiffText(std::ostream& out, const ReportDiff& diff);
// For tools: {"a","b","tolerancePercent","cases":{"a","b","compared"},"differences":N,
// "changes":[{"case","kind","what","a","b","changePercent","withinTolerance"}]}.
void WriteReportDiffJson(std::ostream& out, const ReportDiff& diff);

}  // namespace xnsim::cli
