#include "sim/core/coro.h"

namespace xnsim {

// The coroutine that stands for one spawned task in its scope: it awaits the task and,
// when the task is done, leaves the scope and frees its own frame.
struct TaskScope::Root {
  struct promise_type : Link {
    Root get_return_object() {
      return Root{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    // The task is done: leave the scope (unless the scope is being torn down).
    void return_void() noexcept {
      if (scope != nullptr) scope->Unlink(*this);
    }
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

TaskScope::Root TaskScope::Run(Task<void> task) { co_await std::move(task); }

void TaskScope::Unlink(Link& link) {
  (link.prev != nullptr ? link.prev->next : head_) = link.next;
  (link.next != nullptr ? link.next->prev : tail_) = link.prev;
  link.prev = link.next = nullptr;
  link.scope = nullptr;
  --running_;
}

void TaskScope::Spawn(Task<void> task) {
  Root root = Run(std::move(task));
  Link& link = root.handle.promise();
  link.scope = this;
  link.prev = tail_;
  (tail_ != nullptr ? tail_->next : head_) = &link;
  tail_ = &link;
  ++running_;
  root.handle.resume();
}

TaskScope::~TaskScope() {
  // Destroying a root destroys the task it awaits, and that task's awaited children.
  // Each root leaves the list before it is destroyed, so nothing it tears down can
  // reach a root already gone.
  while (head_ != nullptr) {
    auto& promise = static_cast<Root::promise_type&>(*head_);
    Unlink(promise);
    std::coroutine_handle<Root::promise_type>::from_promise(promise).destroy();
  }
}

}  // namespace xnsim
