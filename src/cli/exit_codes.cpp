// SPDX-License-Identifier: Apache-2.0
#include "cli/exit_codes.hpp"

namespace kasane::cli {

int ExitCodeFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return 64;       // EX_USAGE
        case ErrorCode::kNotFound: return 66;              // EX_NOINPUT
        case ErrorCode::kConflict: return 65;              // EX_DATAERR
        case ErrorCode::kUnauthenticated: return 77;       // EX_NOPERM
        case ErrorCode::kPermissionDenied: return 77;      // EX_NOPERM
        case ErrorCode::kCsrfRejected: return 77;          // EX_NOPERM
        case ErrorCode::kTooManyRequests: return 75;       // EX_TEMPFAIL
        case ErrorCode::kPayloadTooLarge: return 65;       // EX_DATAERR
        case ErrorCode::kUnsupportedMediaType: return 65;  // EX_DATAERR
        case ErrorCode::kMethodNotAllowed: return 64;      // EX_USAGE
        case ErrorCode::kSchemaTooNew: return 78;          // EX_CONFIG
        case ErrorCode::kUnavailable: return 69;           // EX_UNAVAILABLE
        case ErrorCode::kInternal: return 70;              // EX_SOFTWARE
    }
    return 70;
}

}  // namespace kasane::cli
