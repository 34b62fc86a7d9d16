// SPDX-License-Identifier: Apache-2.0
#include "http/cookies.hpp"

namespace kasane::http {

namespace {

std::string Attributes(bool secure) {
    std::string attributes = "; Path=/; HttpOnly; SameSite=Strict";
    if (secure) attributes += "; Secure";
    return attributes;
}

}  // namespace

std::string SessionCookie(std::string_view token, bool secure) {
    return std::string(kSessionCookieName) + "=" + std::string(token) + Attributes(secure);
}

std::string ExpiredSessionCookie(bool secure) {
    return std::string(kSessionCookieName) + "=" + Attributes(secure) + "; Max-Age=0";
}

std::string PendingCookie(std::string_view token, bool secure, int max_age_seconds) {
    std::string cookie = std::string(kPendingCookieName) + "=" + std::string(token) +
                         "; Path=/signin; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
    if (secure) cookie += "; Secure";
    return cookie;
}

std::string ExpiredPendingCookie(bool secure) {
    std::string cookie = std::string(kPendingCookieName) + "=; Path=/signin; HttpOnly; SameSite=Strict; Max-Age=0";
    if (secure) cookie += "; Secure";
    return cookie;
}

}  // namespace kasane::http
