// The mock driver's cost per call: create then delete volumes through the queue, with
// the engine delivering every reply (the provisioner's hot path against the driver).
#include <benchmark/benchmark.h>

#include "fake-csi/mock_driver.h"

namespace xnsim::csi {
namespace {

void BM_CreateDeleteVolume(benchmark::State& state) {
  Engine engine;
  MockDriverConfig config;
  config.capabilities = {Capability::kCreateDeleteVolume};
  config.capacity_bytes = int64_t{1} << 60;
  config.costs["createVolume"] = {50 * kMillisecond, 0};
  config.costs["deleteVolume"] = {20 * kMillisecond, 0};
  MockDriver driver(engine, config);
  int64_t i = 0;
  for (auto _ : state) {
    CreateVolumeRequest req;
    req.name = "pvc-" + std::to_string(i++);
    req.required_bytes = int64_t{1} << 30;
    driver.CreateVolume(std::move(req), [&driver](Result<Volume> r) {
      driver.DeleteVolume(r.value.volume_id, [](Result<Empty>) {});
    });
    if (i % 1024 == 0) engine.RunUntil(engine.Now() + kSecond);
  }
  engine.RunUntil(engine.Now() + kHour);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CreateDeleteVolume);

}  // namespace
}  // namespace xnsim::csi

BENCHMARK_MAIN();
