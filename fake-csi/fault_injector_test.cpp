#include "fake-csi/fault_injector.h"

#include <gtest/gtest.h>

#include "fake-csi/driver_test_support.h"

namespace xnsim::csi {
namespace {

using testing::MakeFault;

TEST(FaultInjector, TimesFailsExactlyTheNextNCallsOfThatOp) {
  FaultInjector faults(Random(1, "csi-faults/x"));
  Fault f = MakeFault("CreateVolume", Code::kResourceExhausted);
  f.times = 2;
  faults.Add(f);
  EXPECT_FALSE(faults.Check("DeleteVolume", 0));  // another op is untouched
  EXPECT_EQ(faults.Check("CreateVolume", 0), Code::kResourceExhausted);
  EXPECT_EQ(faults.Check("CreateVolume", 0), Code::kResourceExhausted);
  EXPECT_FALSE(faults.Check("CreateVolume", 0));
  EXPECT_EQ(faults.active(), 0u);
}

TEST(FaultInjector, UntilFailsEveryCallBeforeThatInstant) {
  FaultInjector faults(Random(1, "csi-faults/x"));
  Fault f = MakeFault("CreateSnapshot", Code::kUnavailable);
  f.until = 10 * kSecond;
  faults.Add(f);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(faults.Check("CreateSnapshot", 9 * kSecond), Code::kUnavailable);
  EXPECT_FALSE(faults.Check("CreateSnapshot", 10 * kSecond));
}

TEST(FaultInjector, ProbabilityIsDrawnFromTheSeededStream) {
  auto pattern = [](uint64_t seed) {
    FaultInjector faults(Random(seed, "csi-faults/x"));
    Fault f = MakeFault("CreateVolume", Code::kInternal);
    f.probability = 0.3;
    faults.Add(f);
    std::string out;
    for (int i = 0; i < 200; ++i) out += faults.Check("CreateVolume", 0) ? 'x' : '.';
    return out;
  };
  const std::string a = pattern(7);
  EXPECT_EQ(a, pattern(7));  // same seed, same failures
  EXPECT_NE(a, pattern(8));
  const auto failures = std::count(a.begin(), a.end(), 'x');
  EXPECT_GT(failures, 30);
  EXPECT_LT(failures, 90);
}

TEST(FaultInjector, WithoutLimitsEveryCallFailsAndFirstAddedWins) {
  FaultInjector faults(Random(1, "csi-faults/x"));
  faults.Add(MakeFault("GetCapacity", Code::kAborted));
  faults.Add(MakeFault("GetCapacity", Code::kInternal));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(faults.Check("GetCapacity", i * kHour), Code::kAborted);
}

}  // namespace
}  // namespace xnsim::csi
