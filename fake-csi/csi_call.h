// Awaiting a CSI call from a controller coroutine, with the sidecar's --timeout:
//
//   csi::Result<csi::Volume> r = co_await csi::Call<csi::Volume>(
//       engine, timeout, [&](csi::Callback<csi::Volume> done) {
//         driver.CreateVolume(req, std::move(done));
//       });
//
// starts the call when the Call is built (`start` gets the driver's callback) and
// resumes with the driver's reply, or with DEADLINE_EXCEEDED ("context deadline
// exceeded", as a gRPC client reports its context's expiry) when `timeout` passes
// first; the driver goes on with the operation and its late reply is dropped, as gRPC
// drops it. timeout <= 0 waits for the reply however long it takes.
//
// Cancel-safe: the driver's callback, the timeout event and the awaiter share one
// small state. Destroying the awaiting coroutine (a restart tearing down its TaskScope)
// destroys the awaiter, which detaches from that state and cancels the timeout, so a
// later reply finds nobody to resume and is a no-op.
#pragma once

#include <coroutine>
#include <memory>
#include <optional>
#include <utility>

#include "fake-csi/csi.h"
#include "sim/core/coro.h"
#include "sim/core/engine.h"

namespace xnsim::csi {

inline constexpr const char* kDeadlineExceededMessage = "context deadline exceeded";

template <class T>
class [[nodiscard]] Call {
 public:
  // Starts the call at once: `start` receives the Callback<T> that the driver invokes
  // later, from an engine event. The timeout counts from here.
  template <class Start>
  Call(Engine& engine, SimDuration timeout, Start&& start)
      : engine_(engine), state_(std::make_shared<State>()) {
    state_->engine = &engine;
    std::forward<Start>(start)(Callback<T>([s = state_](Result<T> r) { s->Settle(std::move(r)); }));
    if (!state_->settled && timeout > 0) {
      state_->timer = engine.Schedule(timeout, [s = state_] {
        s->timer = EventId{};
        s->Settle(Result<T>::Error(Code::kDeadlineExceeded, kDeadlineExceededMessage));
      });
    }
  }
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;
  ~Call() {
    // Whatever arrives later (reply or timeout) must not touch a freed frame.
    state_->waiter = nullptr;
    state_->settled = true;
    engine_.Cancel(state_->timer);
  }

  // Settled already only if a driver broke the contract and answered inside the call.
  bool await_ready() const noexcept { return state_->settled; }
  void await_suspend(std::coroutine_handle<> h) noexcept { state_->waiter = h; }

  Result<T> await_resume() {
    Result<T> r = std::move(*state_->result);
    state_->result.reset();
    return r;
  }

 private:
  struct State {
    Engine* engine = nullptr;
    std::coroutine_handle<> waiter;  // null until suspended, and once detached
    std::optional<Result<T>> result;
    EventId timer;
    bool settled = false;  // the first of reply and timeout wins; the other is dropped

    void Settle(Result<T> r) {
      if (settled) return;
      settled = true;
      engine->Cancel(timer);
      timer = EventId{};
      result.emplace(std::move(r));
      if (waiter) std::exchange(waiter, nullptr).resume();
    }
  };

  Engine& engine_;
  std::shared_ptr<State> state_;
};

}  // namespace xnsim::csi
