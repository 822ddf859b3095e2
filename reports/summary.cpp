// Counting cases by outcome: the one place every report gets its totals from.
#include "reports/reports.h"

namespace xnsim {

void ReportSummary::Add(const CaseResult& r) {
  ++total;
  switch (r.outcome) {
    case Outcome::kPassed: ++passed; break;
    case Outcome::kFailed: ++failed; break;
    case Outcome::kSkipped: ++skipped; break;
    case Outcome::kError: ++errors; break;
  }
  events += r.events;
  wall_seconds += r.wall_seconds;
}

ReportSummary Summarize(const std::vector<CaseResult>& results) {
  ReportSummary s;
  for (const CaseResult& r : results) s.Add(r);
  return s;
}

std::string FirstLine(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

}  // namespace xnsim
