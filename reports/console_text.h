// Text helpers the console reports share: outcome tags and colours, padding.
// Private to reports/.
#pragma once

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>

#include "sim/scenario/result.h"

namespace xnsim::console_text {


inline constexpr const char* kReset = "\x1b[0m";
inline constexpr const char* kBold = "\x1b[1m";

inline const char* Tag(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "PASS";
    case Outcome::kFailed: return "FAIL";
    case Outcome::kSkipped: return "SKIP";
    case Outcome::kError: return "ERROR";
  }
  return "?";
}

inline const char* Color(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "\x1b[32m";   // green
    case Outcome::kFailed: return "\x1b[31m";   // red
    case Outcome::kSkipped: return "\x1b[33m";  // yellow
    case Outcome::kError: return "\x1b[35m";    // magenta: not a verdict on the cluster
  }
  return "";
}

inline std::string Colored(std::string_view text, const char* color, bool use_color) {
  if (!use_color) return std::string(text);
  return std::string(color) + std::string(text) + kReset;
}

inline std::string PadRight(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

inline std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

inline std::string Indent(const std::string& text, const std::string& prefix) {
  std::ostringstream out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out << (line.empty() ? "" : prefix) << line << '\n';
  return out.str();
}

inline std::string WallTime(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", seconds);
  return buf;
}


}  // namespace xnsim::console_text
