// The JSON report (schema in reports.h). Every case entry is self-contained and the
// summary is recomputed from the cases, which is what lets shard reports merge.
#include <nlohmann/json.hpp>
#include <string>

#include "reports/capacity_json.h"
#include "reports/conformance.h"
#include "reports/reports.h"
#include "sim/core/time.h"

namespace xnsim {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kReportVersion = 1;

Json StepJson(const StepResult& s) {
  Json j;
  j["index"] = s.index;
  j["keyword"] = s.keyword;
  j["location"] = s.location;
  j["outcome"] = OutcomeName(s.outcome);
  j["message"] = s.message;
  j["started"] = FormatDuration(s.started);
  j["startedNs"] = s.started;
  j["finished"] = FormatDuration(s.finished);
  j["finishedNs"] = s.finished;
  return j;
}

Json CaseJson(const CaseResult& r) {
  Json j;
  j["name"] = r.name;
  j["file"] = r.file;
  j["description"] = r.description;
  j["labels"] = Json::object();
  for (const auto& [k, v] : r.labels) j["labels"][k] = v;
  j["outcome"] = OutcomeName(r.outcome);
  j["failure"] = r.failure;
  j["seed"] = r.seed;
  j["virtualTime"] = FormatDuration(r.virtual_time);
  j["virtualTimeNs"] = r.virtual_time;
  j["events"] = r.events;
  j["wallSeconds"] = r.wall_seconds;
  j["eventReasons"] = Json::object();
  for (const auto& [reason, count] : r.event_reasons) j["eventReasons"][reason] = count;
  j["steps"] = Json::array();
  for (const StepResult& s : r.steps) j["steps"].push_back(StepJson(s));
  if (r.capacity != nullptr) AddCapacityJson(*r.capacity, &j);
  return j;
}

Json ConformanceJson(const ConformanceInfo& info, const std::vector<CaseResult>& results) {
  Json c;
  c["tested"] = Json::array();
  for (const auto& [name, value] : info.tested) c["tested"].push_back({{"name", name}, {"value", value}});
  const std::vector<ProfileResult> profiles = SummarizeProfiles(info, results);
  c["profiles"] = Json::array();
  for (const ProfileResult& p : profiles) {
    c["profiles"].push_back({{"name", p.name},
                             {"total", p.summary.total},
                             {"passed", p.summary.passed},
                             {"failed", p.summary.failed},
                             {"skipped", p.summary.skipped},
                             {"errors", p.summary.errors},
                             {"conformant", p.Conformant()}});
  }
  c["suiteProfiles"] = info.profiles;
  c["conformant"] = Conformant(profiles);
  c["rules"] = Json::array();
  for (const Rule& rule : info.rules) {
    Json cases = Json::array();
    for (const CaseResult& r : results) {
      auto it = r.labels.find("rule");
      if (it != r.labels.end() && it->second == rule.id) cases.push_back(r.name);
    }
    c["rules"].push_back({{"id", rule.id},
                          {"title", rule.title},
                          {"semantics", rule.semantics},
                          {"source", rule.source},
                          {"catalog", rule.catalog},
                          {"cases", std::move(cases)}});
  }
  return c;
}

// ---- reading back -------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Error(const std::string& where, const std::string& what) const {
    return InputError(std::string(source_) + ": " + where + ": " + what);
  }

  Status ReadString(const nlohmann::json& obj, const char* key, const std::string& where,
                    std::string* out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();  // optional: an older writer may omit it
    if (!it->is_string()) return Error(where + "." + key, "expected a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }

  template <class Int>
  Status ReadInteger(const nlohmann::json& obj, const char* key, const std::string& where,
                     Int* out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_number_integer()) return Error(where + "." + key, "expected an integer");
    *out = it->get<Int>();
    return Status::Ok();
  }

  Status ReadOutcome(const nlohmann::json& obj, const std::string& where, Outcome* out) const {
    std::string name;
    XNSIM_RETURN_IF_ERROR(ReadString(obj, "outcome", where, &name));
    for (Outcome o : {Outcome::kPassed, Outcome::kFailed, Outcome::kSkipped, Outcome::kError}) {
      if (name == OutcomeName(o)) {
        *out = o;
        return Status::Ok();
      }
    }
    return Error(where + ".outcome", "unknown outcome \"" + name + "\"");
  }

  Status ReadStep(const nlohmann::json& j, const std::string& where, StepResult* s) const {
    if (!j.is_object()) return Error(where, "expected an object");
    XNSIM_RETURN_IF_ERROR(ReadInteger(j, "index", where, &s->index));
    XNSIM_RETURN_IF_ERROR(ReadString(j, "keyword", where, &s->keyword));
    XNSIM_RETURN_IF_ERROR(ReadString(j, "location", where, &s->location));
    XNSIM_RETURN_IF_ERROR(ReadOutcome(j, where, &s->outcome));
    XNSIM_RETURN_IF_ERROR(ReadString(j, "message", where, &s->message));
    XNSIM_RETURN_IF_ERROR(ReadInteger(j, "startedNs", where, &s->started));
    XNSIM_RETURN_IF_ERROR(ReadInteger(j, "finishedNs", where, &s->finished));
    return Status::Ok();
  }

  Status ReadCase(const nlohmann::json& j, const std::string& where, CaseResult* r) const {
    if (!j.is_object()) return Error(where, "expected an object");
    XNSIM_RETURN_IF_ERROR(ReadString(j, "name", where, &r->name));
    XNSIM_RETURN_IF_ERROR(ReadString(j, "file", where, &r->file));
    XNSIM_RETURN_IF_ERROR(ReadString(j, "description", where, &r->description));
    if (auto it = j.find("labels"); it != j.end()) {
      if (!it->is_object()) return Error(where + ".labels", "expected an object");
      for (const auto& [k, v] : it->items()) {
        if (!v.is_string()) return Error(where + ".labels." + k, "expected a string");
        r->labels[k] = v.get<std::string>();
      }
    }
    XNSIM_RETURN_IF_ERROR(ReadOutcome(j, where, &r->outcome));
    XNSIM_RETURN_IF_ERROR(ReadString(j, "failure", where, &r->failure));
    XNSIM_RETURN_IF_ERROR(ReadInteger(j, "seed", where, &r->seed));
    XNSIM_RETURN_IF_ERROR(ReadInteger(j, "virtualTimeNs", where, &r->virtual_time));
    XNSIM_RETURN_IF_ERROR(ReadInteger(j, "events", where, &r->events));
    if (auto it = j.find("wallSeconds"); it != j.end()) {
      if (!it->is_number()) return Error(where + ".wallSeconds", "expected a number");
      r->wall_seconds = it->get<double>();
    }
    if (auto it = j.find("eventReasons"); it != j.end()) {
      if (!it->is_object()) return Error(where + ".eventReasons", "expected an object");
      for (const auto& [reason, count] : it->items()) {
        if (!count.is_number_integer()) {
          return Error(where + ".eventReasons." + reason, "expected an integer");
        }
        r->event_reasons[reason] = count.get<int64_t>();
      }
    }
    if (auto it = j.find("steps"); it != j.end()) {
      if (!it->is_array()) return Error(where + ".steps", "expected an array");
      for (size_t i = 0; i < it->size(); ++i) {
        StepResult s;
        XNSIM_RETURN_IF_ERROR(ReadStep((*it)[i], where + ".steps[" + std::to_string(i) + "]", &s));
        r->steps.push_back(std::move(s));
      }
    }
    StatusOr<std::shared_ptr<const CapacityMetrics>> capacity = ReadCapacityJson(j, where);
    if (!capacity.ok()) return InputError(std::string(source_) + ": " + capacity.status().message());
    r->capacity = std::move(capacity).value();
    return Status::Ok();
  }

  // The parts of a conformance section that are not derived from the cases.
  Status ReadConformance(const nlohmann::json& c, ConformanceInfo* info) const {
    if (!c.is_object()) return Error("conformance", "expected an object");
    XNSIM_RETURN_IF_ERROR(ForEach(c, "tested", [&](const nlohmann::json& t, const std::string& where) {
      std::pair<std::string, std::string> entry;
      XNSIM_RETURN_IF_ERROR(ReadString(t, "name", where, &entry.first));
      XNSIM_RETURN_IF_ERROR(ReadString(t, "value", where, &entry.second));
      info->tested.push_back(std::move(entry));
      return Status::Ok();
    }));
    XNSIM_RETURN_IF_ERROR(ForEach(c, "suiteProfiles", [&](const nlohmann::json& p, const std::string& where) {
      if (!p.is_string()) return Error(where, "expected a string");
      info->profiles.push_back(p.get<std::string>());
      return Status::Ok();
    }));
    return ForEach(c, "rules", [&](const nlohmann::json& r, const std::string& where) {
      Rule rule;
      XNSIM_RETURN_IF_ERROR(ReadString(r, "id", where, &rule.id));
      XNSIM_RETURN_IF_ERROR(ReadString(r, "title", where, &rule.title));
      XNSIM_RETURN_IF_ERROR(ReadString(r, "semantics", where, &rule.semantics));
      XNSIM_RETURN_IF_ERROR(ReadString(r, "source", where, &rule.source));
      XNSIM_RETURN_IF_ERROR(ReadString(r, "catalog", where, &rule.catalog));
      info->rules.push_back(std::move(rule));
      return Status::Ok();
    });
  }

 private:
  // Calls `read` on each object of the array at `obj[key]` (absent: none).
  template <class Read>
  Status ForEach(const nlohmann::json& obj, const char* key, Read read) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    const std::string where = std::string("conformance.") + key;
    if (!it->is_array()) return Error(where, "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string item = where + "[" + std::to_string(i) + "]";
      if (!(*it)[i].is_object() && !(*it)[i].is_string()) return Error(item, "expected an object");
      XNSIM_RETURN_IF_ERROR(read((*it)[i], item));
    }
    return Status::Ok();
  }

  std::string_view source_;
};

}  // namespace

