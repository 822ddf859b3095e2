// The xnsim binary: the command line (tools/cli.h) bound to the process's streams.
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const bool color = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  try {
    return xnsim::cli::RunCli(args, {std::cout, std::cerr, color, isatty(STDERR_FILENO) != 0});
  } catch (const std::exception& e) {
    std::cerr << "xnsim: internal error: " << e.what() << "\n";
    return 70;  // EX_SOFTWARE: a bug, not a verdict on the scenarios
  }
}
