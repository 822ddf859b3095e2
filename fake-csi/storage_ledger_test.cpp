#include "fake-csi/storage_ledger.h"

#include <gtest/gtest.h>

namespace xnsim::csi {
namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

TEST(StorageLedger, GibMonthsIntegratesPhysicalBytesOverTime) {
  StorageLedger ledger;
  ledger.AddPhysical(0, 10 * kGiB);
  EXPECT_DOUBLE_EQ(ledger.GibMonths(kPriceMonth), 10.0);
  ledger.AddPhysical(kPriceMonth, -5 * kGiB);  // half of it freed after a month
  EXPECT_DOUBLE_EQ(ledger.GibMonths(2 * kPriceMonth), 15.0);
  EXPECT_EQ(ledger.physical(), 5 * kGiB);
}

TEST(StorageLedger, LogicalIsIndependentOfPhysical) {
  StorageLedger ledger;
  ledger.AddLogical(100 * kGiB);
  EXPECT_EQ(ledger.logical(), 100 * kGiB);
  EXPECT_EQ(ledger.physical(), 0);
  EXPECT_DOUBLE_EQ(ledger.GibMonths(kPriceMonth), 0.0);
}

}  // namespace
}  // namespace xnsim::csi
