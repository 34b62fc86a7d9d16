// SPDX-License-Identifier: Apache-2.0
// The privacy officer's reports over the audit trail: who accessed a person and on what basis, what one user
// accessed in a period (to size a leak report), and every export (provisions to others). Auditors and municipal
// administrators; reading the trail is itself recorded by the domain.

#include <charconv>
#include <set>

#include "domain/export_rights.hpp"
#include "http/api/audit_json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/routes.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

constexpr int kDefaultLimit = 200;
constexpr int kMaxPersonLimit = 10000;
constexpr int kMaxPeriodLimit = 100000;
constexpr auto kDefaultPeriod = std::chrono::days{30};

struct Period {
    Instant from{};
    Instant to{};
};

// ?from=&to=: ISO instants, dates and JST times, or dates alone (a whole day in JST; `to` includes its day).
// Absent, `to` is `now` and `from` thirty days before `to`.
Result<Period> PeriodOf(const Request& request, Instant now) {
    Period period;
    if (const auto to = request.QueryParam("to"); to && !to->empty()) {
        auto parsed = InstantParam(*to, "to", DayEdge::kEnd);
        if (!parsed) return Fail(parsed.error());
        period.to = *parsed;
    } else {
        // One second ahead, so that an entry recorded in this very millisecond is inside [from, to).
        period.to = now + std::chrono::seconds{1};
    }
    if (const auto from = request.QueryParam("from"); from && !from->empty()) {
        auto parsed = InstantParam(*from, "from", DayEdge::kStart);
        if (!parsed) return Fail(parsed.error());
        period.from = *parsed;
    } else {
        period.from = period.to - kDefaultPeriod;
    }
    return period;
}

// {"items": [...], "limit_reached": bool, ...}: a list cut at the limit says so, so that a report is not read
// as complete when it is not.
Json EntriesJson(const std::vector<domain::AuditEntry>& entries, int limit) {
    Json json = ItemsJson(entries);
    json["limit_reached"] = entries.size() >= static_cast<std::size_t>(limit);
    return json;
}

Json PeriodJson(const Period& period) {
    return {{"from", FormatIso8601(period.from)}, {"to", FormatIso8601(period.to)}};
}

Response AccessesOfPerson(domain::AuditService& audit, Request& request) {
    auto person_id = PathId(request);
    if (!person_id) return Response::ErrorJson(person_id.error());
    auto limit = LimitParam(request, "limit", kDefaultLimit, kMaxPersonLimit);
    if (!limit) return Response::ErrorJson(limit.error());
    auto entries = audit.AccessesOfPerson(ActorOf(request), domain::PersonId{*person_id}, *limit);
    if (!entries) return Response::ErrorJson(entries.error());
    return Response::Json(200, EntriesJson(*entries, *limit));
}

Response AccessesByUser(domain::AuditService& audit, const Clock& clock, Request& request) {
    auto user_id = PathId(request);
    if (!user_id) return Response::ErrorJson(user_id.error());
    auto period = PeriodOf(request, clock.Now());
    if (!period) return Response::ErrorJson(period.error());
    auto limit = LimitParam(request, "limit", kDefaultLimit, kMaxPeriodLimit);
    if (!limit) return Response::ErrorJson(limit.error());
    auto entries = audit.AccessesByUser(ActorOf(request), UserId{*user_id}, period->from, period->to, *limit);
    if (!entries) return Response::ErrorJson(entries.error());
    // A leak report (個人情報保護法 第68条) states how many persons' data were involved.
    std::set<std::int64_t> persons;
    for (const domain::AuditEntry& entry : *entries) {
        if (entry.person_id) persons.insert(*entry.person_id);
    }
    Json json = EntriesJson(*entries, *limit);
    json["distinct_persons"] = persons.size();
    json["period"] = PeriodJson(*period);
    return Response::Json(200, json);
}

Response Exports(domain::AuditService& audit, const Clock& clock, Request& request) {
    auto period = PeriodOf(request, clock.Now());
    if (!period) return Response::ErrorJson(period.error());
    auto limit = LimitParam(request, "limit", kDefaultLimit, kMaxPeriodLimit);
    if (!limit) return Response::ErrorJson(limit.error());
    std::optional<UserId> user_id;
    if (const auto text = request.QueryParam("user_id"); text && !text->empty()) {
        std::int64_t parsed = 0;
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
        if (error != std::errc{} || end != text->data() + text->size() || parsed <= 0)
            return Response::ErrorJson(Error::InvalidArgument("利用者の番号が正しくありません", "user_id"));
        user_id = UserId{parsed};
    }
    auto entries = audit.Exports(ActorOf(request), period->from, period->to, *limit, user_id);
    if (!entries) return Response::ErrorJson(entries.error());
    Json json = EntriesJson(*entries, *limit);
    // Each export's row count (from its detail, "rows=N"), and the period's total.
    long long total_rows = 0;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto rows = domain::ExportRows((*entries)[i].detail);
        json["items"][i]["rows"] = rows ? Json(*rows) : Json(nullptr);
        total_rows += rows.value_or(0);
    }
    json["total_rows"] = total_rows;
    json["period"] = PeriodJson(*period);
    if (user_id) json["user_id"] = *user_id;
    return Response::Json(200, json);
}

