// A `workload` step running (scenario-format.md, Workloads): object i is created at its
// arrival time (fixed gaps of 1/rate, or exponential gaps drawn from the seeded stream
// "workload/<name>" when poisson), in namespace <prefix><i mod count> (created on
// demand) unless the template names metadata.namespace itself, with {{i}} and {{ns}}
// replaced in every string of the template; with deleteAfter, each object is deleted
// that long after it was created. Arrivals and deletions are work events, so `settle`
// waits for them.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/apiserver.h"
#include "sim/scenario/scenario.h"

namespace xnsim {

// A template compiled once: the string leaves that hold placeholders, split into
// literal pieces and placeholders, so that making object i does no regex work.
class WorkloadTemplate {
 public:
  explicit WorkloadTemplate(const nlohmann::json& tree);
  ~WorkloadTemplate();
  WorkloadTemplate(WorkloadTemplate&&) noexcept;

  // The manifest of object `i` in namespace `ns` ({{i}} and {{ns}} replaced).
  nlohmann::json Expand(int64_t i, std::string_view ns) const;
  // Whether the template itself names metadata.namespace.
  bool names_namespace() const { return names_namespace_; }
  // Whether its kind lives in a namespace (a Namespace template does not).
  bool namespaced() const { return namespaced_; }

  // Replaces {{i}} and {{ns}} (spaces inside the braces allowed) in one string.
  static std::string ExpandString(std::string_view text, std::string_view i, std::string_view ns);

 private:
  struct Leaf;
  std::unique_ptr<nlohmann::json> tree_;
  std::vector<Leaf> leaves_;
  bool names_namespace_ = false;
  bool namespaced_ = true;
};

// Arrival offsets from the workload's start: object i at i/rate (computed from i, so
// rounding never accumulates), or the running sum of exponential gaps of mean 1/rate.
class ArrivalClock {
 public:
  ArrivalClock(const WorkloadStep& step, const Engine& engine);
  SimDuration Next();  // offset of the next object from the start

 private:
  double rate_;
  bool poisson_;
  Random random_;
  int64_t index_ = 0;
  SimDuration poisson_offset_ = 0;
};

class WorkloadRun {
 public:
  struct Hooks {
    // After the API server stored object i (its stored form).
    std::function<void(int64_t i, const AnyPtr& stored)> created;
    // The API server refused object i (kubectl's message).
    std::function<void(int64_t i, const std::string& message)> rejected;
  };

  // `step` is the scenario's: it must outlive the run.
  WorkloadRun(Engine& engine, ApiServer& api, const WorkloadStep& step, Hooks hooks);
  WorkloadRun(const WorkloadRun&) = delete;
  WorkloadRun& operator=(const WorkloadRun&) = delete;

  // Schedules the first arrival now; the others follow one by one.
  void Start();

  const WorkloadStep& step() const { return step_; }
  int64_t created() const { return created_; }
  int64_t rejected() const { return rejected_; }
  int64_t deleted() const { return deleted_; }
  // The namespace object i goes to when the template does not name one.
  std::string NamespaceOf(int64_t i) const;

 private:
  void Arrive(int64_t i);
  void EnsureNamespace(int64_t i);
  void DeleteOldest();

  struct Doomed {
    const KindInfo* kind;
    std::string namespace_, name;
  };

  Engine& engine_;
  ApiServer& api_;
  const WorkloadStep& step_;
  Hooks hooks_;
  WorkloadTemplate template_;
  ArrivalClock clock_;
  SimTime start_ = 0;
  std::vector<bool> namespace_ready_;  // by i mod count
  std::deque<Doomed> doomed_;          // created objects awaiting deleteAfter, oldest first
  int64_t created_ = 0, rejected_ = 0, deleted_ = 0;
};

}  // namespace xnsim
