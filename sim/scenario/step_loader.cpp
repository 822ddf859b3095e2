// `steps:`: one parser per step keyword of scenario-format.md, each refusing keys it
// does not know. Manifests are decoded here, so a bad one fails at load time with
// its own file and line; fragments to match are kept as JSON trees.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>

#include "sim/api/codec.h"
#include "sim/api/codec_tree.h"
#include "sim/scenario/loader_internal.h"

namespace xnsim::scenario_loader {

using nlohmann::json;
using scenario_yaml::Describe;
using scenario_yaml::JoinNames;
using scenario_yaml::Quote;
using scenario_yaml::ReadBool;
using scenario_yaml::ReadDuration;
using scenario_yaml::ReadEnum;
using scenario_yaml::ReadInt;
using scenario_yaml::ReadNumber;
using scenario_yaml::ReadQuantity;
using scenario_yaml::ReadString;
using scenario_yaml::ReadStringList;

namespace {

constexpr std::string_view kStepKeywords[] = {
    "apply",   "delete",          "wait",        "settle",         "assert",        "assertAbsent",
    "error",   "assertNever",     "assertEvent", "assertRejected", "assertContent", "write",
    "restart", "setFeatureGates", "fault",       "workload",
};

// ---- manifests and fragments -------------------------------------------------------

// Codec errors already carry "FILE:LINE: "; a bad manifest in a scenario is bad input.
Status AsInputError(const Status& s) {
  return s.code() == StatusCode::kInputError ? s : InputError(s.message());
}

StatusOr<ManifestRef> DecodeInline(const Field& f) {
  if (!f.present() || !f.node.IsMap()) {
    return f.Error("expected a manifest (apiVersion, kind, metadata, ...), got " +
                   Describe(f.node));
  }
  StatusOr<AnyObject> obj = DecodeManifestNode(f.node, *f.file);
  if (!obj.ok()) return AsInputError(obj.status());
  return ManifestRef{std::move(*obj),
                     SourceLocation{*f.file, scenario_yaml::LineOf(f.node, f.line)},
                     std::make_shared<const json>(YamlToJson(f.node))};
}

// The documents of a manifest file as written, one tree per object the codec decodes
// (`kind: List` wrappers opened); empty when they cannot be paired with its objects.
std::vector<Fragment> ManifestTrees(const std::string& path, size_t decoded_count) {
  std::vector<Fragment> trees;
  try {
    for (const YAML::Node& doc : YAML::LoadAllFromFile(path)) {
      if (!doc.IsDefined() || doc.IsNull()) continue;
      json tree = YamlToJson(doc);
      if (tree.is_object() && tree.value("kind", "") == "List" && tree.contains("items") &&
          tree["items"].is_array()) {
        for (const json& item : tree["items"]) trees.push_back(std::make_shared<const json>(item));
      } else {
        trees.push_back(std::make_shared<const json>(std::move(tree)));
      }
    }
  } catch (const YAML::Exception&) {
    trees.clear();
  }
  if (trees.size() != decoded_count) trees.clear();
  return trees;
}

// The objects of a manifest file. A suite applies the same files in case after case
// (every conformance case starts from base.yaml), so each is read and decoded once per
// process, and again only when it changes on disk. Errors are not kept.
StatusOr<std::vector<ManifestRef>> ReadManifestFile(const std::string& resolved) {
  struct Cached {
    std::filesystem::file_time_type written;
    uintmax_t size = 0;
    std::vector<ManifestRef> objects;
  };
  static std::mutex mu;
  static std::map<std::string, Cached> cache;
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(resolved, ec);
  const uintmax_t size = ec ? 0 : std::filesystem::file_size(resolved, ec);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(resolved);
    if (!ec && it != cache.end() && it->second.written == written && it->second.size == size) {
      return it->second.objects;
    }
  }
  StatusOr<std::vector<DecodedObject>> decoded = DecodeManifestFile(resolved);
  if (!decoded.ok()) return AsInputError(decoded.status());
  const std::vector<Fragment> trees = ManifestTrees(resolved, decoded->size());
  std::vector<ManifestRef> out;
  for (size_t i = 0; i < decoded->size(); ++i) {
    DecodedObject& d = (*decoded)[i];
    out.push_back(ManifestRef{std::move(d.object), SourceLocation{resolved, d.line},
                              trees.empty() ? nullptr : trees[i]});
  }
  if (!ec) {
    std::lock_guard<std::mutex> lock(mu);
    cache[resolved] = Cached{written, size, out};
  }
  return out;
}

StatusOr<std::vector<ManifestRef>> DecodeFile(const Field& f, const StepContext& ctx) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string name, ReadString(f));
  if (name.empty()) return f.Error("expected a file name, got \"\"");
  std::filesystem::path path(name);
  if (path.is_relative() && !ctx.base_dir.empty())
    path = std::filesystem::path(ctx.base_dir) / path;
  const std::string resolved = path.lexically_normal().string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(resolved, ec)) {
    return f.Error("no such file " + Quote(resolved) + " (file: is relative to the scenario file)");
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<ManifestRef> out, ReadManifestFile(resolved));
  if (out.empty()) return f.Error(Quote(resolved) + " holds no objects");
  return out;
}

