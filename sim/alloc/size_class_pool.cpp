#include "sim/alloc/size_class_pool.h"

#include <sys/mman.h>

#include <algorithm>
#include <utility>

namespace xnsim::alloc {

SizeClassPool::SizeClassPool(size_t reserve_bytes) {
  const size_t pages = reserve_bytes / kPageBytes;
  if (pages == 0) return;
  // The tables, then enough slack to start the pages on a page boundary.
  const size_t table_bytes = pages * (sizeof(uint8_t) + sizeof(uint16_t) + sizeof(uint32_t));
  const size_t bytes = table_bytes + pages * kPageBytes + kPageBytes;
  // MAP_NORESERVE: address space only; the kernel commits a page when it is touched.
  void* m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return;
  mapping_ = m;
  mapping_bytes_ = bytes;
  free_pages_ = static_cast<uint32_t*>(m);
  sweep_count_ = reinterpret_cast<uint16_t*>(free_pages_ + pages);
  page_class_ = reinterpret_cast<uint8_t*>(sweep_count_ + pages);
  const auto first = reinterpret_cast<uintptr_t>(m) + table_bytes;
  base_ = reinterpret_cast<char*>((first + kPageBytes - 1) / kPageBytes * kPageBytes);
  page_count_ = pages;
}

SizeClassPool::~SizeClassPool() {
  if (mapping_) munmap(mapping_, mapping_bytes_);
}

void* SizeClassPool::Refill(Cache& cache, size_t size_class) {
  if (depot_[size_class].load(std::memory_order_relaxed) != nullptr) {
    std::lock_guard lock(mutex_);
    if (Cache::FreeBlock* chain = depot_[size_class].load(std::memory_order_relaxed)) {
      depot_[size_class].store(chain->next_chain, std::memory_order_relaxed);
      cache.free[size_class] = chain;
    }
  }
  if (Cache::FreeBlock* b = cache.free[size_class]) {
    cache.free[size_class] = b->next;
    return b;
  }
  const size_t block = BlockSize(size_class);
  if (cache.bump_end[size_class] - cache.bump[size_class] < static_cast<ptrdiff_t>(block)) {
    char* page = TakePage(cache, size_class);
    if (page == nullptr) return nullptr;
    cache.bump[size_class] = page;
    cache.bump_end[size_class] = page + kPageBytes;
  }
  void* p = cache.bump[size_class];
  cache.bump[size_class] += block;
  return p;
}

char* SizeClassPool::TakePage(Cache& cache, size_t size_class) {
  if (++cache.pages_taken >= cache.sweep_at) Sweep(cache);
  char* page = PopPage(size_class);
  if (page == nullptr) {
    Sweep(cache);  // the pool is full: pages may have come free since the last sweep
    page = PopPage(size_class);
  }
  return page;
}

char* SizeClassPool::PopPage(size_t size_class) {
  size_t page;
  {
    std::lock_guard lock(mutex_);
    if (free_page_count_ > 0) {
      page = free_pages_[--free_page_count_];
    } else {
      page = next_page_.fetch_add(1, std::memory_order_relaxed);
      if (page >= page_count_) return nullptr;
    }
  }
  page_class_[page] = static_cast<uint8_t>(size_class);
  return base_ + page * kPageBytes;
}

void SizeClassPool::Sweep(Cache& cache) {
  std::lock_guard lock(mutex_);
  const size_t used = std::min(next_page_.load(std::memory_order_relaxed), page_count_);
  std::fill_n(sweep_count_, used, 0);
  size_t walked = 0;
  for (size_t c = 0; c < kClasses; ++c) {
    for (Cache::FreeBlock* b = cache.free[c]; b; b = b->next) {
      ++sweep_count_[PageOf(b)];
      ++walked;
    }
  }
  // The next sweep waits for a thirty-second of the pages in use, and for long free
  // lists longer still: at most about four thousand blocks walked per page taken.
  cache.pages_taken = 0;
  cache.sweep_at = std::max({kMinPagesBetweenSweeps, used / 32, walked / kBlocksWalkedPerPage});
  // A page is free when every block carved from it is on these lists (the unused
  // rest of a page being carved is on none, so such a page never is).
  constexpr uint16_t kTaken = UINT16_MAX;  // a free page already moved
  for (size_t c = 0; c < kClasses; ++c) {
    const uint16_t blocks_per_page = kPageBytes / BlockSize(c);
    for (Cache::FreeBlock** link = &cache.free[c]; *link;) {
      Cache::FreeBlock* b = *link;
      uint16_t& count = sweep_count_[PageOf(b)];
      if (count != blocks_per_page && count != kTaken) {
        link = &b->next;
        continue;
      }
      *link = b->next;
      if (count == blocks_per_page) {
        count = kTaken;
        free_pages_[free_page_count_++] = PageOf(b);
      }
    }
  }
}

void SizeClassPool::Release(Cache& cache) {
  std::lock_guard lock(mutex_);
  for (size_t c = 0; c < kClasses; ++c) {
    // The rest of the bump page becomes free blocks too, so nothing is stranded.
    const size_t block = BlockSize(c);
    while (cache.bump_end[c] - cache.bump[c] >= static_cast<ptrdiff_t>(block)) {
      auto* b = reinterpret_cast<Cache::FreeBlock*>(cache.bump[c]);
      b->next = cache.free[c];
      cache.free[c] = b;
      cache.bump[c] += block;
    }
    cache.bump[c] = cache.bump_end[c] = nullptr;
    // The whole list goes as one chain: no walk over blocks a thread may hold by the
    // million.
    if (Cache::FreeBlock* head = std::exchange(cache.free[c], nullptr)) {
      head->next_chain = depot_[c].load(std::memory_order_relaxed);
      depot_[c].store(head, std::memory_order_relaxed);
    }
  }
}

}  // namespace xnsim::alloc
