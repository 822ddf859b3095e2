// The conformance report, in the spirit of Gateway API's: what was tested (driver,
// provisioner settings, versions), per profile passed/failed/skipped and whether it is
// conformant, and every rule of the suite with the cases that cover it. Markdown for
// people, the console summary, and a `conformance` section in the JSON report for
// tools (which is also how shard reports carry it to `xnsim report merge`).
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "reports/reports.h"
#include "sim/scenario/result.h"
#include "sim/scenario/rule_catalog.h"

namespace xnsim {

struct ProfileResult {
  std::string name;
  ReportSummary summary;
  // Conformant: it ran, and nothing failed, errored or was skipped.
  bool Conformant() const {
    return summary.total > 0 && summary.AllPassed() && summary.skipped == 0;
  }
};

// One entry per profile in `info.profiles` that has a case in `results` (labels.profile).
std::vector<ProfileResult> SummarizeProfiles(const ConformanceInfo& info,
                                             const std::vector<CaseResult>& results);

// Whether every profile that ran is conformant.
bool Conformant(const std::vector<ProfileResult>& profiles);

// The console summary: the cases that did not pass, each failure in full, the profile
// table, rule coverage and the verdict.
void WriteConformanceConsole(std::ostream& out, const ConformanceInfo& info,
                             const std::vector<CaseResult>& results, bool use_color);

// The Markdown report: verdict, what was tested, profiles, rules with their cases, and
// the cases that failed or were skipped with why.
void WriteConformanceMarkdown(std::ostream& out, const ConformanceInfo& info,
                              const std::vector<CaseResult>& results);

}  // namespace xnsim
