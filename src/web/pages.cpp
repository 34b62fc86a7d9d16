#include "web/pages.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/log.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "domain/report.hpp"
#include "domain/user.hpp"
#include "http/cookies.hpp"
#include "web/assets.hpp"
#include "web/case_pages.hpp"
#include "web/case_work_pages.hpp"
#include "web/page_support.hpp"
#include "web/sharing_pages.hpp"
#include "web/template.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// What RenderPage and RenderErrorPage need beyond the request. They are free functions (the server calls
// RenderErrorPage for every page error), so AddPages leaves the dependencies here.
struct PageContext {
    domain::AuthService* auth = nullptr;
    domain::Administration* administration = nullptr;
    domain::Store* store = nullptr;
    domain::SharingService* sharing = nullptr;
    domain::PersonService* persons = nullptr;  // the home page's banner of unacknowledged DV protection removals
    bool fictional_banner_default = true;
};

std::mutex context_mutex;
std::optional<PageContext> page_context;

std::optional<PageContext> CurrentContext() {
    std::lock_guard lock(context_mutex);
    return page_context;
}

// Parsed once; a malformed embedded template is a bug of the build, so it stops the program at start-up
// (AddPages calls this before the server accepts anything).
const TemplateSet& Templates() {
    static const TemplateSet templates = [] {
        auto loaded = LoadEmbeddedTemplates();
        if (!loaded) throw std::logic_error("embedded templates are malformed: " + loaded.error().message);
        return std::move(*loaded);
    }();
    return templates;
}

// htmx reads this from <meta name="htmx-config">. No injected indicator <style> and no eval (the CSP forbids
// both), requests only to this site, and no copies of pages in localStorage: they hold personal data.
const std::string& HtmxConfig() {
    static const std::string config =
        json{{"includeIndicatorStyles", false}, {"allowEval", false},    {"allowScriptTags", false},
             {"selfRequestsOnly", true},        {"historyCacheSize", 0}, {"refreshOnHistoryMiss", true}}
            .dump();
    return config;
}

constexpr std::size_t kMaxNextLength = 2048;

// Where to go after signing in: only a path of this site. "//host" and "/\host" are other sites to a
// browser; anything outside printable ASCII could smuggle a header line or confuse the Location header.
std::string SafeNext(const std::optional<std::string>& next) {
    if (!next || next->empty() || next->size() > kMaxNextLength) return "/";
    const std::string& path = *next;
    if (path.front() != '/' || (path.size() > 1 && (path[1] == '/' || path[1] == '\\'))) return "/";
    for (char c : path) {
        if (c < 0x21 || c > 0x7e || c == '\\') return "/";
    }
    if (path == "/signin" || path.starts_with("/signin?") || path.starts_with("/signin/") ||
        path.starts_with("/signout")) {
        return "/";
    }
    return path;
}

// "/" -> "home", "/persons/12" -> "persons": marks the current section of the navigation.
std::string NavigationKey(std::string_view path) {
    if (path.empty() || path == "/") return "home";
    path.remove_prefix(1);
    const std::size_t slash = path.find('/');
    return std::string(path.substr(0, slash));
}

json RoleList(const domain::User& user) {
    json roles = json::array();
    for (domain::Role role : user.roles) {
        roles.push_back({{"code", domain::RoleCode(role)}, {"label", domain::RoleLabel(role)}});
    }
    return roles;
}

enum class LookupFailure { kFail, kTolerate };

