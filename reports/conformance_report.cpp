// The conformance verdict per profile and its two human forms: the console summary
// and the Markdown report.
#include <algorithm>
#include <map>
#include <string>

#include "reports/conformance.h"
#include "reports/console_text.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

std::string LabelOf(const CaseResult& r, const char* key) {
  auto it = r.labels.find(key);
  return it == r.labels.end() ? std::string() : it->second;
}

// The cases that name `rule_id`, in run order.
std::vector<const CaseResult*> CasesOf(const std::string& rule_id,
                                       const std::vector<CaseResult>& results) {
  std::vector<const CaseResult*> cases;
  for (const CaseResult& r : results) {
    if (LabelOf(r, "rule") == rule_id) cases.push_back(&r);
  }
  return cases;
}

// A rule's standing over the cases that ran: failed or error beats skipped beats passed.
const char* RuleStanding(const std::vector<const CaseResult*>& cases) {
  if (cases.empty()) return "not run";
  bool skipped = false;
  for (const CaseResult* r : cases) {
    if (r->outcome == Outcome::kFailed || r->outcome == Outcome::kError) return "failed";
    skipped = skipped || r->outcome == Outcome::kSkipped;
  }
  return skipped ? "skipped" : "passed";
}

// Why a profile is not conformant, in a few words.
std::string Shortfall(const ProfileResult& p) {
  std::string why;
  auto add = [&](int n, const char* what) {
    if (n > 0) why += (why.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(p.summary.failed, "failed");
  add(p.summary.errors, "errors");
  add(p.summary.skipped, "skipped");
  return why;
}

// Markdown table cells cannot hold a bare '|' or a newline.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

const char* OutcomeMark(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "pass";
    case Outcome::kFailed: return "FAIL";
    case Outcome::kSkipped: return "skip";
    case Outcome::kError: return "ERROR";
  }
  return "?";
}

}  // namespace

std::vector<ProfileResult> SummarizeProfiles(const ConformanceInfo& info,
                                             const std::vector<CaseResult>& results) {
  std::map<std::string, ReportSummary> by_profile;
  for (const CaseResult& r : results) by_profile[LabelOf(r, "profile")].Add(r);
  std::vector<ProfileResult> out;
  for (const std::string& name : info.profiles) {
    auto it = by_profile.find(name);
    if (it != by_profile.end()) out.push_back({name, it->second});
  }
  return out;
}

bool Conformant(const std::vector<ProfileResult>& profiles) {
  return !profiles.empty() && std::all_of(profiles.begin(), profiles.end(),
                                          [](const ProfileResult& p) { return p.Conformant(); });
}

void WriteConformanceConsole(std::ostream& out, const ConformanceInfo& info,
                             const std::vector<CaseResult>& results, bool use_color) {
  using namespace console_text;  // NOLINT: the reports' shared text helpers
  for (const auto& [name, value] : info.tested) out << PadRight(name + ":", 22) << value << '\n';
  out << '\n';
  WriteCaseLines(out, results, use_color, /*include_passed=*/false);
  WriteFailureDetails(out, results, use_color);

  const std::vector<ProfileResult> profiles = SummarizeProfiles(info, results);
  constexpr size_t kName = 18, kCol = 9;
  out << '\n'
      << (use_color ? kBold : "") << PadRight("profile", kName) << PadLeft("passed", kCol)
      << PadLeft("failed", kCol) << PadLeft("errors", kCol) << PadLeft("skipped", kCol)
      << PadLeft("total", kCol) << "  conformant" << (use_color ? kReset : "") << '\n';
  auto row = [&](const std::string& name, const ReportSummary& s) {
    out << PadRight(name, kName) << PadLeft(std::to_string(s.passed), kCol)
        << PadLeft(std::to_string(s.failed), kCol) << PadLeft(std::to_string(s.errors), kCol)
        << PadLeft(std::to_string(s.skipped), kCol) << PadLeft(std::to_string(s.total), kCol);
  };
  for (const ProfileResult& p : profiles) {
    row(p.name, p.summary);
    out << "  "
        << (p.Conformant() ? Colored("yes", Color(Outcome::kPassed), use_color)
                           : Colored("no (" + Shortfall(p) + ")", Color(Outcome::kFailed),
                                     use_color))
        << '\n';
  }
  const ReportSummary all = Summarize(results);
  row("all", all);
  out << '\n';

  int passing = 0, ran = 0;
  for (const Rule& rule : info.rules) {
    const std::vector<const CaseResult*> cases = CasesOf(rule.id, results);
    if (cases.empty()) continue;
    ++ran;
    passing += std::string_view(RuleStanding(cases)) == "passed" ? 1 : 0;
  }
  out << "rules: " << ran << " of " << info.rules.size() << " checked, " << passing
      << " passed; " << all.events << " simulated events, " << WallTime(all.wall_seconds)
      << " wall time\n";
  const bool conformant = Conformant(profiles);
  out << Colored(conformant ? "CONFORMANT" : "NOT CONFORMANT",
                 conformant ? Color(Outcome::kPassed) : Color(Outcome::kFailed), use_color)
      << '\n';
}

