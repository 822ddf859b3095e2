// ASCII character classes for parsers and validators, which must not depend on the
// C locale (std::isdigit and friends do).
#pragma once

namespace xnsim {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || IsDigit(c); }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

}  // namespace xnsim
