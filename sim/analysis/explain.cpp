#include "sim/analysis/explain.h"

#include <algorithm>
#include <sstream>

#include "sim/api/well_known.h"
#include "sim/controllers/provisioner/reference_grant.h"
#include "sim/core/engine.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

std::string DescribeSource(const TypedObjectReference& r, const std::string& claim_ns) {
  std::string out = r.kind + " " + r.namespace_.value_or(claim_ns) + "/" + r.name;
  if (r.api_group && !r.api_group->empty()) out += " (apiGroup " + *r.api_group + ")";
  return out;
}

// The claim's source as the provisioner resolves it: dataSource (own namespace) first.
std::optional<TypedObjectReference> ClaimSourceOf(const PersistentVolumeClaim& c) {
  if (c.spec.data_source) {
    const auto& d = *c.spec.data_source;
    return TypedObjectReference{d.api_group, d.kind, d.name, c.metadata.namespace_};
  }
  if (!c.spec.data_source_ref) return std::nullopt;
  TypedObjectReference r = *c.spec.data_source_ref;
  if (!r.namespace_ || r.namespace_->empty()) r.namespace_ = c.metadata.namespace_;
  return r;
}

std::string FromText(const ReferenceGrant::From& f) {
  return "{group: \"" + f.group + "\", kind: " + f.kind + ", namespace: " + f.namespace_ + "}";
}
std::string ToText(const ReferenceGrant::To& t) {
  return "{group: \"" + t.group + "\", kind: " + t.kind +
         (t.name && !t.name->empty() ? ", name: " + *t.name : "") + "}";
}
template <class T, class F>
std::string ListText(const std::vector<T>& items, F text) {
  if (items.empty()) return "none";
  std::string out;
  for (const T& i : items) out += (out.empty() ? "" : ", ") + text(i);
  return out;
}

// The verdict is the matcher's. To say which half failed, it is asked again about the
// grant with the other half replaced by an entry that surely matches.
GrantVerdict Judge(const ReferenceGrant& g, const std::string& claim_ns,
                   const TypedObjectReference& source) {
  GrantVerdict v;
  v.grant = g.metadata.name;
  v.matches = GrantAllows(g, claim_ns, source);
  if (v.matches) {
    v.why = "allows PersistentVolumeClaims in " + claim_ns + " to use " + source.kind + " " +
            source.name;
    return v;
  }
  ReferenceGrant any_to = g;
  any_to.spec.to = {ReferenceGrant::To{source.api_group.value_or(""), source.kind, std::nullopt}};
  ReferenceGrant any_from = g;
  any_from.spec.from = {ReferenceGrant::From{"", std::string(kClaimKind), claim_ns}};
  std::vector<std::string> why;
  if (!GrantAllows(any_to, claim_ns, source)) {
    why.push_back("`from` has no entry {group: \"\", kind: PersistentVolumeClaim, namespace: " +
                  claim_ns + "} (it lists " + ListText(g.spec.from, FromText) + ")");
  }
  if (!GrantAllows(any_from, claim_ns, source)) {
    why.push_back("`to` has no entry {group: \"" + source.api_group.value_or("") + "\", kind: " +
                  source.kind + "} named " + source.name + " or unnamed (it lists " +
                  ListText(g.spec.to, ToText) + ")");
  }
  v.why = "does not match: " + ListText(why, [](const std::string& s) { return s; });
  return v;
}

std::string GateLine(const Cluster& cluster, Component c, std::initializer_list<Gate> gates) {
  std::string out = std::string(ComponentName(c)) + ":";
  for (Gate g : gates) {
    out += " " + std::string(GateName(g)) + "=" + (cluster.gates(c).Enabled(g) ? "true" : "false");
  }
  return out;
}

std::string AttemptOutcome(const ProvisioningAttempt& a) {
  if (a.provisioned) return "volume created";
  if (a.stopped && a.error.empty()) return "stopped without error (not this provisioner's to do)";
  return "failed: " + a.error + " [" + a.state + (a.stopped ? ", not retried" : ", retried") + "]";
}

