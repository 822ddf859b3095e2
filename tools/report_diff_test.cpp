// `xnsim diff`: which changes between two JSON reports are differences.
#include "tools/report_diff.h"

#include <gtest/gtest.h>

#include <sstream>

namespace xnsim::cli {
namespace {

std::string DiffTestReport(const std::string& cases) {
  return R"({"version": 1, "cases": [)" + cases + "]}";
}

ReportDiff DiffTestOf(const std::string& a, const std::string& b, double tolerance = 5) {
  StatusOr<ReportDiff> d = DiffReports(DiffTestReport(a), "a.json", DiffTestReport(b), "b.json", tolerance);
  EXPECT_TRUE(d.ok()) << d.status().message();
  return d.ok() ? *d : ReportDiff{};
}

TEST(DiffReports, IdenticalReportsHaveNoChange) {
  const std::string c = R"({"name": "x", "outcome": "passed", "eventReasons": {"Provisioning": 1}})";
  EXPECT_TRUE(DiffTestOf(c, c).changes.empty());
}

TEST(DiffReports, OutcomesAndCasesOnlyInOneReport) {
  const ReportDiff d = DiffTestOf(R"({"name": "x", "outcome": "passed"}, {"name": "gone", "outcome": "passed"})",
                                  R"({"name": "x", "outcome": "failed"}, {"name": "new", "outcome": "skipped"})");
  ASSERT_EQ(d.changes.size(), 3u);
  EXPECT_EQ(d.changes[0].kind, "outcome");
  EXPECT_EQ(d.changes[0].a, "passed");
  EXPECT_EQ(d.changes[0].b, "failed");
  EXPECT_EQ(d.changes[1].kind, "only-in-a");
  EXPECT_EQ(d.changes[1].case_name, "gone");
  EXPECT_EQ(d.changes[2].kind, "only-in-b");
  EXPECT_EQ(d.Differences(), 3u);
}

TEST(DiffReports, EventReasonCountsMustBeEqualAndAMissingReasonIsZero) {
  const ReportDiff d = DiffTestOf(R"({"name": "x", "eventReasons": {"ProvisioningSucceeded": 1}})",
                                  R"({"name": "x", "eventReasons": {"ProvisioningFailed": 3}})");
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].what, "ProvisioningFailed");
  EXPECT_EQ(d.changes[0].a, "0");
  EXPECT_EQ(d.changes[0].b, "3");
  EXPECT_EQ(d.changes[1].what, "ProvisioningSucceeded");
}

TEST(DiffReports, LatencyItemsMatchByLabelsAndMoveWithinOrBeyondTheTolerance) {
  const std::string a = R"({"name": "c", "perfData": {"dataItems": [{"data": {"Perc50": 10.0, "Perc99": 40.0},
      "unit": "ms", "labels": {"Metric": "ProvisioningLatency", "Workload": "w"}}]}})";
  const std::string b = R"({"name": "c", "perfData": {"dataItems": [{"data": {"Perc50": 10.4, "Perc99": 20.0},
      "unit": "ms", "labels": {"Workload": "w", "Metric": "ProvisioningLatency"}}]}})";
  const ReportDiff d = DiffTestOf(a, b, 5);
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].what, "ProvisioningLatency{Workload=w} Perc50");
  EXPECT_TRUE(d.changes[0].within_tolerance);  // +4%
  EXPECT_EQ(d.changes[1].what, "ProvisioningLatency{Workload=w} Perc99");
  EXPECT_FALSE(d.changes[1].within_tolerance);  // -50%
  EXPECT_DOUBLE_EQ(*d.changes[1].change_percent, -50.0);
  EXPECT_EQ(d.changes[1].a, "40 ms");
  EXPECT_EQ(d.Differences(), 1u);
  EXPECT_EQ(DiffTestOf(a, b, 60).Differences(), 0u);  // a wider tolerance takes both
}

TEST(DiffReports, StoragePerDriverAndWorkloadCounts) {
  const ReportDiff d = DiffTestOf(
      R"({"name": "c", "storage": [{"driver": "d1", "physicalGiB": 100.0, "cost": 10.0}],
          "workloads": [{"name": "w", "created": 10, "bound": 10, "failed": 0}]})",
      R"({"name": "c", "storage": [{"driver": "d1", "physicalGiB": 150.0, "cost": 10.1}],
          "workloads": [{"name": "w", "created": 10, "bound": 9, "failed": 1}]})");
  std::vector<std::string> whats;
  for (const ReportChange& c : d.changes) whats.push_back(c.kind + " " + c.what + (c.within_tolerance ? " ~" : ""));
  EXPECT_EQ(whats, (std::vector<std::string>{"workload w bound", "workload w failed", "storage d1 cost ~",
                                              "storage d1 physicalGiB"}));
}

TEST(DiffReports, BadReportsNameTheFile) {
  StatusOr<ReportDiff> d = DiffReports("{", "a.json", DiffTestReport(""), "b.json", 5);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "a.json: not valid JSON");
  d = DiffReports(DiffTestReport(""), "a.json", R"({"version": 2, "cases": []})", "b.json", 5);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("b.json: version"), std::string::npos);
  d = DiffReports(DiffTestReport(R"({"name": "x"}, {"name": "x"})"), "a.json", DiffTestReport(""), "b.json", 5);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("appears twice"), std::string::npos);
}

TEST(WriteReportDiffText, ListsDifferencesThenTheVerdict) {
  const ReportDiff d = DiffTestOf(R"({"name": "x", "outcome": "passed"})", R"({"name": "x", "outcome": "failed"})");
  std::ostringstream out;
  WriteReportDiffText(out, d);
  EXPECT_NE(out.str().find("  x: outcome passed -> failed\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("DIFFERENT: 1 difference(s) outside the tolerance"), std::string::npos);
}

}  // namespace
}  // namespace xnsim::cli
