// The scenario document: apiVersion/kind, metadata, invariants, explore, and the
// matrix, whose entries are merged over `cluster` (maps recursively, lists and
// scalars replaced) before the cluster is decoded, one case per entry.
#include "sim/scenario/loader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "sim/scenario/loader_internal.h"
#include "sim/scenario/vocabulary.h"

namespace xnsim {

namespace scenario_loader {

StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return InputError(path + ": no such file or directory");
  if (!std::filesystem::is_regular_file(path, ec)) return InputError(path + ": not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every document of a YAML text, or the parser's complaint with the line.
StatusOr<std::vector<YAML::Node>> ParseYaml(std::string_view text, const std::string& file) {
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string where = file;
    if (e.mark.line >= 0) where += ":" + std::to_string(e.mark.line + 1);
    return InputError(where + ": invalid YAML: " + e.msg);
  }
}

Status CheckKindAndVersion(const Field& root, std::string_view kind, std::string_view hint) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap any, FieldMap::OpenAny(root));
  // kind first: a manifest handed to xnsim is the likeliest mistake.
  XNSIM_SCN_ASSIGN_OR_RETURN(Field kind_field, any.Require("kind"));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string written, scenario_yaml::ReadString(kind_field));
  if (written != kind) {
    std::string what = "expected " + std::string(kind) + ", got " + scenario_yaml::Quote(written);
    if (!hint.empty()) what += " (" + std::string(hint) + ")";
    return kind_field.Error(what);
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(Field version_field, any.Require("apiVersion"));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string version, scenario_yaml::ReadString(version_field));
  if (version != kXnsimApiVersion) {
    return version_field.Error("expected " + std::string(kXnsimApiVersion) + ", got " +
                               scenario_yaml::Quote(version));
  }
  return Status::Ok();
}

}  // namespace scenario_loader

using scenario_loader::Field;
using scenario_loader::ParseYaml;
using scenario_loader::ReadFile;
using scenario_loader::FieldMap;
using scenario_yaml::Describe;
using scenario_yaml::LineOf;
using scenario_yaml::Quote;
using scenario_yaml::ReadEnum;
using scenario_yaml::ReadInt;
using scenario_yaml::ReadString;

namespace {

constexpr std::string_view kScenarioKind = "Scenario";

// ---- matrix ------------------------------------------------------------------------

// `overlay` over `base`: maps merge key by key, anything else is replaced. Nodes are
// shared, not copied, so every value keeps the line it was written on.
YAML::Node MergeNodes(const YAML::Node& base, const YAML::Node& overlay) {
  if (!base.IsDefined() || !base.IsMap() || !overlay.IsMap()) return overlay;
  // The value in `map` at the scalar key `key`, or an undefined node. Never assign one
  // YAML::Node to another here: that writes through to the node it refers to.
  auto find = [](const YAML::Node& map,
                 const YAML::Node& key) -> std::optional<std::pair<YAML::Node, YAML::Node>> {
    if (!key.IsScalar()) return std::nullopt;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key.Scalar()) {
        return std::make_pair(YAML::Node(it->first), YAML::Node(it->second));
      }
    }
    return std::nullopt;
  };
  YAML::Node merged(YAML::NodeType::Map);
  for (auto b = base.begin(); b != base.end(); ++b) {
    if (auto o = find(overlay, b->first)) {
      merged.force_insert(o->first, MergeNodes(b->second, o->second));
    } else {
      merged.force_insert(b->first, b->second);
    }
  }
  for (auto o = overlay.begin(); o != overlay.end(); ++o) {
    if (!find(base, o->first)) merged.force_insert(o->first, o->second);
  }
  return merged;
}

// `requires: {capabilities: [...]}`: what the driver under test must report for the
// case to run at all.
StatusOr<std::vector<std::string>> ReadRequires(const Field& f) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(f, {"capabilities"}));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field caps, m.Require("capabilities"));
  if (!caps.node.IsSequence() || caps.node.size() == 0) {
    return caps.Error("expected a list of CSI controller capabilities, got " +
                      Describe(caps.node));
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < caps.node.size(); ++i) {
    Field item = caps.Item(i);
    XNSIM_SCN_ASSIGN_OR_RETURN(std::string cap, ReadEnum(item, kCsiControllerCapabilities));
    if (std::find(names.begin(), names.end(), cap) != names.end()) {
      return item.Error(Quote(cap) + " is listed twice");
    }
    names.push_back(std::move(cap));
  }
  return names;
}

struct MatrixEntry {
  std::string name;
  Field cluster;                      // may be absent
  std::vector<std::string> required;  // added to the scenario's own
};

