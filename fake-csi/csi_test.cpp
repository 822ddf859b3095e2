#include "fake-csi/csi.h"

#include <gtest/gtest.h>

#include "fake-csi/mock_driver.h"

namespace xnsim::csi {
namespace {

// gRPC's code names, as scenarios spell them, with the numbers the CSI spec uses.
TEST(CsiCodes, NamesRoundTripWithGrpcNumbers) {
  EXPECT_EQ(CodeName(Code::kResourceExhausted), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(CodeName(Code::kDeadlineExceeded), "DEADLINE_EXCEEDED");
  EXPECT_EQ(CodeName(Code::kOk), "OK");
  EXPECT_EQ(CodeName(Code::kUnauthenticated), "UNAUTHENTICATED");
  for (int i = 0; i <= 16; ++i) {
    const Code c = static_cast<Code>(i);
    std::optional<Code> parsed = ParseCode(CodeName(c));
    ASSERT_TRUE(parsed) << i;
    EXPECT_EQ(*parsed, c);
  }
  EXPECT_EQ(ParseCode("ABORTED"), Code::kAborted);
  EXPECT_EQ(static_cast<int>(*ParseCode("NOT_FOUND")), 5);
}

TEST(CsiCodes, UnknownOrMisspelledNamesDoNotParse) {
  EXPECT_FALSE(ParseCode("resource_exhausted"));  // case-sensitive
  EXPECT_FALSE(ParseCode("ResourceExhausted"));
  EXPECT_FALSE(ParseCode(""));
}

TEST(CsiCapabilities, NamesRoundTrip) {
  for (Capability c : {Capability::kCreateDeleteVolume, Capability::kCreateDeleteSnapshot, Capability::kCloneVolume,
                       Capability::kGetCapacity}) {
    EXPECT_EQ(ParseCapability(CapabilityName(c)), c);
  }
  EXPECT_EQ(CapabilityName(Capability::kCloneVolume), "CLONE_VOLUME");
  EXPECT_FALSE(ParseCapability("LIST_VOLUMES"));
}

TEST(CsiCapabilities, HasCapabilityReadsControllerGetCapabilities) {
  Engine engine;
  MockDriverConfig config;
  config.capabilities = {Capability::kCreateDeleteVolume};
  MockDriver driver(engine, config);
  EXPECT_TRUE(driver.HasCapability(Capability::kCreateDeleteVolume));
  EXPECT_FALSE(driver.HasCapability(Capability::kCloneVolume));
}

}  // namespace
}  // namespace xnsim::csi
