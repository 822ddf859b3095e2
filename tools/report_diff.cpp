#include "tools/report_diff.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace xnsim::cli {
namespace {

using Json = nlohmann::json;

constexpr int kDiffReportVersion = 1;  // the JSON report version reports/ writes

struct ParsedReport {
  Json doc;
  std::vector<std::string> order;            // case names as the report lists them
  std::map<std::string, const Json*> cases;  // by name
};

StatusOr<ParsedReport> ParseReport(std::string_view text, std::string_view name) {
  ParsedReport r;
  const std::string file(name);
  r.doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (r.doc.is_discarded()) return InputError(file + ": not valid JSON");
  if (!r.doc.is_object()) return InputError(file + ": expected a JSON report object");
  auto version = r.doc.find("version");
  if (version == r.doc.end() || !version->is_number_integer() ||
      version->get<int>() != kDiffReportVersion) {
    return InputError(file + ": version: expected report version " +
                      std::to_string(kDiffReportVersion) + " (an `xnsim run --report json=...` file)");
  }
  auto cases = r.doc.find("cases");
  if (cases == r.doc.end() || !cases->is_array()) return InputError(file + ": cases: expected an array");
  for (size_t i = 0; i < cases->size(); ++i) {
    const Json& c = (*cases)[i];
    const std::string where = file + ": cases[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) {
      return InputError(where + ": expected an object with a string \"name\"");
    }
    const std::string case_name = c["name"].get<std::string>();
    if (!r.cases.emplace(case_name, &c).second) {
      return InputError(where + ": case \"" + case_name + "\" appears twice");
    }
    r.order.push_back(case_name);
  }
  return r;
}

std::string Text(const Json* v) {
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.6g", v->get<double>());
    return buf;
  }
  return v->dump();
}

