#include "sim/core/status.h"

#include <gtest/gtest.h>

namespace xnsim {
namespace {

TEST(Status, ToStringNamesTheReason) {
  EXPECT_EQ(Status().ToString(), "OK");
  EXPECT_EQ(NotFoundError("namespaces \"dev\" not found").ToString(),
            "NotFound: namespaces \"dev\" not found");
  EXPECT_STREQ(StatusCodeName(StatusCode::kAlreadyExists), "AlreadyExists");
  EXPECT_STREQ(StatusCodeName(StatusCode::kInvalid), "Invalid");
}

Status Fails() { return ConflictError("stale"); }
Status Propagates() {
  XNSIM_RETURN_IF_ERROR(Fails());
  return InternalError("not reached");
}

TEST(Status, ReturnIfErrorPropagates) {
  EXPECT_EQ(Propagates().code(), StatusCode::kConflict);
  StatusOr<int> v = 3;
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(*v, 3);
  StatusOr<int> e = NotFoundError("x");
  EXPECT_FALSE(e.ok());
}

}  // namespace
}  // namespace xnsim