bool SameOutcome(const ProvisioningAttempt& a, const ProvisioningAttempt& b) {
  return a.provisioned == b.provisioned && a.stopped == b.stopped && a.state == b.state &&
         a.error == b.error && a.provisioner == b.provisioner &&
         a.cross_namespace_gate == b.cross_namespace_gate;
}

// One line per run of attempts that ended alike: "attempts 2-8 (1.021s..2m7.021s),
// backoff 1s, 2s, 4s, ... by P: failed: ...". The gaps are the provisioner's backoff.
std::vector<std::string> AttemptLines(const std::vector<const ProvisioningAttempt*>& attempts,
                                      bool cross_namespace) {
  constexpr size_t kGapsShown = 8;
  std::vector<std::string> lines;
  for (size_t i = 0; i < attempts.size();) {
    size_t j = i + 1;
    while (j < attempts.size() && SameOutcome(*attempts[i], *attempts[j])) ++j;
    std::ostringstream out;
    const ProvisioningAttempt& first = *attempts[i];
    const ProvisioningAttempt& last = *attempts[j - 1];
    if (j - i == 1) {
      out << "attempt " << i + 1 << " at " << FormatDuration(first.started);
    } else {
      out << "attempts " << i + 1 << "-" << j << " (" << FormatDuration(first.started) << ".."
          << FormatDuration(last.started) << ")";
    }
    std::string gaps;
    for (size_t k = std::max<size_t>(i, 1); k < j; ++k) {
      if (k - std::max<size_t>(i, 1) == kGapsShown) {
        gaps += ", ...";
        break;
      }
      gaps += (gaps.empty() ? "" : ", ") +
              FormatDuration(attempts[k]->started - attempts[k - 1]->finished);
    }
    if (!gaps.empty()) {
      out << (j - i == 1 ? ", " + gaps + " after the last" : ", backoff " + gaps);
    }
    out << " by " << first.provisioner << ": " << AttemptOutcome(first);
    // The provisioner's own gate then (a setFeatureGates step may have changed it since).
    if (cross_namespace && !first.cross_namespace_gate) {
      out << " (its CrossNamespaceVolumeDataSource gate was off)";
    }
    lines.push_back(out.str());
    i = j;
  }
  return lines;
}

}  // namespace

void ClaimExplainer::ClusterBuilt(Engine& engine, Cluster& cluster) {
  existed_ = false;
  explanation_ = {};
  cluster.audit().KeepHistory();
  watch_ = cluster.api().Watch<PersistentVolumeClaim>(
      [this](const WatchEvent<PersistentVolumeClaim>& e) {
        const ObjectMeta& m = e.object->metadata;
        if (m.namespace_ == ns_ && m.name == name_) existed_ = true;
      });
}