const Json* Member(const Json& obj, const std::string& key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// "ProvisioningLatency{Workload=daily-clones}": the metric, then every other label.
std::string ItemKey(const Json& item) {
  const Json* labels = Member(item, "labels");
  std::string metric = "item";
  std::vector<std::string> rest;
  if (labels != nullptr && labels->is_object()) {
    for (const auto& [k, v] : labels->items()) {
      if (k == "Metric") {
        metric = Text(&v);
      } else {
        rest.push_back(k + "=" + Text(&v));
      }
    }
  }
  std::sort(rest.begin(), rest.end());
  std::string key = metric;
  if (!rest.empty()) {
    key += "{";
    for (size_t i = 0; i < rest.size(); ++i) key += (i ? "," : "") + rest[i];
    key += "}";
  }
  return key;
}

// The objects of the array at `obj[key]`, by the key `key_of` gives each.
template <class KeyOf>
std::map<std::string, const Json*> ByKey(const Json* array, KeyOf key_of) {
  std::map<std::string, const Json*> out;
  if (array == nullptr || !array->is_array()) return out;
  for (const Json& item : *array) {
    if (item.is_object()) out.emplace(key_of(item), &item);
  }
  return out;
}

class CaseDiffer {
 public:
  CaseDiffer(ReportDiff& diff, const std::string& case_name) : diff_(diff), case_(case_name) {}

  void Exact(const std::string& kind, const std::string& what, const Json* a, const Json* b) {
    if (Same(a, b)) return;
    ReportChange c = Base(kind, what, a, b);
    diff_.changes.push_back(std::move(c));
  }

  // A measured figure: equal, within the tolerance, or a difference.
  void Measured(const std::string& kind, const std::string& what, const Json* a, const Json* b,
                const std::string& unit) {
    if (Same(a, b)) return;
    ReportChange c = Base(kind, what, a, b);
    if (!unit.empty()) {
      if (!c.a.empty()) c.a += " " + unit;
      if (!c.b.empty()) c.b += " " + unit;
    }
    if (c.a_value && c.b_value) {
      const double from = *c.a_value, to = *c.b_value;
      if (from != 0) {
        c.change_percent = (to - from) / std::fabs(from) * 100.0;
        c.within_tolerance = std::fabs(*c.change_percent) <= diff_.tolerance_percent;
      }
    }
    diff_.changes.push_back(std::move(c));
  }

  // Every numeric member of two objects (except `skip`) as measured or exact figures.
  void Members(const std::string& kind, const std::string& prefix, const Json* a, const Json* b,
               const std::string& skip, bool measured) {
    std::set<std::string> keys;
    for (const Json* side : {a, b}) {
      if (side == nullptr || !side->is_object()) continue;
      for (const auto& [k, v] : side->items()) {
        if (k != skip && (v.is_number() || v.is_null())) keys.insert(k);
      }
    }
    for (const std::string& k : keys) {
      const Json* va = a ? Member(*a, k) : nullptr;
      const Json* vb = b ? Member(*b, k) : nullptr;
      if (measured) {
        Measured(kind, prefix + " " + k, va, vb, "");
      } else {
        Exact(kind, prefix + " " + k, va, vb);
      }
    }
  }

 private:
  static bool Same(const Json* a, const Json* b) {
    if (a == nullptr || b == nullptr) return a == b;
    if (a->is_number() && b->is_number()) return a->get<double>() == b->get<double>();
    return *a == *b;
  }

  ReportChange Base(const std::string& kind, const std::string& what, const Json* a, const Json* b) {
    ReportChange c;
    c.case_name = case_;
    c.kind = kind;
    c.what = what;
    c.a = Text(a);
    c.b = Text(b);
    if (a != nullptr && a->is_number()) c.a_value = a->get<double>();
    if (b != nullptr && b->is_number()) c.b_value = b->get<double>();
    return c;
  }

  ReportDiff& diff_;
  const std::string& case_;
};

void DiffCase(ReportDiff& diff, const std::string& name, const Json& a, const Json& b) {
  CaseDiffer d(diff, name);
  d.Exact("outcome", "outcome", Member(a, "outcome"), Member(b, "outcome"));

  const Json* reasons_a = Member(a, "eventReasons");
  const Json* reasons_b = Member(b, "eventReasons");
  if (reasons_a != nullptr || reasons_b != nullptr) {
    static const Json kZero = 0;
    std::set<std::string> reasons;
    for (const Json* side : {reasons_a, reasons_b}) {
      if (side != nullptr && side->is_object()) {
        for (const auto& [k, v] : side->items()) reasons.insert(k);
      }
    }
    for (const std::string& r : reasons) {
      const Json* ca = reasons_a ? Member(*reasons_a, r) : nullptr;
      const Json* cb = reasons_b ? Member(*reasons_b, r) : nullptr;
      d.Exact("event-reason", r, ca ? ca : &kZero, cb ? cb : &kZero);
    }
  }

  auto by_name = [](const Json& w) { return Text(Member(w, "name")); };
  const auto workloads_a = ByKey(Member(a, "workloads"), by_name);
  const auto workloads_b = ByKey(Member(b, "workloads"), by_name);
  std::set<std::string> workloads;
  for (const auto& [k, v] : workloads_a) workloads.insert(k);
  for (const auto& [k, v] : workloads_b) workloads.insert(k);
  for (const std::string& w : workloads) {
    auto ia = workloads_a.find(w), ib = workloads_b.find(w);
    const Json* wa = ia == workloads_a.end() ? nullptr : ia->second;
    const Json* wb = ib == workloads_b.end() ? nullptr : ib->second;
    if (wa == nullptr || wb == nullptr) {
      static const Json kPresent = "present";
      d.Exact("workload", w, wa ? &kPresent : nullptr, wb ? &kPresent : nullptr);
      continue;
    }
    d.Members("workload", w, wa, wb, "name", /*measured=*/false);
  }

  auto items_of = [](const Json& c) {
    const Json* perf = Member(c, "perfData");
    return ByKey(perf ? Member(*perf, "dataItems") : nullptr, ItemKey);
  };
  const auto items_a = items_of(a), items_b = items_of(b);
  std::set<std::string> items;
  for (const auto& [k, v] : items_a) items.insert(k);
  for (const auto& [k, v] : items_b) items.insert(k);
  for (const std::string& key : items) {
    auto ia = items_a.find(key), ib = items_b.find(key);
    const Json* da = ia == items_a.end() ? nullptr : Member(*ia->second, "data");
    const Json* db = ib == items_b.end() ? nullptr : Member(*ib->second, "data");
    const Json* unit_json = ia != items_a.end() ? Member(*ia->second, "unit")
                                                : Member(*ib->second, "unit");
    const std::string unit = Text(unit_json);
    std::set<std::string> keys;
    for (const Json* side : {da, db}) {
      if (side != nullptr && side->is_object()) {
        for (const auto& [k, v] : side->items()) keys.insert(k);
      }
    }
    for (const std::string& k : keys) {
      d.Measured("latency", key + " " + k, da ? Member(*da, k) : nullptr, db ? Member(*db, k) : nullptr,
                 unit);
    }
  }

  auto by_driver = [](const Json& s) { return Text(Member(s, "driver")); };
  const auto storage_a = ByKey(Member(a, "storage"), by_driver);
  const auto storage_b = ByKey(Member(b, "storage"), by_driver);
  std::set<std::string> drivers;
  for (const auto& [k, v] : storage_a) drivers.insert(k);
  for (const auto& [k, v] : storage_b) drivers.insert(k);
  for (const std::string& drv : drivers) {
    auto ia = storage_a.find(drv), ib = storage_b.find(drv);
    d.Members("storage", drv, ia == storage_a.end() ? nullptr : ia->second,
              ib == storage_b.end() ? nullptr : ib->second, "driver", /*measured=*/true);
  }
}

std::string Percent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%+.1f%%", p);
  return buf;
}

}  // namespace

size_t ReportDiff::Differences() const {
  return static_cast<size_t>(std::count_if(changes.begin(), changes.end(),
                                           [](const ReportChange& c) { return !c.within_tolerance; }));
}

