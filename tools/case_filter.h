// --filter: which cases of a run to keep. Either a Kubernetes label selector over a
// scenario's metadata.labels (`area=grants,profile=core`, `tier!=slow`,
// `area in (grants,admission)`, `!flaky`), or a glob over case names (`restore-*`).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/status.h"

namespace xnsim::cli {

class CaseFilter {
 public:
  // Everything matches.
  CaseFilter() = default;

  // An expression with `=`, `!` or `(` in it is a label selector (requirements joined
  // by commas, as `kubectl get -l` takes them); anything else is a name glob, where `*`
  // matches any run of characters and `?` one character. Errors are InputError.
  static StatusOr<CaseFilter> Parse(std::string_view expression);

  // A glob matches a case by its full name ("restore[gates-on]") or by its scenario's
  // name ("restore"), so one pattern selects every matrix variant of a scenario.
  bool Matches(std::string_view case_name, std::string_view scenario_name,
               const std::map<std::string, std::string>& labels) const;

 private:
  struct Requirement {
    enum class Op { kEquals, kNotEquals, kIn, kNotIn, kExists, kNotExists };
    std::string key;
    Op op = Op::kExists;
    std::vector<std::string> values;
    bool Matches(const std::map<std::string, std::string>& labels) const;
  };

  static StatusOr<Requirement> ParseRequirement(std::string_view text, std::string_view whole);

  std::string glob_;                       // a name glob, or
  std::vector<Requirement> requirements_;  // a label selector (all must hold)
};

// Whether `text` matches `pattern` (`*` any run, `?` one character, the rest literal).
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace xnsim::cli