void ClaimExplainer::CaseEnded(Cluster& cluster, CaseResult& result) {
  if (watch_ >= 0) cluster.api().Unwatch(watch_);
  watch_ = -1;
  ClaimExplanation& e = explanation_;
  const ApiServer& api = cluster.api();
  e.claim = ns_ + "/" + name_;
  Ptr<PersistentVolumeClaim> claim = api.Get<PersistentVolumeClaim>(ns_, name_);
  e.exists = claim != nullptr;
  e.existed = existed_ || e.exists;
  if (!e.existed) {
    e.reason = "no PersistentVolumeClaim " + e.claim + " existed in this case";
    return;
  }
  e.gates = {GateLine(cluster, Component::kKubeApiserver,
                      {Gate::kAnyVolumeDataSource, Gate::kCrossNamespaceVolumeDataSource}),
             GateLine(cluster, Component::kCsiProvisioner, {Gate::kCrossNamespaceVolumeDataSource})};

  std::optional<TypedObjectReference> declared;
  if (declared_) declared = ClaimSourceOf(*declared_);
  if (declared) e.declared_source = DescribeSource(*declared, ns_);
  std::optional<TypedObjectReference> source;
  if (claim) {
    source = ClaimSourceOf(*claim);
    if (source) e.stored_source = DescribeSource(*source, ns_);
    e.status = claim->spec.volume_name.empty()
                   ? (claim->status.phase.empty() ? "Pending" : claim->status.phase.str())
                   : claim->status.phase + ", bound to PersistentVolume " + claim->spec.volume_name;
    if (claim->metadata.deletion_timestamp) e.status += " (being deleted)";
  } else {
    e.status = "deleted before the case ended";
  }
  const TypedObjectReference* asked = source ? &*source : declared ? &*declared : nullptr;
  e.cross_namespace = asked != nullptr && asked->namespace_.value_or(ns_) != ns_;

  // The provisioner's attempts, in order.
  const ProvisioningAttempt* last = nullptr;
  const ProvisioningAttempt* success = nullptr;
  std::vector<const ProvisioningAttempt*> mine;
  for (const ProvisioningAttempt& a : cluster.audit().attempts()) {
    if (a.claim_namespace != ns_ || a.claim_name != name_) continue;
    mine.push_back(&a);
    last = &a;
    if (a.provisioned) success = &a;
  }
  e.attempt_count = mine.size();
  e.attempts = AttemptLines(mine, e.cross_namespace);

  // The grants at the provisioner's last check of this claim.
  const GrantCheck* check = nullptr;
  for (const GrantCheck& c : cluster.audit().grant_check_history()) {
    if (c.claim_namespace == ns_ && c.claim_name == name_) check = &c;
  }
  if (check != nullptr) {
    e.grants_checked_at = check->at;
    e.grant_namespace = check->source.namespace_.value_or("");
    for (const Ptr<ReferenceGrant>& g : *check->grants_seen) {
      e.grants.push_back(Judge(*g, ns_, check->source));
    }
    for (const Ptr<ReferenceGrant>& g : api.List<ReferenceGrant>(e.grant_namespace)) {
      const bool seen = std::any_of(check->grants_seen->begin(), check->grants_seen->end(),
                                    [&](const Ptr<ReferenceGrant>& s) {
                                      return s->metadata.uid == g->metadata.uid &&
                                             s->metadata.resource_version == g->metadata.resource_version;
                                    });
      if (seen) continue;
      GrantVerdict v = Judge(*g, ns_, check->source);
      v.seen = false;
      v.why += "; made or changed after the provisioner's last check, which retries only on "
               "its backoff";
      e.grants.push_back(std::move(v));
    }
  }

  for (const Ptr<Event>& ev : api.List<Event>(ns_)) {
    const ObjectReference& io = ev->involved_object;
    if (io.kind != kClaimKind || io.name != name_) continue;
    std::string when;
    if (ev->first_timestamp) when = FormatDuration(*ev->first_timestamp);
    if (ev->last_timestamp && ev->last_timestamp != ev->first_timestamp) {
      when += ".." + FormatDuration(*ev->last_timestamp);
    }
    e.events.push_back(ev->type + " " + ev->reason + " x" + std::to_string(ev->count) + " (" +
                       when + "): " + ev->message);
  }

  // The conclusion.
  std::string dropped;
  if (declared && declared_->spec.data_source_ref && claim && !claim->spec.data_source_ref) {
    dropped = "kube-apiserver dropped spec.dataSourceRef (" + e.declared_source +
              ") when the claim was created (see the gates below), so the claim asks for no data";
  }
  e.provisioned = success != nullptr && claim && !claim->spec.volume_name.empty();
  if (e.provisioned) {
    e.reason = "provisioned: attempt " + std::to_string(e.attempt_count) + " at " +
               FormatDuration(success->started) + " created its volume";
    if (source) e.reason += " from " + e.stored_source;
    if (e.cross_namespace && check != nullptr && check->allowed) {
      std::string allowing;
      for (const GrantVerdict& v : e.grants) {
        if (v.matches && v.seen) allowing += (allowing.empty() ? "" : ", ") + v.grant;
      }
      e.reason += ", allowed by ReferenceGrant " + allowing + " in " + e.grant_namespace;
    }
    if (!dropped.empty()) e.reason = dropped + "; it was provisioned empty";
    return;
  }
  if (claim && !claim->spec.volume_name.empty()) {
    e.reason = "bound to PersistentVolume " + claim->spec.volume_name +
               ", which the external-provisioner did not make for it in this case";
  } else if (last != nullptr) {
    e.reason = "not provisioned: the last of " + std::to_string(e.attempt_count) +
               " attempt(s), at " + FormatDuration(last->started) + ", " +
               (last->error.empty() ? "stopped" : "failed: " + last->error);
    if (check != nullptr && !check->allowed) {
      e.reason += check->grants_seen->empty()
                      ? " (the provisioner saw no ReferenceGrant in " + e.grant_namespace + ")"
                      : " (none of the " + std::to_string(check->grants_seen->size()) +
                            " ReferenceGrant(s) in " + e.grant_namespace +
                            " that the provisioner saw allows it: see below)";
    }
  } else {
    e.reason = "the external-provisioner never attempted it";
    if (!e.events.empty()) e.reason += "; the claim's last Event: " + e.events.back();
  }
  if (!dropped.empty()) e.reason = dropped + "; " + e.reason;
  (void)result;
}

