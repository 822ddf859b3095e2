#include "tools/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/loader.h"
#include "tools/case_filter.h"
#include "tools/case_runner.h"

namespace xnsim::cli {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string out, err;
};

Outcome Cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = RunCli(args, {out, err, /*color_by_default=*/false});
  return {code, out.str(), err.str()};
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// ---- --filter -----------------------------------------------------------------------

const std::map<std::string, std::string> kGrantsCore = {{"area", "grants"}, {"profile", "core"}};

bool Selects(const std::string& expr, const std::string& name,
             const std::map<std::string, std::string>& labels = {}) {
  StatusOr<CaseFilter> f = CaseFilter::Parse(expr);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  const std::string base = name.substr(0, name.find('['));
  return f.ok() && f->Matches(name, base, labels);
}

TEST(CaseFilter, EmptySelectsEverything) { EXPECT_TRUE(Selects("", "anything")); }

TEST(CaseFilter, LabelSelectorNeedsEveryRequirement) {
  EXPECT_TRUE(Selects("area=grants,profile=core", "x", kGrantsCore));
  EXPECT_TRUE(Selects("area==grants", "x", kGrantsCore));
  EXPECT_FALSE(Selects("area=grants,profile=slow", "x", kGrantsCore));
  EXPECT_FALSE(Selects("area=grants", "x", {}));
}

TEST(CaseFilter, NotEqualsAndNotInAlsoSelectCasesWithoutTheLabel) {
  EXPECT_TRUE(Selects("tier!=slow", "x", kGrantsCore));
  EXPECT_FALSE(Selects("area!=grants", "x", kGrantsCore));
  EXPECT_TRUE(Selects("area notin (admission, store)", "x", kGrantsCore));
  EXPECT_FALSE(Selects("area notin (grants)", "x", kGrantsCore));
}

TEST(CaseFilter, SetBasedAndExistenceRequirements) {
  EXPECT_TRUE(Selects("area in (admission,grants),profile", "x", kGrantsCore));
  EXPECT_FALSE(Selects("area in (admission,store)", "x", kGrantsCore));
  EXPECT_TRUE(Selects("!flaky", "x", kGrantsCore));
  EXPECT_FALSE(Selects("!area", "x", kGrantsCore));
  EXPECT_TRUE(Selects("profile,area=grants", "x", kGrantsCore));
}

TEST(CaseFilter, GlobMatchesCaseOrScenarioName) {
  EXPECT_TRUE(Selects("restore-*", "restore-prod[gates-on]"));
  EXPECT_TRUE(Selects("restore-prod", "restore-prod[gates-on]")) << "by scenario name";
  EXPECT_TRUE(Selects("*gates-o?]", "restore-prod[gates-on]"));
  EXPECT_FALSE(Selects("restore-*", "clone-prod"));
  EXPECT_FALSE(Selects("restore", "restore-prod")) << "a glob matches the whole name";
}

TEST(CaseFilter, RejectsMalformedSelectors) {
  EXPECT_FALSE(CaseFilter::Parse("area in (grants").ok());
  EXPECT_FALSE(CaseFilter::Parse("area=grants,,x=y").ok());
  EXPECT_FALSE(CaseFilter::Parse("=grants").ok());
  EXPECT_FALSE(CaseFilter::Parse("area within (a)").ok());
  StatusOr<CaseFilter> bad = CaseFilter::Parse("a b=c");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Has(bad.status().message(), "--filter \"a b=c\": invalid label key \"a b\""));
}

TEST(GlobMatch, StarAndQuestionMark) {
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_FALSE(GlobMatch("a?c", "ac"));
  EXPECT_TRUE(GlobMatch("**a", "bba"));
}

// ---- usage --------------------------------------------------------------------------

TEST(Usage, HelpListsEveryCommandAndTheExitCodes) {
  const Outcome r = Cli({"--help"});
  EXPECT_EQ(r.code, kExitPassed);
  EXPECT_TRUE(Has(r.out, "run FILE|DIR..."));
  EXPECT_TRUE(Has(r.out, "validate FILE|DIR..."));
  EXPECT_TRUE(Has(r.out, "0  every case passed"));
  EXPECT_TRUE(Has(r.out, "1  a case failed"));
  EXPECT_TRUE(Has(r.out, "2  bad input or usage"));
  EXPECT_TRUE(Has(r.out, "conformance "));
  EXPECT_TRUE(Has(r.out, "capacity FILE "));
  EXPECT_TRUE(Has(r.out, "graph FILE "));
  EXPECT_TRUE(Has(r.out, "explain FILE --claim NS/NAME"));
  EXPECT_TRUE(Has(r.out, "diff A.json B.json"));
}

