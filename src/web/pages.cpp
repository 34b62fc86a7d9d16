// SPDX-License-Identifier: Apache-2.0
#include "web/pages.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/crypto.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/log.hpp"
#include "domain/access_policy.hpp"
#include "domain/administration.hpp"
#include "domain/commissioner_activity_service.hpp"
#include "domain/community_development.hpp"
#include "domain/master_data.hpp"
#include "domain/participation_match.hpp"
#include "domain/report.hpp"
#include "domain/resource_directory.hpp"
#include "domain/training.hpp"
#include "domain/user.hpp"
#include "http/cookies.hpp"
#include "web/assets.hpp"
#include "web/case_pages.hpp"
#include "web/case_work_pages.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/prefecture_pages.hpp"
#include "web/sharing_pages.hpp"
#include "web/template.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

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

}  // namespace

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

namespace {

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
    // 相談受付 and つなぎ for the roles that record consultations and referrals (the use cases ask the same rule).
    values["nav_show"]["intake"] = domain::RecordsConsultations(principal);
    values["nav_show"]["referrals"] = domain::RecordsConsultations(principal);
    values["nav_show"]["book"] = domain::ConsultationService::HasBook(principal);
    values["nav_show"]["commissioner"] = domain::CommissionerActivityService::MayOpen(principal);
    values["nav_show"]["operator"] = domain::IsOperator(principal);
    // 世帯訪問調査: the roles that run a campaign or visit for one (the list shows only what the policy opens).
    values["nav_show"]["survey"] = domain::RecordsConsultations(principal);
    values["nav_show"]["outreach"] = domain::MayWorkOutreach(principal);  // アウトリーチ: the professional roles
    values["nav_show"]["resources"] = domain::MayReadResourceDirectory(principal);  // 資源台帳
    values["nav_show"]["community"] = domain::MayReadCommunityIssues(principal);    // 地域づくり・地域課題
    if (!principal.csrf_token.empty()) {
        values["csrf_token"] = principal.csrf_token;
        // A one-time key for the forms of this page that opt in (<input type="hidden" name="_submit_key"
        // value="{{submit_key}}">): a repeated submit answers what the first did (http/idempotency.hpp).
        values["submit_key"] = RandomToken(18);
        values["hx_headers"] = json{{"X-CSRF-Token", principal.csrf_token}}.dump();
    }
    if (!context) return values;

