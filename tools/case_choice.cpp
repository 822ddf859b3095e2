#include "tools/case_choice.h"

#include <algorithm>
#include <cctype>

#include "sim/scenario/loader.h"

namespace xnsim::cli {

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
