#include "sim/scenario/driver_profile.h"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "sim/scenario/loader_internal.h"

namespace xnsim {

using scenario_loader::Field;
using scenario_loader::FieldMap;
using scenario_yaml::Describe;
using scenario_yaml::LineOf;
using scenario_yaml::ReadString;

namespace {

constexpr std::string_view kDriverProfileKind = "DriverProfile";

}  // namespace

StatusOr<DriverProfile> LoadDriverProfileText(std::string_view text,
                                              const std::string& file_name) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::vector<YAML::Node> docs,
                             scenario_loader::ParseYaml(text, file_name));
  std::vector<YAML::Node> documents;
  for (const YAML::Node& d : docs) {
    if (d.IsDefined() && !d.IsNull()) documents.push_back(d);
  }
  if (documents.size() != 1) {
    return InputError(file_name + ": expected one DriverProfile document, found " +
                      std::to_string(documents.size()));
  }
  const Field root{documents[0], "", LineOf(documents[0], 1), &file_name};
  if (!root.node.IsMap()) {
    return root.Error("expected a DriverProfile document, got " + Describe(root.node));
  }
  XNSIM_SCN_ASSIGN_OR_RETURN(
      FieldMap m, FieldMap::Open(root, {"apiVersion", "kind", "metadata", "description", "driver"}));
  XNSIM_RETURN_IF_ERROR(scenario_loader::CheckKindAndVersion(root, kDriverProfileKind));

  DriverProfile profile;
  profile.file = file_name;
  XNSIM_SCN_ASSIGN_OR_RETURN(Field metadata, m.Require("metadata"));
  XNSIM_SCN_ASSIGN_OR_RETURN(FieldMap meta, FieldMap::Open(metadata, {"name"}));
  XNSIM_SCN_ASSIGN_OR_RETURN(Field name, meta.Require("name"));
  XNSIM_SCN_ASSIGN_OR_RETURN(profile.name, ReadString(name));
  if (profile.name.empty()) return name.Error("a driver profile needs the driver's name");
  if (m.Has("description")) {
    XNSIM_SCN_ASSIGN_OR_RETURN(profile.description, ReadString(m.Get("description")));
  }

  XNSIM_SCN_ASSIGN_OR_RETURN(Field driver, m.Require("driver"));
  if (!driver.node.IsMap()) {
    return driver.Error("expected the driver's settings (capabilities, capacity, maxInflight, "
                        "costs, copyMode, pricePerGiBMonth), got " + Describe(driver.node));
  }
  for (const char* key : {"name", "faults"}) {
    if (driver.node[key].IsDefined()) {
      const Field f{driver.node[key], driver.path + "." + key, LineOf(driver.node[key], driver.line),
                    driver.file};
      return f.Error(std::string(key) == "name"
                         ? "the driver's name goes in metadata.name"
                         : "faults belong to a scenario, not to a driver profile");
    }
  }
  // Decoded as a cluster.drivers entry, so both read every key the same way.
  YAML::Node named = YAML::Clone(driver.node);
  named["name"] = profile.name;
  XNSIM_SCN_ASSIGN_OR_RETURN(profile.driver,
                             scenario_loader::DecodeDriver(Field{named, driver.path, driver.line,
                                                                 driver.file}));
  profile.driver.given.erase("name");
  return profile;
}

StatusOr<DriverProfile> LoadDriverProfile(const std::string& path) {
  XNSIM_SCN_ASSIGN_OR_RETURN(std::string text, scenario_loader::ReadFile(path));
  return LoadDriverProfileText(text, path);
}

void ApplyDriverProfile(const DriverProfile& profile, Scenario* scenario) {
  if (scenario->cluster.drivers.empty()) return;
  DriverSpec& d = scenario->cluster.drivers.front();
  const DriverSpec& p = profile.driver;
  d.profile = profile.name;
  auto profile_sets = [&](const char* key) { return p.given.count(key) > 0; };
  auto case_pins = [&](const char* key) { return d.given.count(key) > 0; };

  if (profile_sets("capabilities")) {
    if (case_pins("capabilities")) {
      std::erase_if(d.capabilities, [&](const std::string& cap) {
        return std::find(p.capabilities.begin(), p.capabilities.end(), cap) == p.capabilities.end();
      });
    } else {
      d.capabilities = p.capabilities;
    }
  }
  if (profile_sets("capacity") && !case_pins("capacity")) d.capacity = p.capacity;
  if (profile_sets("maxInflight") && !case_pins("maxInflight")) d.max_inflight = p.max_inflight;
  if (profile_sets("costs") && !case_pins("costs")) d.costs = p.costs;
  if (profile_sets("copyMode") && !case_pins("copyMode")) d.copy_mode = p.copy_mode;
  if (profile_sets("pricePerGiBMonth") && !case_pins("pricePerGiBMonth")) {
    d.price_per_gib_month = p.price_per_gib_month;
  }
}

}  // namespace xnsim
