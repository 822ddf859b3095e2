// The process's operator new and delete: small blocks from one SizeClassPool, the rest
// from malloc. Linked into every xnsim executable (not into the libraries) unless the
// build turns XNSIM_POOL_ALLOCATOR off, as sanitizer builds do so that AddressSanitizer
// sees every block, and as heap profiling does so that heaptrack sees them.
//
// operator new[] and the nothrow and sized forms of the standard library call these
// two, so replacing them covers every new-expression.
#include <cstdlib>
#include <new>

#include "sim/alloc/size_class_pool.h"

namespace {

using xnsim::alloc::SizeClassPool;

// Address space only: 64 GiB is reserved, memory is committed page by page as used.
constexpr size_t kReserveBytes = size_t{64} << 30;

// Built on first use (static constructors allocate) and never destroyed: blocks are
// still freed after static destructors run.
SizeClassPool& Pool() {
  alignas(SizeClassPool) static unsigned char storage[sizeof(SizeClassPool)];
  static SizeClassPool* const pool = new (storage) SizeClassPool(kReserveBytes);
  return *pool;
}

thread_local SizeClassPool::Cache tls_cache;

// Gives a thread's free blocks back as the thread ends.
struct CacheReleaser {
  ~CacheReleaser() { Pool().Release(tls_cache); }
};
thread_local CacheReleaser tls_releaser;
thread_local bool tls_releaser_armed = false;

// The calling thread's cache, with its release at thread end arranged on first use.
SizeClassPool::Cache& ThreadCache() {
  if (!tls_releaser_armed) [[unlikely]] {
    tls_releaser_armed = true;
    static_cast<void>(&tls_releaser);  // constructs it, which registers its destructor
  }
  return tls_cache;
}

void* AllocateOrThrow(size_t size) {
  if (SizeClassPool& pool = Pool(); size <= SizeClassPool::kMaxBlock && pool.reserved()) {
    if (void* p = pool.Allocate(ThreadCache(), size)) return p;
  }
  for (;;) {
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void Free(void* p) noexcept {
  if (p == nullptr) return;
  SizeClassPool& pool = Pool();
  if (pool.Owns(p)) {
    pool.Deallocate(ThreadCache(), p);
  } else {
    std::free(p);
  }
}

}  // namespace

void* operator new(size_t size) { return AllocateOrThrow(size); }
void* operator new[](size_t size) { return AllocateOrThrow(size); }
void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, size_t) noexcept { Free(p); }
void operator delete[](void* p, size_t) noexcept { Free(p); }
