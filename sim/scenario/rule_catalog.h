// The conformance suite's rules: each area's `rules.yaml` (kind RuleCatalog) names the
// rules its cases check, with their place in SEMANTICS.md and the real source. Cases
// point at a rule with their `rule` label; reports list every rule with its cases.
#pragma once

#include <string>
#include <vector>

#include "sim/core/status.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

struct Rule {
  std::string id;         // what a case's labels.rule names
  std::string title;      // the rule in words
  std::string semantics;  // SEMANTICS.md section, "3.3"
  std::string source;     // the real component and function, or the spec
  std::string catalog;    // the catalogue's metadata.name (the area)
  SourceLocation where;
};

// The rules of one catalogue file, in file order.
StatusOr<std::vector<Rule>> LoadRuleCatalogFile(const std::string& path);

// Every `rules.yaml` under `dir`, sorted by path, as one list; an id defined twice is
// an InputError naming both places.
StatusOr<std::vector<Rule>> LoadRuleCatalogs(const std::string& dir);

}  // namespace xnsim
