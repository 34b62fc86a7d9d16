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

}  // namespace kasane::http
