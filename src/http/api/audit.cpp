// The privacy officer's reports over the audit trail: who accessed a person and on what basis, what one user
// accessed in a period (to size a leak report), and every export (provisions to others). Auditors and municipal
// administrators; reading the trail is itself recorded by the domain.

#include <set>

#include "http/api/common.hpp"
#include "http/api/routes.hpp"
#include "http/api/sharing_json.hpp"

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
// Absent, `to` is now and `from` thirty days before `to`.
Result<Period> PeriodOf(const Request& request) {
    Period period;
    if (const auto to = request.QueryParam("to"); to && !to->empty()) {
        auto parsed = InstantParam(*to, "to", DayEdge::kEnd);
        if (!parsed) return Fail(parsed.error());
        period.to = *parsed;
    } else {
        // One second ahead, so that an entry recorded in this very millisecond is inside [from, to).
        period.to = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) +
                    std::chrono::seconds{1};
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
    auto entries = audit.AccessesOfPerson(ActorOf(request), *person_id, *limit);
    if (!entries) return Response::ErrorJson(entries.error());
    return Response::Json(200, EntriesJson(*entries, *limit));
}

Response AccessesByUser(domain::AuditService& audit, Request& request) {
    auto user_id = PathId(request);
    if (!user_id) return Response::ErrorJson(user_id.error());
    auto period = PeriodOf(request);
    if (!period) return Response::ErrorJson(period.error());
    auto limit = LimitParam(request, "limit", kDefaultLimit, kMaxPeriodLimit);
    if (!limit) return Response::ErrorJson(limit.error());
    auto entries = audit.AccessesByUser(ActorOf(request), *user_id, period->from, period->to, *limit);
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

Response Exports(domain::AuditService& audit, Request& request) {
    auto period = PeriodOf(request);
    if (!period) return Response::ErrorJson(period.error());
    auto limit = LimitParam(request, "limit", kDefaultLimit, kMaxPeriodLimit);
    if (!limit) return Response::ErrorJson(limit.error());
    auto entries = audit.Exports(ActorOf(request), period->from, period->to, *limit);
    if (!entries) return Response::ErrorJson(entries.error());
    Json json = EntriesJson(*entries, *limit);
    json["period"] = PeriodJson(*period);
    return Response::Json(200, json);
}

}  // namespace

void AddAuditRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::AuditService& audit = dependencies.audit;
    const Json entries = schema::Object({{"items", schema::ArrayOf(schema::AuditEntry())},
                                         {"limit_reached", schema::Boolean()}},
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
                     .handler = [&audit](Request& request) { return AccessesByUser(audit, request); },
                     .doc = {.summary = "What one user accessed in [from, to) (ISO instants, or dates: whole days in "
                                        "JST; default the last 30 days), with the number of distinct persons",
                             .tag = "audit",
                             .response_body = by_user}});

    Json exports = entries;
    exports["properties"]["period"] = period;
    router.Add(Route{.method = "GET",
                     .pattern = "/api/v1/audit/exports",
                     .access = Access::kSignedIn,
                     .surface = Surface::kApi,
                     .handler = [&audit](Request& request) { return Exports(audit, request); },
                     .doc = {.summary = "Exports and provisions in [from, to): meeting agendas, disclosure copies, "
                                        "CSV exports",
                             .tag = "audit",
                             .response_body = exports}});
}

}  // namespace kasane::http::api