// The kind a tree names, or kubectl's "no matches for kind" error.
Status CheckServedKind(const Field& f, const json& tree) {
  const json* api_version = tree.contains("apiVersion") ? &tree["apiVersion"] : nullptr;
  const json* kind = tree.contains("kind") ? &tree["kind"] : nullptr;
  if (api_version == nullptr || kind == nullptr || !api_version->is_string() ||
      !kind->is_string()) {
    return f.Error("needs apiVersion and kind, to know which objects to look at");
  }
  if (FindKind(api_version->get<std::string>(), kind->get<std::string>()) == nullptr) {
    return f.Error("no matches for kind " + Quote(kind->get<std::string>()) + " in version " +
                   Quote(api_version->get<std::string>()));
  }
  if (tree.contains("metadata") && !tree["metadata"].is_object()) {
    return f.Error("metadata: expected a map");
  }
  return Status::Ok();
}

// A partial object to match (assert, assertAbsent, assertNever).
StatusOr<Fragment> ReadResourceFragment(const Field& f) {
  if (!f.present() || !f.node.IsMap()) {
    return f.Error("expected a resource to match (apiVersion, kind, metadata, ...), got " +
                   Describe(f.node));
  }
  json tree = YamlToJson(f.node);
  XNSIM_RETURN_IF_ERROR(CheckServedKind(f, tree));
  return Fragment(std::make_shared<const json>(std::move(tree)));
}

// ---- step bodies -------------------------------------------------------------------

Status ParseApply(const Field& body, const StepContext& ctx, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"file", "resource", "resources"}));
  int given = m.Has("file") + m.Has("resource") + m.Has("resources");
  if (given != 1) return body.Error("give exactly one of file, resource or resources");
  ApplyStep step;
  if (m.Has("file")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.objects, DecodeFile(m.Get("file"), ctx));
  } else if (m.Has("resource")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(ManifestRef ref, DecodeInline(m.Get("resource")));
    step.objects.push_back(std::move(ref));
  } else {
    Field list = m.Get("resources");
    if (!list.node.IsSequence() || list.node.size() == 0) {
      return list.Error("expected a list of manifests, got " + Describe(list.node));
    }
    for (size_t i = 0; i < list.node.size(); ++i) {
      XNSIM_SCN_ASSIGN_OR_RETURN(ManifestRef ref, DecodeInline(list.Item(i)));
      step.objects.push_back(std::move(ref));
    }
  }
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseDelete(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m,
                             FieldMap::Open(body, {"apiVersion", "kind", "namespace", "name"}));
  if (!body.present()) return body.Error("expected {apiVersion, kind, namespace, name}");
  DeleteStep step;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field api_version, m.Require("apiVersion"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.api_version, ReadString(api_version));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field kind, m.Require("kind"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.kind, ReadString(kind));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field name, m.Require("name"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.name, ReadString(name));
  if (m.Has("namespace")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.namespace_, ReadString(m.Get("namespace")));
  }
  const KindInfo* info = FindKind(step.api_version, step.kind);
  if (info == nullptr) {
    return kind.Error("no matches for kind " + Quote(step.kind) + " in version " +
                      Quote(step.api_version));
  }
  if (info->namespaced && step.namespace_.empty()) {
    return body.Error(std::string(info->kind) + " is namespaced: give its namespace");
  }
  if (!info->namespaced && !step.namespace_.empty()) {
    return m.Get("namespace")
        .Error(std::string(info->kind) + " is cluster-scoped: leave namespace out");
  }
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseWait(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(SimDuration d, ReadDuration(body));
  out->step.body = WaitStep{d};
  return Status::Ok();
}