StatusOr<ReportDiff> DiffReports(std::string_view a_text, std::string_view a_name,
                                 std::string_view b_text, std::string_view b_name,
                                 double tolerance_percent) {
  StatusOr<ParsedReport> a = ParseReport(a_text, a_name);
  if (!a.ok()) return a.status();
  StatusOr<ParsedReport> b = ParseReport(b_text, b_name);
  if (!b.ok()) return b.status();
  ReportDiff diff;
  diff.a_name = a_name;
  diff.b_name = b_name;
  diff.tolerance_percent = tolerance_percent;
  diff.cases_a = a->order.size();
  diff.cases_b = b->order.size();
  for (const std::string& name : a->order) {
    auto other = b->cases.find(name);
    if (other == b->cases.end()) {
      diff.changes.push_back({name, "only-in-a", "case", Text(Member(*a->cases[name], "outcome")), "",
                              {}, {}, {}, false});
      continue;
    }
    ++diff.cases_compared;
    DiffCase(diff, name, *a->cases[name], *other->second);
  }
  for (const std::string& name : b->order) {
    if (a->cases.count(name)) continue;
    diff.changes.push_back({name, "only-in-b", "case", "", Text(Member(*b->cases[name], "outcome")),
                            {}, {}, {}, false});
  }
  return diff;
}

void WriteReportDiffText(std::ostream& out, const ReportDiff& diff) {
  out << "comparing " << diff.a_name << " (" << diff.cases_a << " cases) with " << diff.b_name
      << " (" << diff.cases_b << " cases), tolerance " << diff.tolerance_percent << "%\n";
  struct Section {
    const char* title;
    std::vector<std::string> kinds;
  };
  const Section sections[] = {{"cases and outcomes", {"only-in-a", "only-in-b", "outcome"}},
                              {"event reasons", {"event-reason"}},
                              {"workloads", {"workload"}},
                              {"latency", {"latency"}},
                              {"storage", {"storage"}}};
  size_t within = 0;
  for (const ReportChange& c : diff.changes) within += c.within_tolerance;
  for (const Section& s : sections) {
    bool titled = false;
    for (const ReportChange& c : diff.changes) {
      if (c.within_tolerance ||
          std::find(s.kinds.begin(), s.kinds.end(), c.kind) == s.kinds.end()) {
        continue;
      }
      if (!titled) out << "\n" << s.title << ":\n";
      titled = true;
      out << "  " << c.case_name << ": ";
      if (c.kind == "only-in-a") {
        out << "only in " << diff.a_name << " (" << c.a << ")\n";
      } else if (c.kind == "only-in-b") {
        out << "only in " << diff.b_name << " (" << c.b << ")\n";
      } else {
        out << c.what << " " << (c.a.empty() ? "(none)" : c.a) << " -> "
            << (c.b.empty() ? "(none)" : c.b);
        if (c.change_percent) out << " (" << Percent(*c.change_percent) << ")";
        out << "\n";
      }
    }
  }
  if (within > 0) {
    out << "\n" << within << " figure(s) moved within the " << diff.tolerance_percent
        << "% tolerance:\n";
    for (const ReportChange& c : diff.changes) {
      if (!c.within_tolerance) continue;
      out << "  " << c.case_name << ": " << c.what << " " << c.a << " -> " << c.b << " ("
          << Percent(*c.change_percent) << ")\n";
    }
  }
  const size_t n = diff.Differences();
  out << "\n"
      << (n == 0 ? "SAME: no difference outside the tolerance"
                 : "DIFFERENT: " + std::to_string(n) + " difference(s) outside the tolerance")
      << " (" << diff.cases_compared << " case(s) in both)\n";
}

void WriteReportDiffJson(std::ostream& out, const ReportDiff& diff) {
  nlohmann::ordered_json j;
  j["a"] = diff.a_name;
  j["b"] = diff.b_name;
  j["tolerancePercent"] = diff.tolerance_percent;
  j["cases"] = {{"a", diff.cases_a}, {"b", diff.cases_b}, {"compared", diff.cases_compared}};
  j["differences"] = diff.Differences();
  j["changes"] = nlohmann::ordered_json::array();
  for (const ReportChange& c : diff.changes) {
    nlohmann::ordered_json e;
    e["case"] = c.case_name;
    e["kind"] = c.kind;
    e["what"] = c.what;
    if (c.a_value) {
      e["a"] = *c.a_value;
    } else {
      e["a"] = c.a.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.a);
    }
    if (c.b_value) {
      e["b"] = *c.b_value;
    } else {
      e["b"] = c.b.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.b);
    }
    if (c.change_percent) e["changePercent"] = *c.change_percent;
    e["withinTolerance"] = c.within_tolerance;
    j["changes"].push_back(std::move(e));
  }
  out << j.dump(2) << '\n';
}

}  // namespace xnsim::cli
