#include "tools/case_choice.h"

#include <algorithm>
#include <cctype>

#include "sim/scenario/loader.h"
#include "tools/case_runner.h"

namespace xnsim::cli {

namespace po = boost::program_options;

void AddCaseOptions(po::options_description& options, const char* case_help) {
  // clang-format off
  options.add_options()
      ("case", po::value<std::string>()->value_name("NAME"), case_help)
      ("seed", po::value<std::string>()->value_name("N"), "seed of the simulation (default 1)")
      ("verbose,v", po::bool_switch(), "log more to stderr")
      ("help,h", po::bool_switch(), "print this help and exit");
  // clang-format on
}

StatusOr<CaseArgs> ReadCaseArgs(const po::variables_map& vm) {
  CaseArgs out;
  const std::vector<std::string> paths =
      vm.count("paths") ? vm["paths"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (paths.size() != 1) return InputError("expected one scenario file");
  out.file = paths[0];
  if (vm.count("case")) out.case_name = vm["case"].as<std::string>();
  if (vm.count("seed")) {
    StatusOr<uint64_t> seed = ParseSeed(vm["seed"].as<std::string>());
    if (!seed.ok()) return seed.status();
    out.seed = *seed;
  }
  return out;
}

StatusOr<std::vector<Scenario>> ChooseCases(const std::string& file,
                                            const std::optional<std::string>& case_name) {
  StatusOr<std::vector<Scenario>> cases = LoadScenarioFile(file);
  if (!cases.ok() || !case_name) return cases;
  std::vector<Scenario> chosen;
  std::string names;
  for (Scenario& s : *cases) {
    names += (names.empty() ? "" : ", ") + s.name;
    if (s.name == *case_name || s.variant == *case_name) chosen.push_back(std::move(s));
  }
  if (chosen.empty()) {
    return InputError("--case \"" + *case_name + "\": " + file + " has no such case (it has " +
                      names + ")");
  }
  return chosen;
}

StatusOr<std::pair<std::string, std::string>> ParseNamespacedName(const std::string& text,
                                                                  const std::string& what) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size() ||
      text.find('/', slash + 1) != std::string::npos) {
    return InputError(what + " \"" + text + "\": expected NAMESPACE/NAME, like dev/restored-db");
  }
  return std::make_pair(text.substr(0, slash), text.substr(slash + 1));
}

StatusOr<DataRef> ParseDataSource(const std::string& text, const std::string& what) {
  const size_t slash = text.find('/');
  const Status bad = InputError(what + " \"" + text +
                                "\": expected KIND/NAMESPACE/NAME with KIND PersistentVolumeClaim "
                                "(pvc) or VolumeSnapshot, like pvc/prod/db");
  if (slash == std::string::npos) return bad;
  std::string kind = text.substr(0, slash);
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  DataRef ref;
  if (kind == "persistentvolumeclaim" || kind == "pvc") {
    ref.kind = DataKind::kClaim;
  } else if (kind == "volumesnapshot") {
    ref.kind = DataKind::kSnapshot;
  } else {
    return bad;
  }
  StatusOr<std::pair<std::string, std::string>> name = ParseNamespacedName(text.substr(slash + 1), what);
  if (!name.ok()) return bad;
  ref.namespace_ = name->first;
  ref.name = name->second;
  return ref;
}

}  // namespace xnsim::cli
