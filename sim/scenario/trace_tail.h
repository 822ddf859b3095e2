// A stream for the trace that keeps its last lines, so that an invariant violation
// can show the events that led to it. It forwards every byte to another stream when
// one is given (the user's --trace file), so keeping the tail costs no second trace.
#pragma once

#include <cstddef>
#include <deque>
#include <ostream>
#include <streambuf>
#include <string>

namespace xnsim {

class TraceTail : public std::ostream {
 public:
  // Keeps the last `lines` complete lines; `forward` (not owned) gets every byte too.
  explicit TraceTail(size_t lines, std::ostream* forward = nullptr);

  // The kept lines, oldest first, each ending in '\n'.
  std::string Text() const;
  size_t size() const { return buffer_.lines.size(); }

 private:
  struct Buffer : std::streambuf {
    size_t capacity = 0;
    std::ostream* forward = nullptr;
    std::deque<std::string> lines;
    std::string partial;

    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int_type overflow(int_type c) override;
  };
  Buffer buffer_;
};

}  // namespace xnsim
