// external-provisioner's IsGranted (pkg/controller/util.go), one grant at a time.
#include "sim/controllers/provisioner/reference_grant.h"

#include <algorithm>

#include "sim/api/well_known.h"

namespace xnsim {
namespace {

bool FromMatches(const ReferenceGrant::From& from, std::string_view claim_namespace) {
  // The namespace first: it is what tells most of a namespace's grants apart.
  return from.namespace_ == claim_namespace && from.group.empty() && from.kind == kClaimKind;
}

bool ToMatches(const ReferenceGrant::To& to, const TypedObjectReference& source) {
  // A set apiGroup must be equal; an unset one only matches the core group ("").
  if (source.api_group ? to.group != *source.api_group : !to.group.empty()) return false;
  if (to.kind != source.kind) return false;  // case-sensitive, as Go's ==
  return !to.name || to.name->empty() || *to.name == source.name;
}

}  // namespace

bool GrantAllows(const ReferenceGrant& grant, std::string_view claim_namespace,
                 const TypedObjectReference& source) {
  // The real code dereferences dataSourceRef.namespace; it is always set on this path.
  if (!source.namespace_) return false;
  // `from` first: a lister's grants all live in the source's namespace, and the claim's
  // namespace is what tells them apart (one grant per team namespace is the usual setup).
  const auto& from = grant.spec.from;
  if (!std::any_of(from.begin(), from.end(), [&](const auto& f) { return FromMatches(f, claim_namespace); })) {
    return false;
  }
  const auto& to = grant.spec.to;
  return grant.metadata.namespace_ == *source.namespace_ &&
         std::any_of(to.begin(), to.end(), [&](const auto& t) { return ToMatches(t, source); });
}

bool AnyGrantAllows(const std::vector<Ptr<ReferenceGrant>>& grants,
                    std::string_view claim_namespace, const TypedObjectReference& source) {
  return std::any_of(grants.begin(), grants.end(), [&](const Ptr<ReferenceGrant>& g) {
    return g && GrantAllows(*g, claim_namespace, source);
  });
}

std::string GrantMemoKey(std::string_view claim_namespace, const TypedObjectReference& source) {
  // '\0' separates the parts (no Kubernetes name contains it); an unset apiGroup and
  // an unset namespace differ from empty ones.
  std::string key(claim_namespace);
  key += '\0';
  if (source.api_group) (key += '+') += *source.api_group;
  key += '\0';
  (key += source.kind) += '\0';
  (key += source.name) += '\0';
  if (source.namespace_) (key += '+') += *source.namespace_;
  return key;
}

}  // namespace xnsim
