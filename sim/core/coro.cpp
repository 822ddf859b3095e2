#include "sim/core/coro.h"

namespace xnsim {

// The coroutine that stands for one spawned task in its scope: it awaits the task and,
// when the task is done, leaves the scope and frees its own frame.
struct TaskScope::Root {
  struct promise_type {
    Root get_return_object() {
      return Root{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

TaskScope::Root TaskScope::Run(TaskScope* scope, uint64_t id, Task<void> task) {
  co_await std::move(task);
  scope->running_.erase(id);
}

void TaskScope::Spawn(Task<void> task) {
  const uint64_t id = next_id_++;
  Root root = Run(this, id, std::move(task));
  running_.emplace(id, root.handle);
  root.handle.resume();
}

TaskScope::~TaskScope() {
  // Destroying a root destroys the task it awaits, and that task's awaited children.
  auto running = std::move(running_);
  running_.clear();
  for (auto& [id, handle] : running) handle.destroy();
}

}  // namespace xnsim
