// The scenario loader: reads scenario files exactly as scenario-format.md describes
// (every key; an unknown key is an InputError with file:line), decodes the manifests
// they apply, merges each matrix entry over `cluster`, and fills in the defaults a
// fresh real cluster would have.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/status.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

// One case per matrix variant (or one case when there is no matrix), in file order.
StatusOr<std::vector<Scenario>> LoadScenarioFile(const std::string& path);

// The same from text; relative `file:` references resolve against `base_dir`.
StatusOr<std::vector<Scenario>> LoadScenarioText(std::string_view text, const std::string& file_name,
                                                 const std::string& base_dir);

// The scenario files named by `paths`: files as given, directories searched recursively
// for *.yaml / *.yml documents of kind Scenario (manifests beside them are skipped),
// sorted by path so every run sees the same order.
StatusOr<std::vector<std::string>> FindScenarioFiles(const std::vector<std::string>& paths);

// The cluster a scenario gets for every key it leaves out (`xnsim run --print-defaults`).
ClusterSpec DefaultCluster();
// DefaultCluster() as scenario YAML, with a comment on each value's source.
std::string DefaultClusterYaml();

}  // namespace xnsim