Status ParseSettle(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"timeout"}));
  SettleStep step;
  if (m.Has("timeout")) {
    Field f = m.Get("timeout");
    XNSIM_SCN_ASSIGN_OR_RETURN(step.timeout, ReadDuration(f));
    if (step.timeout == 0) return f.Error("must be longer than 0s");
  }
  out->step.body = step;
  return Status::Ok();
}

// assert, assertAbsent / error.
template <class T>
Status ParseAssertLike(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"within", "resource"}));
  T step;
  if (m.Has("within")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.within, ReadDuration(m.Get("within")));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(Field resource, m.Require("resource"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.resource, ReadResourceFragment(resource));
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseAssertNever(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"for", "resource"}));
  AssertNeverStep step;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field for_field, m.Require("for"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.for_, ReadDuration(for_field));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field resource, m.Require("resource"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.resource, ReadResourceFragment(resource));
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseAssertEvent(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"within", "involvedObject", "reason",
                                                               "messageContains", "type"}));
  AssertEventStep step;
  if (m.Has("within")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.within, ReadDuration(m.Get("within")));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(Field involved, m.Require("involvedObject"));
  // An ObjectReference's fields: a misspelt one would silently match nothing.
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap ref, FieldMap::Open(involved, {"apiVersion", "kind", "namespace", "name", "uid",
                                              "resourceVersion", "fieldPath"}));
  for (const auto& [key, value] : ref.entries()) {
    if (value.present() && !value.node.IsScalar()) {
      return value.Error("expected a string, got " + Describe(value.node));
    }
  }
  step.involved_object = std::make_shared<const json>(YamlToJson(involved.node));
  if (m.Has("reason")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.reason, ReadString(m.Get("reason")));
  }
  if (m.Has("messageContains")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.message_contains, ReadString(m.Get("messageContains")));
  }
  if (m.Has("type")) {
    static constexpr std::string_view kTypes[] = {"Normal", "Warning"};
    XNSIM_SCN_ASSIGN_OR_RETURN(step.type, ReadEnum(m.Get("type"), kTypes));
  }
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseAssertRejected(const Field& body, const StepContext& ctx, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m,
                             FieldMap::Open(body, {"resource", "file", "messageContains"}));
  if (m.Has("resource") == m.Has("file")) return body.Error("give exactly one of resource or file");
  AssertRejectedStep step;
  if (m.Has("file")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.objects, DecodeFile(m.Get("file"), ctx));
  } else {
    XNSIM_SCN_ASSIGN_OR_RETURN(ManifestRef ref, DecodeInline(m.Get("resource")));
    step.objects.push_back(std::move(ref));
  }
  if (m.Has("messageContains")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.message_contains, ReadString(m.Get("messageContains")));
  }
  out->step.body = std::move(step);
  return Status::Ok();
}

// `pvc: NS/NAME`.
Status ReadClaimRef(const Field& f, std::string* ns, std::string* name) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, ReadString(f));
  const size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size() ||
      text.find('/', slash + 1) != std::string::npos) {
    return f.Error("expected NAMESPACE/NAME like prod/db, got " + Quote(text));
  }
  *ns = text.substr(0, slash);
  *name = text.substr(slash + 1);
  return Status::Ok();
}

Status ParseAssertContent(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"pvc", "content"}));
  if (!body.present()) return body.Error("expected {pvc: NAMESPACE/NAME, content: C}");
  AssertContentStep step;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field pvc, m.Require("pvc"));
  XNSIM_RETURN_IF_ERROR(ReadClaimRef(pvc, &step.namespace_, &step.pvc));
  Field content = m.Get("content");
  if (!content.node.IsDefined()) return body.Error("missing required key \"content\"");
  if (content.present()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.content, ReadString(content));
  }
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseWrite(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(body, {"pvc", "content", "used"}));
  if (!body.present()) return body.Error("expected {pvc: NAMESPACE/NAME, content: C, used: SIZE}");
  WriteStep step;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field pvc, m.Require("pvc"));
  XNSIM_RETURN_IF_ERROR(ReadClaimRef(pvc, &step.namespace_, &step.pvc));
  Field content = m.Get("content");
  if (!content.node.IsDefined()) return body.Error("missing required key \"content\"");
  if (content.present()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.content, ReadString(content));
  }
  if (m.Has("used")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.used, ReadQuantity(m.Get("used")));
  }
  out->step.body = std::move(step);
  return Status::Ok();
}

