// Gateway API ReferenceGrant matching as external-provisioner applies it to a
// cross-namespace data source (SEMANTICS.md 3.3, external-provisioner IsGranted): one
// grant must hold both a `from` entry for PersistentVolumeClaims of the claim's
// namespace and a `to` entry for the source's group, kind and name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
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

// A list of grants as an informer shares it (Informer::SharedList): never changed, so
// a decision about it can be kept as long as the list is the current one.
using GrantList = std::shared_ptr<const std::vector<Ptr<ReferenceGrant>>>;

// The key GrantListMemo files a (claim namespace, source) under.
std::string GrantMemoKey(std::string_view claim_namespace, const TypedObjectReference& source);

// Remembers what was computed about one grant list per (claim namespace, source), so
// that 10^5 claims in a few namespaces restoring one source cost one walk over the
// source namespace's grants per (claim namespace, source), not one per claim.
// `compute(grants, claim_namespace, source)` must be a pure function of its arguments;
// a new list forgets the old values.
template <class Value>
class GrantListMemo {
 public:
  template <class Compute>
  const Value& Get(const GrantList& grants, std::string_view claim_namespace,
                   const TypedObjectReference& source, Compute&& compute) {
    if (grants != grants_) {
      grants_ = grants;
      values_.clear();
    }
    std::string key = GrantMemoKey(claim_namespace, source);
    if (auto it = values_.find(key); it != values_.end()) return it->second;
    return values_.emplace(std::move(key), compute(*grants, claim_namespace, source)).first->second;
  }

 private:
  GrantList grants_;
  std::unordered_map<std::string, Value> values_;  // looked up only
};

// The decisions taken about one grant list: whether it allows (claim namespace, source).
using GrantDecisionMemo = GrantListMemo<bool>;

}  // namespace xnsim
