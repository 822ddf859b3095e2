// How busy a controller process is at an instant, for capacity studies: its API
// client's counters (requests, client-side throttling) and its work queues' depth and
// retries. Each process reports its own; the scenario's metrics sample them.
#pragma once

#include <cstdint>
#include <string>

#include "sim/api/client.h"
#include "sim/controllers/runtime/work_queue.h"

namespace xnsim {

struct ProcessLoad {
  std::string component;  // the client's component name: "csi-provisioner", ...
  ClientStats client;     // cumulative since the process started
  size_t queued = 0;      // keys waiting for a worker, over the process's queues
  size_t running = 0;     // reconciles in progress
  size_t delayed = 0;     // keys waiting for a retry or requeue timer
  uint64_t retries = 0;   // failed reconciles requeued with backoff, cumulative

  void AddQueue(const WorkQueue& q) {
    queued += q.waiting();
    running += q.running();
    delayed += q.delayed();
    retries += q.retries();
  }
};

}  // namespace xnsim