Json RolesJson(const std::vector<domain::Role>& roles) {
    Json codes = Json::array();
    for (const domain::Role role : roles) codes.push_back(domain::RoleCode(role));
    return {{"roles", codes}};
}

Response SetExportRoles(domain::AuditService& audit, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    const auto it = body->find("roles");
    if (it == body->end() || !it->is_array()) {
        return Response::ErrorJson(Error::InvalidArgument("役割を配列で指定してください（空の配列も可）", "roles"));
    }
    std::vector<domain::Role> roles;
    for (const Json& code : *it) {
        const auto role = code.is_string() ? domain::ParseRole(code.get<std::string>()) : std::nullopt;
        if (!role) return Response::ErrorJson(Error::InvalidArgument("役割の指定が正しくありません", "roles"));
        roles.push_back(*role);
    }
    auto set = audit.SetExportRoles(ActorOf(request), roles);
    if (!set) return Response::ErrorJson(set.error());
    return Response::Json(200, RolesJson(*set));
}

}  // namespace

void AddAuditRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::AuditService& audit = dependencies.audit;
    const Clock& clock = dependencies.clock;
    const Json entries =
        schema::Object({{"items", schema::ArrayOf(schema::AuditEntry())}, {"limit_reached", schema::Boolean()}},
                       {"items", "limit_reached"});
    const Json period = schema::Object({{"from", schema::String()}, {"to", schema::String()}}, {"from", "to"});

    router.Add(Route{.method = "GET",
                     .pattern = "/api/v1/audit/persons/{id}",
                     .access = Access::kSignedIn,
                     .surface = Surface::kApi,
                     .handler = [&audit](Request& request) { return AccessesOfPerson(audit, request); },
                     .doc = {.summary = "Who accessed this person (and records merged into it), from which "
                                        "organisation and on what basis, newest first (?limit=, default 200)",
                             .tag = "audit",
                             .response_body = entries}});

    Json by_user = entries;
    by_user["properties"]["distinct_persons"] = schema::Integer();
    by_user["properties"]["period"] = period;
    router.Add(Route{.method = "GET",
                     .pattern = "/api/v1/audit/users/{id}",
                     .access = Access::kSignedIn,
                     .surface = Surface::kApi,
                     .handler = [&audit, &clock](Request& request) { return AccessesByUser(audit, clock, request); },
                     .doc = {.summary = "What one user accessed in [from, to) (ISO instants, or dates: whole days in "
                                        "JST; default the last 30 days), with the number of distinct persons",
                             .tag = "audit",
                             .response_body = by_user}});

    Json exports = entries;
    exports["properties"]["period"] = period;
    exports["properties"]["total_rows"] = schema::Integer();
    exports["properties"]["user_id"] = schema::Integer();
    router.Add(Route{.method = "GET",
                     .pattern = "/api/v1/audit/exports",
                     .access = Access::kSignedIn,
                     .surface = Surface::kApi,
                     .handler = [&audit, &clock](Request& request) { return Exports(audit, clock, request); },
                     .doc = {.summary = "Exports and provisions in [from, to), of one user with ?user_id=: prints, "
                                        "disclosure copies, audit CSVs, meeting agendas, referral sheets; each "
                                        "with its row count (rows) and the period's total_rows",
                             .tag = "audit",
                             .response_body = exports}});

    const Json roles = schema::Object(
        {{"roles", schema::ArrayOf(EnumSchema({"coordinator", "municipal_administrator", "caseworker"}))}}, {"roles"});
    AddSignedInRoute(router, "GET", "/api/v1/settings/export-roles",
                     [&audit](Request& request) {
                         auto granted = audit.ExportRoles(ActorOf(request));
                         if (!granted) return Response::ErrorJson(granted.error());
                         return Response::Json(200, RolesJson(*granted));
                     },
                     {.summary = "Roles that may export personal data (files, prints, disclosure copies): municipal "
                                 "administrators and auditors",
                      .tag = "audit",
                      .response_body = roles});
    AddSignedInRoute(router, "PUT", "/api/v1/settings/export-roles",
                     [&audit](Request& request) { return SetExportRoles(audit, request); },
                     {.summary = "Grant the export of personal data to these roles (municipal administrator; "
                                 "audited). Only coordinator, municipal_administrator and caseworker may be granted",
                      .tag = "audit",
                      .request_body = roles,
                      .response_body = roles});
}

}  // namespace kasane::http::api
