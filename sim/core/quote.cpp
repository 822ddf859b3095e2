#include "sim/core/quote.h"

namespace xnsim {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendHexByte(std::string& out, const char* prefix, unsigned char c) {
  out += prefix;
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

}  // namespace

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\v': out += "\\v"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          AppendHexByte(out, "\\x", c);
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through, as Go keeps printable runes
        }
    }
  }
  out += '"';
  return out;
}

void AppendJsonString(std::string& out, std::string_view s, bool escape_html) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<':
      case '>':
      case '&':
        if (escape_html) {
          AppendHexByte(out, "\\u00", c);
        } else {
          out += static_cast<char>(c);
        }
        break;
      default:
        if (c < 0x20) {
          AppendHexByte(out, "\\u00", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string JsonQuote(std::string_view s, bool escape_html) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonString(out, s, escape_html);
  return out;
}

}  // namespace xnsim
