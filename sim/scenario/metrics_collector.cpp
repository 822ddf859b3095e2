// The capacity metrics of a case with workloads (metrics_collector.h).
#include "sim/scenario/metrics_collector.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

namespace xnsim {
namespace {

constexpr double kBytesPerGiB = 1024.0 * 1024.0 * 1024.0;

// The latency a workload's kind has: what "bound" means for it.
const char* LatencyMetricFor(const KindInfo& kind) {
  if (&kind == &KindOf<PersistentVolumeClaim>::kInfo) return "ProvisioningLatency";
  if (&kind == &KindOf<VolumeSnapshot>::kInfo) return "SnapshotReadyLatency";
  return "";
}

// Keeps every other element (0, 2, 4, ...).
template <class T>
void KeepEven(std::vector<T>& v) {
  size_t out = 0;
  for (size_t i = 0; i < v.size(); i += 2) v[out++] = std::move(v[i]);
  v.resize(out);
}

}  // namespace

MetricsCollector::MetricsCollector(Engine& engine, Cluster& cluster)
    : engine_(engine), cluster_(cluster) {
  metrics_.interval = kFirstInterval;
  next_sample_ = engine_.Now();
  ApiServer& api = cluster_.api();
  watches_.push_back(api.Watch<PersistentVolumeClaim>([this](const WatchEvent<PersistentVolumeClaim>& e) {
    if (e.type != WatchEventType::kDeleted && e.object->status.phase == "Bound") {
      Done(e.object->metadata.uid);
    }
  }));
  watches_.push_back(api.Watch<VolumeSnapshot>([this](const WatchEvent<VolumeSnapshot>& e) {
    if (e.type == WatchEventType::kDeleted || !e.object->status) return;
    if (e.object->status->ready_to_use.value_or(false)) Done(e.object->metadata.uid);
    if (e.object->status->error) FailureSeen(e.object->metadata.uid);
  }));
  watches_.push_back(api.Watch<Event>([this](const WatchEvent<Event>& e) {
    if (e.type != WatchEventType::kDeleted && e.object->reason == "ProvisioningFailed") {
      FailureSeen(e.object->involved_object.uid);
    }
  }));
}

MetricsCollector::~MetricsCollector() {
  for (int id : watches_) cluster_.api().Unwatch(id);
}

WorkloadRun::Hooks MetricsCollector::AddWorkload(const WorkloadStep& step) {
  const int index = static_cast<int>(metrics_.workloads.size());
  WorkloadMetrics w;
  w.name = step.name;
  w.kind = step.template_ ? step.template_->value("kind", "") : "";
  const KindInfo* kind = step.template_ ? FindKind(step.template_->value("apiVersion", ""), w.kind)
                                        : nullptr;
  w.latency_metric = kind ? LatencyMetricFor(*kind) : "";
  // Earlier samples: nothing of this workload existed yet.
  w.created_series.assign(metrics_.times.size(), 0);
  w.bound_series.assign(metrics_.times.size(), 0);
  metrics_.workloads.push_back(std::move(w));
  rejected_.push_back(0);
  created_now_.push_back(0);
  bound_now_.push_back(0);

  WorkloadRun::Hooks hooks;
  hooks.created = [this, index](int64_t, const AnyPtr& stored) {
    ++created_now_[index];
    const ObjectMeta* meta = MetaOf(stored);
    if (meta == nullptr || metrics_.workloads[index].latency_metric.empty()) return;
    by_uid_.emplace(meta->uid, tracked_.size());
    tracked_.push_back(Tracked{index, engine_.Now(), false, false});
  };
  hooks.rejected = [this, index](int64_t i, const std::string& message) {
    ++rejected_[index];
    WorkloadMetrics& w = metrics_.workloads[index];
    if (w.first_failure.empty()) w.first_failure = "object " + std::to_string(i) + ": " + message;
  };
  return hooks;
}

void MetricsCollector::Done(const std::string& uid) {
  auto it = by_uid_.find(uid);
  if (it == by_uid_.end()) return;
  Tracked& t = tracked_[it->second];
  if (t.done) return;
  t.done = true;
  ++bound_now_[t.workload];
  metrics_.workloads[t.workload].latencies.push_back(engine_.Now() - t.created);
}

void MetricsCollector::FailureSeen(const std::string& uid) {
  auto it = by_uid_.find(uid);
  if (it != by_uid_.end()) tracked_[it->second].failure_seen = true;
}

void MetricsCollector::CatchUpBefore(SimTime t) {
  while (next_sample_ < t) {
    Sample(next_sample_);
    next_sample_ += metrics_.interval;
  }
}

void MetricsCollector::CatchUpThrough(SimTime t) {
  while (next_sample_ <= t) {
    Sample(next_sample_);
    next_sample_ += metrics_.interval;
  }
}

void MetricsCollector::Sample(SimTime at) {
  if (metrics_.times.size() >= kMaxSamples) Decimate();
  const size_t n = metrics_.times.size();
  metrics_.times.push_back(at);
  for (size_t w = 0; w < metrics_.workloads.size(); ++w) {
    metrics_.workloads[w].created_series.push_back(created_now_[w]);
    metrics_.workloads[w].bound_series.push_back(bound_now_[w]);
  }

  for (const ProcessLoad& load : cluster_.Loads()) {
    auto [it, added] = component_index_.try_emplace(load.component, metrics_.components.size());
    if (added) {
      ComponentSeries s;
      s.component = load.component;
      s.requests.assign(n, 0);
      s.throttle_seconds.assign(n, 0);
      s.queue_depth.assign(n, 0);
      s.retries.assign(n, 0);
      metrics_.components.push_back(std::move(s));
      counters_.emplace_back();
    }
    ComponentSeries& s = metrics_.components[it->second];
    Counters& c = counters_[it->second];
    const double requests = static_cast<double>(load.client.requests);
    const double throttle = static_cast<double>(load.client.throttle_delay) / kSecond;
    const double retries = static_cast<double>(load.retries);
    // A restarted process counts from zero again: carry the old counts over.
    if (requests < c.requests || throttle < c.throttle || retries < c.retries) {
      c.requests_base += c.requests;
      c.throttle_base += c.throttle;
      c.retries_base += c.retries;
    }
    c.requests = requests;
    c.throttle = throttle;
    c.retries = retries;
    s.requests.push_back(c.requests_base + requests);
    s.throttle_seconds.push_back(c.throttle_base + throttle);
    s.queue_depth.push_back(static_cast<double>(load.queued + load.running));
    s.retries.push_back(c.retries_base + retries);
  }
  // A component not running at this instant (between restarts) keeps its last figures.
  for (ComponentSeries& s : metrics_.components) {
    if (s.requests.size() == n + 1) continue;
    const auto last = [](const std::vector<double>& v) { return v.empty() ? 0.0 : v.back(); };
    s.requests.push_back(last(s.requests));
    s.throttle_seconds.push_back(last(s.throttle_seconds));
    s.queue_depth.push_back(0);
    s.retries.push_back(last(s.retries));
  }

  const auto& drivers = cluster_.drivers();
  if (metrics_.drivers.size() < drivers.size()) metrics_.drivers.resize(drivers.size());
  for (size_t d = 0; d < drivers.size(); ++d) {
    const csi::DriverUsage usage = drivers[d]->Usage();
    DriverSeries& s = metrics_.drivers[d];
    s.driver = drivers[d]->name();
    s.logical_gib.push_back(static_cast<double>(usage.logical_bytes) / kBytesPerGiB);
    s.physical_gib.push_back(static_cast<double>(usage.physical_bytes) / kBytesPerGiB);
    s.cost.push_back(usage.cost);
    s.inflight.push_back(usage.inflight);
    s.queued.push_back(usage.queued);
    s.final_logical_gib = s.logical_gib.back();
    s.final_physical_gib = s.physical_gib.back();
    s.final_cost = usage.cost;
    s.peak_inflight = std::max(s.peak_inflight, usage.peak_inflight);
  }
}

void MetricsCollector::Decimate() {
  KeepEven(metrics_.times);
  for (WorkloadMetrics& w : metrics_.workloads) {
    KeepEven(w.created_series);
    KeepEven(w.bound_series);
  }
  for (ComponentSeries& s : metrics_.components) {
    KeepEven(s.requests);
    KeepEven(s.throttle_seconds);
    KeepEven(s.queue_depth);
    KeepEven(s.retries);
  }
  for (DriverSeries& s : metrics_.drivers) {
    for (auto* v : {&s.logical_gib, &s.physical_gib, &s.cost, &s.inflight, &s.queued}) KeepEven(*v);
  }
  metrics_.interval *= 2;
  // The kept samples sit at multiples of the new interval from the first; so does the next.
  next_sample_ = metrics_.times.front() + static_cast<SimTime>(metrics_.times.size()) * metrics_.interval;
}

std::shared_ptr<const CapacityMetrics> MetricsCollector::Finish(SimTime now) {
  CatchUpThrough(now);
  if (metrics_.times.empty() || metrics_.times.back() < now) Sample(now);
  for (size_t w = 0; w < metrics_.workloads.size(); ++w) {
    WorkloadMetrics& m = metrics_.workloads[w];
    m.created = created_now_[w];
    m.bound = bound_now_[w];
    m.failed = rejected_[w];
    m.latency = Percentiles(m.latencies);
  }
  for (const Tracked& t : tracked_) {
    if (t.done || !t.failure_seen) continue;
    WorkloadMetrics& m = metrics_.workloads[t.workload];
    ++m.failed;
  }
  return std::make_shared<const CapacityMetrics>(std::move(metrics_));
}

}  // namespace xnsim
