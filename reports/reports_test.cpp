#include "reports/conformance.h"
#include "reports/reports.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace xnsim {
namespace {

CaseResult Case(std::string name, std::string file, Outcome outcome, std::string failure = "") {
  CaseResult r;
  r.name = std::move(name);
  r.file = std::move(file);
  r.outcome = outcome;
  r.failure = std::move(failure);
  r.seed = 7;
  r.virtual_time = 90 * kSecond;
  r.events = 12;
  r.wall_seconds = 0.25;
  r.labels = {{"area", "grants"}};
  StepResult s;
  s.index = 0;
  s.keyword = "apply";
  s.location = r.file + ":9";
  s.outcome = outcome == Outcome::kFailed ? Outcome::kFailed : Outcome::kPassed;
  s.message = outcome == Outcome::kFailed ? "boom" : "";
  s.started = 0;
  s.finished = 2 * kSecond;
  r.steps.push_back(s);
  return r;
}

std::vector<CaseResult> Mixed() {
  return {Case("restore[gates-on]", "a.yaml", Outcome::kPassed),
          Case("restore[gates-off]", "a.yaml", Outcome::kFailed,
               "step 2 `assert` failed\n  status.phase: expected \"Bound\", got <Pending> & more"),
          Case("later", "b.yaml", Outcome::kSkipped, "not in this profile"),
          Case("broken", "b.yaml", Outcome::kError, "step `write` needs the controllers")};
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

TEST(ReportSummary, CountsEveryOutcome) {
  const ReportSummary s = Summarize(Mixed());
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.passed, 1);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.skipped, 1);
  EXPECT_EQ(s.errors, 1);
  EXPECT_EQ(s.events, 48u);
  EXPECT_DOUBLE_EQ(s.wall_seconds, 1.0);
  EXPECT_FALSE(s.AllPassed());
  EXPECT_TRUE(
      Summarize({Case("x", "a.yaml", Outcome::kPassed), Case("y", "a.yaml", Outcome::kSkipped)})
          .AllPassed());
}