Status ParseRestart(const Field& body, const StepContext&, ParsedStep* out) {
  std::vector<std::string_view> names;
  for (Component c : kAllComponents) names.push_back(ComponentName(c));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string name, ReadEnum(body, names));
  out->step.body = RestartStep{*ParseComponent(name)};
  return Status::Ok();
}

Status ParseSetFeatureGates(const Field& body, const StepContext&, ParsedStep* out) {
  if (!body.present()) return body.Error("expected {COMPONENT: {GATE: true|false}}");
  XNSIM_SCN_ASSIGN_OR_RETURN(out->gates, ReadGateEntries(body));
  if (out->gates.empty()) return body.Error("names no gate to set");
  out->step.body = SetFeatureGatesStep{};  // filled per variant, once the version is known
  return Status::Ok();
}

Status ParseFault(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FaultSpec fault, DecodeFault(body, /*in_step=*/true));
  out->step.body = FaultStep{std::move(fault)};
  return Status::Ok();
}

// "20/s", "5/m", "1.5/h", "3/100ms".
StatusOr<double> ReadRate(const Field& f) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, ReadString(f));
  const Status bad = f.Error("expected a rate like 20/s or 5/m, got " + Quote(text));
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return bad;
  const std::string count_text = text.substr(0, slash);
  std::string per = text.substr(slash + 1);
  static const std::regex kNumber(R"([0-9]+(\.[0-9]*)?|\.[0-9]+)");
  if (!std::regex_match(count_text, kNumber)) return bad;
  if (!per.empty() && !std::isdigit(static_cast<unsigned char>(per[0]))) per = "1" + per;
  StatusOr<SimDuration> period = ParseDuration(per);
  if (!period.ok() || *period <= 0) return bad;
  double count = 0;
  std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (count <= 0) return f.Error("a rate must be greater than 0, got " + Quote(text));
  return count * static_cast<double>(kSecond) / static_cast<double>(*period);
}

// Replaces {{i}} and {{ns}} in every string of a template; refuses other placeholders.
Status Substitute(json* tree, const std::string& i, const std::string& ns, const Field& where) {
  if (tree->is_object() || tree->is_array()) {
    for (auto& item : *tree) XNSIM_RETURN_IF_ERROR(Substitute(&item, i, ns, where));
    return Status::Ok();
  }
  if (!tree->is_string()) return Status::Ok();
  std::string s = tree->get<std::string>();
  static const std::regex kPlaceholder(R"(\{\{\s*([^}]*?)\s*\}\})");
  std::string result;
  auto begin = std::sregex_iterator(s.begin(), s.end(), kPlaceholder);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    if (name != "i" && name != "ns") {
      return where.Error("unknown placeholder " + Quote(it->str()) +
                         " (a template may use {{ns}} and {{i}})");
    }
    result += s.substr(last, it->position() - last);
    result += name == "i" ? i : ns;
    last = it->position() + it->length();
  }
  result += s.substr(last);
  *tree = result;
  return Status::Ok();
}