std::string RenderExplanation(const ClaimExplanation& e) {
  std::ostringstream out;
  out << "claim " << e.claim << ": " << e.reason << "\n";
  if (!e.existed) return out.str();
  out << "status: " << e.status << "\n";
  out << "data source: " << (e.stored_source.empty() ? "none" : e.stored_source);
  if (e.cross_namespace) out << " (cross-namespace)";
  out << "\n";
  if (!e.declared_source.empty() && e.declared_source != e.stored_source) {
    out << "the scenario's manifest asked for: " << e.declared_source << "\n";
  }
  out << "gates at the end of the case:\n";
  for (const std::string& g : e.gates) out << "  " << g << "\n";
  out << "decision path (" << e.attempt_count << " attempt(s) by the external-provisioner):\n";
  if (e.attempts.empty()) out << "  none\n";
  for (const std::string& a : e.attempts) out << "  " << a << "\n";
  if (e.grants_checked_at) {
    out << "ReferenceGrants in " << e.grant_namespace << " at the last grant check ("
        << FormatDuration(*e.grants_checked_at) << "):\n";
    if (e.grants.empty()) out << "  none: no ReferenceGrant in " << e.grant_namespace << "\n";
    for (const GrantVerdict& v : e.grants) {
      out << "  " << v.grant << ": " << (v.seen ? "" : "(not seen) ") << v.why << "\n";
    }
  } else if (e.cross_namespace) {
    out << "ReferenceGrants: the provisioner never checked any for this claim\n";
  }
  out << "events:\n";
  if (e.events.empty()) out << "  none\n";
  for (const std::string& ev : e.events) out << "  " << ev << "\n";
  return out.str();
}

std::optional<PersistentVolumeClaim> DeclaredClaim(const Scenario& scenario, const std::string& ns,
                                                   const std::string& name) {
  std::optional<PersistentVolumeClaim> found;
  for (const Step& step : scenario.steps) {
    const auto* apply = std::get_if<ApplyStep>(&step.body);
    if (apply == nullptr) continue;
    for (const ManifestRef& ref : apply->objects) {
      const auto* claim = std::get_if<PersistentVolumeClaim>(&ref.object);
      if (claim == nullptr || claim->metadata.name != name) continue;
      if ((claim->metadata.namespace_.empty() ? "default" : claim->metadata.namespace_) != ns) continue;
      found = *claim;
    }
  }
  return found;
}

}  // namespace xnsim
