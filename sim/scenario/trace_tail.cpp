#include "sim/scenario/trace_tail.h"

#include <string_view>

namespace xnsim {

TraceTail::TraceTail(size_t lines, std::ostream* forward) : std::ostream(nullptr) {
  buffer_.capacity = lines;
  buffer_.forward = forward;
  rdbuf(&buffer_);
}

std::string TraceTail::Text() const {
  std::string out;
  for (const std::string& line : buffer_.lines) out += line;
  return out;
}

std::streamsize TraceTail::Buffer::xsputn(const char* s, std::streamsize n) {
  if (forward != nullptr) forward->write(s, n);
  std::string_view rest(s, static_cast<size_t>(n));
  for (size_t eol = rest.find('\n'); eol != std::string_view::npos; eol = rest.find('\n')) {
    partial.append(rest.substr(0, eol + 1));
    rest.remove_prefix(eol + 1);
    if (capacity > 0) {
      if (lines.size() == capacity) lines.pop_front();
      lines.push_back(std::move(partial));
    }
    partial.clear();
  }
  partial.append(rest);
  return n;
}

TraceTail::Buffer::int_type TraceTail::Buffer::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char ch = traits_type::to_char_type(c);
  xsputn(&ch, 1);
  return c;
}

}  // namespace xnsim
