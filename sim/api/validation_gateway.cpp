// gateway.networking.k8s.io ReferenceGrant validation, as the Gateway API CRD's
// OpenAPI schema renders it: from/to 1..16 items, group/kind/namespace patterns and
// lengths. Schema errors read "spec.from in body should have at least 1 items" and
// "spec.from[0].kind in body should match '<pattern>'".
#include "sim/api/validation.h"
#include "sim/api/validation_meta.h"
#include "sim/core/ascii.h"

namespace xnsim {
namespace {


constexpr size_t kMaxItems = 16;
constexpr std::string_view kGroupPattern =
    "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
constexpr std::string_view kKindPattern = "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";
constexpr std::string_view kNamespacePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

// ^$|^<dns label>(\.<dns label>)*$
bool MatchesGroup(std::string_view s) {
  if (s.empty()) return true;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!MatchesDNS1123Label(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}
bool MatchesKind(std::string_view s) {
  if (s.empty() || !IsAlpha(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  return true;
}
bool MatchesNamespace(std::string_view s) { return MatchesDNS1123Label(s); }

// The kube-openapi messages for one string property.
void CheckString(const std::string& value, const FieldPath& path, size_t max_len, std::string_view pattern,
                 bool (*matches)(std::string_view), FieldErrorList& errs) {
  if (value.size() > max_len) errs.push_back(TooLong(path, static_cast<int64_t>(max_len)));
  if (!matches(value)) {
    errs.push_back(Invalid(path, BadValue::String(value),
                           path.str() + " in body should match '" + std::string(pattern) + "'"));
  }
}

// A required list with minItems 1 and maxItems 16.
bool CheckList(size_t size, const FieldPath& path, FieldErrorList& errs) {
  if (size == 0) {
    // xnsim cannot tell `from: []` from an absent list; absent is the usual mistake.
    errs.push_back(Required(path));
    return false;
  }
  if (size > kMaxItems) errs.push_back(TooMany(path, static_cast<int64_t>(size), kMaxItems));
  return true;
}

void CheckKind(const std::string& kind, const FieldPath& path, FieldErrorList& errs) {
  if (kind.empty()) {
    errs.push_back(Required(path));
    return;
  }
  CheckString(kind, path, 63, kKindPattern, MatchesKind, errs);
}

FieldErrorList ValidateGrantFrom(const std::vector<ReferenceGrant::From>& from, const FieldPath& path) {
  FieldErrorList errs;
  if (!CheckList(from.size(), path, errs)) return errs;
  for (size_t i = 0; i < from.size(); ++i) {
    const FieldPath p = path.Index(i);
    CheckString(from[i].group, p.Child("group"), 253, kGroupPattern, MatchesGroup, errs);
    CheckKind(from[i].kind, p.Child("kind"), errs);
    if (from[i].namespace_.empty()) {
      errs.push_back(Required(p.Child("namespace")));
    } else {
      CheckString(from[i].namespace_, p.Child("namespace"), 63, kNamespacePattern, MatchesNamespace, errs);
    }
  }
  return errs;
}

FieldErrorList ValidateGrantTo(const std::vector<ReferenceGrant::To>& to, const FieldPath& path) {
  FieldErrorList errs;
  if (!CheckList(to.size(), path, errs)) return errs;
  for (size_t i = 0; i < to.size(); ++i) {
    const FieldPath p = path.Index(i);
    CheckString(to[i].group, p.Child("group"), 253, kGroupPattern, MatchesGroup, errs);
    CheckKind(to[i].kind, p.Child("kind"), errs);
    if (to[i].name) {
      const FieldPath np = p.Child("name");
      if (to[i].name->empty()) {
        errs.push_back(Invalid(np, BadValue::String(""), np.str() + " in body should be at least 1 chars long"));
      } else if (to[i].name->size() > 253) {
        errs.push_back(TooLong(np, 253));
      }
    }
  }
  return errs;
}

}  // namespace

FieldErrorList Validate(const ReferenceGrant& obj) {
  FieldErrorList errs = ValidateObjectMeta(obj.metadata, kNamespacedCrdMeta);
  const FieldPath spec("spec");
  Append(errs, ValidateGrantFrom(obj.spec.from, spec.Child("from")));
  Append(errs, ValidateGrantTo(obj.spec.to, spec.Child("to")));
  return errs;
}

FieldErrorList ValidateUpdate(const ReferenceGrant& obj, const ReferenceGrant& old, const ValidationOptions&) {
  FieldErrorList errs = ValidateObjectMetaUpdate(obj.metadata, old.metadata, kNamespacedCrdMeta);
  Append(errs, Validate(obj));
  return errs;
}

}  // namespace xnsim
