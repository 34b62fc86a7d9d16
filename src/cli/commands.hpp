// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace kasane::cli {

// Runs `kasane <subcommand> [flags]` and returns the process exit code (0 on success; see exit_codes.cpp).
int Main(int argc, char** argv);

}  // namespace kasane::cli
