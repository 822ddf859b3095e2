// A controller's work queue in virtual time, as client-go's rate-limited workqueue:
// keys are de-duplicated while waiting, a key is never reconciled by two workers at
// once (re-added while in progress, it runs again afterwards), at most `workers`
// reconciles run together, and a failed key comes back after a per-key exponential
// backoff that Forget resets.
//
//   WorkQueue queue(engine, {.name = "claims", .workers = 100,
//                            .backoff = {1 * kSecond, 5 * kMinute}},
//                   [this](const std::string& key) { return Reconcile(key); });
//   queue.Add(uid);
//
// Every pending key, running reconcile and backoff timer is a kWork event or holds one,
// so a scenario's `settle` waits for them. Destroying the queue (a restart) drops its
// keys, its backoff memory and its running reconciles.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "sim/core/coro.h"
#include "sim/core/engine.h"

namespace xnsim {

// Per-key exponential backoff: initial * 2^failures, capped at max (client-go's
// ItemExponentialFailureRateLimiter, as --retry-interval-start/-max configure it).
struct Backoff {
  SimDuration initial = 1 * kSecond;
  SimDuration max = 5 * kMinute;
};

class ItemBackoff {
 public:
  explicit ItemBackoff(Backoff policy) : policy_(policy) {}
  // The delay before the next retry of `key`, counting this failure.
  SimDuration Next(const std::string& key);
  void Forget(const std::string& key);
  int Failures(const std::string& key) const;

 private:
  Backoff policy_;
  std::unordered_map<std::string, int> failures_;  // looked up only
};

// What a reconcile asks of the queue when it is done with a key.
struct ReconcileResult {
  enum class Kind : uint8_t { kDone, kRetry, kRetryAfter };
  Kind kind = Kind::kDone;
  SimDuration after = 0;

  static ReconcileResult Done() { return {}; }                   // Forget: backoff reset
  static ReconcileResult Retry() { return {Kind::kRetry, 0}; }   // AddRateLimited
  static ReconcileResult RetryAfter(SimDuration d) { return {Kind::kRetryAfter, d}; }  // AddAfter
};

struct WorkQueueOptions {
  std::string name;  // for the trace: "csi-provisioner/claims"
  int workers = 1;
  Backoff backoff;
};

class WorkQueue {
 public:
  using Reconciler = std::function<Task<ReconcileResult>(const std::string& key)>;

  WorkQueue(Engine& engine, WorkQueueOptions options, Reconciler reconcile);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void Add(const std::string& key);
  void Add(std::string&& key);  // a new key's entry takes the string, no copy
  void AddAfter(const std::string& key, SimDuration delay);
  void AddRateLimited(const std::string& key);  // AddAfter(backoff.Next(key))
  void Forget(const std::string& key);
  int NumRequeues(const std::string& key) const;

  size_t waiting() const;   // keys queued, not yet picked up
  size_t running() const;   // reconciles in progress
  size_t delayed() const;   // keys waiting for an AddAfter or backoff timer
  uint64_t retries() const; // AddRateLimited calls so far: failed reconciles retried
  bool idle() const;        // nothing waiting, running or scheduled for later

 private:
  // implementation's choice; see work_queue.cpp
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace xnsim
