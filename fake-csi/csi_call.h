// Awaiting a CSI call from a controller coroutine, with the sidecar's --timeout:
//
//   csi::Result<csi::Volume> r = co_await csi::Call<csi::Volume>(
//       engine, timeout, [&](csi::Callback<csi::Volume> done) {
//         driver.CreateVolume(req, std::move(done));
//       });
//
// resumes with the driver's reply, or with DEADLINE_EXCEEDED when `timeout` passes
// first (the driver goes on with the operation; its late reply is dropped, as gRPC
// drops it). Destroying the awaiting coroutine (a restart) drops the reply too.
#pragma once

#include <coroutine>
#include <memory>
#include <utility>

#include "fake-csi/csi.h"
#include "sim/core/coro.h"
#include "sim/core/engine.h"

namespace xnsim::csi {

template <class T>
class Call {
 public:
  template <class Start>
  Call(Engine& engine, SimDuration timeout, Start&& start);
  // ... awaiter interface; see the implementation
};

}  // namespace xnsim::csi
