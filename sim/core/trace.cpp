#include "sim/core/trace.h"

namespace xnsim {
namespace {

// JSON string escaping (RFC 8259): quote, backslash and control characters; other
// bytes (UTF-8 included) pass through.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

void Trace::Record(SimTime t, std::string_view component, std::string_view action,
                   std::string_view object, std::string_view detail) {
  if (out_ == nullptr) return;
  line_.clear();
  line_ += "{\"t\":";
  AppendJsonString(line_, FormatDuration(t));
  line_ += ",\"ns\":";
  line_ += std::to_string(t);
  line_ += ",\"component\":";
  AppendJsonString(line_, component);
  line_ += ",\"action\":";
  AppendJsonString(line_, action);
  line_ += ",\"object\":";
  AppendJsonString(line_, object);
  line_ += ",\"detail\":";
  AppendJsonString(line_, detail);
  line_ += "}\n";
  out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
  ++lines_;
}

}  // namespace xnsim