StatusOr<std::vector<MatrixEntry>> ReadMatrix(const Field& f) {
  if (!f.node.IsSequence()) {
    return f.Error("expected a list of {name, cluster} entries, got " + Describe(f.node));
  }
  if (f.node.size() == 0) {
    return f.Error(
        "an empty matrix runs nothing: list {name, cluster} entries, or leave the key out");
  }
  std::vector<MatrixEntry> entries;
  for (size_t i = 0; i < f.node.size(); ++i) {
    Field item = f.Item(i);
    if (!item.present()) return item.Error("expected {name, cluster}, got nothing");
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(item, {"name", "cluster", "requires"}));
    XNSIM_SCN_ASSIGN_OR_RETURN(Field name_field, m.Require("name"));
    MatrixEntry entry;
    XNSIM_SCN_ASSIGN_OR_RETURN(entry.name, ReadString(name_field));
    if (entry.name.empty()) return name_field.Error("a matrix entry needs a name");
    for (const MatrixEntry& other : entries) {
      if (other.name == entry.name) {
        return name_field.Error("matrix entry " + Quote(entry.name) + " is defined twice");
      }
    }
    entry.cluster = m.Get("cluster");
    if (m.Has("requires")) {
      XNSIM_SCN_ASSIGN_OR_RETURN(entry.required, ReadRequires(m.Get("requires")));
    }
    if (entry.cluster.present() && !entry.cluster.node.IsMap()) {
      return entry.cluster.Error("expected a map, got " + Describe(entry.cluster.node));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// ---- the rest of the document ------------------------------------------------------

// "0-200ms", "200ms", "0-50%", "50%".
Status CheckJitter(const Field& f, const std::string& text) {
  const Status bad = f.Error("expected a range like 0-200ms or 0-50%, got " + Quote(text));
  const bool percent = !text.empty() && text.back() == '%';
  const size_t dash = text.find('-');
  std::string lo = dash == std::string::npos || dash == 0 ? "0" : text.substr(0, dash);
  std::string hi = dash == std::string::npos ? text : text.substr(dash + 1);
  if (dash == 0) return bad;
  if (percent) {
    auto number = [](std::string s, double* out) {
      if (!s.empty() && s.back() == '%') s.pop_back();
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
      return !s.empty() && ec == std::errc() && end == s.data() + s.size() && *out >= 0;
    };
    double l = 0, h = 0;
    if (!number(lo, &l) || !number(hi, &h) || l > h) return bad;
    return Status::Ok();
  }
  StatusOr<SimDuration> l = ParseDuration(lo);
  StatusOr<SimDuration> h = ParseDuration(hi);
  if (!l.ok() || !h.ok() || *l < 0 || *l > *h) return bad;
  return Status::Ok();
}

StatusOr<ExploreSpec> ReadExplore(const Field& f) {
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(f, {"runs", "strategy", "jitter"}));
  ExploreSpec spec;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field runs, m.Require("runs"));
  XNSIM_SCN_ASSIGN_OR_RETURN(int64_t n, ReadInt(runs, 1, 1'000'000'000));
  spec.runs = static_cast<int>(n);
  if (m.Has("strategy")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(spec.strategy, ReadEnum(m.Get("strategy"), kExploreStrategies));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap jitter, FieldMap::Open(m.Get("jitter"), kJitterKinds));
  for (const auto& [kind, value] : jitter.entries()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, ReadString(value));
    XNSIM_RETURN_IF_ERROR(CheckJitter(value, text));
    spec.jitter[kind] = text;
  }
  return spec;
}

StatusOr<std::vector<std::string>> ReadInvariants(const Field& f) {
  if (!f.node.IsSequence()) {
    return f.Error("expected a list of invariants, got " + Describe(f.node));
  }
  if (f.node.size() == 0) {
    return f.Error("an empty list checks nothing: list one or more of " +
                   scenario_yaml::JoinNames(kInvariantNames) +
                   ", or leave the key out to check them all");
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < f.node.size(); ++i) {
    Field item = f.Item(i);
    XNSIM_SCN_ASSIGN_OR_RETURN(std::string name, ReadEnum(item, kInvariantNames));
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return item.Error(Quote(name) + " is listed twice");
    }
    names.push_back(name);
  }
  return names;
}

// `maxExposure: [{source: {kind, namespace, name}, namespaces: [...]}]`.
constexpr std::string_view kExposureSourceKinds[] = {"PersistentVolumeClaim", "VolumeSnapshot"};

