// Conversions between typed objects and trees, for the few places that need a tree:
// the scenario loader (inline manifests, with line numbers), the partial-object
// matcher and apply's merge. Include only from .cpp files: it pulls in yaml-cpp and
// nlohmann/json.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <yaml-cpp/yaml.h>

#include "sim/api/objects.h"
#include "sim/core/status.h"

namespace xnsim {

// Decodes one manifest given as a YAML node (its Mark() gives the lines), strictly.
StatusOr<AnyObject> DecodeManifestNode(const YAML::Node& node, std::string_view file_name);

// Decodes one manifest from a JSON tree (no line numbers; used after a merge).
StatusOr<AnyObject> DecodeManifestJson(const nlohmann::json& tree);

// The object as the API would return it (apiVersion and kind set).
nlohmann::json ToJson(const AnyObject& obj);
// ToJson's tree with only the keys `wanted` names, at every depth where it gives a
// map (a partial object, as assertions write them); what it names is encoded whole.
// MatchesFragment(wanted, ...) gives the same verdict on it as on the whole tree.
nlohmann::json ToJsonFields(const AnyObject& obj, const nlohmann::json& wanted);
// The same for an object of one kind (any kind XNSIM_KINDS lists), so that a stored
// object need not be copied into an AnyObject first.
template <class T>
nlohmann::json ToJsonFields(const T& obj, const nlohmann::json& wanted);

// A YAML node as a JSON tree with YAML 1.2 core-schema scalars (true, 3, null, "3").
nlohmann::json YamlToJson(const YAML::Node& node);

// A JSON tree printed as block YAML, for messages and `-o yaml`.
std::string JsonToYaml(const nlohmann::json& tree);

}  // namespace xnsim