void WriteJsonReport(std::ostream& out, const std::vector<CaseResult>& results,
                     const ConformanceInfo* conformance) {
  Json doc;
  doc["version"] = kReportVersion;
  doc["cases"] = Json::array();
  for (const CaseResult& r : results) doc["cases"].push_back(CaseJson(r));
  const ReportSummary s = Summarize(results);
  Json& sum = doc["summary"];
  sum["total"] = s.total;
  sum["passed"] = s.passed;
  sum["failed"] = s.failed;
  sum["skipped"] = s.skipped;
  sum["errors"] = s.errors;
  sum["events"] = s.events;
  sum["wallSeconds"] = s.wall_seconds;
  if (conformance != nullptr) doc["conformance"] = ConformanceJson(*conformance, results);
  out << doc.dump(2) << '\n';
}

StatusOr<JsonReport> ReadJsonReport(std::string_view text, std::string_view source) {
  const Reader reader(source);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InputError(std::string(source) + ": not valid JSON");
  if (!doc.is_object()) return reader.Error("(top level)", "expected an object");
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() ||
      version->get<int>() != kReportVersion) {
    return reader.Error("version", "expected report version " + std::to_string(kReportVersion));
  }
  auto cases = doc.find("cases");
  if (cases == doc.end() || !cases->is_array()) return reader.Error("cases", "expected an array");
  JsonReport report;
  for (size_t i = 0; i < cases->size(); ++i) {
    CaseResult r;
    XNSIM_RETURN_IF_ERROR(reader.ReadCase((*cases)[i], "cases[" + std::to_string(i) + "]", &r));
    report.results.push_back(std::move(r));
  }
  if (auto c = doc.find("conformance"); c != doc.end()) {
    report.conformance.emplace();
    XNSIM_RETURN_IF_ERROR(reader.ReadConformance(*c, &*report.conformance));
  }
  return report;
}

}  // namespace xnsim
