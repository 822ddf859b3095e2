// The capacity report: one self-contained HTML page (inline SVG charts, no scripts, no
// network) for a capacity study, with its cases (a matrix's variants) side by side:
// a summary table, then charts of latency distribution, objects bound over time,
// throughput, storage and cost over time, and per case the work queues, API requests
// and client-side throttling per component, and CSI calls in flight and queued.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario/result.h"

namespace xnsim {

struct CapacityStudy {
  std::string name;         // the scenario's metadata.name
  std::string description;  // the scenario's description
  std::string file;         // where it was read from
  std::vector<CaseResult> cases;  // each with `capacity` set, or reported as without figures
};

void WriteCapacityHtml(std::ostream& out, const CapacityStudy& study);

}  // namespace xnsim
