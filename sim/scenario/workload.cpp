// The workload step's arrivals (workload.h).
#include "sim/scenario/workload.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "sim/api/codec_tree.h"

namespace xnsim {

// ---- template -----------------------------------------------------------------------

struct WorkloadTemplate::Leaf {
  nlohmann::json::json_pointer where;
  std::string text;  // the string as written, placeholders included
};

namespace {

// Finds the placeholders of `text`: calls literal(piece) and placeholder(name) in order.
// Returns whether there was any placeholder.
template <class Literal, class Placeholder>
bool ScanPlaceholders(std::string_view text, Literal literal, Placeholder placeholder) {
  bool any = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 2, close - open - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    literal(text.substr(pos, open - pos));
    placeholder(name, text.substr(open, close + 2 - open));
    any = true;
    pos = close + 2;
  }
  literal(text.substr(pos));
  return any;
}

void CollectLeaves(const nlohmann::json& node, const nlohmann::json::json_pointer& at, std::vector<nlohmann::json::json_pointer>* out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) CollectLeaves(value, at / key, out);
  } else if (node.is_array()) {
    for (size_t k = 0; k < node.size(); ++k) CollectLeaves(node[k], at / k, out);
  } else if (node.is_string()) {
    const std::string& s = node.get_ref<const std::string&>();
    if (s.find("{{") != std::string::npos) out->push_back(at);
  }
}

}  // namespace

WorkloadTemplate::WorkloadTemplate(const nlohmann::json& tree) : tree_(std::make_unique<nlohmann::json>(tree)) {
  std::vector<nlohmann::json::json_pointer> pointers;
  CollectLeaves(*tree_, nlohmann::json::json_pointer(), &pointers);
  for (nlohmann::json::json_pointer& p : pointers) {
    std::string text = tree_->at(p).get<std::string>();
    leaves_.push_back(Leaf{std::move(p), std::move(text)});
  }
  const KindInfo* kind = FindKind(tree_->value("apiVersion", ""), tree_->value("kind", ""));
  namespaced_ = kind == nullptr || kind->namespaced;
  const auto meta = tree_->find("metadata");
  if (meta != tree_->end() && meta->is_object()) {
    const auto ns = meta->find("namespace");
    names_namespace_ = ns != meta->end() && ns->is_string() && !ns->get<std::string>().empty();
  }
}

WorkloadTemplate::~WorkloadTemplate() = default;
WorkloadTemplate::WorkloadTemplate(WorkloadTemplate&&) noexcept = default;

std::string WorkloadTemplate::ExpandString(std::string_view text, std::string_view i,
                                           std::string_view ns) {
  std::string out;
  out.reserve(text.size() + 8);
  ScanPlaceholders(
      text, [&](std::string_view piece) { out += piece; },
      [&](std::string_view name, std::string_view raw) {
        // The loader refused any other placeholder; one that slips through stays as written.
        out += name == "i" ? i : name == "ns" ? ns : raw;
      });
  return out;
}

nlohmann::json WorkloadTemplate::Expand(int64_t i, std::string_view ns) const {
  nlohmann::json tree = *tree_;
  const std::string index = std::to_string(i);
  for (const Leaf& leaf : leaves_) tree[leaf.where] = ExpandString(leaf.text, index, ns);
  if (namespaced_ && !names_namespace_) tree["metadata"]["namespace"] = std::string(ns);
  return tree;
}

// ---- arrivals -----------------------------------------------------------------------

ArrivalClock::ArrivalClock(const WorkloadStep& step, const Engine& engine)
    : rate_(step.rate_per_second),
      poisson_(step.poisson),
      random_(engine.Stream("workload/" + step.name)) {}

SimDuration ArrivalClock::Next() {
  const int64_t i = index_++;
  if (rate_ <= 0) return 0;
  const double mean = static_cast<double>(kSecond) / rate_;
  if (!poisson_) return std::llround(static_cast<double>(i) * mean);
  // Object 0 arrives at the start; each later one an exponential gap after the last.
  if (i > 0) poisson_offset_ += random_.Exponential(std::llround(mean));
  return poisson_offset_;
}

// ---- the run ------------------------------------------------------------------------

WorkloadRun::WorkloadRun(Engine& engine, ApiServer& api, const WorkloadStep& step, Hooks hooks)
    : engine_(engine),
      api_(api),
      step_(step),
      hooks_(std::move(hooks)),
      template_(*step.template_),
      clock_(step, engine),
      namespace_ready_(static_cast<size_t>(std::max(step.namespace_count, 0)), false) {}

void WorkloadRun::Start() {
  start_ = engine_.Now();
  if (step_.count <= 0) return;
  engine_.ScheduleAt(start_ + clock_.Next(), [this] { Arrive(0); });
}

std::string WorkloadRun::NamespaceOf(int64_t i) const {
  if (step_.namespace_count <= 0) return "default";
  return step_.namespace_prefix + std::to_string(i % step_.namespace_count);
}

void WorkloadRun::EnsureNamespace(int64_t i) {
  if (step_.namespace_count <= 0) return;
  const size_t slot = static_cast<size_t>(i % step_.namespace_count);
  if (namespace_ready_[slot]) return;
  namespace_ready_[slot] = true;
  Namespace ns;
  ns.metadata.name = NamespaceOf(i);
  if (api_.Get<Namespace>("", ns.metadata.name) != nullptr) return;
  // A failure shows up as the objects' own rejection (namespace not found).
  (void)api_.Create(std::move(ns));
}

void WorkloadRun::Arrive(int64_t i) {
  // The next arrival first, so that a slow create never delays the schedule.
  if (i + 1 < step_.count) {
    engine_.ScheduleAt(start_ + clock_.Next(), [this, next = i + 1] { Arrive(next); });
  }
  const std::string ns = NamespaceOf(i);
  if (template_.namespaced() && !template_.names_namespace()) EnsureNamespace(i);
  StatusOr<AnyObject> decoded = DecodeManifestJson(template_.Expand(i, ns));
  if (!decoded.ok()) {
    ++rejected_;
    if (hooks_.rejected) hooks_.rejected(i, decoded.status().message());
    return;
  }
  const KindInfo& kind = KindInfoOf(*decoded);
  StatusOr<AnyPtr> stored = api_.CreateAny(std::move(decoded).value());
  if (!stored.ok()) {
    ++rejected_;
    if (hooks_.rejected) {
      hooks_.rejected(i, std::string("Error from server (") + StatusCodeName(stored.status().code()) +
                             "): " + stored.status().message());
    }
    return;
  }
  ++created_;
  if (hooks_.created) hooks_.created(i, *stored);
  if (!step_.delete_after) return;
  // Every object lives equally long, so deletions come due in creation order.
  const ObjectMeta* meta = MetaOf(*stored);
  doomed_.push_back(Doomed{&kind, meta->namespace_, meta->name});
  engine_.Schedule(*step_.delete_after, [this] { DeleteOldest(); });
}

void WorkloadRun::DeleteOldest() {
  Doomed next = std::move(doomed_.front());
  doomed_.pop_front();
  // Gone already (deleted by a step): nothing to do, as kubectl delete --ignore-not-found.
  if (api_.DeleteAny(*next.kind, next.namespace_, next.name).ok()) ++deleted_;
}

}  // namespace xnsim