Status ParseWorkload(const Field& body, const StepContext&, ParsedStep* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m,
                             FieldMap::Open(body, {"name", "count", "rate", "poisson", "namespaces",
                                                   "template", "deleteAfter"}));
  if (!body.present()) return body.Error("expected {name, count, rate, template, ...}");
  WorkloadStep step;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field name, m.Require("name"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.name, ReadString(name));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field count, m.Require("count"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.count, ReadInt(count, 1, 100'000'000));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field rate, m.Require("rate"));
  XNSIM_SCN_ASSIGN_OR_RETURN(step.rate_per_second, ReadRate(rate));
  if (m.Has("poisson")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(step.poisson, ReadBool(m.Get("poisson")));
  }
  if (m.Has("namespaces")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap ns,
                               FieldMap::Open(m.Get("namespaces"), {"prefix", "count"}));
    if (ns.Has("prefix")) {
      XNSIM_SCN_ASSIGN_OR_RETURN(step.namespace_prefix, ReadString(ns.Get("prefix")));
    }
    XNSIM_SCN_ASSIGN_OR_RETURN(Field ns_count, ns.Require("count"));
    XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(ns_count, 1, 1'000'000));
    step.namespace_count = static_cast<int>(n);
  }
  if (m.Has("deleteAfter")) {
    Field f = m.Get("deleteAfter");
    XNSIM_SCN_ASSIGN_OR_RETURN(step.delete_after, ReadDuration(f));
    if (*step.delete_after == 0) return f.Error("must be longer than 0s");
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(Field tmpl, m.Require("template"));
  if (!tmpl.node.IsMap()) return tmpl.Error("expected a manifest, got " + Describe(tmpl.node));
  json tree = YamlToJson(tmpl.node);
  XNSIM_RETURN_IF_ERROR(CheckServedKind(tmpl, tree));
  // Decode object 0 now, so a bad template fails at load time, not mid-run.
  json first = tree;
  const std::string ns0 =
      step.namespace_count > 0 ? step.namespace_prefix + "0" : std::string("default");
  XNSIM_RETURN_IF_ERROR(Substitute(&first, "0", ns0, tmpl));
  StatusOr<AnyObject> decoded = DecodeManifestJson(first);
  if (!decoded.ok()) return tmpl.Error("object 0: " + decoded.status().message());
  step.template_ = std::make_shared<const json>(std::move(tree));
  out->step.body = std::move(step);
  return Status::Ok();
}

using StepParser = Status (*)(const Field&, const StepContext&, ParsedStep*);

StepParser ParserFor(std::string_view keyword) {
  if (keyword == "apply") return ParseApply;
  if (keyword == "delete") return ParseDelete;
  if (keyword == "wait") return ParseWait;
  if (keyword == "settle") return ParseSettle;
  if (keyword == "assert") return ParseAssertLike<AssertStep>;
  if (keyword == "assertAbsent" || keyword == "error") return ParseAssertLike<AssertAbsentStep>;
  if (keyword == "assertNever") return ParseAssertNever;
  if (keyword == "assertEvent") return ParseAssertEvent;
  if (keyword == "assertRejected") return ParseAssertRejected;
  if (keyword == "assertContent") return ParseAssertContent;
  if (keyword == "write") return ParseWrite;
  if (keyword == "restart") return ParseRestart;
  if (keyword == "setFeatureGates") return ParseSetFeatureGates;
  if (keyword == "fault") return ParseFault;
  if (keyword == "workload") return ParseWorkload;
  return nullptr;
}

Status ReadVariantNames(const Field& f, const StepContext& ctx, std::vector<std::string>* out) {
  XNSIM_SCN_ASSIGN_OR_RETURN(*out, ReadStringList(f));
  for (const std::string& name : *out) {
    if (ctx.variants.empty()) {
      return f.Error("names matrix variant " + Quote(name) + ", but the scenario has no matrix");
    }
    if (std::find(ctx.variants.begin(), ctx.variants.end(), name) == ctx.variants.end()) {
      std::vector<std::string_view> known(ctx.variants.begin(), ctx.variants.end());
      return f.Error("no matrix variant named " + Quote(name) +
                     " (the matrix defines: " + JoinNames(known) + ")");
    }
  }
  return Status::Ok();
}

StatusOr<ParsedStep> ParseStep(const Field& item, const StepContext& ctx) {
  std::vector<std::string_view> keys(std::begin(kStepKeywords), std::end(kStepKeywords));
  keys.push_back("only");
  keys.push_back("except");
  if (!item.present() || !item.node.IsMap()) {
    return item.Error("expected a step such as {apply: ...} or {assert: ...}, got " +
                      Describe(item.node));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(item, keys));
  ParsedStep parsed;
  const Field* body = nullptr;
  for (const auto& [key, value] : m.entries()) {
    if (key == "only" || key == "except") continue;
    if (body != nullptr) {
      return value.Error("one step per list item: found " + Quote(parsed.step.keyword) + " and " +
                         Quote(key) + " (start each step with its own \"-\")");
    }
    parsed.step.keyword = key;
    body = &value;
  }
  if (body == nullptr) {
    return item.Error("no step in this item (expected one of: " + JoinNames(kStepKeywords) + ")");
  }
  parsed.body = *body;
  parsed.step.where = SourceLocation{*item.file, item.line};
  if (m.Has("only")) XNSIM_RETURN_IF_ERROR(ReadVariantNames(m.Get("only"), ctx, &parsed.step.only));
  if (m.Has("except")) {
    if (m.Has("only")) return m.Get("except").Error("use only or except on a step, not both");
    XNSIM_RETURN_IF_ERROR(ReadVariantNames(m.Get("except"), ctx, &parsed.step.except));
  }
  XNSIM_RETURN_IF_ERROR(ParserFor(parsed.step.keyword)(*body, ctx, &parsed));
  return parsed;
}

