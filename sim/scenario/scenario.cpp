#include "sim/scenario/scenario.h"

namespace xnsim {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

}  // namespace xnsim
