#include "sim/core/interned_string.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace xnsim {
namespace {

TEST(InternedString, SameTextSharesOneCopy) {
  std::string a = "volume.kubernetes.io/storage-provisioner";
  std::string b = a;  // a different buffer with the same text
  InternedString x(a), y(b);
  EXPECT_EQ(&x.str(), &y.str());
  EXPECT_EQ(x, y);
  EXPECT_EQ(x.str(), a);
}

TEST(InternedString, DifferentTextsDiffer) {
  InternedString x("a"), y("b");
  EXPECT_NE(x, y);
  EXPECT_NE(&x.str(), &y.str());
}

TEST(InternedString, DefaultIsEmptyAndEqualsInternedEmpty) {
  InternedString d;
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d, InternedString(""));
  EXPECT_EQ(d, std::string_view());
}

TEST(InternedString, OrdersByTextLikeStdString) {
  // Byte-wise, as std::string compares: upper case before lower case, prefixes first.
  EXPECT_LT(InternedString("B"), InternedString("a"));
  EXPECT_LT(InternedString("app"), InternedString("app.kubernetes.io/name"));
  EXPECT_GT(InternedString("\xff"), InternedString("z"));
  EXPECT_LT(InternedString("a"), std::string_view("b"));
  EXPECT_TRUE(InternedString("x") == "x");
  EXPECT_TRUE("x" == InternedString("x"));
}

TEST(InternedString, ReadsAsAString) {
  InternedString k("pv.kubernetes.io/provisioned-by");
  const std::string& s = k;
  std::string_view v = k;
  EXPECT_EQ(s, "pv.kubernetes.io/provisioned-by");
  EXPECT_EQ(v.size(), k.size());
  EXPECT_STREQ(k.c_str(), "pv.kubernetes.io/provisioned-by");
}

TEST(InternedString, ThreadsInterningTheSameTextGetOneCopy) {
  constexpr int kThreads = 4;
  std::vector<const std::string*> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&got, i] { got[i] = &InternedString("interned/threaded-key").str(); });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 1; i < kThreads; ++i) EXPECT_EQ(got[i], got[0]);
}

}  // namespace
}  // namespace xnsim
