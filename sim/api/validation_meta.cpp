#include "sim/api/validation_meta.h"

#include <algorithm>
#include <set>

#include "sim/core/ascii.h"

namespace xnsim {

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchesDNS1123Label(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
}

namespace {

constexpr size_t kDNS1123LabelMaxLength = 63;
constexpr size_t kDNS1123SubdomainMaxLength = 253;
constexpr size_t kQualifiedNameMaxLength = 63;
constexpr size_t kLabelValueMaxLength = 63;



// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool MatchesSubdomain(std::string_view s) {
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (!MatchesDNS1123Label(s.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedNamePart(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

// IsQualifiedName(value).empty(), without building messages: most keys are valid, and
// every write revalidates every key.
bool IsValidQualifiedName(std::string_view value) {
  std::string_view name = value;
  size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (name.find('/') != std::string_view::npos || prefix.empty() ||
        prefix.size() > kDNS1123SubdomainMaxLength || !MatchesSubdomain(prefix)) {
      return false;
    }
  }
  return !name.empty() && name.size() <= kQualifiedNameMaxLength && MatchesQualifiedNamePart(name);
}

bool HasUpper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// util/validation RegexError: "msg (e.g. 'a',  or 'b', regex used for validation is 'r')".
std::string RegexError(std::string_view msg, std::string_view fmt,
                       std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  out += examples.size() == 0 ? " (" : " (e.g. ";
  bool first = true;
  for (std::string_view e : examples) {
    if (!first) out += " or ";
    first = false;
    out += '\'';
    out += e;
    out += "', ";
  }
  out += "regex used for validation is '";
  out += fmt;
  out += "')";
  return out;
}

std::string MaxLenError(size_t n) { return "must be no more than " + std::to_string(n) + " characters"; }

constexpr std::string_view kLabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kLabelErr =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr std::string_view kSubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kSubdomainErr =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameErr =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErr =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";

// apimachinery's maskTrailingDash: a generateName may end in '-'.
std::string MaskTrailingDash(std::string_view name) {
  if (name.size() > 1 && name.back() == '-') {
    return std::string(name.substr(0, name.size() - 2)) + "a";
  }
  return std::string(name);
}

// `meta` as for ValidateFinalizers.
FieldErrorList ValidateAnnotationKeys(const StringMap& annotations,
                                      const FieldPath& meta) {
  FieldErrorList errs;
  for (const auto& [k, v] : annotations) {
    if (!HasUpper(k) && IsValidQualifiedName(k)) continue;  // lower-casing would not change it
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string& msg : IsQualifiedName(lower)) {
      errs.push_back(Invalid(meta.Child("annotations"), BadValue::String(k), msg));
    }
  }
  return errs;
}

}  // namespace

// `meta` is the metadata's path: the list's own is made only for an error, as most
// writes have none.
FieldErrorList ValidateFinalizers(const std::vector<std::string>& finalizers,
                                  const FieldPath& meta, bool kube_names) {
  FieldErrorList errs;
  auto path = [&meta] { return meta.Child("finalizers"); };
  for (size_t i = 0; i < finalizers.size(); ++i) {
    const std::string& f = finalizers[i];
    if (IsValidQualifiedName(f)) continue;
    for (const std::string& msg : IsQualifiedName(f)) {
      errs.push_back(Invalid(path().Index(i), BadValue::String(f), msg));
    }
  }
  if (kube_names) {
    for (size_t i = 0; i < finalizers.size(); ++i) {
      const std::string& f = finalizers[i];
      if (f.find('/') == std::string::npos && f != "kubernetes" && f != "orphan" &&
          f != "foregroundDeletion") {
        errs.push_back(Invalid(path().Index(i), BadValue::String(f),
                               "name is neither a standard finalizer name nor is it fully "
                               "qualified"));
      }
    }
  }
  return errs;
}

FieldErrorList ValidateLabels(const StringMap& labels,
                              const FieldPath& path) {
  FieldErrorList errs;
  for (const auto& [k, v] : labels) {
    if (IsValidQualifiedName(k) && v.size() <= kLabelValueMaxLength &&
        (v.empty() || MatchesQualifiedNamePart(v))) {
      continue;
    }
    for (const std::string& msg : IsQualifiedName(k)) {
      errs.push_back(Invalid(path, BadValue::String(k), msg));
    }
    for (const std::string& msg : IsValidLabelValue(v)) {
      errs.push_back(Invalid(path.Key(k), BadValue::String(v), msg));
    }
  }
  return errs;
}

std::vector<std::string> IsDNS1123Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123LabelMaxLength) errs.push_back(MaxLenError(kDNS1123LabelMaxLength));
  if (!MatchesDNS1123Label(value)) {
    if (MatchesSubdomain(value)) {
      errs.push_back("must not contain dots");  // a valid subdomain, so only the dots are wrong
    } else {
      errs.push_back(RegexError(kLabelErr, kLabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

std::vector<std::string> IsDNS1123Subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123SubdomainMaxLength) {
    errs.push_back(MaxLenError(kDNS1123SubdomainMaxLength));
  }
  if (!MatchesSubdomain(value)) {
    errs.push_back(RegexError(kSubdomainErr, kSubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::vector<std::string> IsQualifiedName(std::string_view value) {
  std::vector<std::string> errs;
  std::string_view name = value;
  size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back("a qualified name " +
                     RegexError(kQualifiedNameErr, kQualifiedNameFmt,
                                {"MyName", "my.name", "123-abc"}) +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (const std::string& m : IsDNS1123Subdomain(prefix)) errs.push_back("prefix part " + m);
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back("name part " + MaxLenError(kQualifiedNameMaxLength));
  }
  if (!MatchesQualifiedNamePart(name)) {
    errs.push_back("name part " + RegexError(kQualifiedNameErr, kQualifiedNameFmt,
                                             {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> IsValidLabelValue(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(MaxLenError(kLabelValueMaxLength));
  if (!value.empty() && !MatchesQualifiedNamePart(value)) {
    errs.push_back(RegexError(kLabelValueErr, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::vector<std::string> ValidateName(NameRule rule, std::string_view name, bool prefix) {
  if (prefix) return ValidateName(rule, MaskTrailingDash(name), false);
  return rule == NameRule::kDNS1123Label ? IsDNS1123Label(name) : IsDNS1123Subdomain(name);
}

namespace {

// On an update, `old` is the stored object's metadata. Every object enters the store
// through create or update validation with its kind's rules, which do not change with
// the version (status updates and deletion keep the stored names, labels, annotations
// and finalizers), so the parts `meta` keeps unchanged from `old` passed these very
// checks and cannot have an error: they are not checked again. Null on create.

// ValidateObjectMeta without the part it shares with ValidateObjectMetaUpdate.
FieldErrorList ValidateObjectMetaNames(const ObjectMeta& meta, const MetaRules& rules, const FieldPath& path,
                                       const ObjectMeta* old) {
  FieldErrorList errs;
  if (old != nullptr && meta.name == old->name && meta.generate_name == old->generate_name &&
      meta.namespace_ == old->namespace_) {
    return errs;
  }
  if (!meta.generate_name.empty()) {
    for (const std::string& msg : ValidateName(rules.name_rule, meta.generate_name, true)) {
      errs.push_back(Invalid(path.Child("generateName"), BadValue::String(meta.generate_name), msg));
    }
  }
  if (meta.name.empty()) {
    errs.push_back(Required(path.Child("name"), "name or generateName is required"));
  } else {
    for (const std::string& msg : ValidateName(rules.name_rule, meta.name, false)) {
      errs.push_back(Invalid(path.Child("name"), BadValue::String(meta.name), msg));
    }
  }
  if (rules.namespaced) {
    if (meta.namespace_.empty()) {
      errs.push_back(Required(path.Child("namespace")));
    } else {
      for (const std::string& msg : IsDNS1123Label(meta.namespace_)) {
        errs.push_back(Invalid(path.Child("namespace"), BadValue::String(meta.namespace_), msg));
      }
    }
  } else if (!meta.namespace_.empty()) {
    errs.push_back(Forbidden(path.Child("namespace"), "not allowed on this type"));
  }
  return errs;
}

// What ValidateObjectMeta and ValidateObjectMetaUpdate both check: labels, annotation
// keys, finalizers.
// `old` as for ValidateObjectMetaNames.
FieldErrorList ValidateObjectMetaContents(const ObjectMeta& meta, const MetaRules& rules, const FieldPath& path,
                                          const ObjectMeta* old) {
  FieldErrorList errs;
  if (old == nullptr || meta.labels != old->labels) errs = ValidateLabels(meta.labels, path.Child("labels"));
  if (old == nullptr || meta.annotations != old->annotations) {
    Append(errs, ValidateAnnotationKeys(meta.annotations, path));
  }
  if (old == nullptr || meta.finalizers != old->finalizers) {
    Append(errs, ValidateFinalizers(meta.finalizers, path, rules.kube_finalizer_names));
  }
  return errs;
}

// ValidateObjectMetaUpdate without the part it shares with ValidateObjectMeta.
FieldErrorList ValidateObjectMetaChanges(const ObjectMeta& meta, const ObjectMeta& old, const FieldPath& path) {
  FieldErrorList errs;
  // The finalizers' set is made only when one is new: an object being deleted is
  // written again for each finalizer removed.
  auto is_new = [&old](const std::string& f) {
    return std::find(old.finalizers.begin(), old.finalizers.end(), f) == old.finalizers.end();
  };
  if (old.deletion_timestamp && std::any_of(meta.finalizers.begin(), meta.finalizers.end(), is_new)) {
    std::set<std::string> extra(meta.finalizers.begin(), meta.finalizers.end());
    for (const std::string& f : old.finalizers) extra.erase(f);
    std::string list = "[]string{";
    bool first = true;
    for (const std::string& f : extra) {
      if (!first) list += ", ";
      first = false;
      list += GoQuote(f);
    }
    list += "}";
    errs.push_back(Forbidden(path.Child("finalizers"),
                             "no new finalizers can be added if the object is being deleted, "
                             "found new finalizers " + list));
  }
  if (meta.generation < old.generation) {
    errs.push_back(Invalid(path.Child("generation"), BadValue::Int(meta.generation),
                           "must not be decremented"));
  }
  if (meta.name != old.name) {
    errs.push_back(Invalid(path.Child("name"), BadValue::String(meta.name), kFieldImmutable));
  }
  if (meta.namespace_ != old.namespace_) {
    errs.push_back(
        Invalid(path.Child("namespace"), BadValue::String(meta.namespace_), kFieldImmutable));
  }
  if (meta.uid != old.uid) {
    errs.push_back(Invalid(path.Child("uid"), BadValue::String(meta.uid), kFieldImmutable));
  }
  return errs;
}

}  // namespace

FieldErrorList ValidateObjectMeta(const ObjectMeta& meta, const MetaRules& rules) {
  const FieldPath path("metadata");
  FieldErrorList errs = ValidateObjectMetaNames(meta, rules, path, nullptr);
  Append(errs, ValidateObjectMetaContents(meta, rules, path, nullptr));
  return errs;
}

FieldErrorList ValidateObjectMetaUpdate(const ObjectMeta& meta, const ObjectMeta& old,
                                        const MetaRules& rules) {
  const FieldPath path("metadata");
  FieldErrorList errs = ValidateObjectMetaChanges(meta, old, path);
  Append(errs, ValidateObjectMetaContents(meta, rules, path, &old));
  return errs;
}

MetaUpdateErrors ValidateObjectMetaOnUpdate(const ObjectMeta& meta, const ObjectMeta& old,
                                            const MetaRules& rules) {
  const FieldPath path("metadata");
  const FieldErrorList contents = ValidateObjectMetaContents(meta, rules, path, &old);
  MetaUpdateErrors out{ValidateObjectMetaChanges(meta, old, path), ValidateObjectMetaNames(meta, rules, path, &old)};
  Append(out.update, contents);
  Append(out.meta, contents);
  return out;
}

}  // namespace xnsim
