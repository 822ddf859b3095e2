// Partial-object matching, as chainsaw and kuttl assert: every field a fragment gives
// must be equal in the object; a list matches a list of the same length item by item;
// `null` in the fragment matches a field that is absent or null. Quantities compare by
// value ("1024Mi" matches "1Gi"). Include from .cpp files only (nlohmann/json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace xnsim {

// Whether `object` matches `fragment`. On a mismatch, `*why` (if given) names the first
// differing field: "status.phase: expected \"Bound\", got \"Pending\"".
bool MatchesFragment(const nlohmann::json& fragment, const nlohmann::json& object,
                     std::string* why = nullptr);

}  // namespace xnsim
