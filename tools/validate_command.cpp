// `xnsim validate`: load scenarios (and, through them, every manifest they apply)
// exactly as `run` would, and say for each file whether it is valid, without running.
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "sim/scenario/loader.h"
#include "tools/cli.h"
#include "tools/command_args.h"

namespace xnsim::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kHelp = R"TXT(usage: xnsim validate FILE|DIR... [OPTIONS]

Checks scenario files and the manifests they apply, as `xnsim run` loads them
(unknown keys, bad durations and quantities, feature gates a component refuses,
manifests the API server could not decode), without running anything. Directories
are searched recursively for scenario documents. Prints "FILE: ok (N cases)" for
each valid file and the error, naming file, line and key, for each invalid one.

)TXT";

constexpr const char* kExitCodes = R"TXT(
exit codes:
  0  every file is valid
  2  a file is missing or invalid, or the usage is wrong
)TXT";

}  // namespace

int ValidateCommand(const std::vector<std::string>& args, Console console) {
  po::options_description visible("options", 80, 40);
  // clang-format off
  visible.add_options()
      ("verbose,v", po::bool_switch(), "log more to stderr")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
  const auto parsed_args = ParseCommandArgs(args, visible, console, "validate");
  if (!parsed_args) return kExitBadInput;
  const po::variables_map& vm = *parsed_args;
  if (vm["help"].as<bool>()) {
    console.out << kHelp << visible << kExitCodes;
    return kExitPassed;
  }
  if (!vm.count("paths"))
    return UsageError(console, "no scenario file or directory given", "validate");
  auto log = MakeLogger(console, vm["verbose"].as<bool>());

  bool all_valid = true;
  for (const std::string& path : vm["paths"].as<std::vector<std::string>>()) {
    StatusOr<std::vector<std::string>> files = FindScenarioFiles({path});
    if (!files.ok()) {
      log->error("{}", files.status().message());
      all_valid = false;
      continue;
    }
    for (const std::string& file : *files) {
      StatusOr<std::vector<Scenario>> cases = LoadScenarioFile(file);
      if (!cases.ok()) {
        log->error("{}", cases.status().message());
        all_valid = false;
        continue;
      }
      console.out << file << ": ok (" << cases->size()
                  << (cases->size() == 1 ? " case)\n" : " cases)\n");
    }
  }
  return all_valid ? kExitPassed : kExitBadInput;
}

}  // namespace xnsim::cli
