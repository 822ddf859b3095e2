// Names of outcomes as reports print them.
#include "sim/scenario/result.h"

namespace xnsim {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "failed";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kError: return "error";
  }
  return "unknown";
}

}  // namespace xnsim