StatusOr<std::vector<ExposureBound>> ReadMaxExposure(const Field& f) {
  if (!f.node.IsSequence()) {
    return f.Error("expected a list of {source, namespaces} entries, got " + Describe(f.node));
  }
  std::vector<ExposureBound> bounds;
  for (size_t i = 0; i < f.node.size(); ++i) {
    Field item = f.Item(i);
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m, FieldMap::Open(item, {"source", "namespaces"}));
    XNSIM_SCN_ASSIGN_OR_RETURN(Field source_field, m.Require("source"));
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap source,
                               FieldMap::Open(source_field, {"kind", "namespace", "name"}));
    ExposureBound b;
    b.where = SourceLocation{*item.file, item.line};
    XNSIM_SCN_ASSIGN_OR_RETURN(Field kind, source.Require("kind"));
    XNSIM_SCN_ASSIGN_OR_RETURN(b.kind, ReadEnum(kind, kExposureSourceKinds));
    for (auto [key, out] : {std::pair<const char*, std::string*>{"namespace", &b.namespace_},
                            {"name", &b.name}}) {
      XNSIM_SCN_ASSIGN_OR_RETURN(Field value, source.Require(key));
      XNSIM_SCN_ASSIGN_OR_RETURN(*out, ReadString(value));
      if (out->empty()) return value.Error(std::string("expected a non-empty ") + key);
    }
    // An empty list (or none) says the data must stay in its own namespace.
    if (m.Has("namespaces")) {
      Field namespaces = m.Get("namespaces");
      if (!namespaces.node.IsSequence()) {
        return namespaces.Error("expected a list of namespaces, got " + Describe(namespaces.node));
      }
      XNSIM_SCN_ASSIGN_OR_RETURN(b.namespaces, ReadStringList(namespaces));
    }
    for (const ExposureBound& other : bounds) {
      if (other.kind == b.kind && other.namespace_ == b.namespace_ && other.name == b.name) {
        return source_field.Error(b.kind + " " + b.namespace_ + "/" + b.name +
                                  " is bounded twice");
      }
    }
    bounds.push_back(std::move(b));
  }
  return bounds;
}

// What every case of the document shares.
struct Header {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string description;
  std::vector<std::string> invariants;
  std::vector<std::string> required_capabilities;
  std::optional<ExploreSpec> explore;
  std::vector<ExposureBound> max_exposure;
};

StatusOr<Header> ReadHeader(const FieldMap& root) {
  Header h;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field metadata, root.Require("metadata"));
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap meta, FieldMap::Open(metadata, {"name", "labels"}));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field name, meta.Require("name"));
  XNSIM_SCN_ASSIGN_OR_RETURN(h.name, ReadString(name));
  if (h.name.empty()) return name.Error("a scenario needs a name");
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap labels, FieldMap::OpenAny(meta.Get("labels")));
  for (const auto& [key, value] : labels.entries()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(h.labels[key], ReadString(value));
  }
  if (root.Has("description")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(h.description, ReadString(root.Get("description")));
  }
  if (root.Has("invariants")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(h.invariants, ReadInvariants(root.Get("invariants")));
  }
  if (root.Has("explore")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(h.explore, ReadExplore(root.Get("explore")));
  }
  if (root.Has("requires")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(h.required_capabilities, ReadRequires(root.Get("requires")));
  }
  if (root.Has("maxExposure")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(h.max_exposure, ReadMaxExposure(root.Get("maxExposure")));
  }
  return h;
}

StatusOr<Scenario> BuildCase(const Header& h, const std::string& variant,
                             const std::vector<std::string>& variant_requires, const Field& cluster,
                             const std::vector<scenario_loader::ParsedStep>& steps,
                             const SourceLocation& where) {
  Scenario s;
  s.base_name = h.name;
  s.variant = variant;
  s.name = variant.empty() ? h.name : h.name + "[" + variant + "]";
  s.labels = h.labels;
  s.description = h.description;
  s.invariants = h.invariants;
  s.required_capabilities = h.required_capabilities;
  for (const std::string& cap : variant_requires) {
    if (std::find(s.required_capabilities.begin(), s.required_capabilities.end(), cap) ==
        s.required_capabilities.end()) {
      s.required_capabilities.push_back(cap);
    }
  }
  s.explore = h.explore;
  s.max_exposure = h.max_exposure;
  s.where = where;
  StatusOr<ClusterSpec> decoded = scenario_loader::DecodeCluster(cluster);
  StatusOr<std::vector<Step>> variant_steps =
      decoded.ok() ? scenario_loader::StepsForVariant(steps, variant, *decoded)
                   : StatusOr<std::vector<Step>>(decoded.status());
  if (!variant_steps.ok()) {
    std::string message = variant_steps.status().message();
    if (!variant.empty()) message += " (in matrix variant " + Quote(variant) + ")";
    return InputError(std::move(message));
  }
  s.cluster = std::move(*decoded);
  s.steps = std::move(*variant_steps);
  return s;
}

}  // namespace

