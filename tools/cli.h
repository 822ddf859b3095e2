// The xnsim command line, as a function of its arguments and streams so that tests
// drive it in-process: `xnsim run`, `xnsim validate`, and the help that explains
// them. Exceptions stop here; sim/ never throws.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace xnsim::cli {

// Exit codes (DESIGN.md, "Command line").
inline constexpr int kExitPassed = 0;    // every case passed
inline constexpr int kExitFailed = 1;    // a case failed (or could not be evaluated)
inline constexpr int kExitBadInput = 2;  // bad input or usage: nothing was run

struct Console {
  std::ostream& out;              // results: summaries, validate's verdicts, help
  std::ostream& err;              // the log (spdlog) and usage errors
  bool color_by_default = false;  // `--color auto`: `out` is a terminal and NO_COLOR is unset
  bool err_is_terminal = false;   // progress lines go to `err` only then
};

// Runs `xnsim ARGS...` (args exclude the program name) and returns the exit code.
int RunCli(const std::vector<std::string>& args, Console console);

// The subcommands; each gets the arguments after its name.
int RunCommand(const std::vector<std::string>& args, Console console);
int ValidateCommand(const std::vector<std::string>& args, Console console);
int ConformanceCommand(const std::vector<std::string>& args, Console console);
int ReportCommand(const std::vector<std::string>& args, Console console);
int GraphCommand(const std::vector<std::string>& args, Console console);
int ExplainCommand(const std::vector<std::string>& args, Console console);
int CapacityCommand(const std::vector<std::string>& args, Console console);
int DiffCommand(const std::vector<std::string>& args, Console console);

// A logger that writes "LEVEL: message" lines to `console.err`.
std::shared_ptr<spdlog::logger> MakeLogger(const Console& console, bool verbose);

// Prints "error: WHAT" and a pointer to the command's help; returns kExitBadInput.
int UsageError(const Console& console, const std::string& what, const std::string& command);

}  // namespace xnsim::cli
