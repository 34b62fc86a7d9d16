// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/error.hpp"

namespace kasane::cli {

// The one ErrorCode-to-exit-code table (sysexits.h values where one fits).
int ExitCodeFor(ErrorCode code);

}  // namespace kasane::cli
