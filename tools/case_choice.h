// What `xnsim graph` and `xnsim explain` share: one scenario file, and the case of it
// to look at (a matrix has several; `--case` names one by its full name or variant).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/access_state.h"
#include "sim/core/status.h"
#include "sim/scenario/scenario.h"

namespace xnsim::cli {

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
