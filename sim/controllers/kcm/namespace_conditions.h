// The status conditions kube-controller-manager's namespace deleter writes on a
// terminating namespace (pkg/controller/namespace/deletion/status_condition_utils.go):
// five condition types, each True with a failure reason or False with its "ok" text,
// rewritten only when a status, reason or message changes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/api/objects.h"
#include "sim/core/time.h"

namespace xnsim {

inline constexpr std::string_view kNamespaceDeletionDiscoveryFailure = "NamespaceDeletionDiscoveryFailure";
inline constexpr std::string_view kNamespaceDeletionGVParsingFailure =
    "NamespaceDeletionGroupVersionParsingFailure";
inline constexpr std::string_view kNamespaceDeletionContentFailure = "NamespaceDeletionContentFailure";
inline constexpr std::string_view kNamespaceContentRemaining = "NamespaceContentRemaining";
inline constexpr std::string_view kNamespaceFinalizersRemaining = "NamespaceFinalizersRemaining";

// What one pass of deleteAllContent found. xnsim's discovery is fixed and never fails,
// so discovery and group-version parsing always report success.
struct NamespaceContentReport {
  // "persistentvolumeclaims." (resource.group, as the real message prints it) -> how
  // many objects remain.
  std::map<std::string, int> remaining_by_resource;
  // finalizer -> how many remaining objects carry it.
  std::map<std::string, int> remaining_by_finalizer;
  // The errors of the kinds whose content could not be deleted.
  std::vector<std::string> delete_errors;
};

// Updates `status.conditions` (updateConditions); true when something changed.
bool UpdateNamespaceDeletionConditions(Namespace::Status& status, const NamespaceContentReport& report,
                                       SimTime now);

}  // namespace xnsim