TEST(Usage, RunHelpExplainsEveryOption) {
  const Outcome r = Cli({"run", "--help"});
  EXPECT_EQ(r.code, kExitPassed);
  for (const char* option :
       {"--seed N", "--filter EXPR", "--report KIND=PATH", "--trace PATH", "--print-defaults",
        "--color WHEN", "-v [ --verbose ]", "-h [ --help ]", "area=grants,profile=core",
        "restore-*", "exit codes"}) {
    EXPECT_TRUE(Has(r.out, option)) << option << "\n" << r.out;
  }
}

TEST(Usage, NoCommandIsAUsageError) {
  const Outcome r = Cli({});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "usage: xnsim COMMAND"));
}

TEST(Usage, UnknownCommandOrOptionIsAUsageError) {
  Outcome r = Cli({"simulate"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "unknown command 'simulate'"));
  r = Cli({"run", "--fuzz", "x.yaml"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "--fuzz")) << r.err;
  EXPECT_TRUE(Has(r.err, "xnsim run --help"));
  r = Cli({"--verbose"});
  EXPECT_EQ(r.code, kExitBadInput);
}

TEST(Usage, BadOptionValuesAreUsageErrors) {
  Outcome r = Cli({"run", "x.yaml", "--seed", "-1"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "--seed \"-1\""));
  r = Cli({"run", "x.yaml", "--report", "html=out.html"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "unknown report kind \"html\" (known: json, junit, findings)"));
  r = Cli({"run", "x.yaml", "--report", "junit"});
  EXPECT_EQ(r.code, kExitBadInput);
  r = Cli({"run", "x.yaml", "--color", "sometimes"});
  EXPECT_EQ(r.code, kExitBadInput);
  r = Cli({"run", "x.yaml", "--filter", "area in (x"});
  EXPECT_EQ(r.code, kExitBadInput);
  r = Cli({"run"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "no scenario file or directory given"));
}

TEST(Usage, PrintDefaultsShowsTheDefaultCluster) {
  const Outcome r = Cli({"run", "--print-defaults"});
  EXPECT_EQ(r.code, kExitPassed);
  EXPECT_EQ(r.out, DefaultClusterYaml());
}

// ---- running scenarios --------------------------------------------------------------

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           (std::string("xnsim_cli_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // A scenario that creates a namespace and asserts on it: `expect` is the label value
  // the assertion wants ("yes" passes, anything else fails).
  std::string Scenario(const std::string& name, const std::string& area,
                       const std::string& expect) {
    return Write(name + ".yaml", R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata:
  name: )" + name + R"(
  labels: {area: )" + area + R"(}
steps:
- apply:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team-a, labels: {ready: "yes"}}
- wait: 5s
- assert:
    resource:
      apiVersion: v1
      kind: Namespace
      metadata: {name: team-a, labels: {ready: ")" +
                                     expect + R"("}}
)");
  }

  fs::path dir_;
};

TEST_F(RunTest, PassingScenarioExitsZero) {
  const Outcome r = Cli({"run", Scenario("passes", "store", "yes")});
  EXPECT_EQ(r.code, kExitPassed) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "PASS   passes  5s virtual")) << r.out;
}

TEST_F(RunTest, FailingScenarioExitsOneAndShowsTheFailure) {
  const Outcome r = Cli({"run", Scenario("fails", "store", "no")});
  EXPECT_EQ(r.code, kExitFailed) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "FAIL   fails")) << r.out;
  EXPECT_TRUE(Has(r.out, "fails.yaml:13")) << r.out;
  EXPECT_TRUE(Has(r.out, "metadata.labels.ready")) << r.out;
}

