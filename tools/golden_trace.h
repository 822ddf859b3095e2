// Golden traces: `--record DIR` keeps each case's trace in a canonical, committable
// form (one file per case); `--compare DIR` fails a case whose trace is no longer the
// same, showing the first differing record with context from both sides.
//
// The canonical form is one line per trace record, `<time> <component> <action>
// <object> -- <detail>`, after a header naming the case and seed. Virtual times stay;
// what would change with edits that do not change behaviour is normalised away:
//   * the "ns" field (the same instant as the time, twice);
//   * resourceVersions (`rv=N`): one global counter, so one extra write anywhere would
//     renumber every later line; the order of the writes is in the lines themselves;
//   * UIDs and other UUIDs (object UIDs, PV names pvc-<uid>, volume ids): drawn from
//     shared seeded streams, so one extra object shifts all later ones; each distinct
//     UUID becomes uid-1, uid-2, ... in order of first appearance, which keeps "the same
//     object" visible;
//   * the scenario file and line of each step (editing a comment would move them);
//     the step's number and keyword stay;
//   * the API server's writes of Event objects: the recorder's "event" record before
//     them carries the type, reason and message, which is what an Event says; a
//     repeat of an event (client-go counts it on the same Event) is written as
//     "again: <type> <reason>" without the message it repeats.
// Nothing in a trace comes from the wall clock.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/status.h"
#include "sim/scenario/result.h"
#include "sim/scenario/scenario.h"

namespace spdlog {
class logger;
}

namespace xnsim::cli {

// A case's golden file name: its name with '[' as '.', ']' dropped and any character
// other than letters, digits, '.', '_' and '-' as '_', plus ".trace".
std::string GoldenFileName(std::string_view case_name);

// The canonical form of one case's trace (JSON lines as sim/core/trace.h writes them).
std::string CanonicalTrace(std::string_view case_name, uint64_t seed, std::string_view trace);

// A run's golden traces: recorded into, or compared against, one directory.
class GoldenTraces {
 public:
  enum class Mode { kRecord, kCompare };

  // Checks the directory: --compare needs an existing one; --record creates it. The
  // cases must map to distinct file names. Errors are usage errors (exit 2).
  static StatusOr<GoldenTraces> Open(Mode mode, std::string dir,
                                     const std::vector<const Scenario*>& cases);

  // Records or compares one case's trace. A trace that does not match its golden (or
  // has none) fails the case, with the difference as its failure text.
  void Observe(const Scenario& scenario, std::string_view trace, CaseResult& result);

  // What was done, for the log: "recorded 221 golden traces in DIR (1.2 MB)", or
  // "compared 221 cases with golden traces in DIR: 1 differs, 0 missing".
  std::string Summary() const;
  // Golden files in DIR that no case of this run wrote (only known after --record).
  const std::vector<std::string>& stale_files() const { return stale_; }
  bool recording() const { return mode_ == Mode::kRecord; }
  // A golden file could not be written (--record): the run's output is incomplete.
  bool write_failed() const { return write_failed_; }

 private:
  GoldenTraces(Mode mode, std::string dir) : mode_(mode), dir_(std::move(dir)) {}
  void Record(const std::string& path, const std::string& text, CaseResult& result);
  void Compare(const std::string& path, const std::string& text, CaseResult& result);

  Mode mode_;
  std::string dir_;
  std::vector<std::string> expected_files_;  // every case's file name, sorted
  std::vector<std::string> stale_;
  size_t cases_ = 0, differing_ = 0, missing_ = 0;
  uint64_t bytes_ = 0;
  bool write_failed_ = false;
};

// --record DIR and --compare DIR, for `run` and `conformance` alike.
void AddGoldenOptions(boost::program_options::options_description& options);
// The golden traces the options ask for (none when neither is given), opened for the
// cases about to run; an error is a usage error (exit 2).
StatusOr<std::optional<GoldenTraces>> GoldenTracesFromOptions(
    const boost::program_options::variables_map& vm, const std::vector<const Scenario*>& cases);
// Logs what was recorded or compared; false when a golden file could not be written.
bool FinishGoldenTraces(const GoldenTraces& golden, spdlog::logger& log);

}  // namespace xnsim::cli
