// batch/v1 validation (pkg/apis/batch/validation/validation.go): a Job's generated
// selector and labels, its counts and modes, its pod template (with the core rules xnsim
// checks on a Pod) and restartPolicy, and what may not change on update.
#include <nlohmann/json.hpp>
#include <string>

#include "sim/api/validation.h"
#include "sim/api/validation_core.h"
#include "sim/api/validation_meta.h"
#include "sim/core/quote.h"

namespace xnsim {
namespace {

// Jobs are named like ReplicationControllers: a DNS-1123 subdomain.
const MetaRules kJobMeta{NameRule::kDNS1123Subdomain, true, true};

// %#v of a map[string]string: map[string]string{"a":"b", "c":"d"} (keys sorted).
std::string GoStringMap(const StringMap& m) {
  std::string out = "map[string]string{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ", ";
    first = false;
    out += GoQuote(k) + ":" + GoQuote(v);
  }
  return out + "}";
}

// %#v of a (dereferenced) *metav1.LabelSelector.
std::string GoLabelSelector(const LabelSelector& s) {
  std::string out = "v1.LabelSelector{MatchLabels:";
  out += s.match_labels.empty() ? "map[string]string(nil)" : GoStringMap(s.match_labels);
  out += ", MatchExpressions:";
  if (s.match_expressions.empty()) {
    out += "[]v1.LabelSelectorRequirement(nil)";
  } else {
    out += "[]v1.LabelSelectorRequirement{";
    for (size_t i = 0; i < s.match_expressions.size(); ++i) {
      const LabelSelectorRequirement& r = s.match_expressions[i];
      if (i > 0) out += ", ";
      out += "v1.LabelSelectorRequirement{Key:" + GoQuote(r.key) + ", Operator:" + GoQuote(r.operator_) +
             ", Values:";
      if (r.values.empty()) {
        out += "[]string(nil)";
      } else {
        out += "[]string{";
        for (size_t j = 0; j < r.values.size(); ++j) out += (j > 0 ? ", " : "") + GoQuote(r.values[j]);
        out += "}";
      }
      out += "}";
    }
    out += "}";
  }
  return out + "}";
}

BadValue SelectorValue(const std::optional<LabelSelector>& s) {
  return s ? BadValue::Raw(GoLabelSelector(*s)) : BadValue::Null();
}

// metav1.LabelSelectorAsSelector(s).Matches(labels); nullopt when the selector does not
// convert (an unknown operator), where the real code skips the check. A nil selector
// matches nothing, an empty one everything.
std::optional<bool> SelectorMatches(const std::optional<LabelSelector>& s,
                                    const StringMap& labels) {
  if (!s) return false;
  bool matches = true;
  for (const auto& [k, v] : s->match_labels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) matches = false;
  }
  for (const LabelSelectorRequirement& r : s->match_expressions) {
    auto it = labels.find(r.key);
    const bool has = it != labels.end();
    auto in_values = [&] {
      for (const std::string& v : r.values) {
        if (has && it->second == v) return true;
      }
      return false;
    };
    if (r.operator_ == "In") {
      if (!in_values()) matches = false;
    } else if (r.operator_ == "NotIn") {
      if (in_values()) matches = false;
    } else if (r.operator_ == "Exists") {
      if (!has) matches = false;
    } else if (r.operator_ == "DoesNotExist") {
      if (has) matches = false;
    } else {
      return std::nullopt;
    }
  }
  return matches;
}

// The template's restartPolicy, carried verbatim in the pod spec's rest ("" = unset).
std::string RestartPolicyOf(const Pod::Spec& spec) {
  if (spec.rest.text.empty()) return {};
  const nlohmann::json rest = nlohmann::json::parse(spec.rest.text, nullptr, /*allow_exceptions=*/false);
  if (!rest.is_object()) return {};
  auto it = rest.find("restartPolicy");
  return it != rest.end() && it->is_string() ? it->get<std::string>() : std::string();
}

