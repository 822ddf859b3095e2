#include "sim/controllers/kcm/namespace_conditions.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

namespace xnsim {
namespace {

struct NamespaceConditionKind {
  std::string_view type;
  std::string_view ok_reason;
  std::string_view ok_message;
};

// conditionTypes, in the order they are appended, with okReasons and okMessages.
constexpr std::array<NamespaceConditionKind, 5> kNamespaceConditionKinds = {{
    {kNamespaceDeletionDiscoveryFailure, "ResourcesDiscovered", "All resources successfully discovered"},
    {kNamespaceDeletionGVParsingFailure, "ParsedGroupVersions", "All legacy kube types successfully parsed"},
    {kNamespaceDeletionContentFailure, "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"},
    {kNamespaceContentRemaining, "ContentRemoved", "All content successfully removed"},
    {kNamespaceFinalizersRemaining, "ContentRemoved", "All content successfully removed"},
}};

std::string JoinSorted(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());  // "sort for stable updates", byte order as Go's
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

// The failing condition of `type` for this report, if it fails.
std::optional<Namespace::Condition> FailingCondition(std::string_view type, const NamespaceContentReport& r) {
  Namespace::Condition c;
  c.type = std::string(type);
  c.status = "True";
  if (type == kNamespaceDeletionContentFailure && !r.delete_errors.empty()) {
    c.reason = "ContentDeletionFailed";
    c.message = "Failed to delete all resource types, " + std::to_string(r.delete_errors.size()) +
                " remaining: " + JoinSorted(r.delete_errors);
    return c;
  }
  if (type == kNamespaceContentRemaining && !r.remaining_by_resource.empty()) {
    std::vector<std::string> parts;
    for (const auto& [resource, n] : r.remaining_by_resource) {
      if (n > 0) parts.push_back(resource + " has " + std::to_string(n) + " resource instances");
    }
    c.reason = "SomeResourcesRemain";
    c.message = "Some resources are remaining: " + JoinSorted(std::move(parts));
    return c;
  }
  if (type == kNamespaceFinalizersRemaining && !r.remaining_by_finalizer.empty()) {
    std::vector<std::string> parts;
    for (const auto& [finalizer, n] : r.remaining_by_finalizer) {
      if (n > 0) parts.push_back(finalizer + " in " + std::to_string(n) + " resource instances");
    }
    c.reason = "SomeFinalizerRemain";
    c.message = "Some finalizers are remaining: " + JoinSorted(std::move(parts));
    return c;
  }
  return std::nullopt;
}

}  // namespace

bool UpdateNamespaceDeletionConditions(Namespace::Status& status, const NamespaceContentReport& report,
                                       SimTime now) {
  bool changed = false;
  for (const NamespaceConditionKind& kind : kNamespaceConditionKinds) {
    Namespace::Condition next;
    if (std::optional<Namespace::Condition> failing = FailingCondition(kind.type, report)) {
      next = std::move(*failing);
    } else {
      next.type = std::string(kind.type);
      next.status = "False";
      next.reason = std::string(kind.ok_reason);
      next.message = std::string(kind.ok_message);
    }
    next.last_transition_time = now;
    auto old = std::find_if(status.conditions.begin(), status.conditions.end(),
                            [&](const Namespace::Condition& c) { return c.type == kind.type; });
    if (old == status.conditions.end()) {
      status.conditions.push_back(std::move(next));
      changed = true;
    } else if (old->status != next.status || old->message != next.message || old->reason != next.reason) {
      if (old->status != next.status) old->last_transition_time = now;
      old->status = std::move(next.status);
      old->reason = std::move(next.reason);
      old->message = std::move(next.message);
      changed = true;
    }
  }
  return changed;
}

}  // namespace xnsim
