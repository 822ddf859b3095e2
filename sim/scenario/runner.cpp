// The step runner: one simulated cluster per case (sim/controllers/cluster: the API
// server, the mock CSI drivers and the controllers), and each step of the scenario
// executed against it in virtual time, the way a person would with kubectl and a
// watch: apply and delete through the API server, then wait for the world to match.
// Steps that reach past the API server go to the cluster: `write` and `assertContent`
// to the volume behind a claim, `restart` and `setFeatureGates` to a component's
// process, `fault` to a driver. `workload` starts generated arrivals (workload.h), and
// a case with workloads has its capacity metrics collected (metrics_collector.h).
//
// The scenario's invariants (invariants.h) are checked as the case runs; the first
// violation stops the case and fails it with the seed and the trace that led to it.
#include "sim/scenario/runner.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/api/codec.h"
#include "sim/api/codec_tree.h"
#include "sim/controllers/cluster/cluster.h"
#include "sim/core/quote.h"
#include "sim/scenario/claim_volume.h"
#include "sim/scenario/cluster_config.h"
#include "sim/scenario/invariants.h"
#include "sim/scenario/matcher.h"
#include "sim/scenario/metrics_collector.h"
#include "sim/scenario/trace_tail.h"
#include "sim/scenario/workload.h"

namespace xnsim {
namespace {

using Json = nlohmann::json;

// The namespaces a fresh cluster has before anyone applies anything. The API server
// makes them itself (Options::system_namespaces); the runner only fills in a missing one.
constexpr const char* kBootstrapNamespaces[] = {"default", "kube-system", "kube-public",
                                                "kube-node-lease"};
// The namespace kubectl's default context puts a namespaced object in.
constexpr const char* kDefaultNamespace = "default";
// How the runner signs its own trace lines.
constexpr const char* kTraceComponent = "xnsim";
// Trace records an invariant violation shows: enough to see the events that led to it.
constexpr size_t kTraceTailLines = 20;

// Why the case cannot run on its driver under test (the first driver): a capability
// the case requires that the driver does not report. Nothing when it can run.
std::optional<std::string> UnmetRequirement(const Scenario& scenario) {
  const DriverSpec* driver = scenario.cluster.drivers.empty() ? nullptr : &scenario.cluster.drivers[0];
  std::string missing;
  for (const std::string& cap : scenario.required_capabilities) {
    const bool reported = driver != nullptr && std::find(driver->capabilities.begin(),
                                                         driver->capabilities.end(),
                                                         cap) != driver->capabilities.end();
    if (!reported) missing += (missing.empty() ? "" : ", ") + cap;
  }
  if (missing.empty()) return std::nullopt;
  std::string who = "(none)";
  if (driver != nullptr) who = driver->profile.empty() ? driver->name : driver->profile;
  return "the case requires " + missing + ", which driver " + who + " does not report";
}

// What a step came to. `summary` is one line for the step's record; `details` is the
// rest of what a person needs to see (expected and seen objects, why they differ).
struct StepVerdict {
  Outcome outcome = Outcome::kPassed;
  std::string summary;
  std::string details;

  static StepVerdict Pass(std::string summary = {}) {
    return {Outcome::kPassed, std::move(summary), {}};
  }
  static StepVerdict Fail(std::string summary, std::string details = {}) {
    return {Outcome::kFailed, std::move(summary), std::move(details)};
  }
  static StepVerdict Error(std::string summary) {
    return {Outcome::kError, std::move(summary), {}};
  }
};

// ---- objects and trees ------------------------------------------------------------

bool IsAbsent(const AnyPtr& p) {
  return std::visit(
      [](const auto& ptr) {
        if constexpr (std::is_same_v<std::decay_t<decltype(ptr)>, std::monostate>) {
          return true;
        } else {
          return ptr == nullptr;
        }
      },
      p);
}

AnyObject CopyOf(const AnyPtr& p) {
  return std::visit(
      [](const auto& ptr) -> AnyObject {
        if constexpr (std::is_same_v<std::decay_t<decltype(ptr)>, std::monostate>) {
          return std::monostate{};
        } else {
          return *ptr;
        }
      },
      p);
}

std::string LabelOf(const AnyObject& obj) {
  const ObjectMeta& m = MetaOf(obj);
  return ObjectLabel(KindInfoOf(obj).kind, m.namespace_, m.name);
}

std::string LabelOf(const AnyPtr& p) {
  return std::visit(
      [](const auto& ptr) -> std::string {
        using P = std::decay_t<decltype(ptr)>;
        if constexpr (std::is_same_v<P, std::monostate>) {
          return {};
        } else {
          return ObjectLabel(KindOf<std::remove_const_t<typename P::element_type>>::kInfo.kind, ptr->metadata.namespace_,
                             ptr->metadata.name);
        }
      },
      p);
}

// Every line of `text` indented by `prefix`, ending in a newline.
std::string Indent(const std::string& text, const std::string& prefix = "  ") {
  std::ostringstream out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out << prefix << line << '\n';
  return out.str();
}

std::string StringAt(const Json& tree, const char* a, const char* b = nullptr) {
  const Json* node = &tree;
  for (const char* key : {a, b}) {
    if (key == nullptr) break;
    if (!node->is_object()) return {};
    auto it = node->find(key);
    if (it == node->end()) return {};
    node = &*it;
  }
  return node->is_string() ? node->get<std::string>() : std::string();
}

// kubectl apply's merge, client side: maps merge key by key, a null removes the key,
// lists and scalars are replaced. (Strategic merge of keyed lists, such as a Pod's
// containers by name, is not modelled: a list given replaces the live one.)
void MergeOver(Json& live, const Json& manifest) {
  if (!live.is_object() || !manifest.is_object()) {
    live = manifest;
    return;
  }
  for (const auto& [key, value] : manifest.items()) {
    if (value.is_null()) {
      live.erase(key);
    } else if (value.is_object() && live.contains(key) && live[key].is_object()) {
      MergeOver(live[key], value);
    } else {
      live[key] = value;
    }
  }
}

// How kubectl prints a failed API call (cmdutil.AddSourceToErr and
// StandardErrorMessage): `Error from server (Invalid): error when creating "F": ...`.
std::string KubectlError(const Status& status, std::string_view verb, std::string_view source) {
  switch (status.code()) {
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kConflict:
    case StatusCode::kInvalid:
    case StatusCode::kForbidden:
    case StatusCode::kBadRequest: {
      std::string out = std::string("Error from server (") + StatusCodeName(status.code()) + "): ";
      if (!verb.empty()) {
        out += "error when " + std::string(verb) + " \"" + std::string(source) + "\": ";
      }
      return out + status.message();
    }
    default: return "error: " + status.message();
  }
}

// ---- the runner --------------------------------------------------------------------

}  // namespace

struct CasePlan {
  // What an assertion looks for: a kind, optionally narrowed by namespace and name,
  // and the fragment every field of which must be equal.
  struct Query {
    const KindInfo* kind = nullptr;
    std::string api_version;  // as the fragment asks: objects are compared at that version
    std::string namespace_;   // "" = any namespace
    std::string name;         // "" = any name
    const Json* fragment = nullptr;
    // The fragment less what finding the candidates already settles (apiVersion, kind,
    // the name and namespace looked up): all a candidate's projection must hold. An
    // assertion waiting for `status.phase` then encodes no metadata at all.
    Json match;

