#include "sim/core/inline_task.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>

namespace xnsim {
namespace {

// Counts live copies of a captured value, to prove each is destroyed exactly once.
struct Tracked {
  static inline int live = 0;
  int* hits;
  explicit Tracked(int* h) : hits(h) { ++live; }
  Tracked(Tracked&& o) noexcept : hits(o.hits) { ++live; }
  Tracked(const Tracked&) = delete;
  ~Tracked() { --live; }
  void operator()() const { ++*hits; }
};

TEST(InlineTask, InvokesTheStoredCallable) {
  int hits = 0;
  InlineTask t([&hits] { ++hits; });
  ASSERT_TRUE(static_cast<bool>(t));
  t();
  t();
  EXPECT_EQ(hits, 2);
}

TEST(InlineTask, MoveTransfersOwnershipAndDestroysOnce) {
  int hits = 0;
  {
    InlineTask a{Tracked(&hits)};
    EXPECT_EQ(Tracked::live, 1);
    InlineTask b = std::move(a);
    EXPECT_FALSE(static_cast<bool>(a));
    EXPECT_EQ(Tracked::live, 1);
    b();
    InlineTask c;
    c = std::move(b);
    c();
    EXPECT_EQ(Tracked::live, 1);
  }
  EXPECT_EQ(Tracked::live, 0);
  EXPECT_EQ(hits, 2);
}

TEST(InlineTask, AssignmentDestroysThePreviousCallable) {
  int hits = 0;
  InlineTask a{Tracked(&hits)};
  a = InlineTask([] {});
  EXPECT_EQ(Tracked::live, 0);
  a.Reset();
  EXPECT_FALSE(static_cast<bool>(a));
}

TEST(InlineTask, HoldsMoveOnlyCaptures) {
  auto p = std::make_unique<int>(7);
  int seen = 0;
  InlineTask t([p = std::move(p), &seen] { seen = *p; });
  InlineTask u = std::move(t);
  u();
  EXPECT_EQ(seen, 7);
}

}  // namespace
}  // namespace xnsim