TEST(ConsoleReport, OneLinePerCaseThenFailuresThenTotals) {
  std::ostringstream out;
  WriteConsoleSummary(out, Mixed(), /*use_color=*/false);
  const std::string text = out.str();
  EXPECT_NE(text.find("PASS   restore[gates-on]   1m30s virtual\n"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL   restore[gates-off]"), std::string::npos);
  EXPECT_NE(text.find("SKIP   later"), std::string::npos);
  EXPECT_NE(text.find("ERROR  broken"), std::string::npos);
  // The failure text appears in full, indented, with the seed to replay it.
  EXPECT_NE(text.find("--- FAIL: restore[gates-off] (a.yaml, seed 7)\n"
                      "    step 2 `assert` failed\n"
                      "      status.phase: expected"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("--- ERROR: broken"), std::string::npos);
  EXPECT_EQ(text.find("--- SKIP"), std::string::npos);
  // Totals: passed, failed, errors, skipped, total.
  EXPECT_NE(text.find("cases          1        1        1        1        4\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("48 simulated events, 1.000s wall time\nFAILED\n"), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no colour codes unless asked";
}

TEST(ConsoleReport, ColorsOnlyWhenAsked) {
  std::ostringstream out;
  WriteConsoleSummary(out, {Case("ok", "a.yaml", Outcome::kPassed)}, /*use_color=*/true);
  EXPECT_NE(out.str().find("\x1b[32mPASS "), std::string::npos);
  EXPECT_NE(out.str().find("PASSED"), std::string::npos);
}

TEST(JsonReport, CarriesEveryCaseFieldAndTheSummary) {
  std::ostringstream out;
  WriteJsonReport(out, Mixed());
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["version"], 1);
  ASSERT_EQ(doc["cases"].size(), 4u);
  const nlohmann::json& failed = doc["cases"][1];
  EXPECT_EQ(failed["name"], "restore[gates-off]");
  EXPECT_EQ(failed["file"], "a.yaml");
  EXPECT_EQ(failed["outcome"], "failed");
  EXPECT_EQ(failed["seed"], 7);
  EXPECT_EQ(failed["virtualTime"], "1m30s");
  EXPECT_EQ(failed["virtualTimeNs"], 90 * kSecond);
  EXPECT_EQ(failed["events"], 12);
  EXPECT_EQ(failed["labels"]["area"], "grants");
  EXPECT_EQ(failed["steps"][0]["keyword"], "apply");
  EXPECT_EQ(failed["steps"][0]["location"], "a.yaml:9");
  EXPECT_EQ(failed["steps"][0]["finished"], "2s");
  EXPECT_EQ(failed["steps"][0]["message"], "boom");
  EXPECT_EQ(doc["summary"]["total"], 4);
  EXPECT_EQ(doc["summary"]["passed"], 1);
  EXPECT_EQ(doc["summary"]["failed"], 1);
  EXPECT_EQ(doc["summary"]["skipped"], 1);
  EXPECT_EQ(doc["summary"]["errors"], 1);
}

TEST(JsonReport, ReadsBackWhatItWrote) {
  const std::vector<CaseResult> written = Mixed();
  std::ostringstream out;
  WriteJsonReport(out, written);
  StatusOr<JsonReport> read = ReadJsonReport(out.str(), "r.json");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_FALSE(read->conformance.has_value());
  ASSERT_EQ(read->results.size(), written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    const CaseResult& a = written[i];
    const CaseResult& b = read->results[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.file, b.file);
    EXPECT_EQ(a.outcome, b.outcome);
    EXPECT_EQ(a.failure, b.failure);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.virtual_time, b.virtual_time);
    EXPECT_EQ(a.events, b.events);
    EXPECT_DOUBLE_EQ(a.wall_seconds, b.wall_seconds);
    ASSERT_EQ(a.steps.size(), b.steps.size());
    EXPECT_EQ(a.steps[0].finished, b.steps[0].finished);
    EXPECT_EQ(a.steps[0].outcome, b.steps[0].outcome);
  }
}

TEST(JsonReport, ShardReportsMergeByConcatenatingCases) {
  std::vector<CaseResult> all = Mixed();
  std::ostringstream shard0, shard1;
  WriteJsonReport(shard0, {all[0], all[1]});
  WriteJsonReport(shard1, {all[2], all[3]});
  StatusOr<JsonReport> first = ReadJsonReport(shard0.str(), "0.json");
  StatusOr<JsonReport> second = ReadJsonReport(shard1.str(), "1.json");
  ASSERT_TRUE(first.ok() && second.ok());
  std::vector<CaseResult> merged = first->results;
  for (CaseResult& r : second->results) merged.push_back(std::move(r));
  std::ostringstream whole, remerged;
  WriteJsonReport(whole, all);
  WriteJsonReport(remerged, merged);
  EXPECT_EQ(whole.str(), remerged.str());
}

TEST(JsonReport, RejectsAnotherVersionOrShape) {
  EXPECT_EQ(ReadJsonReport("{", "x.json").status().code(), StatusCode::kInputError);
  StatusOr<JsonReport> v2 = ReadJsonReport(R"({"version":2,"cases":[]})", "x.json");
  ASSERT_FALSE(v2.ok());
  EXPECT_NE(v2.status().message().find("x.json: version"), std::string::npos);
  StatusOr<JsonReport> bad =
      ReadJsonReport(R"({"version":1,"cases":[{"name":"a","outcome":"meh"}]})", "x.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cases[0].outcome"), std::string::npos);
}

ConformanceInfo Info() {
  ConformanceInfo info;
  info.tested = {{"Driver under test", "hostpath.csi.k8s.io"}, {"Seed", "1"}};
  info.profiles = {"core", "pvc-clone"};
  Rule a;
  a.id = "grant-to-name";
  a.title = "a to entry with a name allows that object only";
  a.semantics = "3.3";
  a.source = "IsGranted";
  a.catalog = "grant-matching";
  Rule b = a;
  b.id = "clone-protection";
  b.catalog = "finalizers";
  info.rules = {a, b};
  return info;
}

CaseResult Labelled(std::string name, Outcome o, std::string profile, std::string rule) {
  CaseResult r = Case(std::move(name), "c.yaml", o, o == Outcome::kSkipped ? "requires CLONE_VOLUME" : "");
  r.labels = {{"profile", std::move(profile)}, {"rule", std::move(rule)}};
  return r;
}

// Issue rule: a profile is conformant only with none failed and none skipped.
TEST(Conformance, AProfileWithASkippedCaseIsNotConformant) {
  const ConformanceInfo info = Info();
  const std::vector<CaseResult> results = {
      Labelled("a", Outcome::kPassed, "core", "grant-to-name"),
      Labelled("b", Outcome::kSkipped, "pvc-clone", "clone-protection")};
  const std::vector<ProfileResult> profiles = SummarizeProfiles(info, results);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_TRUE(profiles[0].Conformant());
  EXPECT_FALSE(profiles[1].Conformant());
  EXPECT_FALSE(Conformant(profiles));
  EXPECT_TRUE(Conformant({profiles[0]}));

  std::ostringstream md;
  WriteConformanceMarkdown(md, info, results);
  EXPECT_NE(md.str().find("| pvc-clone | 0 | 0 | 0 | 1 | 1 | no (1 skipped) |"), std::string::npos)
      << md.str();
  EXPECT_NE(md.str().find("| `grant-to-name` | 3.3 |"), std::string::npos);
  EXPECT_NE(md.str().find("requires CLONE_VOLUME"), std::string::npos);
}

TEST(Conformance, JsonCarriesTheSectionThroughAMerge) {
  const ConformanceInfo info = Info();
  const std::vector<CaseResult> results = {Labelled("a", Outcome::kPassed, "core", "grant-to-name")};
  std::ostringstream out;
  WriteJsonReport(out, results, &info);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["conformance"]["conformant"], true);
  EXPECT_EQ(doc["conformance"]["rules"][0]["cases"][0], "a");
  EXPECT_TRUE(doc["conformance"]["rules"][1]["cases"].empty());
  StatusOr<JsonReport> read = ReadJsonReport(out.str(), "r.json");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_TRUE(read->conformance.has_value());
  EXPECT_EQ(read->conformance->tested, info.tested);
  EXPECT_EQ(read->conformance->profiles, info.profiles);
  ASSERT_EQ(read->conformance->rules.size(), 2u);
  EXPECT_EQ(read->conformance->rules[1].catalog, "finalizers");
}

TEST(XmlEscape, EscapesMarkupQuotesAndWhitespaceInAttributes) {
  EXPECT_EQ(XmlEscape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  EXPECT_EQ(XmlEscape("line1\nline2\tx\r"), "line1&#10;line2&#9;x&#13;");
  EXPECT_EQ(XmlEscape("plain"), "plain");
}

TEST(XmlEscape, ElementTextKeepsNewlinesAndTabs) {
  EXPECT_EQ(XmlEscapeText("a\n\tb <c> \"d\"\r"), "a\n\tb &lt;c&gt; &quot;d&quot;&#13;");
}

TEST(XmlEscape, ReplacesWhatXmlCannotCarry) {
  // A NUL, an escape (ANSI colour) and a stray non-UTF-8 byte would make the file unreadable.
  EXPECT_EQ(XmlEscape(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(XmlEscape("\x1b[31m"), "\xEF\xBF\xBD[31m");
  EXPECT_EQ(XmlEscape("caf\xE9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 \xE2\x9C\x93"), "caf\xC3\xA9 \xE2\x9C\x93") << "UTF-8 kept";
}

TEST(JUnitReport, OneSuitePerFileWithCounts) {
  std::ostringstream out;
  WriteJUnitReport(out, Mixed());
  const std::string xml = out.str();
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"xnsim\" "
                      "tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"1.000000\">",
                      0),
            0u)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"a.yaml\" tests=\"2\" failures=\"1\" errors=\"0\" "
                     "skipped=\"0\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"b.yaml\" tests=\"2\" failures=\"0\" errors=\"1\" "
                     "skipped=\"1\""),
            std::string::npos);
  EXPECT_EQ(Count(xml, "<testcase "), 4u);
  EXPECT_EQ(Count(xml, "</testcase>"), 4u);
  EXPECT_EQ(Count(xml, "<failure "), 1u);
  EXPECT_EQ(Count(xml, "<error "), 1u);
  EXPECT_EQ(Count(xml, "<skipped "), 1u);
  EXPECT_EQ(Count(xml, "</testsuite>"), 2u);
  EXPECT_NE(xml.find("replay: xnsim run a.yaml --seed 7 --filter &apos;restore[gates-off]&apos;"),
            std::string::npos)
      << xml;
}

TEST(JUnitReport, FailureTextIsEscaped) {
  std::ostringstream out;
  WriteJUnitReport(out, Mixed());
  const std::string xml = out.str();
  // The message attribute holds the first line; the element holds all of it, escaped.
  EXPECT_NE(xml.find("<failure message=\"step 2 `assert` failed\" type=\"ScenarioFailed\">"
                     "step 2 `assert` failed\n  status.phase: expected &quot;Bound&quot;, got "
                     "&lt;Pending&gt; &amp; more</failure>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<Pending>"), std::string::npos);
}

}  // namespace
}  // namespace xnsim
