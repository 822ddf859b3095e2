#include "sim/alloc/size_class_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

namespace xnsim::alloc {
namespace {

constexpr size_t kTestReserve = size_t{16} << 20;  // 256 pages

TEST(SizeClassPool, ClassesCoverEverySizeUpToTheLargestBlock) {
  for (size_t size = 0; size <= SizeClassPool::kMaxBlock; ++size) {
    const size_t c = SizeClassPool::ClassOf(size);
    ASSERT_LT(c, SizeClassPool::kClasses) << size;
    ASSERT_GE(SizeClassPool::BlockSize(c), size) << size;
    // The class is the smallest that fits: the one below is too small.
    if (c > 0) {
      ASSERT_LT(SizeClassPool::BlockSize(c - 1), size) << size;
    }
  }
  EXPECT_EQ(SizeClassPool::BlockSize(SizeClassPool::kClasses - 1), SizeClassPool::kMaxBlock);
  // Above 2 KiB the steps are a quarter of each doubling: at most 25% unused.
  EXPECT_EQ(SizeClassPool::BlockSize(SizeClassPool::ClassOf(2049)), 2560u);
  EXPECT_EQ(SizeClassPool::BlockSize(SizeClassPool::ClassOf(4097)), 5120u);
  EXPECT_EQ(SizeClassPool::BlockSize(SizeClassPool::ClassOf(16385)), 20480u);
}

TEST(SizeClassPool, BlocksAreAlignedDistinctAndOwned) {
  SizeClassPool pool(kTestReserve);
  ASSERT_TRUE(pool.reserved());
  SizeClassPool::Cache cache;
  std::set<uintptr_t> seen;
  for (size_t size : {1, 16, 17, 100, 512, 513, 1100, 2048, 2049, 5000, 32768}) {
    for (int i = 0; i < 10; ++i) {
      void* p = pool.Allocate(cache, size);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << size;
      EXPECT_TRUE(pool.Owns(p));
      std::memset(p, 0xab, size);  // the whole block is usable
      EXPECT_TRUE(seen.insert(reinterpret_cast<uintptr_t>(p)).second) << "handed out twice";
    }
  }
  int on_stack = 0;
  EXPECT_FALSE(pool.Owns(&on_stack));
}

TEST(SizeClassPool, AFreedBlockIsTheNextOfItsSize) {
  SizeClassPool pool(kTestReserve);
  SizeClassPool::Cache cache;
  void* a = pool.Allocate(cache, 40);
  void* b = pool.Allocate(cache, 40);
  pool.Deallocate(cache, a);
  // Another class does not take it; the same class (48-byte blocks) does.
  EXPECT_NE(pool.Allocate(cache, 100), a);
  EXPECT_EQ(pool.Allocate(cache, 33), a);
  EXPECT_NE(pool.Allocate(cache, 48), b);
}

TEST(SizeClassPool, ReturnsNullWhenTheReservationIsUsedUp) {
  SizeClassPool pool(2 * SizeClassPool::kPageBytes);
  SizeClassPool::Cache cache;
  // Two pages of 2048-byte blocks, then nothing: the caller falls back to malloc.
  const size_t per_page = SizeClassPool::kPageBytes / 2048;
  for (size_t i = 0; i < 2 * per_page; ++i) ASSERT_NE(pool.Allocate(cache, 2048), nullptr) << i;
  EXPECT_EQ(pool.Allocate(cache, 2048), nullptr);
  EXPECT_EQ(pool.Allocate(cache, 16), nullptr);
}

TEST(SizeClassPool, APageWhoseBlocksAreAllFreeServesAnotherClass) {
  SizeClassPool pool(2 * SizeClassPool::kPageBytes);
  SizeClassPool::Cache cache;
  // One page of 2048-byte blocks, then all of them freed.
  std::vector<void*> big;
  for (size_t i = 0; i < SizeClassPool::kPageBytes / 2048; ++i) big.push_back(pool.Allocate(cache, 2048));
  char* big_page = static_cast<char*>(big.front());
  for (void* p : big) pool.Deallocate(cache, p);
  // The second page goes to 16-byte blocks; the third request of a new class finds the
  // pool full, sweeps, and gets the first page back.
  ASSERT_NE(pool.Allocate(cache, 16), nullptr);
  char* reused = static_cast<char*>(pool.Allocate(cache, 64));
  ASSERT_NE(reused, nullptr);
  EXPECT_EQ(reused, big_page);
  // Its old blocks left the 2048-byte list with it: that class needs a page of its own.
  EXPECT_EQ(pool.Allocate(cache, 2048), nullptr);
  void* block = pool.Allocate(cache, 64);
  EXPECT_EQ(static_cast<char*>(block), reused + 64);
}

TEST(SizeClassPool, APageWithABlockInUseIsNotTakenBack) {
  SizeClassPool pool(2 * SizeClassPool::kPageBytes);
  SizeClassPool::Cache cache;
  std::vector<void*> big;
  for (size_t i = 0; i < SizeClassPool::kPageBytes / 2048; ++i) big.push_back(pool.Allocate(cache, 2048));
  for (size_t i = 1; i < big.size(); ++i) pool.Deallocate(cache, big[i]);  // big[0] stays
  ASSERT_NE(pool.Allocate(cache, 16), nullptr);
  EXPECT_EQ(pool.Allocate(cache, 64), nullptr);  // full: the 2048 page still has a block in use
  // The sweep left the page's free blocks where they were.
  EXPECT_EQ(pool.Allocate(cache, 2048), big.back());
}

TEST(SizeClassPool, AReleasedCacheFeedsOtherThreads) {
  SizeClassPool pool(kTestReserve);
  std::vector<void*> freed;
  std::thread worker([&] {
    SizeClassPool::Cache cache;
    for (int i = 0; i < 1000; ++i) freed.push_back(pool.Allocate(cache, 64));
    for (void* p : freed) pool.Deallocate(cache, p);
    pool.Release(cache);
  });
  worker.join();
  // A fresh thread's cache takes the released page, its 1,000 freed blocks and its 24
  // never used, before it takes a new page.
  SizeClassPool::Cache cache;
  std::set<void*> got;
  for (size_t i = 0; i < SizeClassPool::kPageBytes / 64; ++i) got.insert(pool.Allocate(cache, 64));
  for (void* p : freed) EXPECT_TRUE(got.count(p)) << p;
}

TEST(SizeClassPool, BlocksFreedOnAnotherThreadAreReused) {
  SizeClassPool pool(kTestReserve);
  SizeClassPool::Cache mine;
  std::vector<void*> blocks;
  for (int i = 0; i < 100; ++i) blocks.push_back(pool.Allocate(mine, 200));
  std::thread other([&] {
    SizeClassPool::Cache theirs;
    for (void* p : blocks) pool.Deallocate(theirs, p);
    for (int i = 99; i >= 0; --i) EXPECT_EQ(pool.Allocate(theirs, 200), blocks[i]);
  });
  other.join();
}

}  // namespace
}  // namespace xnsim::alloc
