// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace kasane {

// One protocol-agnostic error vocabulary for the whole program.
// When you add a code, update:
//   - ErrorCodeName() in error.cpp (the stable string used in the JSON API),
//   - the HTTP status table in http/error_status.cpp,
//   - the CLI exit-code table in cli/exit_codes.cpp.
enum class ErrorCode {
    kInvalidArgument,   // the input is malformed or breaks a rule; `field` names the input
    kNotFound,          // no such record, or the caller may not know it exists
    kConflict,          // a uniqueness rule or a stale version number
    kUnauthenticated,   // no valid session or token
    kPermissionDenied,  // signed in, but the role does not allow the action (for a record only when it may be read)
    kCsrfRejected,      // a state-changing request made with a session lacked the CSRF token
    kTooManyRequests,   // throttled or temporarily locked out
    kPayloadTooLarge,   // body or field over its limit
    kUnsupportedMediaType,
    kMethodNotAllowed,
    kSchemaTooNew,  // the database was migrated by a newer binary
    kUnavailable,   // the database or another dependency is down
    kInternal,      // a bug; the message is generic, details go to the log
};

// The stable snake_case name of a code, as it appears in `{"error":{"code":...}}`.
std::string_view ErrorCodeName(ErrorCode code);

// A small value type: a code, a message for people (Japanese, shown in the UI and the API) and, for
// input errors, the name of the offending field.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;

    static Error InvalidArgument(std::string message, std::string field = {});
    static Error NotFound(std::string message = "見つかりません");
    static Error Conflict(std::string message, std::string field = {});
    static Error Unauthenticated(std::string message = "サインインが必要です");
    static Error PermissionDenied(std::string message = "この操作を行う権限がありません");
    static Error CsrfRejected();
    static Error TooManyRequests(std::string message);
    static Error PayloadTooLarge(std::string message, std::string field = {});
    static Error Unavailable(std::string message);
    static Error SchemaTooNew(std::string message);
    static Error Internal(std::string message = "内部エラーが発生しました");

    bool Is(ErrorCode c) const { return code == c; }
};

}  // namespace kasane
