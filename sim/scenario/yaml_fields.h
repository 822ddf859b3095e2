// Strict reading of a scenario's YAML: a Field is a value with the key path and line
// to blame, a FieldMap refuses keys the format does not know, and the Read* functions
// turn scalars into typed values or say "FILE:LINE: path: expected X, got Y".
// Private to the loader (it pulls in yaml-cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/quantity.h"
#include "sim/core/status.h"
#include "sim/core/time.h"

namespace xnsim::scenario_yaml {

// 1-based line of `node`, or `fallback` when the node has no position (it was built
// by a matrix merge, or it is an empty value).
int LineOf(const YAML::Node& node, int fallback);

// A value in a scenario file. `node` may be undefined (the key was left out) or null
// (`key:` with nothing after it); both read as absent.
struct Field {
  Field() = default;
  Field(YAML::Node n, std::string p, int l, const std::string* f)
      : node(std::move(n)), path(std::move(p)), line(l), file(f) {}
  Field(const Field&) = default;

  YAML::Node node;
  std::string path;  // "cluster.drivers[0].capacity"; "" for the document itself
  int line = 0;      // the key's line, which is where a reader looks
  const std::string* file = nullptr;

  // YAML::Node's own assignment writes through to the node it refers to (so that
  // `doc["a"] = x` edits a document); a Field only ever rebinds.
  Field& operator=(const Field& other) {
    if (this != &other) {
      node.reset(other.node);
      path = other.path;
      line = other.line;
      file = other.file;
    }
    return *this;
  }

  bool present() const { return node.IsDefined() && !node.IsNull(); }
  // "FILE:LINE: path: what" as an InputError.
  Status Error(std::string_view what) const;
  // The i-th item of a list field.
  Field Item(size_t i) const;
  // Where this field is, for messages: its path, or "the scenario" for the root.
  std::string Where() const;
};

// How a value reads in a message: "\"ten\"", "a map", "a list", "nothing".
std::string Describe(const YAML::Node& node);
// Text in double quotes, with JSON escapes, for messages.
std::string Quote(std::string_view text);
// "a, b, c".
std::string JoinNames(std::span<const std::string_view> names);

// The keys of a map field, checked against what the format allows there.
class FieldMap {
 public:
  // Fails unless `field` is a map whose keys are all in `allowed`, each once. An
  // absent field opens as an empty map.
  static StatusOr<FieldMap> Open(const Field& field, std::span<const std::string_view> allowed);
  static StatusOr<FieldMap> Open(const Field& field,
                                 std::initializer_list<std::string_view> allowed) {
    return Open(field, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  // Any keys at all (free-form maps such as labels), each once.
  static StatusOr<FieldMap> OpenAny(const Field& field);

  const Field& self() const { return self_; }
  bool Has(std::string_view key) const;  // present and not null
  // The value at `key`; absent (undefined node, the map's line) when left out.
  Field Get(std::string_view key) const;
  // The value at `key`, or "FILE:LINE: path: missing required key \"key\"".
  StatusOr<Field> Require(std::string_view key) const;
  // Every entry in file order: the key text and its value.
  const std::vector<std::pair<std::string, Field>>& entries() const { return entries_; }

 private:
  static StatusOr<FieldMap> OpenImpl(const Field& field,
                                     const std::span<const std::string_view>* allowed);

  Field self_;
  std::vector<std::pair<std::string, Field>> entries_;
};

// Typed scalars. Each refuses a map, a list or a value of the wrong form, naming the
// field; none accepts an absent field (check present() first for optional keys).
StatusOr<std::string> ReadString(const Field& f);
StatusOr<bool> ReadBool(const Field& f);
StatusOr<int64_t> ReadInt(const Field& f, int64_t min, int64_t max);
StatusOr<double> ReadNumber(const Field& f, double min);
StatusOr<SimDuration> ReadDuration(const Field& f);  // Go syntax, not negative
StatusOr<Quantity> ReadQuantity(const Field& f);
// One of `names`, or an error listing them.
StatusOr<std::string> ReadEnum(const Field& f, std::span<const std::string_view> names);
// A list of scalars; a single scalar reads as a list of one.
StatusOr<std::vector<std::string>> ReadStringList(const Field& f);

}  // namespace xnsim::scenario_yaml
