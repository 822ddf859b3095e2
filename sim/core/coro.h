// Coroutines in virtual time. A controller's reconcile is a Task that co_awaits API
// calls, CSI calls and Sleeps; each await suspends until the engine reaches the time
// the answer arrives, so the code reads like the real component's sequential Go.
//
//   Task<int> Child();                     // lazily started; runs when awaited
//   Task<void> Worker(Engine& e) { co_await Sleep(e, 5 * kSecond); int x = co_await Child(); }
//   Spawn(Worker(engine));                 // detached: runs now until its first suspension
//
// A Task is owned by whoever holds it; a spawned one frees itself when it finishes.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "sim/core/engine.h"

namespace xnsim {

template <class T>
class Task;

namespace coro_detail {

struct PromiseBase {
  std::coroutine_handle<> continuation;  // who awaits us; null when spawned
  bool detached = false;                 // spawned: the frame frees itself at the end
  // The awaiter is still inside Task::await_suspend, which started us: finishing now
  // just returns there, and it carries on without suspending. (Relying on symmetric
  // transfer instead would need guaranteed tail calls, which GCC does not make at -O0
  // or under ASan: a loop awaiting tasks that finish at once then overflows the stack.)
  bool started_inline = false;

  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      PromiseBase& p = h.promise();
      if (p.started_inline) return std::noop_coroutine();
      if (p.continuation) return p.continuation;
      if (p.detached) h.destroy();
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  // Simulation code reports failures as Status values; an exception escaping a
  // coroutine is a bug, and terminating keeps its stack visible.
  void unhandled_exception() noexcept { std::terminate(); }
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object();
  template <class U>
  void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
};

template <>
struct Promise<void> : PromiseBase {
  Task<void> get_return_object();
  void return_void() {}
};

}  // namespace coro_detail

template <class T = void>
class [[nodiscard]] Task {
 public:
  using promise_type = coro_detail::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  // Awaiting starts the task and resumes the awaiter when it returns. A task that
  // finishes without suspending lets the awaiter continue at once (no stack growth).
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept {
    promise_type& p = h_.promise();
    p.continuation = awaiter;
    p.started_inline = true;
    h_.resume();
    if (h_.done()) return false;
    p.started_inline = false;
    return true;
  }
  T await_resume() {
    if constexpr (!std::is_void_v<T>) return std::move(*h_.promise().value);
  }

  // Gives up ownership and starts the task; it frees itself when done.
  void Detach() && {
    Handle h = std::exchange(h_, {});
    h.promise().detached = true;
    h.resume();
  }

 private:
  Handle h_;
};

namespace coro_detail {
template <class T>
Task<T> Promise<T>::get_return_object() {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
}  // namespace coro_detail

// Starts a task now, detached: it runs until its first suspension and frees itself
// when it finishes.
inline void Spawn(Task<void> task) { std::move(task).Detach(); }

// Suspends the awaiting coroutine for `delay` of virtual time (a kWork event, so a
// scenario's settle waits for it). Destroying a suspended coroutine (TaskScope) cancels
// its wake-up, so the engine never resumes a freed frame.
class Sleep {
 public:
  Sleep(Engine& engine, SimDuration delay, EventClass cls = EventClass::kWork)
      : engine_(engine), delay_(delay), cls_(cls) {}
  Sleep(const Sleep&) = delete;
  Sleep& operator=(const Sleep&) = delete;
  ~Sleep() { engine_.Cancel(wake_); }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    wake_ = engine_.Schedule(delay_, [h] { h.resume(); }, cls_);
  }
  void await_resume() const noexcept {}

 private:
  Engine& engine_;
  SimDuration delay_;
  EventClass cls_;
  EventId wake_;
};

// Owns detached tasks so that they can be torn down: a component that restarts, or a
// cluster at the end of a case, destroys its scope, and every task still suspended in
// it is destroyed with its awaiters (which cancel their wake-ups). A task that finishes
// leaves the scope by itself.
class TaskScope {
 public:
  TaskScope() = default;
  TaskScope(const TaskScope&) = delete;
  TaskScope& operator=(const TaskScope&) = delete;
  ~TaskScope();

  // Starts `task` now; it runs until its first suspension.
  void Spawn(Task<void> task);
  size_t running() const { return running_; }

 private:
  struct Root;
  // A running root's place in its scope: the roots link themselves into a list, so a
  // spawn neither allocates a map node nor hashes an id (every reconcile is a spawn).
  struct Link {
    Link* prev = nullptr;
    Link* next = nullptr;
    TaskScope* scope = nullptr;  // null once the scope has let go of the root
  };
  static Root Run(Task<void> task);
  void Unlink(Link& link);

  Link* head_ = nullptr;  // oldest first
  Link* tail_ = nullptr;
  size_t running_ = 0;
};

}  // namespace xnsim
