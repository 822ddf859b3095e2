// Capacity figures in the JSON report (capacity_json.h).
#include "reports/capacity_json.h"

#include <cmath>
#include <utility>

#define XNSIM_CAPJSON_CONCAT_(a, b) a##b
#define XNSIM_CAPJSON_CONCAT(a, b) XNSIM_CAPJSON_CONCAT_(a, b)
#define XNSIM_CAPJSON_ASSIGN(lhs, expr)                                   \
  auto XNSIM_CAPJSON_CONCAT(capjson_, __LINE__) = (expr);                 \
  if (!XNSIM_CAPJSON_CONCAT(capjson_, __LINE__).ok())                     \
    return XNSIM_CAPJSON_CONCAT(capjson_, __LINE__).status();             \
  lhs = std::move(XNSIM_CAPJSON_CONCAT(capjson_, __LINE__)).value()

namespace xnsim {
namespace {

// Milliseconds to the microsecond: enough for any study, and stable to diff.
double CapacityJsonMs(double ms) { return std::round(ms * 1000.0) / 1000.0; }

Status CapacityJsonError(const std::string& where, const std::string& what) {
  return InputError(where + ": " + what);
}

StatusOr<double> CapacityJsonNumber(const nlohmann::json& obj, const char* key,
                                    const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) {
    return CapacityJsonError(where + "." + key, "expected a number");
  }
  return it->get<double>();
}

StatusOr<std::string> CapacityJsonString(const nlohmann::json& obj, const char* key,
                                         const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) {
    return CapacityJsonError(where + "." + key, "expected a string");
  }
  return it->get<std::string>();
}

}  // namespace

void AddCapacityJson(const CapacityMetrics& metrics, nlohmann::ordered_json* entry) {
  using Json = nlohmann::ordered_json;
  Json workloads = Json::array();
  Json items = Json::array();
  for (const WorkloadMetrics& w : metrics.workloads) {
    workloads.push_back({{"name", w.name}, {"created", w.created}, {"bound", w.bound}, {"failed", w.failed}});
    if (w.latency_metric.empty()) continue;
    items.push_back({{"data",
                      {{"Perc50", CapacityJsonMs(w.latency.p50)},
                       {"Perc90", CapacityJsonMs(w.latency.p90)},
                       {"Perc99", CapacityJsonMs(w.latency.p99)},
                       {"Max", CapacityJsonMs(w.latency.max)}}},
                     {"unit", "ms"},
                     {"labels", {{"Metric", w.latency_metric}, {"Workload", w.name}}}});
  }
  (*entry)["workloads"] = std::move(workloads);
  (*entry)["perfData"] = {{"version", "v1"}, {"dataItems", std::move(items)}};
  Json storage = Json::array();
  for (const DriverSeries& d : metrics.drivers) {
    storage.push_back({{"driver", d.driver},
                       {"logicalGiB", d.final_logical_gib},
                       {"physicalGiB", d.final_physical_gib},
                       {"cost", d.final_cost}});
  }
  (*entry)["storage"] = std::move(storage);
}

StatusOr<std::shared_ptr<const CapacityMetrics>> ReadCapacityJson(const nlohmann::json& entry,
                                                                  const std::string& where) {
  const auto workloads = entry.find("workloads");
  if (workloads == entry.end()) return std::shared_ptr<const CapacityMetrics>();
  auto m = std::make_shared<CapacityMetrics>();
  if (!workloads->is_array()) return CapacityJsonError(where + ".workloads", "expected an array");
  for (size_t i = 0; i < workloads->size(); ++i) {
    const std::string at = where + ".workloads[" + std::to_string(i) + "]";
    const nlohmann::json& w = (*workloads)[i];
    if (!w.is_object()) return CapacityJsonError(at, "expected an object");
    WorkloadMetrics out;
    XNSIM_CAPJSON_ASSIGN(out.name, CapacityJsonString(w, "name", at));
    for (auto [key, field] : {std::pair{"created", &out.created}, std::pair{"bound", &out.bound},
                              std::pair{"failed", &out.failed}}) {
      auto it = w.find(key);
      if (it == w.end() || !it->is_number_integer()) {
        return CapacityJsonError(at + "." + key, "expected an integer");
      }
      *field = it->get<int64_t>();
    }
    m->workloads.push_back(std::move(out));
  }
  if (auto perf = entry.find("perfData"); perf != entry.end()) {
    const auto items = perf->is_object() ? perf->find("dataItems") : perf->end();
    if (items == perf->end() || !items->is_array()) {
      return CapacityJsonError(where + ".perfData.dataItems", "expected an array");
    }
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string at = where + ".perfData.dataItems[" + std::to_string(i) + "]";
      const nlohmann::json& item = (*items)[i];
      const auto data = item.is_object() ? item.find("data") : item.end();
      const auto labels = item.is_object() ? item.find("labels") : item.end();
      if (data == item.end() || !data->is_object() || labels == item.end() || !labels->is_object()) {
        return CapacityJsonError(at, "expected {data, unit, labels}");
      }
      XNSIM_CAPJSON_ASSIGN(std::string workload, CapacityJsonString(*labels, "Workload", at + ".labels"));
      XNSIM_CAPJSON_ASSIGN(std::string metric, CapacityJsonString(*labels, "Metric", at + ".labels"));
      WorkloadMetrics* w = nullptr;
      for (WorkloadMetrics& candidate : m->workloads) {
        if (candidate.name == workload) w = &candidate;
      }
      if (w == nullptr) return CapacityJsonError(at + ".labels.Workload", "no workload named " + workload);
      w->latency_metric = metric;
      XNSIM_CAPJSON_ASSIGN(w->latency.p50, CapacityJsonNumber(*data, "Perc50", at + ".data"));
      XNSIM_CAPJSON_ASSIGN(w->latency.p90, CapacityJsonNumber(*data, "Perc90", at + ".data"));
      XNSIM_CAPJSON_ASSIGN(w->latency.p99, CapacityJsonNumber(*data, "Perc99", at + ".data"));
      XNSIM_CAPJSON_ASSIGN(w->latency.max, CapacityJsonNumber(*data, "Max", at + ".data"));
    }
  }
  if (auto storage = entry.find("storage"); storage != entry.end()) {
    if (!storage->is_array()) return CapacityJsonError(where + ".storage", "expected an array");
    for (size_t i = 0; i < storage->size(); ++i) {
      const std::string at = where + ".storage[" + std::to_string(i) + "]";
      const nlohmann::json& s = (*storage)[i];
      if (!s.is_object()) return CapacityJsonError(at, "expected an object");
      DriverSeries d;
      XNSIM_CAPJSON_ASSIGN(d.driver, CapacityJsonString(s, "driver", at));
      XNSIM_CAPJSON_ASSIGN(d.final_logical_gib, CapacityJsonNumber(s, "logicalGiB", at));
      XNSIM_CAPJSON_ASSIGN(d.final_physical_gib, CapacityJsonNumber(s, "physicalGiB", at));
      XNSIM_CAPJSON_ASSIGN(d.final_cost, CapacityJsonNumber(s, "cost", at));
      m->drivers.push_back(std::move(d));
    }
  }
  return std::shared_ptr<const CapacityMetrics>(std::move(m));
}

}  // namespace xnsim