FieldErrorList ValidateNonnegative(const std::optional<int64_t>& v, const FieldPath& path) {
  if (!v || *v >= 0) return {};
  return {Invalid(path, BadValue::Int(*v), "must be greater than or equal to 0")};
}

// ValidateHasLabel (core validation).
FieldErrorList ValidateHasLabel(const ObjectMeta& meta, const FieldPath& path, std::string_view key,
                                const std::string& expected) {
  const FieldPath p = path.Child("labels").Key(key);
  auto it = meta.labels.find(std::string(key));
  if (it == meta.labels.end()) return {Required(p, "must be '" + expected + "'")};
  if (it->second != expected) return {Invalid(p, BadValue::Raw(GoStringMap(meta.labels)), "must be '" + expected + "'")};
  return {};
}

// validateGeneratedSelector: unless the selector is manual, the template carries the
// generated labels and the selector selects them.
FieldErrorList ValidateGeneratedSelector(const Job& job, bool require_prefixed_labels) {
  FieldErrorList errs;
  if (job.spec.manual_selector.value_or(false) || !job.spec.selector) return errs;
  if (job.metadata.uid.empty()) errs.push_back(Required(FieldPath("metadata").Child("uid")));
  const ObjectMeta& tmeta = job.spec.template_.metadata;
  const FieldPath tpath = FieldPath("spec").Child("template").Child("metadata");
  Append(errs, ValidateHasLabel(tmeta, tpath, "controller-uid", job.metadata.uid));
  Append(errs, ValidateHasLabel(tmeta, tpath, "job-name", job.metadata.name));
  StringMap expected;
  if (require_prefixed_labels) {
    Append(errs, ValidateHasLabel(tmeta, tpath, "batch.kubernetes.io/controller-uid", job.metadata.uid));
    Append(errs, ValidateHasLabel(tmeta, tpath, "batch.kubernetes.io/job-name", job.metadata.name));
    expected["batch.kubernetes.io/controller-uid"] = job.metadata.uid;
    expected["batch.kubernetes.io/job-name"] = job.metadata.name;
  }
  expected["controller-uid"] = job.metadata.uid;
  expected["job-name"] = job.metadata.name;
  if (SelectorMatches(job.spec.selector, expected) == false) {
    errs.push_back(Invalid(FieldPath("spec").Child("selector"), SelectorValue(job.spec.selector),
                           "`selector` not auto-generated"));
  }
  return errs;
}

