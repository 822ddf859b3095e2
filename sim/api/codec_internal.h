// What codec.cpp (typed objects <-> JSON trees, kubectl's messages) and codec_tree.cpp
// (YAML <-> JSON trees) share: a YAML document turned into a JSON tree that still knows
// each node's line and the duplicate keys a JSON tree cannot hold. Private to the codec.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "sim/api/objects.h"
#include "sim/core/status.h"

namespace xnsim::codec {

// 1-based line of each node of a converted tree (for a mapping value, the line of its
// key), keyed by the node's address. Only looked up, never iterated.
using LineMap = std::unordered_map<const nlohmann::json*, int>;

struct DuplicateKey {
  int line = 0;      // line of the later occurrence
  std::string path;  // "metadata.name", "spec.from[0].kind"
};

// A YAML document as a JSON tree (YAML 1.2 core schema scalars). Of duplicate keys the
// first stays in the tree and `duplicates` remembers the later ones. LineMap keys are
// node addresses, so a YamlTree is filled in place and never copied or moved.
struct YamlTree {
  nlohmann::json root;
  LineMap lines;
  std::vector<DuplicateKey> duplicates;
  bool too_deep = false;  // nesting (or an alias cycle) past what the codec follows

  YamlTree() = default;
  YamlTree(const YamlTree&) = delete;
  YamlTree& operator=(const YamlTree&) = delete;
};

void ConvertYaml(const YAML::Node& node, YamlTree& out);

// Where a tree came from, for messages.
struct TreeSource {
  std::string_view file;                 // "" for a tree with no file (no "FILE:LINE: ")
  const LineMap* lines = nullptr;        // null for JSON input
  std::vector<DuplicateKey> duplicates;  // paths relative to the tree being decoded
};

// Decodes one manifest (apiVersion, kind, strict fields) into its typed object.
StatusOr<AnyObject> DecodeObject(const nlohmann::json& tree, const TreeSource& source);

// The object as the API returns it: apiVersion (the storage version) and kind set.
nlohmann::json EncodeObject(const AnyObject& obj);

// Compact JSON text; invalid UTF-8 is replaced rather than thrown about.
std::string DumpJson(const nlohmann::json& tree);

}  // namespace xnsim::codec
