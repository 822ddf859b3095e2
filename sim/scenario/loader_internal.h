// The loader's parts, shared by loader.cpp (the document, the matrix, the files),
// cluster_loader.cpp and step_loader.cpp. Private to sim/scenario.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/gates/gates.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_fields.h"

#define XNSIM_SCN_CONCAT_INNER(a, b) a##b
#define XNSIM_SCN_CONCAT(a, b) XNSIM_SCN_CONCAT_INNER(a, b)
// `lhs = value of expr`, or return its Status from the enclosing function.
#define XNSIM_SCN_ASSIGN_OR_RETURN(lhs, expr) \
  XNSIM_SCN_ASSIGN_OR_RETURN_IMPL(XNSIM_SCN_CONCAT(scn_statusor_, __LINE__), lhs, expr)
#define XNSIM_SCN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()

namespace xnsim::scenario_loader {

// Every xnsim document's apiVersion: scenarios, driver profiles, rule catalogues.
inline constexpr std::string_view kXnsimApiVersion = "xnsim.io/v1alpha1";

using scenario_yaml::Field;
using scenario_yaml::FieldMap;

// One `GATE: bool` entry of featureGates or setFeatureGates, with where it was written.
struct GateEntry {
  std::string component;  // "all" or a component name
  std::string gate;
  bool value = false;
  Field where;  // the gate's key
};

// Reads `{all: {GATE: bool}, COMPONENT: {GATE: bool}}`.
StatusOr<std::vector<GateEntry>> ReadGateEntries(const Field& field);

// Checks the entries as the components would at `version` (BuildClusterGates) and
// returns them as a request; a refusal is reported at the line of the gate at fault.
StatusOr<FeatureGateRequest> CheckGates(KubeVersion version, const std::vector<GateEntry>& entries,
                                        const Field& whole);

// A file's text, or an InputError naming the path.
StatusOr<std::string> ReadFile(const std::string& path);
// Every document of a YAML text, or the parser's complaint with the line.
StatusOr<std::vector<YAML::Node>> ParseYaml(std::string_view text, const std::string& file);

// That an xnsim document (Scenario, DriverProfile, RuleCatalog) says `kind` and xnsim's
// apiVersion; a wrong kind's message ends with `hint` when one is given.
Status CheckKindAndVersion(const Field& root, std::string_view kind, std::string_view hint = {});

// One entry of `cluster.drivers` over the default driver.
StatusOr<DriverSpec> DecodeDriver(const Field& f);
// `cluster:` (possibly merged from a matrix entry) over the defaults.
StatusOr<ClusterSpec> DecodeCluster(const Field& cluster);
// The driver a cluster gets when it lists none; also what each key of a listed
// driver defaults to (defaults.cpp).
DriverSpec DefaultDriver();
// A `{op, code, times|for|probability}` fault; `in_step` allows `driver` too.
StatusOr<FaultSpec> DecodeFault(const Field& field, bool in_step);

// A step as read, before a matrix variant picks it: what the variant still checks.
struct ParsedStep {
  Step step;
  std::vector<GateEntry> gates;  // setFeatureGates, checked against the variant's version
  Field body;                    // the step's value, for messages
};

struct StepContext {
  const std::string* file = nullptr;
  std::string base_dir;               // `file:` references resolve against it
  std::vector<std::string> variants;  // matrix entry names; empty without a matrix
};

StatusOr<std::vector<ParsedStep>> ParseSteps(const Field& steps, const StepContext& context);

// The steps of one variant ("" without a matrix): filtered by only/except, with
// setFeatureGates checked and `all:` spelled out per component, and a fault's driver
// resolved against the variant's cluster.
StatusOr<std::vector<Step>> StepsForVariant(const std::vector<ParsedStep>& steps,
                                            const std::string& variant, const ClusterSpec& cluster);

}  // namespace xnsim::scenario_loader
