// `xnsim explain`: run a scenario and say why one claim was or was not provisioned,
// from what the run recorded (the provisioner's attempts, its grant checks, the
// gates, the claim's Events).
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/explain.h"
#include "tools/case_choice.h"
#include "tools/case_runner.h"
#include "tools/cli.h"
#include "tools/command_args.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kExplainHelp = R"TXT(usage: xnsim explain FILE --claim NAMESPACE/NAME [OPTIONS]

Runs the scenario FILE (each case of a matrix, or the one --case names) and tells
why the PersistentVolumeClaim was or was not provisioned: the conclusion first, then
its status and data source (and what the scenario's manifest asked for, when
kube-apiserver dropped a cross-namespace dataSourceRef), the gates, every attempt of
the external-provisioner with its real error and the retries between them, each
ReferenceGrant in the source's namespace at the provisioner's last check and why it
did or did not match, and the claim's Events. All of it is what the run recorded;
nothing is decided again.

)TXT";

constexpr const char* kExplainExitCodes = R"TXT(
exit codes:
  0  the claim was explained (provisioned or not)
  2  bad input or usage: the file is not a valid scenario, --claim is missing or not
     NAMESPACE/NAME, --case chooses no case, or no case ever had that claim
)TXT";

}  // namespace

int ExplainCommand(const std::vector<std::string>& args, Console console) {
  po::options_description visible("options", 80, 40);
  // clang-format off
  visible.add_options()
      ("claim", po::value<std::string>()->value_name("NS/NAME"),
       "the PersistentVolumeClaim to explain, as NAMESPACE/NAME");
  // clang-format on
  AddCaseOptions(visible, "only this case, by name or matrix variant (default: every case of FILE)");
  const auto parsed = ParseCommandArgs(args, visible, console, "explain");
  if (!parsed) return kExitBadInput;
  const po::variables_map& vm = *parsed;
  if (vm["help"].as<bool>()) {
    console.out << kExplainHelp << visible << kExplainExitCodes;
    return kExitPassed;
  }
  auto log = MakeLogger(console, vm["verbose"].as<bool>());
  StatusOr<CaseArgs> common = ReadCaseArgs(vm);
  if (!common.ok()) return UsageError(console, common.status().message(), "explain");
  if (!vm.count("claim")) return UsageError(console, "--claim NAMESPACE/NAME is required", "explain");
  StatusOr<std::pair<std::string, std::string>> claim =
      ParseNamespacedName(vm["claim"].as<std::string>(), "--claim");
  if (!claim.ok()) return UsageError(console, claim.status().message(), "explain");
  RunOptions options;
  options.seed = common->seed;
  StatusOr<std::vector<Scenario>> cases = ChooseCases(common->file, common->case_name);
  if (!cases.ok()) {
    log->error("{}", cases.status().message());
    return kExitBadInput;
  }

  // Every case runs before anything is printed: a claim no case had is bad input.
  std::string text;
  bool found = false;
  for (const Scenario& scenario : *cases) {
    ClaimExplainer explainer(claim->first, claim->second,
                             DeclaredClaim(scenario, claim->first, claim->second));
    RunOptions case_options = options;
    case_options.observers.push_back(&explainer);
    const CaseResult result = RunScenario(scenario, case_options);
    const ClaimExplanation& e = explainer.explanation();
    found |= e.existed;
    if (cases->size() > 1) text += "case " + result.name + ":\n";
    text += RenderExplanation(e);
    if (cases->size() > 1) text += "\n";
  }
  if (!found) {
    log->error("{}: no case has a PersistentVolumeClaim {}/{}", common->file, claim->first,
               claim->second);
    return kExitBadInput;
  }
  console.out << text;
  return kExitPassed;
}

}  // namespace xnsim::cli
