// SizeClassPool: the memory behind xnsim's operator new for small blocks.
//
// A run makes and frees millions of small blocks: object versions, strings, map nodes,
// coroutine frames, callbacks. glibc's malloc spends a fifth of a run on them (headers,
// bins, consolidation); a pool of fixed-size classes hands a freed block straight to
// the next request of its size, with no header and no merging.
//
//   SizeClassPool pool(1 << 30);         // reserves address space, commits lazily
//   SizeClassPool::Cache cache;          // one per thread
//   void* p = pool.Allocate(cache, 40);  // a 48-byte block (nullptr: use malloc)
//   pool.Deallocate(cache, p);           // back on this thread's list for 48 bytes
//   pool.Release(cache);                 // as the thread ends
//
// The pool reserves one range of address space and carves it into 64 KiB pages, each
// of one size class; a table of page classes says a block's size from its address
// alone, so unsized deletes need no header. Each thread keeps its own free lists (a
// Cache); a block freed on another thread simply joins that thread's list. A thread's
// lists go to a shared depot when it ends, so threads that come and go lose nothing.
// A page whose blocks are all free again goes back to the pool for any class: now and
// then, as a thread takes new pages, it sweeps its free lists for such pages, so that
// a burst of one size (ten thousand coroutine frames waiting at once) does not keep
// its memory from the sizes that come after it.
// Nothing here is observable by a simulation: it only changes where blocks live.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace xnsim::alloc {

class SizeClassPool {
 public:
  static constexpr size_t kPageBytes = size_t{64} << 10;
  // Blocks are 16-byte aligned, in 16-byte steps up to 2 KiB, then four steps per
  // doubling up to kMaxBlock (half a page); larger requests are not the pool's. Vector
  // and hash-table buffers up to that size live in pages that any class can reuse.
  static constexpr size_t kMaxBlock = kPageBytes / 2;
  static constexpr size_t kFineClasses = 128;  // 16 .. 2048 bytes
  static constexpr size_t kClasses = kFineClasses + 4 * 4;  // 2560 .. 32768 bytes
  // A sweep costs a walk over the thread's free lists. Sweeping each time the thread
  // has taken a thirty-second of the pages in use (and at least kMinPagesBetweenSweeps)
  // keeps the free pages a sweep has yet to find to about 3%; waiting a page per
  // kBlocksWalkedPerPage blocks the last sweep walked keeps long lists cheap.
  static constexpr size_t kMinPagesBetweenSweeps = 32;
  static constexpr size_t kBlocksWalkedPerPage = 4096;

  static constexpr size_t ClassOf(size_t size) {
    if (size <= 2048) return size == 0 ? 0 : (size - 1) / 16;
    // Above 2 KiB: the doubling (2^k, 2^(k+1)] and which quarter of it.
    const size_t k = std::bit_width(size - 1) - 1;  // 2^k < size <= 2^(k+1)
    const size_t quarter = (size - 1 - (size_t{1} << k)) >> (k - 2);
    return kFineClasses + (k - 11) * 4 + quarter;
  }
  static constexpr size_t BlockSize(size_t size_class) {
    if (size_class < kFineClasses) return (size_class + 1) * 16;
    const size_t k = 11 + (size_class - kFineClasses) / 4;
    return (size_t{1} << k) + ((size_class - kFineClasses) % 4 + 1) * (size_t{1} << (k - 2));
  }

  // Reserves `reserve_bytes` of address space (no memory is committed until used).
  // When the reservation fails, reserved() is false and Allocate always returns null.
  explicit SizeClassPool(size_t reserve_bytes);
  ~SizeClassPool();
  SizeClassPool(const SizeClassPool&) = delete;
  SizeClassPool& operator=(const SizeClassPool&) = delete;

  // Per thread: the free list and the unused rest of the newest page of each class.
  // Trivially destructible, so a thread_local one stays usable while its thread ends.
  struct Cache {
    struct FreeBlock {
      FreeBlock* next;
      FreeBlock* next_chain;  // in the depot: the next thread's list of the class
    };
    FreeBlock* free[kClasses] = {};
    char* bump[kClasses] = {};
    char* bump_end[kClasses] = {};
    size_t pages_taken = 0;  // since the last sweep
    size_t sweep_at = kMinPagesBetweenSweeps;
  };

  bool reserved() const { return base_ != nullptr; }
  bool Owns(const void* p) const {
    return reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(base_) <
           page_count_ * kPageBytes;
  }

  // A block of at least `size` bytes (size <= kMaxBlock), or null when the pool has
  // no room left: the caller then takes the memory elsewhere.
  void* Allocate(Cache& cache, size_t size) {
    const size_t c = ClassOf(size);
    if (Cache::FreeBlock* b = cache.free[c]) {
      cache.free[c] = b->next;
      return b;
    }
    return Refill(cache, c);
  }
  // `p` must be a block of this pool (Owns(p)); it joins `cache`.
  void Deallocate(Cache& cache, void* p) {
    const size_t c = page_class_[(static_cast<char*>(p) - base_) / kPageBytes];
    auto* b = static_cast<Cache::FreeBlock*>(p);
    b->next = cache.free[c];
    cache.free[c] = b;
  }
  // Moves the cache's free blocks to the depot, where any thread's Refill finds them.
  void Release(Cache& cache);

 private:
  void* Refill(Cache& cache, size_t size_class);
  char* TakePage(Cache& cache, size_t size_class);  // null when the pool is full
  char* PopPage(size_t size_class);                 // a free page, else a new one
  // Moves the pages all of whose blocks are on the cache's free lists to free_pages_.
  void Sweep(Cache& cache);
  size_t PageOf(const void* p) const { return (static_cast<const char*>(p) - base_) / kPageBytes; }

  char* base_ = nullptr;        // first page
  size_t page_count_ = 0;
  void* mapping_ = nullptr;
  size_t mapping_bytes_ = 0;
  // Tables in front of the pages, one entry per page.
  uint8_t* page_class_ = nullptr;
  uint16_t* sweep_count_ = nullptr;  // a sweep's count of free blocks per page
  uint32_t* free_pages_ = nullptr;   // a stack of pages with no block in use
  std::atomic<size_t> next_page_{0};  // pages below it have been handed out once

  // Guards the depot, the free pages and the sweep's counts.
  std::mutex mutex_;
  // Free blocks handed over by Release: per class, a stack of whole lists. Refill
  // peeks without the mutex.
  std::atomic<Cache::FreeBlock*> depot_[kClasses] = {};
  size_t free_page_count_ = 0;
};

}  // namespace xnsim::alloc
