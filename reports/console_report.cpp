// The console summary: what a person reads after `xnsim run`. One line per case, the
// failures in full, and the totals last, where the eye lands when the run ends.
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>

#include "reports/console_text.h"
#include "reports/reports.h"
#include "sim/core/time.h"

namespace xnsim {

void WriteCaseLines(std::ostream& out, const std::vector<CaseResult>& results, bool use_color,
                    bool include_passed) {
  using namespace console_text;  // NOLINT: the reports' shared text helpers
  size_t name_width = 0;
  for (const CaseResult& r : results) name_width = std::max(name_width, r.name.size());
  name_width = std::min<size_t>(name_width, 60);

  for (const CaseResult& r : results) {
    if (!include_passed && r.outcome == Outcome::kPassed) continue;
    out << Colored(PadRight(Tag(r.outcome), 5), Color(r.outcome), use_color) << "  "
        << PadRight(r.name, name_width) << "  ";
    // A skipped case never ran: its reason is the line's news, not its virtual time.
    if (r.outcome == Outcome::kSkipped) {
      out << FirstLine(r.failure) << '\n';
    } else {
      out << FormatDuration(r.virtual_time) << " virtual\n";
    }
  }
}

void WriteFailureDetails(std::ostream& out, const std::vector<CaseResult>& results,
                         bool use_color) {
  using namespace console_text;  // NOLINT: the reports' shared text helpers
  for (const CaseResult& r : results) {
    if (r.outcome != Outcome::kFailed && r.outcome != Outcome::kError) continue;
    out << '\n'
        << Colored(std::string("--- ") + Tag(r.outcome) + ": " + r.name, Color(r.outcome),
                   use_color)
        << " (" << r.file << ", seed " << r.seed << ")\n"
        << Indent(r.failure.empty() ? "(no details recorded)" : r.failure, "    ");
  }
}

void WriteConsoleSummary(std::ostream& out, const std::vector<CaseResult>& results,
                         bool use_color) {
  using namespace console_text;  // NOLINT: the reports' shared text helpers
  WriteCaseLines(out, results, use_color, /*include_passed=*/true);
  WriteFailureDetails(out, results, use_color);
  const ReportSummary s = Summarize(results);
  constexpr size_t kCol = 9;
  out << '\n'
      << (use_color ? kBold : "") << PadRight("", 7) << PadLeft("passed", kCol)
      << PadLeft("failed", kCol) << PadLeft("errors", kCol) << PadLeft("skipped", kCol)
      << PadLeft("total", kCol) << (use_color ? kReset : "") << '\n'
      << PadRight("cases", 7) << PadLeft(std::to_string(s.passed), kCol)
      << PadLeft(std::to_string(s.failed), kCol) << PadLeft(std::to_string(s.errors), kCol)
      << PadLeft(std::to_string(s.skipped), kCol) << PadLeft(std::to_string(s.total), kCol) << '\n'
      << s.events << " simulated events, " << WallTime(s.wall_seconds) << " wall time\n"
      << Colored(s.AllPassed() ? "PASSED" : "FAILED",
                 s.AllPassed() ? Color(Outcome::kPassed) : Color(Outcome::kFailed), use_color)
      << '\n';
}

}  // namespace xnsim
