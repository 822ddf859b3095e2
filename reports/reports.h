// Report writers: the console summary people read after a run, the JSON report that
// machines read (and that shards of one sweep merge into one), and JUnit XML for CI.
// They only format CaseResults; nothing here runs a scenario.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/status.h"
#include "sim/scenario/result.h"
#include "sim/scenario/rule_catalog.h"

namespace xnsim {

// What a conformance run was about (reports/conformance.h writes it out).
struct ConformanceInfo {
  // What was tested, as label and value, in the order reports print them
  // ("Driver", "hostpath.csi.k8s.io (the suite's default)").
  std::vector<std::pair<std::string, std::string>> tested;
  std::vector<std::string> profiles;  // every profile of the suite, in report order
  std::vector<Rule> rules;            // the suite's whole catalogue
};

// Counts over a list of cases, as every report prints them.
struct ReportSummary {
  int total = 0;
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  int errors = 0;           // cases that could not be evaluated (Outcome::kError)
  uint64_t events = 0;      // engine events over all cases
  double wall_seconds = 0;  // sum of the cases' wall time
  bool AllPassed() const { return failed == 0 && errors == 0; }
  void Add(const CaseResult& r);  // counts one more case
};
ReportSummary Summarize(const std::vector<CaseResult>& results);

// The first line of a failure or skip reason: what a one-line listing shows.
std::string FirstLine(std::string_view text);

// One line per case (PASS/FAIL/SKIP/ERROR, name, virtual time), then each failure in
// full, then the summary table. `use_color` adds ANSI colours for a terminal.
void WriteConsoleSummary(std::ostream& out, const std::vector<CaseResult>& results, bool use_color);
// Its parts: one line per case (or per case that did not pass), and each failure in full.
void WriteCaseLines(std::ostream& out, const std::vector<CaseResult>& results, bool use_color,
                    bool include_passed);
void WriteFailureDetails(std::ostream& out, const std::vector<CaseResult>& results,
                         bool use_color);

// The JSON report, version 1:
//   {"version":1,
//    "cases":[{"name","file","description","labels":{},"outcome","failure","seed",
//              "virtualTime":"1m30s","virtualTimeNs","events","wallSeconds",
//              "eventReasons":{"ProvisioningSucceeded":1},
//              "steps":[{"index","keyword","location","outcome","message",
//                        "started":"0s","startedNs","finished","finishedNs"}]}],
//    "summary":{"total","passed","failed","skipped","errors","events","wallSeconds"},
//    "conformance":{"tested":[{"name","value"}], "profiles":[{"name","total","passed",
//                   "failed","skipped","errors","conformant"}], "conformant",
//                   "rules":[{"id","title","semantics","source","catalog","cases":[NAME]}]}}
// ("conformance" only from `xnsim conformance`). A case with workload steps also has
//   "workloads":[{"name","created","bound","failed"}],
//   "perfData":{"version":"v1","dataItems":[{"data":{"Perc50","Perc90","Perc99","Max"},
//               "unit":"ms","labels":{"Metric":"ProvisioningLatency","Workload":NAME}}]},
//   "storage":[{"driver","logicalGiB","physicalGiB","cost"}]
// (capacity_json.h; ClusterLoader2's PerfData shape for the latencies). Everything a case carries is in its
// entry, and the summaries are derived from the cases, so shard reports merge by
// concatenating "cases" (ReadJsonReport, then write again).
void WriteJsonReport(std::ostream& out, const std::vector<CaseResult>& results,
                     const ConformanceInfo* conformance = nullptr);

struct JsonReport {
  std::vector<CaseResult> results;
  std::optional<ConformanceInfo> conformance;
};

// Reads a report written by WriteJsonReport back. Errors are InputError naming
// `source` (a file name, for messages) and what is wrong.
StatusOr<JsonReport> ReadJsonReport(std::string_view text, std::string_view source);

// JUnit XML: <testsuites> with one <testsuite> per scenario file (in order of first
// appearance) and one <testcase> per case; a failed case has <failure>, a case that
// could not be evaluated <error>, a skipped one <skipped/>. The seed and virtual time
// go in each case's <system-out>, so a CI page shows how to replay it. `time` is wall
// time, as CI tools expect.
void WriteJUnitReport(std::ostream& out, const std::vector<CaseResult>& results,
                      std::string_view suites_name = "xnsim");

// Text escaped for an XML attribute value: markup, both quotes, and newlines and tabs
// as character references so the attribute keeps them. Characters XML 1.0 cannot
// carry (most C0 controls, bytes that are not UTF-8) become U+FFFD.
std::string XmlEscape(std::string_view text);
// The same for character data (element text), where newlines and tabs stay as they are.
std::string XmlEscapeText(std::string_view text);

}  // namespace xnsim