FieldErrorList ValidateJobSpec(const Job::Spec& spec) {
  const FieldPath path("spec");
  FieldErrorList errs;
  Append(errs, ValidateNonnegative(spec.parallelism, path.Child("parallelism")));
  Append(errs, ValidateNonnegative(spec.completions, path.Child("completions")));
  Append(errs, ValidateNonnegative(spec.active_deadline_seconds, path.Child("activeDeadlineSeconds")));
  Append(errs, ValidateNonnegative(spec.backoff_limit, path.Child("backoffLimit")));
  if (spec.completion_mode) {
    if (*spec.completion_mode != "NonIndexed" && *spec.completion_mode != "Indexed") {
      errs.push_back(NotSupported(path.Child("completionMode"), BadValue::String(*spec.completion_mode),
                                  {"NonIndexed", "Indexed"}));
    }
    if (*spec.completion_mode == "Indexed" && !spec.completions) {
      errs.push_back(Required(path.Child("completions"), "when completion mode is Indexed"));
    }
  }
  if (spec.pod_replacement_policy) {
    const std::string& p = *spec.pod_replacement_policy;
    if (!spec.pod_failure_policy.text.empty()) {
      if (p != "Failed") errs.push_back(NotSupported(path.Child("podReplacementPolicy"), BadValue::String(p), {"Failed"}));
    } else if (p != "Failed" && p != "TerminatingOrFailed") {
      errs.push_back(NotSupported(path.Child("podReplacementPolicy"), BadValue::String(p),
                                  {"Failed", "TerminatingOrFailed"}));
    }
  }
  // ValidatePodTemplateSpec, as far as xnsim validates a Pod.
  const FieldPath tpath = path.Child("template");
  Append(errs, ValidateLabels(spec.template_.metadata.labels, tpath.Child("metadata").Child("labels")));
  Append(errs, ValidatePodVolumes(spec.template_.spec.volumes, tpath.Child("spec").Child("volumes")));
  // v1 defaulting turns an unset restartPolicy into Always, which a Job may not use.
  const std::string restart = RestartPolicyOf(spec.template_.spec);
  const FieldPath rpath = tpath.Child("spec").Child("restartPolicy");
  if (restart.empty() || restart == "Always") {
    errs.push_back(Required(rpath, "valid values: \"OnFailure\", \"Never\""));
  } else if (restart != "OnFailure" && restart != "Never") {
    errs.push_back(NotSupported(rpath, BadValue::String(restart), {"OnFailure", "Never"}));
  } else if (!spec.pod_failure_policy.text.empty() && restart != "Never") {
    errs.push_back(Invalid(rpath, BadValue::String(restart), "only \"Never\" is supported when podFailurePolicy is specified"));
  }
  // ValidateJobSpec: a selector, valid, that selects the template's labels.
  if (!spec.selector) {
    errs.push_back(Required(path.Child("selector")));
  } else {
    Append(errs, ValidateLabelSelector(spec.selector, path.Child("selector")));
  }
  if (SelectorMatches(spec.selector, spec.template_.metadata.labels) == false) {
    errs.push_back(Invalid(tpath.Child("metadata").Child("labels"),
                           BadValue::Raw(GoStringMap(spec.template_.metadata.labels)),
                           "`selector` does not match template `labels`"));
  }
  return errs;
}

FieldErrorList ValidateJob(const Job& job, bool require_prefixed_labels) {
  FieldErrorList errs = ValidateObjectMeta(job.metadata, kJobMeta);
  Append(errs, ValidateGeneratedSelector(job, require_prefixed_labels));
  Append(errs, ValidateJobSpec(job.spec));
  return errs;
}

BadValue OptIntValue(const std::optional<int32_t>& v) { return v ? BadValue::Int(*v) : BadValue::Null(); }

}  // namespace

FieldErrorList Validate(const Job& obj) { return ValidateJob(obj, /*require_prefixed_labels=*/true); }

FieldErrorList ValidateUpdate(const Job& obj, const Job& old, const ValidationOptions&) {
  // Jobs stored before the prefixed labels existed are not refused for lacking them.
  const auto& old_labels = old.spec.template_.metadata.labels;
  const bool prefixed = old_labels.count("batch.kubernetes.io/job-name") > 0 &&
                        old_labels.count("batch.kubernetes.io/controller-uid") > 0;
  FieldErrorList errs = ValidateJob(obj, prefixed);
  Append(errs, ValidateObjectMetaUpdate(obj.metadata, old.metadata, kJobMeta));
  const FieldPath path("spec");
  if (obj.spec.completions != old.spec.completions) {
    errs.push_back(Invalid(path.Child("completions"), OptIntValue(obj.spec.completions), kFieldImmutable));
  }
  if (obj.spec.selector != old.spec.selector) {
    errs.push_back(Invalid(path.Child("selector"), SelectorValue(obj.spec.selector), kFieldImmutable));
  }
  if (!(obj.spec.template_ == old.spec.template_)) {
    // The real value is the whole core.PodTemplateSpec printed with %#v, which xnsim
    // does not reproduce (README: known divergences).
    errs.push_back(Invalid(path.Child("template"), BadValue::Raw("core.PodTemplateSpec{...}"), kFieldImmutable));
  }
  if (obj.spec.completion_mode != old.spec.completion_mode) {
    errs.push_back(Invalid(path.Child("completionMode"),
                           obj.spec.completion_mode ? BadValue::String(*obj.spec.completion_mode) : BadValue::Null(),
                           kFieldImmutable));
  }
  return errs;
}

}  // namespace xnsim