// The values every page's layout uses. With kTolerate (error pages), a municipality or organisation that
// cannot be read is left out instead of failing: the error page must still render when the database is down.
Result<json> LayoutValues(const http::Request& request, LookupFailure on_failure) {
    const std::optional<PageContext> context = CurrentContext();
    json values = {{"asset", AssetUrls()},
                   {"htmx_config", HtmxConfig()},
                   {"nav", {{NavigationKey(request.path), true}}},
                   {"fictional", context ? context->fictional_banner_default : true}};
    if (!request.principal) return values;

    const domain::Principal& principal = *request.principal;
    const domain::User& user = principal.user;
    values["user"] = {{"display_name", user.display_name}, {"username", user.username}, {"roles", RoleList(user)}};
    values["nav_show"] = SharingNavigation(principal);
    if (domain::Administration::IsAdministrator(principal)) values["nav_show"]["security"] = true;
    if (!principal.csrf_token.empty()) {
        values["csrf_token"] = principal.csrf_token;
        values["hx_headers"] = json{{"X-CSRF-Token", principal.csrf_token}}.dump();
    }
    if (!context) return values;

    auto municipality = context->store->Municipalities().Get(principal.Tenant());
    if (municipality) {
        values["municipality"] = {{"name", municipality->name},
                                  {"code", municipality->code},
                                  {"prefecture_name", municipality->prefecture_name}};
        values["fictional"] = municipality->fictional;
    } else if (on_failure == LookupFailure::kFail) {
        return Fail(municipality.error());
    }
    auto tenant = context->store->Tenant(principal.Tenant());
    // A user holding more than one post today (出向) may switch the post the session acts in, from the header.
    if (principal.posts.size() > 1) {
        json options = json::array();
        for (const domain::Post& post : principal.posts) {
            auto post_organization = tenant->Organizations().Get(post.organization_id);
            std::string name = post_organization ? post_organization->name : "所属 " + std::to_string(post.id);
            std::string roles;
            for (domain::Role role : post.roles) roles += (roles.empty() ? "" : "・") + std::string(RoleLabel(role));
            options.push_back(
                {{"id", post.id}, {"name", name + "（" + roles + "）"}, {"selected", post.id == principal.post_id}});
        }
        values["post_switch"] = {{"options", std::move(options)}};
    }
    auto organization = tenant->Organizations().Get(user.organization_id);
    if (organization) {
        // 年度集計 is offered by the rule that guards it (ReportService::FiscalYear): one home, domain/report.hpp.
        values["nav_show"]["reports"] = domain::MayReadTownReports(principal, organization->kind);
        values["organization"] = {{"name", organization->name},
                                  {"kind", domain::OrganizationKindCode(organization->kind)},
                                  {"kind_label", domain::OrganizationKindLabel(organization->kind)}};
    } else if (on_failure == LookupFailure::kFail) {
        return Fail(organization.error());
    }
    return values;
}

Result<std::string> RenderInLayout(json layout, std::string_view title, std::string_view template_name, json data) {
    json page = layout;
    page["title"] = title;
    if (data.is_object()) {
        // Moved, not copied: a page's data can be large (the case page's is hundreds of values).
        for (auto&& [key, value] : data.items()) page[key] = std::move(value);
    } else if (!data.is_null()) {
        return Fail(Error::Internal("page data must be a JSON object"));
    }
    auto content = Templates().Render(template_name, page);
    if (!content) return Fail(content.error());
    layout["title"] = title;
    layout["content"] = std::move(*content);
    return Templates().Render("layout", layout);
}

struct ErrorText {
    std::string_view title;
    std::string_view explanation;
    bool show_message;  // the error's own message helps the reader (it never does for 404, 500, 503)
};

ErrorText TextFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return {"入力内容に誤りがあります",
                    "送信された内容を受け付けられませんでした。入力内容を確かめて、もう一度お試しください。", true};
        case ErrorCode::kUnauthenticated:
            return {"サインインが必要です", "このページを見るには、サインインしてください。", true};
        case ErrorCode::kPermissionDenied:
            return {"権限がありません",
                    "この操作を行う権限がありません。必要なときは、市町村の管理者に相談してください。", true};
        case ErrorCode::kCsrfRejected:
            return {"操作を確認できませんでした",
                    "画面を開いてから時間がたったか、別の画面から送信されたため、操作を受け付けませんでした。"
                    "ページを開き直して、もう一度お試しください。",
                    false};
        case ErrorCode::kNotFound:
            return {"ページが見つかりません",
                    "お探しのページは見つかりませんでした。URL に誤りがないか、ご確認ください。", false};
        case ErrorCode::kMethodNotAllowed:
            return {"この操作はできません", "このページでは、その方法による操作を受け付けていません。", false};
        case ErrorCode::kConflict:
            return {"ほかの操作と重なりました",
                    "同じ記録がほかの人によって先に更新されたか、同じ内容がすでに登録されています。"
                    "最新の内容を確かめてから、もう一度お試しください。",
                    true};
        case ErrorCode::kPayloadTooLarge:
            return {"送信された内容が大きすぎます",
                    "送信された内容が上限を超えています。内容を減らして、もう一度お試しください。", true};
        case ErrorCode::kUnsupportedMediaType:
            return {"この形式には対応していません", "送信された内容の形式を受け付けられませんでした。", true};
        case ErrorCode::kTooManyRequests:
            return {"しばらくお待ちください",
                    "短い時間に多くの操作があったため、一時的に受け付けを止めています。"
                    "しばらく時間をおいてから、もう一度お試しください。",
                    true};
        case ErrorCode::kSchemaTooNew:
        case ErrorCode::kUnavailable:
            return {"ただいま利用できません",
                    "システムが一時的に利用できない状態です。しばらく時間をおいてから、もう一度お試しください。",
                    false};
        case ErrorCode::kInternal:
            return {"エラーが発生しました",
                    "システムの内部でエラーが発生し、処理を完了できませんでした。"
                    "もう一度お試しいただき、続くときはシステム管理者に連絡してください。",
                    false};
    }
    return {"エラーが発生しました", "処理を完了できませんでした。", false};
}

