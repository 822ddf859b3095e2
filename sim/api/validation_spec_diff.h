// The diff the API server appends to "spec is immutable after creation ..." errors.
// kube-apiserver diffs its internal Go structs: up to 1.33 with go-cmp's report
// (`core.PersistentVolumeClaimSpec{ ... - StorageClassName: &"a", + ... }`), from 1.34
// with apimachinery's diff.Diff, a unified diff (context 3, no file header) of the
// structs as indented JSON with Go field names. GoValue is a small model of those Go
// values so that both renderings come from one description of the spec.
//
// go-cmp deliberately randomises its whitespace, so no real server prints a byte-stable
// report; xnsim prints the plain-space form.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/api/objects.h"
#include "sim/gates/gates.h"

namespace xnsim {

struct GoValue {
  enum class Kind : uint8_t { kNil, kString, kBool, kInt, kQuantity, kStruct, kSlice, kMap };
  Kind kind = Kind::kNil;
  bool pointer = false;  // a *T: go-cmp prints &"x" and &T{...}
  std::string type;      // "core.TypedObjectReference", "[]core.PersistentVolumeAccessMode"
  std::string scalar;    // string, bool, int text, or a quantity's canonical form
  bool stringer_keys = false;                          // map keys print as s"storage"
  std::vector<std::pair<std::string, GoValue>> fields;  // struct fields or map entries
  std::vector<GoValue> items;                           // slice items

  static GoValue Nil() { return {}; }
  static GoValue String(std::string s, bool pointer = false);
  static GoValue OptString(const std::optional<std::string>& s);  // *string
  static GoValue Quantity(const xnsim::Quantity& q);
  static GoValue StringSlice(std::string type, const std::vector<std::string>& v);
  bool operator==(const GoValue&) const = default;
};

// The internal core.PersistentVolumeClaimSpec as the given release defines it.
GoValue PvcSpecValue(const PersistentVolumeClaim::Spec& spec, KubeVersion version);
// The internal core.PersistentVolumeSource (the PV's volume source fields).
GoValue PvSourceValue(const PersistentVolume::Spec& spec);
// Whether PvSourceValue(a) == PvSourceValue(b), without building either: every PV
// update checks it, and the values (and their diff) are needed only when it fails.
bool SamePvSource(const PersistentVolume::Spec& a, const PersistentVolume::Spec& b);

// The diff from `old` to `now` as the release prints it (ends with a newline).
std::string SpecDiff(const GoValue& old, const GoValue& now, KubeVersion version);

// The pieces, exposed for tests.
std::string GoJsonIndent(const GoValue& v);  // json.MarshalIndent(v, "", " ")
std::string UnifiedDiff(const std::string& a, const std::string& b, int context);
std::string GoCmpDiff(const GoValue& old, const GoValue& now);

}  // namespace xnsim
