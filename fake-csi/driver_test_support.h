// Helpers for the fake-csi tests: catching a driver's reply and the instant it came.
#pragma once

#include <optional>
#include <string>

#include "fake-csi/mock_driver.h"
#include "sim/core/engine.h"
#include "sim/core/quantity.h"

namespace xnsim::csi::testing {

template <class T>
struct Reply {
  std::optional<Result<T>> result;
  SimTime at = -1;
  int count = 0;
  bool ok() const { return result && result->ok(); }
  Code code() const { return result ? result->code : Code::kUnknown; }
  const std::string& message() const { return result->message; }
  const T& value() const { return result->value; }
};

template <class T>
Callback<T> Into(Engine& engine, Reply<T>& out) {
  return [&engine, &out](Result<T> r) {
    out.result = std::move(r);
    out.at = engine.Now();
    ++out.count;
  };
}

inline constexpr int64_t kGiB = kGi;

// A fault on `op` answering `code`; tests set how often and how many times.
inline Fault MakeFault(std::string op, Code code) {
  Fault f;
  f.op = std::move(op);
  f.code = code;
  return f;
}

// Every capability, 100Gi, hostpath-like costs; tests override what they check.
inline MockDriverConfig TestConfig() {
  MockDriverConfig c;
  c.capabilities = {Capability::kCreateDeleteVolume, Capability::kCreateDeleteSnapshot, Capability::kCloneVolume,
                    Capability::kGetCapacity};
  c.capacity_bytes = 100 * kGiB;
  c.costs["createVolume"] = {50 * kMillisecond, 0};
  c.costs["restoreSnapshot"] = {100 * kMillisecond, 500 * kMillisecond};
  c.costs["cloneVolume"] = {100 * kMillisecond, kSecond};
  c.costs["createSnapshot"] = {200 * kMillisecond, 0};
  c.costs["deleteVolume"] = {20 * kMillisecond, 0};
  c.costs["deleteSnapshot"] = {10 * kMillisecond, 0};
  c.costs["getCapacity"] = {5 * kMillisecond, 0};
  return c;
}

inline CreateVolumeRequest VolumeRequest(std::string name, int64_t bytes) {
  CreateVolumeRequest r;
  r.name = std::move(name);
  r.required_bytes = bytes;
  return r;
}

// Creates a volume, runs the engine until it exists, and returns its id.
inline std::string MakeVolume(Engine& engine, MockDriver& driver, CreateVolumeRequest req) {
  Reply<Volume> reply;
  driver.CreateVolume(std::move(req), Into(engine, reply));
  engine.RunUntil(engine.Now() + kHour, [&] { return reply.result.has_value(); });
  return reply.ok() ? reply.value().volume_id : "";
}

inline std::string MakeSnapshot(Engine& engine, MockDriver& driver, std::string name, std::string volume_id) {
  Reply<Snapshot> reply;
  driver.CreateSnapshot({std::move(name), std::move(volume_id), {}}, Into(engine, reply));
  engine.RunUntil(engine.Now() + kHour, [&] { return reply.result.has_value(); });
  return reply.ok() ? reply.value().snapshot_id : "";
}

}  // namespace xnsim::csi::testing
