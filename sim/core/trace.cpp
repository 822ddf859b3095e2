#include "sim/core/trace.h"

#include "sim/core/quote.h"

namespace xnsim {

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
