// What `xnsim graph` and `xnsim explain` share: one scenario file, and the case of it
// to look at (a matrix has several; `--case` names one by its full name or variant).
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/access_state.h"
#include "sim/core/status.h"
#include "sim/scenario/scenario.h"

namespace xnsim::cli {

// The options `graph` and `explain` share: --case (with its help text), --seed, -v, -h.
void AddCaseOptions(boost::program_options::options_description& options, const char* case_help);

// What they read alike: the one FILE, the case asked for, the seed.
struct CaseArgs {
  std::string file;
  std::optional<std::string> case_name;
  uint64_t seed = 1;
};
// An InputError, for UsageError, when the arguments are wrong.
StatusOr<CaseArgs> ReadCaseArgs(const boost::program_options::variables_map& vm);

// The file's cases that `case_name` selects (every case when it is not given); an
// InputError naming the cases there are when it selects none.
StatusOr<std::vector<Scenario>> ChooseCases(const std::string& file,
                                            const std::optional<std::string>& case_name);

// "NS/NAME" of `what` (a flag's name, for the message).
StatusOr<std::pair<std::string, std::string>> ParseNamespacedName(const std::string& text,
                                                                  const std::string& what);

// "KIND/NS/NAME" for a data source: PersistentVolumeClaim (pvc) or VolumeSnapshot.
StatusOr<DataRef> ParseDataSource(const std::string& text, const std::string& what);

}  // namespace xnsim::cli
