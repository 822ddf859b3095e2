// InlineTask: a move-only callable stored in place, without a heap allocation, so the
// event queue can hold millions of pending callbacks without malloc on the hot path.
// A callable larger than the buffer is a compile error: capture a pointer instead.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace xnsim {

class InlineTask {
 public:
  static constexpr size_t kCapacity = 48;

  InlineTask() = default;

  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, InlineTask>>>
  InlineTask(F&& f) {  // NOLINT: implicit so Schedule(delay, [..]{...}) reads naturally
    using Fn = std::decay_t<F>;
    static_assert(sizeof(Fn) <= kCapacity, "task captures too much: capture a pointer");
    static_assert(alignof(Fn) <= alignof(std::max_align_t));
    static_assert(std::is_nothrow_move_constructible_v<Fn>);
    ::new (static_cast<void*>(buf_)) Fn(std::forward<F>(f));
    ops_ = &kOps<Fn>;
  }

  InlineTask(InlineTask&& other) noexcept { MoveFrom(other); }
  InlineTask& operator=(InlineTask&& other) noexcept {
    if (this != &other) {
      Reset();
      MoveFrom(other);
    }
    return *this;
  }
  InlineTask(const InlineTask&) = delete;
  InlineTask& operator=(const InlineTask&) = delete;
  ~InlineTask() { Reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  void operator()() { ops_->invoke(buf_); }

  void Reset() {
    if (ops_) {
      ops_->destroy(buf_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*move)(void* dst, void* src);  // move-construct dst from src, then destroy src
    void (*destroy)(void*);
  };
  template <class Fn>
  static constexpr Ops kOps = {
      [](void* p) { (*static_cast<Fn*>(p))(); },
      [](void* dst, void* src) {
        ::new (dst) Fn(std::move(*static_cast<Fn*>(src)));
        static_cast<Fn*>(src)->~Fn();
      },
      [](void* p) { static_cast<Fn*>(p)->~Fn(); },
  };

  void MoveFrom(InlineTask& other) {
    if (other.ops_) {
      other.ops_->move(buf_, other.buf_);
      ops_ = other.ops_;
      other.ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) unsigned char buf_[kCapacity];
  const Ops* ops_ = nullptr;
};

}  // namespace xnsim