    std::string Describe() const {
      if (!name.empty()) return ObjectLabel(kind->kind, namespace_, name);
      std::string what(kind->kind);
      return namespace_.empty() ? what : what + " in namespace " + namespace_;
    }
  };

  // ToClusterConfig of the scenario's cluster, as it starts (time 0), with the seams.
  StatusOr<std::shared_ptr<const ClusterConfig>> cluster = InternalError("not planned");
  // By step index: where the step is written ("file:line"), and the query of each
  // assert, assertAbsent and assertNever step.
  std::vector<std::string> locations;
  std::vector<std::optional<StatusOr<Query>>> queries;
};

namespace {

using Query = CasePlan::Query;

// One look at the store: the first object that matches, or else the first candidate
// (the "last seen" of a failure) and how many there were. Why the nearest does not
// match is worked out only for a failure's text (NearestAccount).
struct Observation {
  AnyPtr match;    // absent (IsAbsent) when nothing matched
  AnyPtr nearest;  // absent (IsAbsent) when no candidate was seen
  size_t candidates = 0;
};

// Fills `candidates` (emptied first, its room kept for the next look).
void FindCandidates(const ApiServer& api, const Query& q, std::vector<AnyPtr>& candidates) {
  candidates.clear();
  if (!q.name.empty() && (!q.namespace_.empty() || !q.kind->namespaced)) {
    AnyPtr p = api.GetAny(*q.kind, q.namespace_, q.name);
    if (!IsAbsent(p)) candidates.push_back(std::move(p));
  } else {
    for (AnyPtr& p : api.ListAny(*q.kind, q.namespace_)) {
      const ObjectMeta* meta = MetaOf(p);
      if (meta != nullptr && (q.name.empty() || meta->name == q.name)) {
        candidates.push_back(std::move(p));
      }
    }
  }
}

// The address of the immutable snapshot a candidate points at: while a pointer to it
// is held, the same address is the same object.
const void* Identity(const AnyPtr& p) { return MetaOf(p); }

// The object as `kubectl get` shows it at the version asked for: a kind served at two
// versions (ReferenceGrant) reads back at either.
Json TreeOf(const AnyObject& obj, const Query& q) {
  Json tree = ToJson(obj);
  tree["apiVersion"] = q.api_version;
  return tree;
}

// Whether a candidate matches: the object with just the keys the query's `match`
// names, which is all a match reads, compared with it.
bool CandidateMatches(const AnyPtr& p, const Query& q) {
  if (q.match.empty()) return true;  // finding it settled all that was asked
  const Json tree = std::visit(
      [&](const auto& ptr) -> Json {
        if constexpr (std::is_same_v<std::decay_t<decltype(ptr)>, std::monostate>) {
          return Json::object();
        } else {
          return ToJsonFields(*ptr, q.match);
        }
      },
      p);
  return MatchesFragment(q.match, tree);
}

Observation Observe(const Query& q, const std::vector<AnyPtr>& candidates) {
  Observation o;
  o.candidates = candidates.size();
  for (const AnyPtr& p : candidates) {
    if (CandidateMatches(p, q)) {
      o.match = p;
      return o;
    }
    if (IsAbsent(o.nearest)) o.nearest = p;
  }
  return o;
}

// The nearest candidate as a failure shows it: the whole object, and why it does not
// match (the same verdict its projection gave, now with the first differing field).
struct NearestAccount {
  Json tree;
  std::string why;
};
NearestAccount AccountFor(const Observation& o, const Query& q) {
  NearestAccount a;
  a.tree = TreeOf(CopyOf(o.nearest), q);
  MatchesFragment(*q.fragment, a.tree, &a.why);
  return a;
}

// Observes a query again only when the store has changed since the last look, so an
// assertion waiting through many events pays only for the ones that wrote something.
class Observer {
 public:
  Observer(const ApiServer& api, const Query& query) : api_(api), query_(query) {}

