// The trace: one JSON line per simulated event (time, component, action, object,
// detail), the record that makes a seed a bug report. Off unless a sink is attached,
// and then cheap: the caller's strings are escaped straight into one buffer.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace xnsim {

class Trace {
 public:
  // Lines go to `out` (not owned) from now on; nullptr turns the trace off.
  void AttachSink(std::ostream* out) { out_ = out; }
  bool enabled() const { return out_ != nullptr; }

  // {"t":"1.5s","ns":1500000000,"component":"kube-apiserver","action":"create",
  //  "object":"PersistentVolumeClaim dev/db","detail":"rv=12"}
  void Record(SimTime t, std::string_view component, std::string_view action,
              std::string_view object, std::string_view detail = {});

  uint64_t lines() const { return lines_; }

 private:
  std::ostream* out_ = nullptr;
  std::string line_;  // reused between records
  uint64_t lines_ = 0;
};

}  // namespace xnsim