// setFeatureGates for one variant: checked at its version, `all:` spelled out.
StatusOr<SetFeatureGatesStep> ResolveGates(const ParsedStep& parsed, KubeVersion version) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FeatureGateRequest request,
                             CheckGates(version, parsed.gates, parsed.body));
  SetFeatureGatesStep step;
  for (const auto& [gate_name, value] : request.all) {
    // A name that is no Gate but passed CheckGates is component-base's AllAlpha or
    // AllBeta, which every component takes.
    const std::optional<Gate> gate = ParseGate(gate_name);
    for (Component c : kAllComponents) {
      if (!gate || LookupGate(c, *gate, version)) {
        step.gates[std::string(ComponentName(c))][gate_name] = value;
      }
    }
  }
  // Per-component entries win over `all`, as in featureGates.
  for (const auto& [component, gates] : request.per_component) {
    for (const auto& [gate_name, value] : gates) step.gates[component][gate_name] = value;
  }
  return step;
}

StatusOr<FaultStep> ResolveFault(const ParsedStep& parsed, const ClusterSpec& cluster) {
  FaultStep step = std::get<FaultStep>(parsed.step.body);
  std::vector<std::string_view> names;
  for (const DriverSpec& d : cluster.drivers) names.push_back(d.name);
  if (step.fault.driver.empty()) {
    if (cluster.drivers.size() != 1) {
      return parsed.body.Error("name the driver (the cluster has " +
                               (names.empty() ? std::string("none") : JoinNames(names)) + ")");
    }
    step.fault.driver = cluster.drivers[0].name;
  } else if (std::find(names.begin(), names.end(), step.fault.driver) == names.end()) {
    return parsed.body.Error("no driver named " + Quote(step.fault.driver) +
                             " in the cluster (it has " +
                             (names.empty() ? std::string("none") : JoinNames(names)) + ")");
  }
  return step;
}

}  // namespace

StatusOr<std::vector<ParsedStep>> ParseSteps(const Field& steps, const StepContext& context) {
  if (!steps.present() || !steps.node.IsSequence()) {
    return steps.Error("expected a list of steps, got " + Describe(steps.node));
  }
  if (steps.node.size() == 0) return steps.Error("a scenario needs at least one step");
  std::vector<ParsedStep> out;
  for (size_t i = 0; i < steps.node.size(); ++i) {
    XNSIM_SCN_ASSIGN_OR_RETURN(ParsedStep step, ParseStep(steps.Item(i), context));
    out.push_back(std::move(step));
  }
  return out;
}

StatusOr<std::vector<Step>> StepsForVariant(const std::vector<ParsedStep>& steps,
                                            const std::string& variant,
                                            const ClusterSpec& cluster) {
  std::vector<Step> out;
  for (const ParsedStep& parsed : steps) {
    const Step& s = parsed.step;
    if (!s.only.empty() && std::find(s.only.begin(), s.only.end(), variant) == s.only.end())
      continue;
    if (std::find(s.except.begin(), s.except.end(), variant) != s.except.end()) continue;
    Step step = s;
    if (std::holds_alternative<SetFeatureGatesStep>(s.body)) {
      XNSIM_SCN_ASSIGN_OR_RETURN(step.body, ResolveGates(parsed, cluster.kubernetes_version));
    } else if (std::holds_alternative<FaultStep>(s.body)) {
      XNSIM_SCN_ASSIGN_OR_RETURN(step.body, ResolveFault(parsed, cluster));
    }
    out.push_back(std::move(step));
  }
  return out;
}

}  // namespace xnsim::scenario_loader
