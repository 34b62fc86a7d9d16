// SPDX-License-Identifier: Apache-2.0
#include "http/message.hpp"

namespace kasane::http {

// The one ErrorCode-to-HTTP-status table. When a code is added to base/error.hpp, add it here: the switch has
// no default, so -Wswitch (an error in this build) points at this function.
int HttpStatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return 400;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kPermissionDenied: return 403;
        case ErrorCode::kCsrfRejected: return 403;
        case ErrorCode::kTooManyRequests: return 429;
        case ErrorCode::kPayloadTooLarge: return 413;
        case ErrorCode::kUnsupportedMediaType: return 415;
        case ErrorCode::kMethodNotAllowed: return 405;
        case ErrorCode::kSchemaTooNew: return 503;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

}  // namespace kasane::http