  const Observation& Look() {
    if (!looked_ || api_.resource_version() != version_) {
      version_ = api_.resource_version();
      // Objects are immutable snapshots: when the candidates are the very ones last
      // compared, so is the verdict (a write elsewhere changes nothing here), and the
      // objects need not be encoded again.
      FindCandidates(api_, query_, found_);
      bool same = looked_ && found_.size() == seen_.size();
      for (size_t i = 0; same && i < found_.size(); ++i) {
        same = Identity(found_[i]) == Identity(seen_[i]);
      }
      if (!same) {
        last_ = Observe(query_, found_);
        std::swap(seen_, found_);
      }
      looked_ = true;
    }
    return last_;
  }
  bool Matches() { return !IsAbsent(Look().match); }
  const Observation& last() const { return last_; }
  const Query& query() const { return query_; }

 private:
  const ApiServer& api_;
  const Query& query_;
  bool looked_ = false;
  uint64_t version_ = 0;
  std::vector<AnyPtr> seen_;  // the candidates last_ was made from, held so none is reused
  std::vector<AnyPtr> found_;  // this look's candidates: a member, so looks reuse its room
  Observation last_;
};

// The query of an assertion's `resource`; errors name what xnsim does not serve.
StatusOr<Query> QueryFor(const Fragment& fragment) {
  if (!fragment || !fragment->is_object()) return InputError("the resource is not a map");
  const std::string api_version = StringAt(*fragment, "apiVersion");
  const std::string kind_name = StringAt(*fragment, "kind");
  const KindInfo* kind = FindKind(api_version, kind_name);
  if (kind == nullptr) {
    return InputError("xnsim does not serve kind \"" + kind_name + "\" in version \"" +
                      api_version + "\"");
  }
  Query q;
  q.kind = kind;
  q.api_version = api_version;
  q.namespace_ = kind->namespaced ? StringAt(*fragment, "metadata", "namespace") : "";
  q.name = StringAt(*fragment, "metadata", "name");
  q.fragment = fragment.get();
  // Candidates are found by kind (which FindKind matched exactly) and are compared at
  // the version asked for; every candidate has the name and namespace asked for.
  q.match = *fragment;
  q.match.erase("apiVersion");
  q.match.erase("kind");
  if (auto meta = q.match.find("metadata"); meta != q.match.end() && meta->is_object()) {
    if (!q.name.empty()) meta->erase("name");
    if (!q.namespace_.empty()) meta->erase("namespace");
    if (meta->empty()) q.match.erase(meta);
  }
  return q;
}

// ---- failure text ------------------------------------------------------------------

std::string ExpectedBlock(const Json& fragment, const std::string& heading) {
  return heading + ":\n" + Indent(JsonToYaml(fragment));
}

std::string SeenBlock(const Observation& o, const NearestAccount& nearest, const Query& q) {
  if (IsAbsent(o.nearest)) return "no " + q.Describe() + " exists\n";
  std::string heading = "last seen";
  if (o.candidates > 1) {
    heading += " (1 of " + std::to_string(o.candidates) + " " + std::string(q.kind->kind) +
               " objects checked, none matches)";
  }
  return heading + ":\n" + Indent(JsonToYaml(nearest.tree)) + "why: " + nearest.why + "\n";
}

std::string WithinText(const std::optional<SimDuration>& within) {
  return within ? "within " + FormatDuration(*within) : "now";
}

class CaseRunner {
 public:
  // `trace`: the trace's sink, which also keeps its tail for violations; or none.
  CaseRunner(const Scenario& scenario, const RunOptions& options, TraceTail* trace)
      : scenario_(scenario),
        engine_(options.seed),
        plan_(options.plan != nullptr ? options.plan : PlanCase(scenario, options.seams)),
        observers_(options.observers),
        trace_(trace) {
    if (trace_ != nullptr) engine_.trace().AttachSink(trace_);
    if (options.perturbation) {
      perturbation_ = options.perturbation(engine_);
      engine_.SetPerturbation(perturbation_.get());
    }
  }

  CaseResult Run();
  bool violated() const { return invariants_ != nullptr && invariants_->violated(); }

 private:
  Status SetUpCluster();
  StepVerdict Execute(const Step& step);
  std::string FailureText(const StepResult& step, int step_count, const StepVerdict& verdict) const;
  // The account of an invariant violation: which, when, during what, and the trace.
  std::string ViolationText(const std::string& during) const;

  StepVerdict Do(const ApplyStep& s);
  StepVerdict Do(const DeleteStep& s);
  StepVerdict Do(const WaitStep& s);
  StepVerdict Do(const SettleStep& s);
  StepVerdict Do(const AssertStep& s);
  StepVerdict Do(const AssertAbsentStep& s);
  StepVerdict Do(const AssertNeverStep& s);
  StepVerdict Do(const AssertEventStep& s);
  StepVerdict Do(const AssertRejectedStep& s);
  StepVerdict Do(const RestartStep& s);
  StepVerdict Do(const SetFeatureGatesStep& s);
  StepVerdict Do(const AssertContentStep& s);
  StepVerdict Do(const WriteStep& s);
  StepVerdict Do(const FaultStep& s);
  StepVerdict Do(const WorkloadStep& s);

