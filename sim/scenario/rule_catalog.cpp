#include "sim/scenario/rule_catalog.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "sim/scenario/loader_internal.h"

namespace xnsim {

using scenario_loader::Field;
using scenario_loader::FieldMap;
using scenario_yaml::Describe;
using scenario_yaml::LineOf;
using scenario_yaml::Quote;
using scenario_yaml::ReadString;

namespace {

constexpr std::string_view kRuleCatalogKind = "RuleCatalog";
constexpr std::string_view kCatalogFileName = "rules.yaml";

StatusOr<std::string> RequireString(const FieldMap& m, std::string_view key) {
  XNSIM_SCN_ASSIGN_OR_RETURN(Field f, m.Require(key));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string value, ReadString(f));
  if (value.empty()) return f.Error("must not be empty");
  return value;
}

}  // namespace

StatusOr<std::vector<Rule>> LoadRuleCatalogFile(const std::string& path) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, scenario_loader::ReadFile(path));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<YAML::Node> docs, scenario_loader::ParseYaml(text, path));
  std::erase_if(docs, [](const YAML::Node& d) { return !d.IsDefined() || d.IsNull(); });
  if (docs.size() != 1) {
    return InputError(path + ": expected one RuleCatalog document, found " +
                      std::to_string(docs.size()));
  }
  const Field root{docs[0], "", LineOf(docs[0], 1), &path};
  if (!root.node.IsMap()) return root.Error("expected a RuleCatalog, got " + Describe(root.node));
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap m,
                             FieldMap::Open(root, {"apiVersion", "kind", "metadata", "rules"}));
  XNSIM_RETURN_IF_ERROR(scenario_loader::CheckKindAndVersion(root, kRuleCatalogKind));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field metadata, m.Require("metadata"));
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap meta, FieldMap::Open(metadata, {"name"}));
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string catalog, RequireString(meta, "name"));

  XNSIM_SCN_ASSIGN_OR_RETURN(Field rules, m.Require("rules"));
  if (!rules.node.IsSequence() || rules.node.size() == 0) {
    return rules.Error("expected a list of rules {id, title, semantics, source}, got " +
                       Describe(rules.node));
  }
  std::vector<Rule> out;
  for (size_t i = 0; i < rules.node.size(); ++i) {
    const Field item = rules.Item(i);
    XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap r,
                               FieldMap::Open(item, {"id", "title", "semantics", "source"}));
    Rule rule;
    rule.catalog = catalog;
    rule.where = SourceLocation{path, item.line};
    XNSIM_SCN_ASSIGN_OR_RETURN(rule.id, RequireString(r, "id"));
    XNSIM_SCN_ASSIGN_OR_RETURN(rule.title, RequireString(r, "title"));
    XNSIM_SCN_ASSIGN_OR_RETURN(rule.semantics, RequireString(r, "semantics"));
    XNSIM_SCN_ASSIGN_OR_RETURN(rule.source, RequireString(r, "source"));
    out.push_back(std::move(rule));
  }
  return out;
}

StatusOr<std::vector<Rule>> LoadRuleCatalogs(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return InputError(dir + ": no such directory");
  }
  std::vector<std::string> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().filename() == kCatalogFileName) {
      files.push_back(it->path().string());
    }
  }
  if (ec) return InputError(dir + ": cannot be read: " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<Rule> all;
  std::map<std::string, SourceLocation> defined;
  for (const std::string& file : files) {
    XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<Rule> rules, LoadRuleCatalogFile(file));
    for (Rule& r : rules) {
      auto [it, fresh] = defined.emplace(r.id, r.where);
      if (!fresh) {
        return InputError(r.where.ToString() + ": rule " + Quote(r.id) + " is already defined at " +
                          it->second.ToString());
      }
      all.push_back(std::move(r));
    }
  }
  return all;
}

}  // namespace xnsim
