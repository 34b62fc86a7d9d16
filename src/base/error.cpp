// SPDX-License-Identifier: Apache-2.0
#include "base/error.hpp"

#include <utility>

namespace kasane {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kPermissionDenied: return "permission_denied";
        case ErrorCode::kCsrfRejected: return "csrf_rejected";
        case ErrorCode::kTooManyRequests: return "too_many_requests";
        case ErrorCode::kPayloadTooLarge: return "payload_too_large";
        case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
        case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
        case ErrorCode::kSchemaTooNew: return "schema_too_new";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

Error Error::InvalidArgument(std::string message, std::string field) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
}
Error Error::NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
Error Error::Conflict(std::string message, std::string field) {
    return {ErrorCode::kConflict, std::move(message), std::move(field)};
}
Error Error::Unauthenticated(std::string message) { return {ErrorCode::kUnauthenticated, std::move(message), {}}; }
Error Error::PermissionDenied(std::string message) { return {ErrorCode::kPermissionDenied, std::move(message), {}}; }
Error Error::CsrfRejected() {
    return {ErrorCode::kCsrfRejected, "画面の有効期限が切れました。ページを再読み込みしてからやり直してください", {}};
}
Error Error::TooManyRequests(std::string message) { return {ErrorCode::kTooManyRequests, std::move(message), {}}; }
Error Error::PayloadTooLarge(std::string message, std::string field) {
    return {ErrorCode::kPayloadTooLarge, std::move(message), std::move(field)};
}
Error Error::Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message), {}}; }
Error Error::SchemaTooNew(std::string message) { return {ErrorCode::kSchemaTooNew, std::move(message), {}}; }
Error Error::Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }

}  // namespace kasane
