// Gateway API ReferenceGrant matching as external-provisioner applies it to a
// cross-namespace data source (SEMANTICS.md 3.3, external-provisioner IsGranted): one
// grant must hold both a `from` entry for PersistentVolumeClaims of the claim's
// namespace and a `to` entry for the source's group, kind and name.
#pragma once

#include <string_view>
#include <vector>

#include "sim/api/objects.h"

namespace xnsim {

// Whether `grant` lets PVCs in `claim_namespace` use `source` (a dataSourceRef whose
// namespace is the grant's).
bool GrantAllows(const ReferenceGrant& grant, std::string_view claim_namespace,
                 const TypedObjectReference& source);

// Whether any of `grants` does.
bool AnyGrantAllows(const std::vector<Ptr<ReferenceGrant>>& grants,
                    std::string_view claim_namespace, const TypedObjectReference& source);

}  // namespace xnsim