  // Puts a namespaced object without a namespace in "default", as kubectl does.
  static void DefaultNamespace(AnyObject& obj);

  // What `kubectl apply` of one manifest came to.
  struct ApplyResult {
    Status status;        // the API server's answer
    std::string message;  // "X created" / "configured" / "unchanged", or kubectl's error
    AnyPtr stored;        // the object as stored (or as it was, when unchanged)
  };
  // Creates the object, or merges the manifest over the live one and updates it.
  ApplyResult Apply(const ManifestRef& ref);

  // The current assert step's query, from the plan.
  const StatusOr<Query>& PlannedQuery() const { return *plan_->queries[current_index_]; }
  // Checks `done` now, or (with `within`) after every event until it holds or the
  // time is up; whether it held.
  bool WaitFor(const std::optional<SimDuration>& within, const std::function<bool()>& done);
  // Runs events until `done` holds (checked before each event) or `until` passes, and
  // stops early at an invariant violation; whether `done` held.
  bool RunUntil(SimTime until, const std::function<bool()>& done);

  void TraceStep(std::string_view action, std::string_view detail) {
    if (engine_.trace().enabled()) {
      engine_.trace().Record(engine_.Now(), kTraceComponent, action, scenario_.name, detail);
    }
  }

  const Scenario& scenario_;
  Engine engine_;
  std::unique_ptr<Perturbation> perturbation_;  // RunOptions::perturbation's, or none
  std::shared_ptr<const CasePlan> plan_;  // RunOptions::plan, or made for this run
  std::vector<RunObserver*> observers_;   // RunOptions::observers
  TraceTail* trace_;
  // The cluster goes after the checker, which unhooks itself from the drivers.
  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<InvariantChecker> invariants_;
  // Only for a case with workload steps; they go before the cluster they watch.
  std::unique_ptr<MetricsCollector> metrics_;
  std::vector<std::unique_ptr<WorkloadRun>> workloads_;
  ApiServer* api_ = nullptr;  // the cluster's
  const Step* current_ = nullptr;
  size_t current_index_ = 0;  // current_'s
};

Status CaseRunner::SetUpCluster() {
  if (!plan_->cluster.ok()) return plan_->cluster.status();
  cluster_ = std::make_unique<Cluster>(engine_, *plan_->cluster);
  api_ = &cluster_->api();
  invariants_ = std::make_unique<InvariantChecker>(*cluster_, scenario_.invariants);
  for (RunObserver* o : observers_) o->ClusterBuilt(engine_, *cluster_);
  const bool has_workloads = std::any_of(scenario_.steps.begin(), scenario_.steps.end(), [](const Step& s) {
    return std::holds_alternative<WorkloadStep>(s.body);
  });
  if (has_workloads) metrics_ = std::make_unique<MetricsCollector>(engine_, *cluster_);
  const KindInfo& namespace_kind = KindOf<Namespace>::kInfo;
  for (const char* name : kBootstrapNamespaces) {
    if (!IsAbsent(api_->GetAny(namespace_kind, "", name))) continue;
    Namespace ns;
    ns.metadata.name = name;
    StatusOr<AnyPtr> created = api_->CreateAny(std::move(ns));
    if (!created.ok()) {
      return InternalError("bootstrapping namespace " + std::string(name) + ": " +
                           created.status().ToString());
    }
  }
  return Status::Ok();
}

CaseResult CaseRunner::Run() {
  CaseResult result;
  result.name = scenario_.name;
  result.file = scenario_.where.file;
  result.description = scenario_.description;
  result.labels = scenario_.labels;
  result.seed = engine_.seed();

  if (std::optional<std::string> why = UnmetRequirement(scenario_)) {
    result.outcome = Outcome::kSkipped;
    result.failure = std::move(*why);
    return result;
  }
  if (Status s = SetUpCluster(); !s.ok()) {
    result.outcome = Outcome::kError;
    result.failure = scenario_.name + ": the cluster could not be built: " + s.message();
  }

  const int count = static_cast<int>(scenario_.steps.size());
  for (int i = 0; i < count && result.outcome == Outcome::kPassed; ++i) {
    const Step& step = scenario_.steps[i];
    current_ = &step;
    current_index_ = static_cast<size_t>(i);
    StepResult sr;
    sr.index = i;
    sr.keyword = step.keyword;
    sr.location = plan_->locations[i];
    sr.started = engine_.Now();
    if (engine_.trace().enabled()) {
      TraceStep("step", std::to_string(i + 1) + " " + step.keyword + " " + sr.location);
    }

    StepVerdict verdict = Execute(step);
    if (violated()) {
      const InvariantViolation& v = *invariants_->violation();
      TraceStep("invariant-violated", v.invariant + ": " + v.what);
      verdict = StepVerdict::Fail("invariant `" + v.invariant + "` violated: " + v.what);
      sr.finished = engine_.Now();
      sr.outcome = verdict.outcome;
      sr.message = verdict.summary;
      result.outcome = Outcome::kFailed;
      result.failure = ViolationText("during step " + std::to_string(i + 1) + " of " +
                                     std::to_string(count) + " `" + step.keyword + "` (" +
                                     sr.location + ")");
      result.steps.push_back(std::move(sr));
      break;
    }

    sr.finished = engine_.Now();
    sr.outcome = verdict.outcome;
    sr.message = verdict.summary;
    if (verdict.outcome != Outcome::kPassed) {
      TraceStep("step-failed", verdict.summary);
      result.outcome = verdict.outcome;
      result.failure = FailureText(sr, count, verdict);
    }
    result.steps.push_back(std::move(sr));
  }
  // Steps after a failure are listed as not run, so reports show how far the case got.
  for (size_t i = result.steps.size(); i < scenario_.steps.size(); ++i) {
    const Step& step = scenario_.steps[i];
    StepResult sr;
    sr.index = static_cast<int>(i);
    sr.keyword = step.keyword;
    sr.location = plan_->locations[i];
    sr.outcome = Outcome::kSkipped;
    sr.message = "not run: an earlier step did not pass";
    sr.started = sr.finished = engine_.Now();
    result.steps.push_back(std::move(sr));
  }

  // A case that ends with nothing left to do has settled: check what must hold then.
  if (result.outcome == Outcome::kPassed && engine_.pending_work() == 0) {
    invariants_->CheckSettled();
    if (violated()) {
      const InvariantViolation& v = *invariants_->violation();
      TraceStep("invariant-violated", v.invariant + ": " + v.what);
      result.outcome = Outcome::kFailed;
      result.failure = ViolationText("when the case ended settled");
    }
  }

  if (invariants_ != nullptr) result.findings = invariants_->findings();
  if (cluster_ != nullptr) {
    for (RunObserver* o : observers_) o->CaseEnded(*cluster_, result);
  }
  TraceStep("case-end", OutcomeName(result.outcome));
  if (metrics_ != nullptr) result.capacity = metrics_->Finish(engine_.Now());
  // Once per case, at its end: the Events still stored, as `kubectl get events` would
  // list them (a namespace deleted during the case takes its Events with it, and an
  // Event expires an hour after its last write, as with kube-apiserver's --event-ttl).
  if (api_ != nullptr) {
    for (const Ptr<Event>& e : api_->List<Event>()) result.event_reasons[e->reason] += e->count;
  }
  result.virtual_time = engine_.Now();
  result.events = engine_.events_run();
  return result;
}

// What a person reads first: which scenario, which step (1-based, as an editor counts),
// where it is written, when it gave up; then the step's own account.
std::string CaseRunner::FailureText(const StepResult& step, int step_count,
                                    const StepVerdict& verdict) const {
  std::ostringstream out;
  out << scenario_.name << ": step " << (step.index + 1) << " of " << step_count << " `"
      << step.keyword << "` (" << step.location << ") "
      << (verdict.outcome == Outcome::kError ? "could not run" : "failed") << " at virtual time "
      << FormatDuration(engine_.Now()) << "\n"
      << verdict.summary << "\n"
      << verdict.details;
  std::string text = out.str();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string CaseRunner::ViolationText(const std::string& during) const {
  const InvariantViolation& v = *invariants_->violation();
  std::ostringstream out;
  out << scenario_.name << ": invariant `" << v.invariant << "` violated at virtual time "
      << FormatDuration(v.at) << ", " << during << ", seed " << engine_.seed() << "\n"
      << v.what << "\n";
  if (trace_ != nullptr && trace_->size() > 0) {
    out << "the last " << trace_->size() << " trace records:\n" << Indent(trace_->Text());
  }
  out << "replay: xnsim run " << (scenario_.where.file.empty() ? "FILE" : scenario_.where.file)
      << " --seed " << engine_.seed() << " --trace PATH (the whole trace)";
  return out.str();
}

StepVerdict CaseRunner::Execute(const Step& step) {
  return std::visit([this](const auto& body) { return Do(body); }, step.body);
}

// ---- apply / delete ---------------------------------------------------------------

void CaseRunner::DefaultNamespace(AnyObject& obj) {
  ObjectMeta& meta = MetaOf(obj);
  if (KindInfoOf(obj).namespaced && meta.namespace_.empty()) meta.namespace_ = kDefaultNamespace;
}

StepVerdict CaseRunner::Do(const ApplyStep& s) {
  std::string summary;
  for (const ManifestRef& ref : s.objects) {
    ApplyResult r = Apply(ref);
    if (!r.status.ok()) return StepVerdict::Fail(r.message);
    summary += (summary.empty() ? "" : "; ") + r.message;
  }
  return StepVerdict::Pass(summary);
}

CaseRunner::ApplyResult CaseRunner::Apply(const ManifestRef& ref) {
  AnyObject obj = ref.object;
  DefaultNamespace(obj);
  const KindInfo& kind = KindInfoOf(obj);
  const ObjectMeta& meta = MetaOf(obj);
  const std::string label = LabelOf(obj);

  AnyPtr live;
  if (!meta.name.empty()) live = api_->GetAny(kind, meta.namespace_, meta.name);
  if (meta.name.empty() || IsAbsent(live)) {
    StatusOr<AnyPtr> created = api_->CreateAny(std::move(obj));
    if (!created.ok()) {
      return {created.status(), KubectlError(created.status(), "creating", ref.where.file), {}};
    }
    return {Status::Ok(), label + " created", *created};
  }

  // The object exists: kubectl apply patches it with what the manifest gives.
  const Json live_tree = ToJson(CopyOf(live));
  Json merged = live_tree;
  Json manifest = ref.tree ? *ref.tree : ToJson(ref.object);
  if (kind.namespaced && manifest.is_object()) manifest["metadata"]["namespace"] = meta.namespace_;
  MergeOver(merged, manifest);
  // Metadata the server owns: an update cannot change it, whatever the manifest says.
  const Json& live_meta = live_tree.at("metadata");
  for (const char* key : {"uid", "creationTimestamp", "generation", "deletionTimestamp",
                          "deletionGracePeriodSeconds"}) {
    if (live_meta.contains(key)) {
      merged["metadata"][key] = live_meta.at(key);
    } else {
      merged["metadata"].erase(key);
    }
  }
  if (merged == live_tree) return {Status::Ok(), label + " unchanged", live};

  StatusOr<AnyObject> decoded = DecodeManifestJson(merged);
  if (!decoded.ok()) {
    return {
        decoded.status(), "error: " + ref.where.ToString() + ": " + decoded.status().message(), {}};
  }
  StatusOr<AnyPtr> updated = api_->UpdateAny(std::move(decoded).value());
  if (!updated.ok()) {
    return {updated.status(), KubectlError(updated.status(), "applying", ref.where.file), {}};
  }
  return {Status::Ok(), label + " configured", *updated};
}

StepVerdict CaseRunner::Do(const DeleteStep& s) {
  const KindInfo* kind = FindKind(s.api_version, s.kind);
  if (kind == nullptr) {
    return StepVerdict::Error("error: the server doesn't have a resource type \"" + s.kind +
                              "\" in version \"" + s.api_version + "\"");
  }
  std::string ns = s.namespace_;
  if (kind->namespaced && ns.empty()) ns = kDefaultNamespace;
  if (Status st = api_->DeleteAny(*kind, ns, s.name); !st.ok()) {
    return StepVerdict::Fail(KubectlError(st, "", ""));
  }
  return StepVerdict::Pass(ObjectLabel(kind->kind, ns, s.name) + " deleted");
}

// ---- time ---------------------------------------------------------------------------

StepVerdict CaseRunner::Do(const WaitStep& s) {
  RunUntil(engine_.Now() + s.duration, [] { return false; });
  return StepVerdict::Pass("waited " + FormatDuration(s.duration));
}

StepVerdict CaseRunner::Do(const SettleStep& s) {
  const SimTime start = engine_.Now();
  const SimTime deadline = start + s.timeout;
  if (RunUntil(deadline, [this] { return engine_.pending_work() == 0; })) {
    invariants_->CheckSettled();
    return StepVerdict::Pass("settled after " + FormatDuration(engine_.Now() - start));
  }
  const SimTime next = engine_.NextEventTime();
  std::ostringstream msg;
  msg << "the cluster did not settle within " << FormatDuration(s.timeout) << ": "
      << engine_.pending_work() << " work event(s) still pending";
  if (next != INT64_MAX) msg << ", the next at " << FormatDuration(next);
  return StepVerdict::Fail(msg.str());
}

// ---- assertions ---------------------------------------------------------------------

bool CaseRunner::WaitFor(const std::optional<SimDuration>& within,
                         const std::function<bool()>& done) {
  return within ? RunUntil(engine_.Now() + *within, done) : done();
}

bool CaseRunner::RunUntil(SimTime until, const std::function<bool()>& done) {
  bool held = false;
  if (metrics_ == nullptr) {
    engine_.RunUntil(until, [&] { return violated() || (held = done()); });
    return held;
  }
  // Samples are taken as the clock passes them (metrics_collector.h).
  engine_.RunUntil(until, [&] {
    metrics_->CatchUpBefore(std::min(engine_.NextEventTime(), until + 1));
    return violated() || (held = done());
  });
  metrics_->CatchUpBefore(engine_.Now());
  if (!held && !violated()) metrics_->CatchUpThrough(engine_.Now());
  return held;
}

StepVerdict CaseRunner::Do(const AssertStep& s) {
  const StatusOr<Query>& q = PlannedQuery();
  if (!q.ok()) return StepVerdict::Error(q.status().message());
  Observer observer(*api_, *q);
  if (WaitFor(s.within, [&] { return observer.Matches(); })) {
    return StepVerdict::Pass(LabelOf(observer.last().match) + " matches");
  }
  const Observation& seen = observer.last();
  const NearestAccount nearest = IsAbsent(seen.nearest) ? NearestAccount{} : AccountFor(seen, *q);
  std::string summary = "no " + q->Describe() + " matched " + WithinText(s.within);
  if (!IsAbsent(seen.nearest)) summary += ": " + nearest.why;
  return StepVerdict::Fail(
      summary, ExpectedBlock(*q->fragment, "expected (" + WithinText(s.within) + ")") +
                   SeenBlock(seen, nearest, *q));
}

StepVerdict CaseRunner::Do(const AssertAbsentStep& s) {
  const StatusOr<Query>& q = PlannedQuery();
  if (!q.ok()) return StepVerdict::Error(q.status().message());
  Observer observer(*api_, *q);
  if (WaitFor(s.within, [&] { return !observer.Matches(); })) {
    return StepVerdict::Pass("no " + q->Describe() + " matches");
  }
  const AnyObject still = CopyOf(observer.last().match);
  return StepVerdict::Fail(
      LabelOf(still) + " still matches " + WithinText(s.within),
      ExpectedBlock(*q->fragment, "expected no object to match (" + WithinText(s.within) + ")") +
          "still there:\n" + Indent(EncodeYaml(still)));
}

StepVerdict CaseRunner::Do(const AssertNeverStep& s) {
  const StatusOr<Query>& q = PlannedQuery();
  if (!q.ok()) return StepVerdict::Error(q.status().message());
  const SimTime start = engine_.Now();
  Observer observer(*api_, *q);
  if (!RunUntil(start + s.for_, [&] { return observer.Matches(); })) {
    return StepVerdict::Pass("no match for " + FormatDuration(s.for_));
  }
  const AnyObject found = CopyOf(observer.last().match);
  return StepVerdict::Fail(
      LabelOf(found) + " matched after " + FormatDuration(engine_.Now() - start) + ", during the " +
          FormatDuration(s.for_) + " in which it must never match",
      ExpectedBlock(*q->fragment, "must never match (for " + FormatDuration(s.for_) + ")") +
          "matched:\n" + Indent(EncodeYaml(found)));
}

StepVerdict CaseRunner::Do(const AssertEventStep& s) {
  const KindInfo& event_kind = KindOf<Event>::kInfo;
  const Json empty = Json::object();
  const Json& involved = s.involved_object ? *s.involved_object : empty;
  std::vector<Ptr<Event>> about;  // Events about the object, for the failure message
  bool looked = false;
  uint64_t version = 0;
  bool found = false;
  const auto recorded = [&] {
    if (looked && api_->resource_version() == version) return found;
    looked = true;
    version = api_->resource_version();
    about.clear();
    for (const AnyPtr& p : api_->ListAny(event_kind)) {
      const auto* ev = std::get_if<Ptr<Event>>(&p);
      if (ev == nullptr || *ev == nullptr) continue;
      const Json tree = ToJson(AnyObject(**ev));
      if (!MatchesFragment(involved, tree.value("involvedObject", Json::object()))) continue;
      about.push_back(*ev);
      const Event& e = **ev;
      if ((s.reason.empty() || e.reason == s.reason) && (!s.type || e.type == *s.type) &&
          e.message.find(s.message_contains) != std::string::npos) {
        return found = true;
      }
    }
    return found = false;
  };
  if (WaitFor(s.within, recorded)) return StepVerdict::Pass("Event " + s.reason + " recorded");

  std::string wanted =
      (s.type ? *s.type + " " : "") + (s.reason.empty() ? "of any reason" : s.reason);
  if (!s.message_contains.empty()) {
    wanted += " with a message containing \"" + s.message_contains + "\"";
  }
  std::string details = "involvedObject:\n" + Indent(JsonToYaml(involved));
  if (about.empty()) {
    details += "no Events about that object were recorded\n";
  } else {
    details += "Events about that object (type, reason, count, message):\n";
    for (const Ptr<Event>& e : about) {
      details += "  " + e->type + "  " + e->reason + "  x" + std::to_string(e->count) + "  " +
                 e->message + "\n";
    }
  }
  return StepVerdict::Fail("no Event " + wanted + " was recorded " + WithinText(s.within), details);
}

StepVerdict CaseRunner::Do(const AssertRejectedStep& s) {
  for (const ManifestRef& ref : s.objects) {
    const uint64_t version_before = api_->resource_version();
    ApplyResult r = Apply(ref);
    if (r.status.ok()) {
      return StepVerdict::Fail(r.message + ", but it must be rejected",
                               "stored:\n" + Indent(EncodeYaml(CopyOf(r.stored))));
    }
    if (api_->resource_version() != version_before) {
      return StepVerdict::Fail("rejected, but something was stored: " + r.message);
    }
    if (r.message.find(s.message_contains) == std::string::npos) {
      return StepVerdict::Fail(
          "rejected, but not with a message containing \"" + s.message_contains + "\"",
          "message:\n" + Indent(r.message));
    }
  }
  return StepVerdict::Pass("rejected");
}

// ---- components ---------------------------------------------------------------------

StepVerdict CaseRunner::Do(const RestartStep& s) {
  // kube-apiserver keeps its store, as etcd would; a controller loses its memory.
  cluster_->Restart(s.component);
  return StepVerdict::Pass(std::string(ComponentName(s.component)) + " restarted");
}

StepVerdict CaseRunner::Do(const SetFeatureGatesStep& s) {
  // Every component's flags are checked before any of them restarts.
  std::vector<std::pair<Component, GateSet>> next;
  for (const auto& [name, gates] : s.gates) {
    const std::optional<Component> component = ParseComponent(name);
    if (!component) return StepVerdict::Error("unknown component \"" + name + "\"");
    GateSet set = cluster_->gates(*component);
    for (const auto& [gate, value] : gates) {
      if (Status st = set.Set(gate, value); !st.ok()) {
        return StepVerdict::Fail(st.message());  // "kube-apiserver: cannot set ..."
      }
    }
    next.emplace_back(*component, std::move(set));
  }
  std::string summary;
  for (auto& [component, gates] : next) {
    summary += (summary.empty() ? "" : "; ") + std::string(ComponentName(component)) +
               " restarted with " + gates.ToString();
    cluster_->Restart(component, std::move(gates));
  }
  return StepVerdict::Pass(summary);
}

StepVerdict CaseRunner::Do(const FaultStep& s) {
  csi::MockDriver* driver = cluster_->driver(s.fault.driver);
  if (driver == nullptr) {
    return StepVerdict::Error("no driver named " + GoQuote(s.fault.driver) + " in the cluster");
  }
  StatusOr<csi::Fault> fault = ToFault(s.fault, engine_.Now());
  if (!fault.ok()) return StepVerdict::Error(fault.status().message());
  std::string how = "from now on";
  if (fault->times) how = "for the next " + std::to_string(*fault->times) + " call(s)";
  if (fault->until) how = "until " + FormatDuration(*fault->until);
  if (fault->probability) {
    std::ostringstream p;
    p << *fault->probability;
    how = "with probability " + p.str();
  }
  const std::string summary = "driver " + s.fault.driver + ": " + s.fault.op + " fails with " +
                              s.fault.code + " " + how;
  driver->AddFault(std::move(fault).value());
  return StepVerdict::Pass(summary);
}

// ---- workloads ----------------------------------------------------------------------

StepVerdict CaseRunner::Do(const WorkloadStep& s) {
  WorkloadRun::Hooks hooks = metrics_ ? metrics_->AddWorkload(s) : WorkloadRun::Hooks{};
  workloads_.push_back(std::make_unique<WorkloadRun>(engine_, *api_, s, std::move(hooks)));
  workloads_.back()->Start();
  std::ostringstream how;
  how << "workload " << s.name << ": " << s.count << " object(s) at " << s.rate_per_second << "/s"
      << (s.poisson ? " (Poisson arrivals)" : "") << " from " << FormatDuration(engine_.Now());
  if (s.delete_after) how << ", each deleted after " << FormatDuration(*s.delete_after);
  return StepVerdict::Pass(how.str());
}

// ---- volumes ------------------------------------------------------------------------

StepVerdict CaseRunner::Do(const WriteStep& s) {
  const std::string claim = s.namespace_ + "/" + s.pvc;
  StatusOr<ClaimVolume> target = FindClaimVolume(*cluster_, s.namespace_, s.pvc);
  if (!target.ok()) {
    return StepVerdict::Fail("cannot write to claim " + claim + ": " + target.status().message());
  }
  const std::string volume_id = target->info->volume_id;
  std::optional<int64_t> used;
  if (s.used) used = s.used->value();
  if (Status st = target->driver->Write(volume_id, s.content, used); !st.ok()) {
    return StepVerdict::Fail("cannot write to volume " + GoQuote(volume_id) + " of claim " +
                             claim + ": " + st.message());
  }
  invariants_->AfterWrite(*target->driver);
  return StepVerdict::Pass("volume " + GoQuote(volume_id) + " of claim " + claim + " now holds " +
                           GoQuote(s.content) + (s.used ? ", " + s.used->ToString() + " used" : ""));
}

StepVerdict CaseRunner::Do(const AssertContentStep& s) {
  const std::string claim = s.namespace_ + "/" + s.pvc;
  StatusOr<ClaimVolume> target = FindClaimVolume(*cluster_, s.namespace_, s.pvc);
  if (!target.ok()) {
    return StepVerdict::Fail("cannot read the volume of claim " + claim + ": " +
                             target.status().message());
  }
  const csi::VolumeInfo& info = *target->info;
  if (info.content == s.content) {
    return StepVerdict::Pass("volume " + GoQuote(info.volume_id) + " of claim " + claim +
                             " holds " + GoQuote(s.content));
  }
  std::ostringstream details;
  details << "expected: " << GoQuote(s.content) << "\n"
          << "holds:    " << GoQuote(info.content) << "\n"
          << "volume:   " << GoQuote(info.volume_id) << " (PersistentVolume "
          << target->volume->metadata.name << ", driver " << target->driver->name() << ")\n"
          << "origin:   " << DescribeOrigin(*cluster_, *target->driver, info)
          << "; `write` steps change it after that\n";
  return StepVerdict::Fail("the volume of claim " + claim + " holds " + GoQuote(info.content) +
                               ", not " + GoQuote(s.content),
                           details.str());
}

}  // namespace

std::shared_ptr<const CasePlan> PlanCase(const Scenario& scenario, const ClusterSeams* seams) {
  auto plan = std::make_shared<CasePlan>();
  // A cluster starts with its engine, at time 0.
  StatusOr<ClusterConfig> config = ToClusterConfig(scenario.cluster, 0);
  if (config.ok()) {
    if (seams != nullptr) config->seams = *seams;
    plan->cluster = std::make_shared<const ClusterConfig>(std::move(config).value());
  } else {
    plan->cluster = config.status();
  }
  plan->queries.resize(scenario.steps.size());
  for (size_t i = 0; i < scenario.steps.size(); ++i) {
    plan->locations.push_back(scenario.steps[i].where.ToString());
    std::visit(
        [&](const auto& body) {
          using B = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<B, AssertStep> || std::is_same_v<B, AssertAbsentStep> ||
                        std::is_same_v<B, AssertNeverStep>) {
            plan->queries[i] = QueryFor(body.resource);
          }
        },
        scenario.steps[i].body);
  }
  return plan;
}

CaseResult RunScenario(const Scenario& scenario, const RunOptions& options) {
  if (options.trace != nullptr) {
    // The user's trace is written anyway: keeping its tail as it passes costs little.
    TraceTail tail(kTraceTailLines, options.trace);
    return CaseRunner(scenario, options, &tail).Run();
  }
  CaseResult result;
  {
    CaseRunner runner(scenario, options, nullptr);
    result = runner.Run();
    if (!runner.violated()) return result;
  }
  // Tracing was off, for speed. The seed decides the run, so replaying it with a trace
  // reaches the same violation and shows the events that led to it.
  TraceTail tail(kTraceTailLines);
  CaseRunner replay(scenario, options, &tail);
  CaseResult replayed = replay.Run();
  if (replay.violated()) return replayed;
  result.failure += "\n(replaying seed " + std::to_string(options.seed) +
                    " with a trace did not reach the violation again: the run is not "
                    "deterministic, which is a bug in xnsim)";
  return result;
}

}  // namespace xnsim
