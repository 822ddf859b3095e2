// What running one scenario case produced: the outcome, the step that failed and why,
// and the figures reports print. Plain data, written by the runner, read by reports/.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace xnsim {

struct CapacityMetrics;  // sim/scenario/capacity_metrics.h

enum class Outcome { kPassed, kFailed, kSkipped, kError };
const char* OutcomeName(Outcome o);  // "passed", "failed", "skipped", "error"

struct StepResult {
  int index = 0;            // 0-based position in the scenario's steps
  std::string keyword;      // "apply", "assert", ...
  std::string location;     // "file:line"
  Outcome outcome = Outcome::kPassed;
  std::string message;      // why it failed, or what it did
  SimTime started = 0, finished = 0;  // virtual time
};

// Something notable a run went through that is not a failure: a race window the real
// components leave open (a grant deleted while CreateVolume ran on its allowance).
struct Finding {
  std::string kind;      // "grant-deleted-during-create-volume"
  std::string rule;      // the SEMANTICS.md rule it touches: "3.3 Grant lifetime semantics"
  std::string what;      // for people
  SimTime at = 0;        // virtual time it was seen
  SimDuration window = 0;  // how long the window was open
};

struct CaseResult {
  std::string name;         // "restore-prod-snapshot-into-dev[gates-on]"
  std::string file;
  std::string description;
  std::map<std::string, std::string> labels;
  Outcome outcome = Outcome::kPassed;
  // For a failure: the step, the expected fragment, the last object seen (YAML) and
  // the virtual time, already formatted for people.
  std::string failure;
  std::vector<StepResult> steps;
  uint64_t seed = 0;
  SimTime virtual_time = 0; // virtual time at the end of the run
  uint64_t events = 0;      // engine events run
  std::vector<Finding> findings;  // notable windows the run went through
  // Kubernetes Events still stored at the end by reason ("ProvisioningSucceeded": 1),
  // each counted as often as it was recorded (its count): what `xnsim diff` compares
  // between two runs. Events expire an hour after their last write (--event-ttl).
  std::map<std::string, int64_t> event_reasons;
  double wall_seconds = 0;  // filled by the CLI, which may read a clock; sim/ never does
  // What the case's workloads measured; null for a case without workload steps.
  std::shared_ptr<const CapacityMetrics> capacity;
};

}  // namespace xnsim