TEST_F(RunTest, BadInputExitsTwoBeforeRunningAnything) {
  const std::string good = Scenario("passes", "store", "yes");
  const std::string bad = Write("bad.yaml", R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: bad}
steps:
- wait: 2 minutes
)");
  const Outcome r = Cli({"run", good, bad});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "bad.yaml:5")) << r.err;
  EXPECT_FALSE(Has(r.out, "PASS")) << "nothing runs when any file is bad";
  const Outcome missing = Cli({"run", Path("nowhere.yaml")});
  EXPECT_EQ(missing.code, kExitBadInput);
  EXPECT_TRUE(Has(missing.err, "nowhere.yaml"));
}

TEST_F(RunTest, FilterSelectsByLabelOrName) {
  Scenario("grant-one", "grants", "yes");
  Scenario("store-one", "store", "no");  // would fail if it ran
  Outcome r = Cli({"run", dir_.string(), "--filter", "area=grants"});
  EXPECT_EQ(r.code, kExitPassed) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "grant-one"));
  EXPECT_FALSE(Has(r.out, "store-one"));
  r = Cli({"run", dir_.string(), "--filter", "store-*"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_FALSE(Has(r.out, "grant-one"));
  r = Cli({"run", dir_.string(), "--filter", "nothing-*"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.err, "none selected by --filter \"nothing-*\"")) << r.err;
}

TEST_F(RunTest, ReportsAndTraceAreWritten) {
  const std::string file = Scenario("passes", "store", "yes");
  const Outcome r = Cli({"run", file, "--seed", "42", "--report", "json=" + Path("r.json"),
                         "--report", "junit=" + Path("r.xml"), "--trace", Path("t.jsonl")});
  ASSERT_EQ(r.code, kExitPassed) << r.out << r.err;
  const nlohmann::json report = nlohmann::json::parse(Read(Path("r.json")));
  EXPECT_EQ(report["cases"][0]["name"], "passes");
  EXPECT_EQ(report["cases"][0]["seed"], 42);
  EXPECT_EQ(report["summary"]["passed"], 1);
  EXPECT_TRUE(Has(Read(Path("r.xml")), "<testcase name=\"passes\""));
  const std::string trace = Read(Path("t.jsonl"));
  EXPECT_EQ(trace.rfind("{\"case\":\"passes\",\"file\":\"" + file + "\",\"seed\":42}\n", 0), 0u)
      << trace;
}

TEST_F(RunTest, SameSeedSameTraceBytes) {
  const std::string file = Scenario("passes", "store", "yes");
  ASSERT_EQ(Cli({"run", file, "--seed", "7", "--trace", Path("a.jsonl")}).code, kExitPassed);
  ASSERT_EQ(Cli({"run", file, "--seed", "7", "--trace", Path("b.jsonl")}).code, kExitPassed);
  EXPECT_EQ(Read(Path("a.jsonl")), Read(Path("b.jsonl")));
  EXPECT_GT(Read(Path("a.jsonl")).size(), 0u);
}

TEST_F(RunTest, ValidateSaysOkPerFileAndFailsOnAnyError) {
  const std::string good = Scenario("passes", "store", "no");  // valid, though it would fail
  Outcome r = Cli({"validate", good});
  EXPECT_EQ(r.code, kExitPassed) << r.err;
  EXPECT_EQ(r.out, good + ": ok (1 case)\n");
  const std::string bad = Write("bad.yaml",
                                "apiVersion: xnsim.io/v1alpha1\nkind: Scenario\n"
                                "metadata: {name: bad}\nsteps:\n- wiat: 2s\n");
  r = Cli({"validate", good, bad});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_TRUE(Has(r.out, good + ": ok (1 case)"));
  EXPECT_TRUE(Has(r.err, "bad.yaml:5")) << r.err;
}

}  // namespace
}  // namespace xnsim::cli

namespace xnsim::cli {
namespace {

// DESIGN.md "Past one machine": --shard I/N, shard I from 0.
TEST(Shard, ParsesAndKeepsEveryNthCase) {
  StatusOr<Shard> s = ParseShard("1/3");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->Keeps(0));
  EXPECT_TRUE(s->Keeps(1));
  EXPECT_TRUE(s->Keeps(4));
  EXPECT_FALSE(ParseShard("3/3").ok());
  EXPECT_FALSE(ParseShard("1/0").ok());
  EXPECT_FALSE(ParseShard("x").ok());
  EXPECT_FALSE(ParseShard("-1/2").ok());
}

}  // namespace
}  // namespace xnsim::cli
