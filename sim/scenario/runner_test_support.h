// Helpers shared by the scenario tests: running a scenario written inline and
// looking for a phrase in a message.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace xnsim {

// Every inline case starts with these three lines, so the first step line of a body
// is line 4 and failure messages can be checked by line number.
inline constexpr const char* kHeader = R"(apiVersion: xnsim.io/v1alpha1
kind: Scenario
metadata: {name: case-under-test}
)";

// Loads one scenario (kHeader + `body`) and runs it.
inline CaseResult RunCase(const std::string& body, uint64_t seed = 1,
                          std::ostream* trace = nullptr) {
  StatusOr<std::vector<Scenario>> loaded =
      LoadScenarioText(std::string(kHeader) + body, "case.yaml", ".");
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  if (!loaded.ok() || loaded->empty()) return {};
  RunOptions options;
  options.seed = seed;
  options.trace = trace;
  return RunScenario(loaded->front(), options);
}

inline bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace xnsim
