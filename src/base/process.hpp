// SPDX-License-Identifier: Apache-2.0
#pragma once

// Running a helper program (pg_dump, pg_restore) without a shell, so that nothing in its arguments is
// interpreted, with its standard error collected for the error message.

#include <string>
#include <vector>

#include "base/result.hpp"

namespace kasane {

// Runs argv[0] (looked up in PATH) with the arguments; stdin and stdout are /dev/null. Success when it exits 0;
// kUnavailable otherwise, with the program's standard error (up to 16 KiB) in the message.
Status RunProgram(const std::vector<std::string>& argv);

}  // namespace kasane
