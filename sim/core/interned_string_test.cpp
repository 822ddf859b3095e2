#include "sim/core/interned_string.h"

#include <gtest/gtest.h>

#include <sstream>
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

TEST(InternedString, BuiltAndAssignedLikeTheStringFieldsItReplaces) {
  struct Ref {
    InternedString api_version, kind;
  };
  Ref ref{"v1", std::string("PersistentVolumeClaim")};
  EXPECT_EQ(ref.kind, "PersistentVolumeClaim");
  EXPECT_EQ(&ref.kind.str(), &InternedString("PersistentVolumeClaim").str());
  ref.api_version = std::string_view("storage.k8s.io/v1");
  EXPECT_EQ(ref.api_version, std::string("storage.k8s.io/v1"));
  ref.api_version.clear();
  EXPECT_TRUE(ref.api_version.empty());
  EXPECT_EQ(ref.api_version, InternedString());
}

TEST(InternedString, ComparesWithEveryStringType) {
  InternedString ns("team-1");
  const std::string same = "team-1", other = "team-2";
  EXPECT_TRUE(ns == same);
  EXPECT_TRUE(same == ns);
  EXPECT_TRUE(ns != other);
  EXPECT_TRUE(ns < other);
  EXPECT_TRUE(std::string_view("team-0") < ns);
  EXPECT_FALSE(ns == "team-10");
}

TEST(InternedString, ConcatenatesIntoAString) {
  InternedString ns("dev"), kind("PersistentVolumeClaim");
  EXPECT_EQ(ns + "/" + std::string("db"), "dev/db");
  EXPECT_EQ("in " + ns, "in dev");
  EXPECT_EQ(std::string("ns ") + ns, "ns dev");
  EXPECT_EQ(kind + ns, "PersistentVolumeClaimdev");
}

TEST(InternedString, PrintsItsText) {
  std::ostringstream out;
  out << InternedString("Warning");
  EXPECT_EQ(out.str(), "Warning");
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
