// JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters): one <testsuite>
// per scenario file, one <testcase> per case. Written by hand: the format is small and
// escaping is the only subtle part.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "reports/reports.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

// The command that runs this case again, exactly.
std::string ReplayCommand(const CaseResult& r) {
  return "xnsim run " + r.file + " --seed " + std::to_string(r.seed) + " --filter '" + r.name + "'";
}

struct Suite {
  std::string name;
  std::vector<const CaseResult*> cases;
};

// Scenario files in order of first appearance, each with its cases in run order.
std::vector<Suite> GroupByFile(const std::vector<CaseResult>& results) {
  std::vector<Suite> suites;
  std::map<std::string, size_t> index;
  for (const CaseResult& r : results) {
    auto [it, inserted] = index.emplace(r.file, suites.size());
    if (inserted) suites.push_back(Suite{r.file.empty() ? "xnsim" : r.file, {}});
    suites[it->second].cases.push_back(&r);
  }
  return suites;
}

void WriteCounts(std::ostream& out, const ReportSummary& s) {
  out << " tests=\"" << s.total << "\" failures=\"" << s.failed << "\" errors=\"" << s.errors
      << "\" skipped=\"" << s.skipped << "\" time=\"" << Seconds(s.wall_seconds) << "\"";
}

void WriteCase(std::ostream& out, const CaseResult& r) {
  out << "    <testcase name=\"" << XmlEscape(r.name) << "\" classname=\""
      << XmlEscape(r.file.empty() ? "xnsim" : r.file) << "\" time=\"" << Seconds(r.wall_seconds)
      << "\">\n";
  switch (r.outcome) {
    case Outcome::kPassed: break;
    case Outcome::kFailed:
      out << "      <failure message=\"" << XmlEscape(FirstLine(r.failure))
          << "\" type=\"ScenarioFailed\">" << XmlEscapeText(r.failure) << "</failure>\n";
      break;
    case Outcome::kError:
      out << "      <error message=\"" << XmlEscape(FirstLine(r.failure))
          << "\" type=\"ScenarioError\">" << XmlEscapeText(r.failure) << "</error>\n";
      break;
    case Outcome::kSkipped:
      out << "      <skipped message=\"" << XmlEscape(FirstLine(r.failure)) << "\"/>\n";
      break;
  }
  out << "      <system-out>"
      << XmlEscapeText(
             "seed=" + std::to_string(r.seed) + " virtualTime=" + FormatDuration(r.virtual_time) +
             " events=" + std::to_string(r.events) + "\nreplay: " + ReplayCommand(r) + "\n")
      << "</system-out>\n";
  out << "    </testcase>\n";
}

// The length of the well-formed UTF-8 sequence starting at text[i], or 0 if there is none.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
  const unsigned char c1 = byte(i + 1);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
      (c == 0xF4 && c1 >= 0x90)) {
    return 0;
  }
  return n;
}

std::string Escape(std::string_view text, bool attribute) {
  static constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      case '\r': out += "&#13;"; continue;  // a parser would turn a raw one into \n
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += kReplacement;  // XML 1.0 cannot carry these even as references
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (size_t n = Utf8SequenceLength(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n - 1;
    } else {
      out += kReplacement;  // a byte that is not UTF-8 would make the file unreadable
    }
  }
  return out;
}

}  // namespace

std::string XmlEscape(std::string_view text) { return Escape(text, /*attribute=*/true); }
std::string XmlEscapeText(std::string_view text) { return Escape(text, /*attribute=*/false); }

void WriteJUnitReport(std::ostream& out, const std::vector<CaseResult>& results,
                      std::string_view suites_name) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << XmlEscape(suites_name) << "\"";
  WriteCounts(out, Summarize(results));
  out << ">\n";
  for (const Suite& suite : GroupByFile(results)) {
    ReportSummary s;
    for (const CaseResult* r : suite.cases) s.Add(*r);
    out << "  <testsuite name=\"" << XmlEscape(suite.name) << "\"";
    WriteCounts(out, s);
    out << ">\n";
    for (const CaseResult* r : suite.cases) WriteCase(out, *r);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace xnsim
