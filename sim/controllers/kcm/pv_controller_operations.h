// The PV controller's asynchronous operations (provisioning, deleting, recycling), as
// its goroutinemap with exponentialBackOffOnError runs them: one operation per name at
// a time, and after a failure that name is refused until a backoff has passed
// (500ms, doubling up to 2m2s; pkg/util/goroutinemap/exponentialbackoff).
#pragma once

#include <string>
#include <unordered_map>

#include "sim/core/coro.h"
#include "sim/core/status.h"

namespace xnsim::pv {

class OperationMap {
 public:
  static constexpr SimDuration kInitialBackoff = 500 * kMillisecond;
  static constexpr SimDuration kMaxBackoff = 2 * kMinute + 2 * kSecond;

  explicit OperationMap(Engine& engine) : engine_(engine) {}
  OperationMap(const OperationMap&) = delete;
  OperationMap& operator=(const OperationMap&) = delete;

  // Starts `op` now unless an operation of that name is running or backing off;
  // returns whether it started.
  bool Run(const std::string& name, Task<Status> op);
  bool IsRunning(const std::string& name) const;
  size_t running() const { return scope_.running(); }

 private:
  struct Entry {
    bool pending = false;
    SimTime last_error = 0;
    SimDuration backoff = 0;  // 0: no failure yet
  };
  static Task<void> Complete(OperationMap* self, std::string name, Task<Status> op);

  Engine& engine_;
  std::unordered_map<std::string, Entry> ops_;  // looked up only
  TaskScope scope_;  // declared last: running operations go first
};

}  // namespace xnsim::pv
