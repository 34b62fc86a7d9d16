// SPDX-License-Identifier: Apache-2.0
// Sign-in (password, then the second factor or its enrolment required by the town), the signed-in user's own
// second factor and post, and sign-out.

#include <charconv>
#include <chrono>
#include <optional>
#include <string>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "domain/user.hpp"
#include "http/cookies.hpp"
#include "web/admin_page_support.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// --- sign-in -------------------------------------------------------------------------------------------------

struct SignInForm {
    std::string username;
    std::string next = "/";
    std::optional<std::pair<std::string, std::string>> error;  // title, message
};

http::Response RenderSignIn(const http::Request& request, const SignInForm& form, int status) {
    json data = {{"username", form.username}, {"next", form.next}};
    if (form.error) data["error"] = {{"title", form.error->first}, {"message", form.error->second}};
    return RenderPage(request, "サインイン", "signin", std::move(data), status);
}

http::Response ShowSignIn(const PageContext& context, http::Request& request) {
    const std::string next = SafeNext(request.QueryParam("next"));
    // Already signed in (a bookmark of /signin, the back button): go on instead of asking again.
    if (auto cookie = request.Cookie(http::kSessionCookieName); cookie && !cookie->empty()) {
        if (context.auth->AuthenticateSession(*cookie)) return http::Response::Redirect(next);
    }
    return RenderSignIn(request, SignInForm{.next = next}, 200);
}

constexpr std::string_view kWrongCredentials = "ユーザー名またはパスワードが正しくありません";

http::Response SubmitSignIn(const PageContext& context, http::Request& request) {
    const auto fields = request.FormFields();
    auto field = [&](std::string_view name) {
        auto found = fields.find(name);
        return found == fields.end() ? std::string() : found->second;
    };
    SignInForm form{.username = field("username"), .next = SafeNext(field("next"))};
    const std::string password = field("password");
    if (form.username.empty() || password.empty()) {
        form.error = {"入力してください", "ユーザー名とパスワードを入力してください。"};
        return RenderSignIn(request, form, 400);
    }

    auto step =
        context.auth->SignIn(form.username, password, request.remote_address, request.HeaderValue("User-Agent"));
    if (!step) {
        const Error& error = step.error();
        switch (error.code) {
            // One answer whatever was wrong (the domain gives one error for an unknown username, a wrong password,
            // a disabled or locked account and a throttled address), so that the form never tells them apart.
            case ErrorCode::kUnauthenticated:
            case ErrorCode::kInvalidArgument:
            case ErrorCode::kTooManyRequests:
                form.error = {"サインインできませんでした", std::string(kWrongCredentials)};
                return RenderSignIn(request, form, 401);
            default: return RenderErrorPage(request, error);
        }
    }
    if (step->second_step) {
        const domain::SecondStep& second = *step->second_step;
        const std::string page = second.purpose == domain::PendingPurpose::kEnrol ? "/signin/enrol" : "/signin/code";
        http::Response response = http::Response::Redirect(page + "?next=" + http::PercentEncode(form.next));
        const auto seconds =
            std::chrono::duration_cast<std::chrono::seconds>(second.expires_at - context.clock->Now()).count();
        response.AddHeader("Set-Cookie", http::PendingCookie(second.pending_token, request.secure,
                                                             static_cast<int>(std::max<long long>(seconds, 1))));
        return response;
    }
    http::Response response = http::Response::Redirect(form.next);
    response.AddHeader("Set-Cookie", http::SessionCookie(step->signed_in->session_token, request.secure));
    return response;
}

// --- the second step of sign-in ------------------------------------------------------------------------------

std::string PendingToken(const http::Request& request) {
    return request.Cookie(http::kPendingCookieName).value_or(std::string());
}

}  // namespace