void WriteConformanceMarkdown(std::ostream& out, const ConformanceInfo& info,
                              const std::vector<CaseResult>& results) {
  const std::vector<ProfileResult> profiles = SummarizeProfiles(info, results);
  const ReportSummary all = Summarize(results);
  out << "# xnsim conformance report\n\n"
      << "**" << (Conformant(profiles) ? "Conformant" : "Not conformant") << "**: "
      << all.passed << " of " << all.total << " cases passed, " << all.failed << " failed, "
      << all.errors << " errors, " << all.skipped << " skipped. "
      << "A profile is conformant only when none of its cases failed and none was skipped.\n\n";

  out << "## What was tested\n\n| | |\n|---|---|\n";
  for (const auto& [name, value] : info.tested) out << "| " << Cell(name) << " | " << Cell(value) << " |\n";

  out << "\n## Profiles\n\n| Profile | Passed | Failed | Errors | Skipped | Total | Conformant |\n"
      << "|---|---:|---:|---:|---:|---:|---|\n";
  for (const ProfileResult& p : profiles) {
    out << "| " << p.name << " | " << p.summary.passed << " | " << p.summary.failed << " | "
        << p.summary.errors << " | " << p.summary.skipped << " | " << p.summary.total << " | "
        << (p.Conformant() ? "yes" : "no (" + Shortfall(p) + ")") << " |\n";
  }
  for (const std::string& name : info.profiles) {
    if (std::none_of(profiles.begin(), profiles.end(),
                     [&](const ProfileResult& p) { return p.name == name; })) {
      out << "| " << name << " | | | | | 0 | not run |\n";
    }
  }

  out << "\n## Rules\n\n| Rule | SEMANTICS.md | What it says | Source | Cases | Result |\n"
      << "|---|---|---|---|---|---|\n";
  for (const Rule& rule : info.rules) {
    const std::vector<const CaseResult*> cases = CasesOf(rule.id, results);
    std::string names;
    for (const CaseResult* r : cases) {
      names += (names.empty() ? "" : "<br>") + std::string("`") + r->name + "` " +
               OutcomeMark(r->outcome);
    }
    out << "| `" << rule.id << "` | " << Cell(rule.semantics) << " | " << Cell(rule.title) << " | "
        << Cell(rule.source) << " | " << (names.empty() ? "-" : names) << " | "
        << RuleStanding(cases) << " |\n";
  }

  bool heading = false;
  for (const CaseResult& r : results) {
    if (r.outcome == Outcome::kPassed) continue;
    if (!heading) {
      out << "\n## Cases that did not pass\n";
      heading = true;
    }
    out << "\n### " << OutcomeMark(r.outcome) << ": `" << r.name << "`\n\n"
        << r.description << "\n\n" << "File `" << r.file << "`, seed " << r.seed << ".\n\n"
        << "```\n" << r.failure << (r.failure.empty() || r.failure.back() == '\n' ? "" : "\n")
        << "```\n";
  }
}

}  // namespace xnsim
