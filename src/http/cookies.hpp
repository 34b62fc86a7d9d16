// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace kasane::http {

inline constexpr std::string_view kSessionCookieName = "kasane_session";

// The Set-Cookie value for a session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
// Path=/, and Secure when the request came over TLS. No Max-Age: the server enforces idle and absolute expiry,
// and the browser forgets the cookie when it closes.
std::string SessionCookie(std::string_view token, bool secure);
// A Set-Cookie value that removes the session cookie.
std::string ExpiredSessionCookie(bool secure);

// The pending state between the password and the second factor: HttpOnly, SameSite=Strict, Path=/signin (sent
// to the second-step pages only), Max-Age as given.
inline constexpr std::string_view kPendingCookieName = "kasane_pending";
std::string PendingCookie(std::string_view token, bool secure, int max_age_seconds);
std::string ExpiredPendingCookie(bool secure);

}  // namespace kasane::http