StatusOr<std::vector<Scenario>> LoadScenarioText(std::string_view text,
                                                 const std::string& file_name,
                                                 const std::string& base_dir) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<YAML::Node> docs, ParseYaml(text, file_name));
  std::vector<YAML::Node> documents;
  for (const YAML::Node& d : docs) {
    if (d.IsDefined() && !d.IsNull()) documents.push_back(d);
  }
  if (documents.empty()) return InputError(file_name + ": no scenario in this file");
  if (documents.size() > 1) {
    return InputError(file_name + ":" + std::to_string(LineOf(documents[1], 1)) +
                      ": a scenario file holds one YAML document; found another here");
  }
  const Field root{documents[0], "", LineOf(documents[0], 1), &file_name};
  if (!root.node.IsMap())
    return root.Error("expected a Scenario document, got " + Describe(root.node));
  XNSIM_RETURN_IF_ERROR(scenario_loader::CheckKindAndVersion(
      root, kScenarioKind, "a scenario applies manifests with apply: {file: ...}"));
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap m, FieldMap::Open(root, {"apiVersion", "kind", "metadata", "description", "cluster",
                                        "matrix", "steps", "invariants", "explore",
                                        "requires", "maxExposure"}));
  XNSIM_SCN_ASSIGN_OR_RETURN(Header header, ReadHeader(m));

  std::vector<MatrixEntry> matrix;
  if (m.Get("matrix").node.IsDefined()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(matrix, ReadMatrix(m.Get("matrix")));
  }
  scenario_loader::StepContext context;
  context.file = &file_name;
  context.base_dir = base_dir;
  for (const MatrixEntry& e : matrix) context.variants.push_back(e.name);
  XNSIM_SCN_ASSIGN_OR_RETURN(Field steps_field, m.Require("steps"));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<scenario_loader::ParsedStep> steps,
                             scenario_loader::ParseSteps(steps_field, context));

  const SourceLocation where{file_name, root.line};
  const Field cluster = m.Get("cluster");
  std::vector<Scenario> cases;
  if (matrix.empty()) {
    XNSIM_SCN_ASSIGN_OR_RETURN(Scenario s, BuildCase(header, "", {}, cluster, steps, where));
    cases.push_back(std::move(s));
    return cases;
  }
  for (const MatrixEntry& e : matrix) {
    const Field merged =
        !e.cluster.present()
            ? cluster
            : Field{cluster.present() ? MergeNodes(cluster.node, e.cluster.node) : e.cluster.node,
                    cluster.path, e.cluster.line, cluster.file};
    XNSIM_SCN_ASSIGN_OR_RETURN(Scenario s, BuildCase(header, e.name, e.required, merged, steps, where));
    cases.push_back(std::move(s));
  }
  return cases;
}

StatusOr<std::vector<Scenario>> LoadScenarioFile(const std::string& path) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  return LoadScenarioText(text, path, base_dir);
}

namespace {

bool IsYamlName(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// Whether a YAML file under a searched directory is a scenario: its first document
// says `kind: Scenario`. A file that is not YAML at all is an error, not a skip.
// Whether a line of `text` is a top-level `kind: Scenario` key, as every block-style
// scenario has.
bool SaysKindScenario(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (line == "kind: Scenario") return true;
    at = end + 1;
  }
  return false;
}

StatusOr<bool> IsScenarioFile(const std::string& path) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  // The loader parses a scenario anyway (and reports its YAML errors); parsing it here
  // too doubled the time to load a suite.
  if (SaysKindScenario(text)) return true;
  XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<YAML::Node> docs, ParseYaml(text, path));
  for (const YAML::Node& d : docs) {
    if (!d.IsDefined() || d.IsNull()) continue;
    if (!d.IsMap()) return false;
    const YAML::Node kind = d["kind"];
    return kind.IsDefined() && kind.IsScalar() && kind.Scalar() == kScenarioKind;
  }
  return false;
}

}  // namespace

StatusOr<std::vector<std::string>> FindScenarioFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> found;
  for (const std::string& given : paths) {
    std::error_code ec;
    const std::filesystem::file_status st = std::filesystem::status(given, ec);
    if (ec || !std::filesystem::exists(st))
      return InputError(given + ": no such file or directory");
    if (!std::filesystem::is_directory(st)) {
      found.push_back(given);
      continue;
    }
    std::vector<std::string> candidates;
    auto it = std::filesystem::recursive_directory_iterator(given, ec);
    if (ec) return InputError(given + ": cannot be listed: " + ec.message());
    for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) return InputError(given + ": cannot be listed: " + ec.message());
      const std::filesystem::path& p = it->path();
      if (p.filename().string().starts_with(".")) {
        // Hidden files and directories (.git, editor droppings) are not suites.
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && IsYamlName(p)) candidates.push_back(p.string());
    }
    for (const std::string& c : candidates) {
      XNSIM_SCN_ASSIGN_OR_RETURN(bool is_scenario, IsScenarioFile(c));
      if (is_scenario) found.push_back(c);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace xnsim
