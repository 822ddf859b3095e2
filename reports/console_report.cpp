// The console summary: what a person reads after `xnsim run`. One line per case, the
// failures in full, and the totals last, where the eye lands when the run ends.
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>

#include "reports/reports.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";

const char* Tag(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "PASS";
    case Outcome::kFailed: return "FAIL";
    case Outcome::kSkipped: return "SKIP";
    case Outcome::kError: return "ERROR";
  }
  return "?";
}

const char* Color(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "\x1b[32m";   // green
    case Outcome::kFailed: return "\x1b[31m";   // red
    case Outcome::kSkipped: return "\x1b[33m";  // yellow
    case Outcome::kError: return "\x1b[35m";    // magenta: not a verdict on the cluster
  }
  return "";
}

std::string Colored(std::string_view text, const char* color, bool use_color) {
  if (!use_color) return std::string(text);
  return std::string(color) + std::string(text) + kReset;
}

std::string PadRight(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::ostringstream out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out << (line.empty() ? "" : prefix) << line << '\n';
  return out.str();
}

std::string WallTime(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", seconds);
  return buf;
}

}  // namespace

void WriteConsoleSummary(std::ostream& out, const std::vector<CaseResult>& results,
                         bool use_color) {
  size_t name_width = 0;
  for (const CaseResult& r : results) name_width = std::max(name_width, r.name.size());
  name_width = std::min<size_t>(name_width, 60);

  for (const CaseResult& r : results) {
    out << Colored(PadRight(Tag(r.outcome), 5), Color(r.outcome), use_color) << "  "
        << PadRight(r.name, name_width) << "  ";
    // A skipped case never ran: its reason is the line's news, not its virtual time.
    if (r.outcome == Outcome::kSkipped) {
      out << FirstLine(r.failure) << '\n';
    } else {
      out << FormatDuration(r.virtual_time) << " virtual\n";
    }
  }

  for (const CaseResult& r : results) {
    if (r.outcome != Outcome::kFailed && r.outcome != Outcome::kError) continue;
    out << '\n'
        << Colored(std::string("--- ") + Tag(r.outcome) + ": " + r.name, Color(r.outcome),
                   use_color)
        << " (" << r.file << ", seed " << r.seed << ")\n"
        << Indent(r.failure.empty() ? "(no details recorded)" : r.failure, "    ");
  }

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
