// SPDX-License-Identifier: Apache-2.0
#pragma once

// Command-line flags of one subcommand. Every flag `--some-name` may also be given as the environment
// variable KASANE_SOME_NAME; the command line wins. `--flag=value` and `--flag value` are both accepted.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace kasane::cli {

struct FlagSpec {
    std::string name;           // "db" for --db
    std::string help;           // one line
    std::string default_value;  // "" for none
    bool is_switch = false;     // takes no value (true when present); env accepts 1/true/yes
};

class Options {
public:
    // Parses `arguments` (after the subcommand name) against `specs`. Positional arguments are kept in order.
    // kInvalidArgument, with the flag as field, for an unknown flag or a missing value.
    static Result<Options> Parse(const std::vector<std::string>& arguments, const std::vector<FlagSpec>& specs);

    // The value from the command line, else the environment, else the default; "" when none.
    std::string Get(std::string_view name) const;
    bool Has(std::string_view name) const;  // given on the command line or in the environment
    bool Switch(std::string_view name) const;
    const std::vector<std::string>& Positional() const { return positional_; }
    bool HelpRequested() const { return help_; }

    // "  --db URL    database ... [env KASANE_DB, default ...]" lines for --help.
    static std::string Usage(const std::vector<FlagSpec>& specs);
    static std::string EnvironmentName(std::string_view flag);

private:
    std::map<std::string, std::string, std::less<>> values_;
    std::vector<FlagSpec> specs_;
    std::vector<std::string> positional_;
    bool help_ = false;
};

}  // namespace kasane::cli
