// Name and metadata validation shared by every kind (apimachinery's
// util/validation and api/validation/objectmeta.go): DNS-1123 labels and subdomains,
// qualified names, label values, and ObjectMeta on create and update, with the real
// messages ("a lowercase RFC 1123 label must consist of ...").
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/field_errors.h"
#include "sim/api/objects.h"

namespace xnsim {

// Each returns the messages of the rules `value` breaks (empty when valid).
std::vector<std::string> IsDNS1123Label(std::string_view value);
std::vector<std::string> IsDNS1123Subdomain(std::string_view value);
std::vector<std::string> IsQualifiedName(std::string_view value);
std::vector<std::string> IsValidLabelValue(std::string_view value);

// How a kind's names are checked; `prefix` is true for generateName, where a
// trailing dash is allowed.
enum class NameRule : uint8_t { kDNS1123Subdomain, kDNS1123Label };
std::vector<std::string> ValidateName(NameRule rule, std::string_view name, bool prefix);

struct MetaRules {
  NameRule name_rule = NameRule::kDNS1123Subdomain;
  bool namespaced = true;
  // Core and storage kinds also refuse unqualified finalizers that are not standard
  // ("kubernetes", "orphan", "foregroundDeletion"); CRD kinds do not.
  bool kube_finalizer_names = true;
};

// How CRD kinds (snapshots, ReferenceGrants) check their metadata.
inline constexpr MetaRules kNamespacedCrdMeta{NameRule::kDNS1123Subdomain, true, false};

// [a-z0-9]([-a-z0-9]*[a-z0-9])?: one DNS-1123 label, without the length check.
bool MatchesDNS1123Label(std::string_view s);

// Whether `v` is one of an enum field's supported values (NotSupported otherwise).
inline bool IsSupportedValue(const std::vector<std::string_view>& supported, std::string_view v) {
  return std::find(supported.begin(), supported.end(), v) != supported.end();
}

FieldErrorList ValidateObjectMeta(const ObjectMeta& meta, const MetaRules& rules);
// Finalizer names at `parent`.finalizers (metadata.finalizers, a Namespace's
// spec.finalizers): qualified names and, with `kube_names`, no unqualified name but
// the standard ones.
FieldErrorList ValidateFinalizers(const std::vector<std::string>& finalizers,
                                  const FieldPath& parent, bool kube_names);
// Label keys and values (metadata.labels, a selector's matchLabels).
FieldErrorList ValidateLabels(const StringMap& labels,
                              const FieldPath& path);
// On update, `old` is the stored object (which passed these checks when it was
// written): the names, labels, annotations and finalizers `meta` keeps unchanged from
// it are not checked again.
FieldErrorList ValidateObjectMetaUpdate(const ObjectMeta& meta, const ObjectMeta& old,
                                        const MetaRules& rules);
// Both of the above for one update, as most kinds' update validation runs them: the
// labels, annotation keys and finalizers they share are checked once, and their
// errors (if any) appear in both lists, as Kubernetes reports them twice.
struct MetaUpdateErrors {
  FieldErrorList update;  // ValidateObjectMetaUpdate's
  FieldErrorList meta;    // ValidateObjectMeta's
};
MetaUpdateErrors ValidateObjectMetaOnUpdate(const ObjectMeta& meta, const ObjectMeta& old,
                                            const MetaRules& rules);

// What metav1 prints for an immutable field: "field is immutable".
inline constexpr std::string_view kFieldImmutable = "field is immutable";

}  // namespace xnsim
