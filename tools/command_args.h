// How every subcommand reads its arguments: its own options plus the files and
// directories it works on, with a usage error (exit 2) for anything else.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tools/cli.h"

namespace xnsim::cli {

// Parses `args` against `options` plus positional "paths". On a bad option prints the
// usage error for `command` and returns nullopt (the caller exits kExitBadInput).
std::optional<boost::program_options::variables_map> ParseCommandArgs(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    const Console& console, const std::string& command);

}  // namespace xnsim::cli
