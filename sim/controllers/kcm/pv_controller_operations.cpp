#include "sim/controllers/kcm/pv_controller_operations.h"

#include <algorithm>
#include <utility>

namespace xnsim::pv {

bool OperationMap::Run(const std::string& name, Task<Status> op) {
  auto it = ops_.find(name);
  if (it != ops_.end()) {
    const Entry& e = it->second;
    if (e.pending) return false;
    if (e.backoff > 0 && engine_.Now() <= e.last_error + e.backoff) return false;
  }
  ops_[name].pending = true;
  scope_.Spawn(Complete(this, name, std::move(op)));
  return true;
}

bool OperationMap::IsRunning(const std::string& name) const {
  auto it = ops_.find(name);
  return it != ops_.end() && it->second.pending;
}

Task<void> OperationMap::Complete(OperationMap* self, std::string name, Task<Status> op) {
  const Status result = co_await std::move(op);
  auto it = self->ops_.find(name);
  if (result.ok()) {
    self->ops_.erase(it);
    co_return;
  }
  Entry& e = it->second;
  e.pending = false;
  e.last_error = self->engine_.Now();
  e.backoff = e.backoff == 0 ? kInitialBackoff : std::min(e.backoff * 2, kMaxBackoff);
}

}  // namespace xnsim::pv