std::string FormField(const http::Request& request, std::string_view name) {
    const auto fields = request.FormFields();
    const auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

namespace {

// The pending state has ended (expired, used, or the account locked meanwhile): start again from the password.
http::Response PendingEndedPage(const http::Request& request, const std::string& next) {
    SignInForm form{.next = next};
    form.error = {"もう一度サインインしてください", domain::AuthService::PendingEnded().message};
    http::Response response = RenderSignIn(request, form, 401);
    response.AddHeader("Set-Cookie", http::ExpiredPendingCookie(request.secure));
    return response;
}

http::Response RenderCodeForm(const http::Request& request, const std::string& next, std::optional<std::string> error,
                              int status) {
    json data = {{"next", next}};
    if (error) data["error"] = {{"title", "確認できませんでした"}, {"message", *error}};
    return RenderPage(request, "確認コードの入力", "signin_code", std::move(data), status);
}

http::Response ShowCodeForm(const PageContext&, http::Request& request) {
    const std::string next = SafeNext(request.QueryParam("next"));
    if (PendingToken(request).empty()) return PendingEndedPage(request, next);
    return RenderCodeForm(request, next, std::nullopt, 200);
}

http::Response SubmitCode(const PageContext& context, http::Request& request) {
    const std::string next = SafeNext(FormField(request, "next"));
    auto signed_in = context.auth->CompleteSignIn(PendingToken(request), FormField(request, "code"),
                                                  request.remote_address, request.HeaderValue("User-Agent"));
    if (!signed_in) {
        if (signed_in.error().message == domain::AuthService::WrongCode().message) {
            return RenderCodeForm(request, next, signed_in.error().message, 401);
        }
        if (signed_in.error().Is(ErrorCode::kUnauthenticated)) return PendingEndedPage(request, next);
        return RenderErrorPage(request, signed_in.error());
    }
    http::Response response = http::Response::Redirect(next);
    response.AddHeader("Set-Cookie", http::SessionCookie(signed_in->session_token, request.secure));
    response.AddHeader("Set-Cookie", http::ExpiredPendingCookie(request.secure));
    return response;
}

http::Response RenderEnrolment(const http::Request& request, const domain::TotpEnrolment& enrolment,
                               std::string_view action, const std::string& next, bool required,
                               std::optional<std::string> error, int status) {
    json data = {{"secret", enrolment.secret_base32},
                 {"otpauth_uri", enrolment.otpauth_uri},
                 {"action", action},
                 {"next", next},
                 {"required", required}};
    if (error) data["error"] = {{"title", "登録できませんでした"}, {"message", *error}};
    return RenderPage(request, "二要素認証の登録", "second_factor_enrol", std::move(data), status);
}

http::Response ShowEnrolment(const PageContext& context, http::Request& request, const std::string& next,
                             std::optional<std::string> error, int status) {
    auto enrolment = context.auth->StartEnrolment(PendingToken(request));
    if (!enrolment) {
        if (enrolment.error().Is(ErrorCode::kUnauthenticated)) return PendingEndedPage(request, next);
        return RenderErrorPage(request, enrolment.error());
    }
    return RenderEnrolment(request, *enrolment, "/signin/enrol", next, true, std::move(error), status);
}

http::Response SubmitEnrolment(const PageContext& context, http::Request& request) {
    const std::string next = SafeNext(FormField(request, "next"));
    auto confirmed = context.auth->ConfirmEnrolment(PendingToken(request), FormField(request, "code"),
                                                    request.remote_address, request.HeaderValue("User-Agent"));
    if (!confirmed) {
        if (confirmed.error().Is(ErrorCode::kInvalidArgument)) {
            // The secret shown before is not kept anywhere readable: a new one is issued with the message.
            return ShowEnrolment(
                context, request, next,
                confirmed.error().message + "（新しい秘密鍵を発行しました。アプリに登録し直してください）", 400);
        }
        if (confirmed.error().Is(ErrorCode::kUnauthenticated)) return PendingEndedPage(request, next);
        return RenderErrorPage(request, confirmed.error());
    }
    http::Request signed_in_request = request;
    signed_in_request.principal = confirmed->signed_in->principal;
    http::Response response = RenderPage(signed_in_request, "回復コード", "second_factor_recovery",
                                         json{{"recovery_codes", confirmed->recovery_codes}, {"next", next}});
    response.AddHeader("Set-Cookie", http::SessionCookie(confirmed->signed_in->session_token, request.secure));
    response.AddHeader("Set-Cookie", http::ExpiredPendingCookie(request.secure));
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

// --- the signed-in user's own second factor ------------------------------------------------------------------

// 「パスワードの変更」: the user's own, with the current one given (Administration::ChangeOwnPassword). Passwords are
// never sent back into the form.
http::Response ShowOwnPassword(const PageContext&, http::Request& request) {
    return RenderPage(request, "パスワードの変更", "account_password", json{{"errors", json::object()}});
}

http::Response ChangeOwnPassword(const PageContext& context, http::Request& request) {
    static const std::vector<std::string_view> kFields = {"current_password", "new_password", "new_password_again"};
    json errors = json::object();
    const std::string new_password = FormField(request, "new_password");
    if (new_password != FormField(request, "new_password_again")) {
        AddFieldError(
            errors, Error::InvalidArgument("確認のためのパスワードが新しいパスワードと違います", "new_password_again"),
            kFields);
        return RenderPage(request, "パスワードの変更", "account_password", json{{"errors", errors}}, 400);
    }
    auto changed = context.administration->ChangeOwnPassword(*request.principal, FormField(request, "current_password"),
                                                             new_password);
    if (!changed) {
        if (!IsFormError(changed.error())) return RenderErrorPage(request, changed.error());
        AddFieldError(errors, changed.error(), kFields);
        return RenderPage(request, "パスワードの変更", "account_password", json{{"errors", errors}},
                          FormStatus(changed.error()));
    }
    // Every session of the user ended with the change, this one too.
    http::Response response = RenderPage(request, "パスワードの変更", "account_password",
                                         json{{"changed", true}, {"errors", json::object()}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response ShowOwnSecondFactor(const PageContext& context, http::Request& request) {
    auto state = context.auth->SecondFactorStatus(*request.principal);
    if (!state) return RenderErrorPage(request, state.error());
    return RenderPage(request, "二要素認証", "second_factor",
                      json{{"enrolled", state->enrolled},
                           {"recovery_codes_left", state->recovery_codes_left},
                           {"required", state->required}});
}

http::Response StartOwnEnrolment(const PageContext& context, http::Request& request) {
    auto enrolment = context.auth->StartEnrolment(*request.principal);
    if (!enrolment) return RenderErrorPage(request, enrolment.error());
    http::Response response = RenderEnrolment(request, *enrolment, "/account/second-factor/confirm",
                                              "/account/second-factor", false, std::nullopt, 200);
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response ConfirmOwnEnrolment(const PageContext& context, http::Request& request) {
    auto confirmed = context.auth->ConfirmEnrolment(*request.principal, FormField(request, "code"));
    if (!confirmed) {
        if (confirmed.error().Is(ErrorCode::kInvalidArgument)) {
            auto enrolment = context.auth->StartEnrolment(*request.principal);
            if (!enrolment) return RenderErrorPage(request, enrolment.error());
            return RenderEnrolment(
                request, *enrolment, "/account/second-factor/confirm", "/account/second-factor", false,
                confirmed.error().message + "（新しい秘密鍵を発行しました。アプリに登録し直してください）", 400);
        }
        return RenderErrorPage(request, confirmed.error());
    }
    http::Response response =
        RenderPage(request, "回復コード", "second_factor_recovery",
                   json{{"recovery_codes", confirmed->recovery_codes}, {"next", "/account/second-factor"}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

// The header's post selector: the session acts in the chosen post from the next page on.
http::Response SwitchPostPage(const PageContext& context, http::Request& request) {
    const std::string text = FormField(request, "post_id");
    PostId post_id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), post_id);
    if (error != std::errc{} || end != text.data() + text.size()) return RenderErrorPage(request, Error::NotFound());
    auto switched = context.auth->SwitchPost(request.session_token, *request.principal, post_id, request.remote_address,
                                             request.request_id);
    if (!switched) return RenderErrorPage(request, switched.error());
    return http::Response::Redirect("/");
}

http::Response SignOut(const PageContext& context, http::Request& request) {
    // The server has checked the CSRF token (form field _csrf) before calling this.
    if (!request.session_token.empty()) {
        if (auto ended = context.auth->SignOut(request.session_token, *request.principal, request.remote_address);
            !ended) {
            // Keep the cookie: the session still exists, and the person can try again.
            return RenderErrorPage(request, ended.error());
        }
    }
    http::Response response = http::Response::Redirect("/signin");
    response.AddHeader("Set-Cookie", http::ExpiredSessionCookie(request.secure));
    // What the offline visit list kept on this device (IndexedDB, the service worker's cache) goes with the session:
    // browsers honour this header over HTTPS, which offline use needs anyway (docs/household_survey.md, "Offline").
    response.AddHeader("Clear-Site-Data", "\"cache\", \"storage\"");
    return response;
}

}  // namespace

void AddSignInPages(http::Router& router, const PageContext& context) {
    auto page = [&router, context](std::string method, std::string pattern, http::Access access,
                                   http::Response (*handler)(const PageContext&, http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = access,
                    .surface = http::Surface::kPage,
                    .handler = [context, handler](http::Request& request) { return handler(context, request); }});
    };
    router.Add({.method = "GET",
                .pattern = "/signin",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = [context](http::Request& request) { return ShowSignIn(context, request); }});
    router.Add({.method = "POST",
                .pattern = "/signin",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = [context](http::Request& request) { return SubmitSignIn(context, request); }});
    page("GET", "/signin/code", http::Access::kPublic, ShowCodeForm);
    page("POST", "/signin/code", http::Access::kPublic, SubmitCode);
    page("GET", "/signin/enrol", http::Access::kPublic, [](const PageContext& c, http::Request& request) {
        return ShowEnrolment(c, request, SafeNext(request.QueryParam("next")), std::nullopt, 200);
    });
    page("POST", "/signin/enrol", http::Access::kPublic, SubmitEnrolment);
    page("GET", "/account/password", http::Access::kSignedIn, ShowOwnPassword);
    page("POST", "/account/password", http::Access::kSignedIn, ChangeOwnPassword);
    page("GET", "/account/second-factor", http::Access::kSignedIn, ShowOwnSecondFactor);
    page("POST", "/account/second-factor", http::Access::kSignedIn, StartOwnEnrolment);
    page("POST", "/account/second-factor/confirm", http::Access::kSignedIn, ConfirmOwnEnrolment);
    page("POST", "/account/post", http::Access::kSignedIn, SwitchPostPage);
    router.Add({.method = "POST",
                .pattern = "/signout",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [context](http::Request& request) { return SignOut(context, request); }});
}

}  // namespace kasane::web