    auto municipality = context->directory->MunicipalityOf(principal);
    if (municipality) {
        values["municipality"] = {{"name", municipality->name},
                                  {"code", municipality->code},
                                  {"prefecture_name", municipality->prefecture_name}};
        values["fictional"] = municipality->fictional;
    } else if (on_failure == LookupFailure::kFail) {
        return Fail(municipality.error());
    }
    // A user holding more than one post today (出向) may switch the post the session acts in, from the header.
    if (principal.posts.size() > 1) {
        json options = json::array();
        for (const domain::Post& post : principal.posts) {
            auto post_organization = context->directory->GetOrganization(principal, post.organization_id);
            std::string name = post_organization ? post_organization->name : "所属 " + std::to_string(post.id);
            std::string roles;
            for (domain::Role role : post.roles) roles += (roles.empty() ? "" : "・") + std::string(RoleLabel(role));
            options.push_back(
                {{"id", post.id}, {"name", name + "（" + roles + "）"}, {"selected", post.id == principal.post_id}});
        }
        values["post_switch"] = {{"options", std::move(options)}};
    }
    // 県の集計: the analysts of the prefecture's office (MayReadPrefectureRollup, asked through the use case).
    values["nav_show"]["prefecture"] = OffersPrefecturePage(principal);
    auto organization = context->directory->GetOrganization(principal, user.organization_id);
    if (organization) {
        // 年度集計 is offered by the rule that guards it (ReportService::FiscalYear): one home, domain/report.hpp.
        values["nav_show"]["reports"] = domain::MayReadTownReports(principal, organization->kind);
        // 参加支援: the 社協's and the town's divisions' professional staff (MayWorkParticipation).
        values["nav_show"]["participation"] = domain::MayWorkParticipation(principal, organization->kind);
        // 人材育成: the town's staff and administrators (MayReadTrainingTotals).
        values["nav_show"]["training"] = domain::MayReadTrainingTotals(principal, organization->kind);
        // 実施計画と評価: the town's coordinators, administrators and caseworkers (MayReadEvaluationPlan).
        values["nav_show"]["evaluation"] = domain::MayReadEvaluationPlan(principal, organization->kind);
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
    // Sections that could not load are named at the top of the page, with the request id.
    if (json errors = CollectSectionErrors(data); !errors.empty()) {
        layout["section_errors"] = std::move(errors);
        layout["has_section_errors"] = true;
    }
    // A printed paper (MarkPrintPaper) links the stylesheet of its margins.
    if (data.is_object() && data.value("print_paper", false)) layout["print_paper"] = true;
    // A page that works offline (the 世帯訪問調査's) links its web app manifest.
    if (data.is_object() && data.contains("manifest")) layout["manifest"] = data["manifest"];
    // A page that follows work under way (出力ファイル) reloads itself every few seconds.
    if (data.is_object() && data.contains("refresh_seconds")) layout["refresh_seconds"] = data["refresh_seconds"];
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

// --- home ----------------------------------------------------------------------------------------------------

http::Response ShowHome(const PageContext& context, http::Request& request) {
    json data = json::object();
    // Administrators are told of emergency accesses nobody has reviewed yet (本人の生命・身体の保護 is an exception
    // to the rules, so every use of it is looked at by a person).
    if (context.sharing && domain::Administration::IsAdministrator(*request.principal)) {
        auto alerts = context.sharing->EmergencyAlerts(ActorOf(request), domain::AlertListing::kUnacknowledgedOnly);
        if (alerts && !alerts->empty()) data["emergency_alerts"] = alerts->size();
    }
    // And of removals of DV protection (item 3), acknowledged the same way; the last year's, as the list shows.
    if (context.persons && request.principal->HasRole(domain::Role::kMunicipalAdministrator)) {
        auto alerts =
            context.persons->DvProtectionAlerts(ActorOf(request), 366, domain::AlertListing::kUnacknowledgedOnly);
        if (alerts && !alerts->empty()) data["dv_protection_alerts"] = alerts->size();
    }
    // The worker's desk (issue 13, item 5): a count and a link per part of the work the role does, and the
    // 次回連絡予定 reminder: the user's own open consultations whose next-contact date is today or past.
    if (context.desk) {
        const domain::Desk desk = context.desk->Of(ActorOf(request), domain::DeskDetail::kCounts);
        data["desk"] = DeskJson(desk, request, data);
        if (desk.consultations.shown && !desk.consultations.error && !desk.consultations.value.due.empty()) {
            json items = json::array();
            std::size_t overdue = 0;
            for (const domain::ContactReminder& reminder : desk.consultations.value.due) {
                overdue += reminder.overdue ? 1 : 0;
                items.push_back({{"id", reminder.id},
                                 {"person_id", reminder.person_id ? json(*reminder.person_id) : json(nullptr)},
                                 {"next_contact_on", DateJson(reminder.next_contact_on)},
                                 {"overdue", reminder.overdue}});
            }
            data["contact_reminders"] = {{"count", items.size()}, {"overdue", overdue}, {"items", std::move(items)}};
        }
    }
    // アウトリーチ: the worker's own records whose next planned visit has passed (OutreachService::OverdueOfMine).
    if (context.outreach && domain::MayWorkOutreach(*request.principal)) {
        auto overdue = context.outreach->OverdueOfMine(ActorOf(request));
        if (!overdue) {
            ShowSectionError(data, request, "アウトリーチの訪問予定", overdue.error());
        } else if (*overdue > 0) {
            data["outreach_overdue"] = {{"count", *overdue}, {"worker", request.principal->user.id.value()}};
        }
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
                              .directory = &deps.directory,
                              .sharing = &deps.sharing,
                              .persons = &deps.persons,
                              .consultations = &deps.consultations,
                              .clock = &deps.clock,
                              .fictional_banner_default = deps.fictional_banner_default,
                              .desk = std::make_shared<domain::WorkerDesk>(deps.consultations, deps.referrals,
                                                                           deps.cases, deps.sharing, deps.clock),
                              .outreach = deps.outreach};
    {
        std::lock_guard lock(context_mutex);
        page_context = context;
    }

    AddSignInPages(router, context);
    AddAdminPages(router, context);
    AddAdminOrganizationPages(router, context);
    AddAdminUserPages(router, context);
    AddAdminAreaPages(router, context);
    AddAdminMasterPages(router, context);
    AddPrintPages(router, context);
    AddDeskPages(router, context.desk);
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

    const IntakeServices services{.directory = &deps.directory,
                                  .persons = &deps.persons,
                                  .households = &deps.households,
                                  .consultations = &deps.consultations,
                                  .referrals = &deps.referrals,
                                  .reports = &deps.reports,
                                  .sharing = &deps.sharing,
                                  .cases = &deps.cases,
                                  .clock = &deps.clock};
    AddIntakePages(router, services);
    AddReferralPages(router, services);
    AddReportPages(router, services);
    AddSharingPages(router, SharingPageServices{.directory = &deps.directory,
                                                .sharing = &deps.sharing,
                                                .audit = &deps.audit,
                                                .persons = &deps.persons,
                                                .cases = &deps.cases,
                                                .clock = &deps.clock});
    AddCasePages(router, CasePageServices{.directory = &deps.directory,
                                          .cases = &deps.cases,
                                          .persons = &deps.persons,
                                          .households = &deps.households,
                                          .consultations = &deps.consultations,
                                          .sharing = &deps.sharing,
                                          .clock = &deps.clock});
    AddCaseWorkPages(router,
                     CaseWorkPageServices{.directory = &deps.directory, .cases = &deps.cases, .clock = &deps.clock});
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
    if (json errors = CollectSectionErrors(data); html && !errors.empty()) {
        // A fragment has no layout: the sections that could not load are named above it.
        auto shown = Templates().Render("section_errors", {{"section_errors", errors}, {"has_section_errors", true}});
        if (!shown) {
            html = Fail(shown.error());
        } else {
            html = *shown + *html;
        }
    }
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