http::Response MinimalErrorPage(int status) {
    return http::Response::Html(status,
                                "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>エラー | 重ね "
                                "Kasane</title></head><body><h1>エラーが発生しました</h1><p>処理を完了できません"
                                "でした。</p><p><a href=\"/\">ホームに戻る</a></p></body></html>");
}

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
            std::chrono::duration_cast<std::chrono::seconds>(second.expires_at - Instant{}).count() -
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
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

std::string FormField(const http::Request& request, std::string_view name) {
    const auto fields = request.FormFields();
    const auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

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

// --- the administrator's sign-in settings --------------------------------------------------------------------

http::Response ShowSecurity(const PageContext& context, http::Request& request, bool saved = false) {
    if (!context.administration) return RenderErrorPage(request, Error::NotFound());
    if (!domain::Administration::IsAdministrator(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("この画面は管理者だけが使えます"));
    }
    auto required = context.auth->SecondFactorRequired(*request.principal);
    if (!required) return RenderErrorPage(request, required.error());
    auto users = context.administration->ListUsers(*request.principal);
    if (!users) return RenderErrorPage(request, users.error());
    auto organizations = context.store->Tenant(request.principal->Tenant())->Organizations().List();
    if (!organizations) return RenderErrorPage(request, organizations.error());
    auto organization_name = [&](OrganizationId id) {
        for (const domain::Organization& organization : *organizations) {
            if (organization.id == id) return organization.name;
        }
        return std::string("—");
    };
    const domain::Date today =
        JstDate(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    json rows = json::array();
    for (const domain::User& user : *users) {
        auto posts = context.administration->ListPosts(*request.principal, user.id);
        if (!posts) return RenderErrorPage(request, posts.error());
        json post_rows = json::array();
        for (const domain::Post& post : *posts) {
            std::string roles;
            for (domain::Role role : post.roles) roles += (roles.empty() ? "" : "・") + std::string(RoleLabel(role));
            post_rows.push_back({{"id", post.id},
                                 {"organization", organization_name(post.organization_id)},
                                 {"roles", roles},
                                 {"starts_on", FormatWareki(post.starts_on)},
                                 {"ends_on", post.ends_on ? FormatWareki(*post.ends_on) : std::string()},
                                 {"active", post.ActiveOn(today)},
                                 {"open", !post.ends_on.has_value()}});
        }
        std::string own_roles;
        for (domain::Role role : user.roles) {
            own_roles += (own_roles.empty() ? "" : "・") + std::string(RoleLabel(role));
        }
        rows.push_back({{"id", user.id},
                        {"username", user.username},
                        {"display_name", user.display_name},
                        {"own_organization", organization_name(user.organization_id)},
                        {"own_roles", own_roles},
                        {"has_posts", !post_rows.empty()},
                        {"posts", std::move(post_rows)}});
    }
    json organization_options = json::array();
    for (const domain::Organization& organization : *organizations) {
        organization_options.push_back({{"id", organization.id}, {"name", organization.name}});
    }
    json role_options = json::array();
    for (domain::Role role : domain::kAllRoles) {
        role_options.push_back({{"code", domain::RoleCode(role)}, {"label", domain::RoleLabel(role)}});
    }
    json data = {{"required", *required},
                 {"users", std::move(rows)},
                 {"organization_options", std::move(organization_options)},
                 {"role_options", std::move(role_options)}};
    if (saved) data["saved"] = true;
    return RenderPage(request, "サインインの安全設定", "admin_security", std::move(data));
}

http::Response SubmitSecurity(const PageContext& context, http::Request& request) {
    if (auto set = context.auth->SetSecondFactorRequired(*request.principal, FormField(request, "required") == "1");
        !set) {
        return RenderErrorPage(request, set.error());
    }
    return ShowSecurity(context, request, true);
}

std::optional<UserId> PathUserId(const http::Request& request) {
    const std::string_view text = request.PathParam("id");
    UserId id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

http::Response ResetPassword(const PageContext& context, http::Request& request) {
    const auto id = PathUserId(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    if (auto changed = context.administration->ChangePassword(*request.principal, *id, FormField(request, "password"));
        !changed) {
        return RenderErrorPage(request, changed.error());
    }
    return ShowSecurity(context, request, true);
}

http::Response ResetSecondFactor(const PageContext& context, http::Request& request) {
    const auto id = PathUserId(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    if (auto reset = context.auth->ResetSecondFactor(*request.principal, *id); !reset) {
        return RenderErrorPage(request, reset.error());
    }
    return ShowSecurity(context, request, true);
}

// --- posts (出向・異動) ----------------------------------------------------------------------------------------

std::optional<std::int64_t> PathNumber(const http::Request& request) {
    const std::string_view text = request.PathParam("id");
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

Result<domain::Date> FormDate(const http::Request& request, std::string_view name, std::string_view label) {
    const std::string text = Trim(FormField(request, name));
    if (text.empty())
        return Fail(Error::InvalidArgument("「" + std::string(label) + "」を入力してください", std::string(name)));
    return ParseJapaneseDate(text, label);
}

http::Response AddPostPage(const PageContext& context, http::Request& request) {
    const auto id = PathNumber(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    domain::Post post;
    const std::string organization_text = FormField(request, "organization_id");
    const auto [end, error] = std::from_chars(
        organization_text.data(), organization_text.data() + organization_text.size(), post.organization_id);
    if (error != std::errc{} || end != organization_text.data() + organization_text.size()) {
        return RenderErrorPage(request, Error::InvalidArgument("所属機関を選んでください", "organization_id"));
    }
    const auto role = domain::ParseRole(FormField(request, "role"));
    if (!role) return RenderErrorPage(request, Error::InvalidArgument("役割を選んでください", "role"));
    post.roles = {*role};
    auto starts_on = FormDate(request, "starts_on", "開始日");
    if (!starts_on) return RenderErrorPage(request, starts_on.error());
    post.starts_on = *starts_on;
    if (!Trim(FormField(request, "ends_on")).empty()) {
        auto ends_on = FormDate(request, "ends_on", "終了日");
        if (!ends_on) return RenderErrorPage(request, ends_on.error());
        post.ends_on = *ends_on;
    }
    if (auto added = context.administration->AddPost(*request.principal, *id, post); !added) {
        return RenderErrorPage(request, added.error());
    }
    return ShowSecurity(context, request, true);
}

http::Response EndPostPage(const PageContext& context, http::Request& request) {
    const auto id = PathNumber(request);
    if (!id || !context.administration) return RenderErrorPage(request, Error::NotFound());
    auto ends_on = FormDate(request, "ends_on", "終了日");
    if (!ends_on) return RenderErrorPage(request, ends_on.error());
    if (auto ended = context.administration->EndPost(*request.principal, *id, *ends_on); !ended) {
        return RenderErrorPage(request, ended.error());
    }
    return ShowSecurity(context, request, true);
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
    return response;
}

// --- home ----------------------------------------------------------------------------------------------------

http::Response ShowHome(const PageContext& context, http::Request& request) {
    json data = json::object();
    // Administrators are told of emergency accesses nobody has reviewed yet (本人の生命・身体の保護 is an exception
    // to the rules, so every use of it is looked at by a person).
    if (context.sharing && domain::Administration::IsAdministrator(*request.principal)) {
        auto alerts = context.sharing->EmergencyAlerts(ActorOf(request), true);
        if (alerts && !alerts->empty()) data["emergency_alerts"] = alerts->size();
    }
    // And of removals of DV protection (item 3), acknowledged the same way; the last year's, as the list shows.
    if (context.persons && request.principal->HasRole(domain::Role::kMunicipalAdministrator)) {
        auto alerts = context.persons->DvProtectionAlerts(ActorOf(request), 366, true);
        if (alerts && !alerts->empty()) data["dv_protection_alerts"] = alerts->size();
    }
    return RenderPage(request, "ホーム", "home", std::move(data));
}

// --- assets ------------------------------------------------------------------------------------------------

// True when an If-None-Match list names this ETag (or is "*").
bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
    while (!if_none_match.empty()) {
        const std::size_t comma = if_none_match.find(',');
        std::string_view candidate = if_none_match.substr(0, comma);
        while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
        while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
        if (candidate.starts_with("W/")) candidate.remove_prefix(2);
        if (candidate == etag || candidate == "*") return true;
        if (comma == std::string_view::npos) break;
        if_none_match.remove_prefix(comma + 1);
    }
    return false;
}

http::Response ServeAsset(http::Request& request) {
    const auto found = FindAsset(request.PathParam("file"));
    if (!found) return RenderErrorPage(request, Error::NotFound());
    const Asset& asset = *found->asset;
    // A hashed URL names one version forever; a plain name may change with the next release.
    const std::string_view cache_control = found->immutable ? "public, max-age=31536000, immutable" : "no-cache";
    http::Response response;
    if (EtagMatches(request.HeaderValue("If-None-Match"), asset.etag)) {
        response.status = 304;
    } else {
        response = http::Response::Text(200, std::string(asset.content), asset.content_type);
    }
    response.SetHeader("ETag", asset.etag);
    response.SetHeader("Cache-Control", cache_control);
    return response;
}

}  // namespace

void AddPages(http::Router& router, WebDependencies deps) {
    (void)Templates();  // parse now, at start-up, not at the first request
    const PageContext context{.auth = &deps.auth,
                              .administration = deps.administration,
                              .store = &deps.store,
                              .sharing = &deps.sharing,
                              .persons = &deps.persons,
                              .fictional_banner_default = deps.fictional_banner_default};
    {
        std::lock_guard lock(context_mutex);
        page_context = context;
    }

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
    // The second step of sign-in, the user's own second factor, and the administrator's sign-in settings.
    auto page = [&router, context](std::string method, std::string pattern, http::Access access,
                                   http::Response (*handler)(const PageContext&, http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = access,
                    .surface = http::Surface::kPage,
                    .handler = [context, handler](http::Request& request) { return handler(context, request); }});
    };
    page("GET", "/signin/code", http::Access::kPublic, ShowCodeForm);
    page("POST", "/signin/code", http::Access::kPublic, SubmitCode);
    page("GET", "/signin/enrol", http::Access::kPublic, [](const PageContext& c, http::Request& request) {
        return ShowEnrolment(c, request, SafeNext(request.QueryParam("next")), std::nullopt, 200);
    });
    page("POST", "/signin/enrol", http::Access::kPublic, SubmitEnrolment);
    page("GET", "/account/second-factor", http::Access::kSignedIn, ShowOwnSecondFactor);
    page("POST", "/account/second-factor", http::Access::kSignedIn, StartOwnEnrolment);
    page("POST", "/account/second-factor/confirm", http::Access::kSignedIn, ConfirmOwnEnrolment);
    page("GET", "/admin/security", http::Access::kSignedIn,
         [](const PageContext& c, http::Request& request) { return ShowSecurity(c, request); });
    page("POST", "/admin/security", http::Access::kSignedIn, SubmitSecurity);
    page("POST", "/admin/users/{id}/password", http::Access::kSignedIn, ResetPassword);
    page("POST", "/admin/users/{id}/second-factor/reset", http::Access::kSignedIn, ResetSecondFactor);
    page("POST", "/admin/users/{id}/posts", http::Access::kSignedIn, AddPostPage);
    page("POST", "/admin/posts/{id}/end", http::Access::kSignedIn, EndPostPage);
    page("POST", "/account/post", http::Access::kSignedIn, SwitchPostPage);
    router.Add({.method = "POST",
                .pattern = "/signout",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [context](http::Request& request) { return SignOut(context, request); }});
    router.Add({.method = "GET",
                .pattern = "/",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [context](http::Request& request) { return ShowHome(context, request); }});
    router.Add({.method = "GET",
                .pattern = "/assets/{file}",
                .access = http::Access::kPublic,
                .surface = http::Surface::kPage,
                .handler = ServeAsset});

    const IntakeServices services{.store = &deps.store,
                                  .persons = &deps.persons,
                                  .households = &deps.households,
                                  .consultations = &deps.consultations,
                                  .referrals = &deps.referrals,
                                  .reports = &deps.reports,
                                  .sharing = &deps.sharing};
    AddIntakePages(router, services);
    AddReferralPages(router, services);
    AddSharingPages(router, SharingPageServices{.store = &deps.store,
                                                .sharing = &deps.sharing,
                                                .audit = &deps.audit,
                                                .persons = &deps.persons,
                                                .cases = &deps.cases});
    AddCasePages(router, CasePageServices{.store = &deps.store,
                                          .cases = &deps.cases,
                                          .persons = &deps.persons,
                                          .households = &deps.households,
                                          .consultations = &deps.consultations,
                                          .sharing = &deps.sharing});
    AddCaseWorkPages(router, CaseWorkPageServices{.store = &deps.store, .cases = &deps.cases});
}

http::Response RenderPage(const http::Request& request, std::string_view title, std::string_view template_name,
                          nlohmann::json data, int status) {
    auto layout = LayoutValues(request, LookupFailure::kFail);
    if (!layout) return RenderErrorPage(request, layout.error());
    auto html = RenderInLayout(std::move(*layout), title, template_name, std::move(data));
    if (!html) {
        Log(LogLevel::kError, "page rendering failed",
            {{"request_id", request.request_id}, {"template", template_name}, {"error", html.error().message}});
        return RenderErrorPage(request, Error::Internal());
    }
    return http::Response::Html(status, std::move(*html));
}

http::Response RenderFragment(const http::Request& request, std::string_view template_name, nlohmann::json data,
                              int status) {
    auto layout = LayoutValues(request, LookupFailure::kFail);
    if (!layout) return RenderErrorPage(request, layout.error());
    json values = std::move(*layout);
    if (data.is_object()) {
        for (const auto& [key, value] : data.items()) values[key] = value;
    }
    auto html = Templates().Render(template_name, values);
    if (!html) {
        Log(LogLevel::kError, "fragment rendering failed",
            {{"request_id", request.request_id}, {"template", template_name}, {"error", html.error().message}});
        return RenderErrorPage(request, Error::Internal());
    }
    return http::Response::Html(status, std::move(*html));
}

http::Response RenderErrorPage(const http::Request& request, const Error& error) {
    const int status = http::HttpStatusFor(error.code);
    try {
        const ErrorText text = TextFor(error.code);
        json data = {{"status", status}, {"explanation", text.explanation}, {"request_id", request.request_id}};
        if (text.show_message && !error.message.empty()) data["detail"] = error.message;
        if (error.code == ErrorCode::kUnauthenticated && !request.principal) {
            data["signin_href"] = "/signin?next=" + http::PercentEncode(SafeNext(request.target));
        }
        auto layout = LayoutValues(request, LookupFailure::kTolerate);
        if (layout) {
            auto html = RenderInLayout(std::move(*layout), text.title, "error", data);
            if (html) return http::Response::Html(status, std::move(*html));
            Log(LogLevel::kError, "error page rendering failed",
                {{"request_id", request.request_id}, {"error", html.error().message}});
        }
    } catch (const std::exception& exception) {
        Log(LogLevel::kError, "error page rendering threw",
            {{"request_id", request.request_id}, {"error", exception.what()}});
    }
    return MinimalErrorPage(status);
}

}  // namespace kasane::web
