// SPDX-License-Identifier: Apache-2.0
// 本人 (persons): the one search box, the duplicate check before entering someone, records and their versions,
// 名寄せ (merging and undoing it), and the named staff of a DV-protected person.

#include "base/japan_time.hpp"
#include "http/api/access_json.hpp"
#include "http/api/common.hpp"
#include "http/api/person_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

constexpr int kDefaultSearchLimit = 20;
constexpr int kMaxSearchLimit = 100;

// The person as just saved, at the full level the save required. A DV-protected address is not echoed back, so
// that no response carries it to someone who is not named staff. Only a new record states its basis: the creating
// organisation's own record; an edit may have been made on another basis (a referral, a case team), which the
// GET of the record shows.
enum class Saved { kCreated, kUpdated };
Json SavedPersonJson(const domain::Person& person, Saved saved, domain::Date today) {
    const domain::AccessDecision decision{.level = domain::ViewLevel::kFull,
                                          .basis = domain::AccessBasis::kOwnRecord,
                                          .basis_detail = {},
                                          .sensitive_fields = false,
                                          .address_and_contact = !person.data.dv_protected};
    Json json = PersonJson(person, decision, today);
    if (saved == Saved::kCreated) json["access"] = AccessJson(decision);
    return json;
}

Response Search(domain::PersonService& persons, const Clock& clock, Request& request) {
    const auto query = request.QueryParam("q");
    if (!query || query->empty()) {
        return Response::ErrorJson(Error::InvalidArgument("検索する語を入力してください", "q"));
    }
    if (CodePointCount(*query) > 200) {
        return Response::ErrorJson(Error::PayloadTooLarge("検索語は200文字以内にしてください", "q"));
    }
    auto limit = LimitParam(request, "limit", kDefaultSearchLimit, kMaxSearchLimit);
    if (!limit) return Response::ErrorJson(limit.error());
    return ReplyItems(persons.Search(ActorOf(request), *query, *limit), TodayInJapan(clock));
}

Response FindDuplicates(domain::PersonService& persons, const Clock& clock, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto data = PersonDataFromJson(*body);
    if (!data) return Response::ErrorJson(data.error());
    return ReplyItems(persons.FindDuplicates(ActorOf(request), *data), TodayInJapan(clock));
}

Response Create(domain::PersonService& persons, const Clock& clock, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto data = PersonDataFromJson(*body);
    if (!data) return Response::ErrorJson(data.error());
    auto created = persons.Create(ActorOf(request), *data);
    if (!created) return Response::ErrorJson(created.error());
    return Response::Json(201, SavedPersonJson(*created, Saved::kCreated, TodayInJapan(clock)));
}

// A stale edit is answered with both versions, so that the client can show the person what changed meanwhile
// and let them merge by hand rather than lose either edit.
Response Update(domain::PersonService& persons, const Clock& clock, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = RequireInteger(*body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto data = PersonDataFromJson(*body);
    if (!data) return Response::ErrorJson(data.error());
    const domain::Actor actor = ActorOf(request);
    auto updated = persons.Update(actor, domain::PersonId{*id}, static_cast<int>(*version), *data);
    if (updated) return Response::Json(200, SavedPersonJson(*updated, Saved::kUpdated, TodayInJapan(clock)));
    if (!updated.error().Is(ErrorCode::kConflict)) return Response::ErrorJson(updated.error());
    auto current = persons.Get(actor, domain::PersonId{*id});
    if (!current) return Response::ErrorJson(current.error());
    return StaleVersionReply(updated.error(), ToJson(*current, TodayInJapan(clock)), *body);
}

Response Merge(domain::PersonService& persons, Request& request) {
    auto survivor_id = PathId(request);
    if (!survivor_id) return Response::ErrorJson(survivor_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto merged_id = RequireInteger(*body, "merged_id");
    if (!merged_id) return Response::ErrorJson(merged_id.error());
    return Reply(persons.Merge(ActorOf(request), domain::PersonId{*survivor_id}, domain::PersonId{*merged_id}), 201);
}

Response SetDvStaff(domain::PersonService& persons, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    const auto it = body->find("user_ids");
    if (it == body->end() || !it->is_array()) {
        return Response::ErrorJson(Error::InvalidArgument("職員のIDを配列で指定してください", "user_ids"));
    }
    std::vector<UserId> user_ids;
    for (const Json& user_id : *it) {
        if (!user_id.is_number_integer() || user_id.get<std::int64_t>() <= 0) {
            return Response::ErrorJson(Error::InvalidArgument("職員のIDは正の整数で指定してください", "user_ids"));
        }
        user_ids.push_back(user_id.get<UserId>());
    }
    return ReplyNoContent(persons.SetDvNamedStaff(ActorOf(request), domain::PersonId{*id}, user_ids));
}

// DV等支援措置: {"protected": bool, "reason": text}. Lifting it needs named DV staff or an administrator and a reason.
Response SetDvProtection(domain::PersonService& persons, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    const auto protect = body->find("protected");
    if (protect == body->end() || !protect->is_boolean()) {
        return Response::ErrorJson(
            Error::InvalidArgument("protected を true または false で指定してください", "protected"));
    }
    std::string reason;
    if (const auto it = body->find("reason"); it != body->end()) {
        if (!it->is_string())
            return Response::ErrorJson(Error::InvalidArgument("理由は文字列で指定してください", "reason"));
        reason = it->get<std::string>();
    }
    auto updated = persons.SetDvProtection(
        ActorOf(request), domain::PersonId{*id},
        protect->get<bool>() ? domain::DvProtection::kProtected : domain::DvProtection::kLifted, reason);
    if (!updated) return Response::ErrorJson(updated.error());
    return Response::Json(
        200, {{"id", updated->id}, {"dv_protected", updated->data.dv_protected}, {"version", updated->version}});
}

Response HandOver(domain::PersonService& persons, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto organization_id = RequireInteger(*body, "organization_id");
    if (!organization_id) return Response::ErrorJson(organization_id.error());
    return ReplyNoContent(persons.HandOver(ActorOf(request), domain::PersonId{*id}, OrganizationId{*organization_id}));
}

Json DvProtectionAlertJson(const domain::DvProtectionAlert& alert) {
    const domain::AuditEntry& entry = alert.entry;
    return {{"at", FormatIso8601(entry.at)},
            {"user_id", entry.user_id},
            {"organization_id", entry.organization_id},
            {"person_id", entry.person_id ? Json(*entry.person_id) : Json(nullptr)},
            {"reason", entry.detail},
            {"sequence", entry.sequence},
            {"acknowledged_by", alert.acknowledged_by ? Json(*alert.acknowledged_by) : Json(nullptr)},
            {"acknowledged", alert.acknowledged_by.has_value()}};
}

Json DvProtectionAlertSchema() {
    return schema::Object({{"at", schema::String()},
                           {"user_id", schema::Integer()},
                           {"organization_id", schema::Integer()},
                           {"person_id", schema::Integer()},
                           {"reason", schema::String()},
                           {"sequence", schema::Integer()},
                           {"acknowledged_by", {{"type", {"integer", "null"}}}},
                           {"acknowledged", schema::Boolean()}},
                          {});
}

Response DvProtectionAlerts(domain::PersonService& persons, Request& request) {
    auto days = LimitParam(request, "days", 30, 366);
    if (!days) return Response::ErrorJson(days.error());
    auto listing = UnacknowledgedParam(request);
    if (!listing) return Response::ErrorJson(listing.error());
    auto alerts = persons.DvProtectionAlerts(ActorOf(request), *days, *listing);
    if (!alerts) return Response::ErrorJson(alerts.error());
    Json items = Json::array();
    for (const domain::DvProtectionAlert& alert : *alerts) items.push_back(DvProtectionAlertJson(alert));
    return Response::Json(200, {{"items", std::move(items)}});
}

}  // namespace

void AddPersonRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::PersonService& persons = dependencies.persons;
    const Clock& clock = dependencies.clock;

    AddSignedInRoute(router, "GET", "/api/v1/persons",
                     [&persons, &clock](Request& request) { return Search(persons, clock, request); },
                     {.summary = "Search persons with one box (?q= name in kanji or kana, birth date in 和暦 "
                                 "or 西暦, phone, address; ?limit=, default 20); identity matches of other "
                                 "organisations show identity only",
                      .tag = "persons",
                      .response_body = schema::Items(schema::PersonSummary())});

    AddSignedInRoute(router, "GET", "/api/v1/persons/{id}", ById([&persons, &clock](Request& request, std::int64_t id) {
                         return Reply(persons.Get(ActorOf(request), domain::PersonId{id}), 200, TodayInJapan(clock));
                     }),
                     {.summary = "One person as the access policy lets the caller see it, with the basis, the "
                                 "organisations that know the person and the merge history",
                      .tag = "persons",
                      .response_body = schema::Person()});

    AddSignedInRoute(router, "POST", "/api/v1/persons/duplicates",
                     [&persons, &clock](Request& request) { return FindDuplicates(persons, clock, request); },
                     {.summary = "Likely duplicates of a person about to be entered (same reading and birth "
                                 "date, same phone, same address); nothing is saved",
                      .tag = "persons",
                      .request_body = schema::PersonInput(),
                      .response_body = schema::Items(schema::PersonSummary())});

    AddSignedInRoute(router, "POST", "/api/v1/persons",
                     [&persons, &clock](Request& request) { return Create(persons, clock, request); },
                     {.summary = "Record a person; any field may be left empty with a reason in unknown_reasons",
                      .tag = "persons",
                      .request_body = schema::PersonInput(),
                      .response_body = schema::Person(),
                      .success_status = 201});

    Json update_body = schema::PersonInput();
    update_body["properties"]["version"] = schema::Integer();
    update_body["required"] = {"version"};
    // The record as saved, by the organisation that may change it: no access decision is attached.
    Json updated_person = schema::Person();
    updated_person["required"] = {"id", "version"};
    AddSignedInRoute(router, "PUT", "/api/v1/persons/{id}",
                     [&persons, &clock](Request& request) { return Update(persons, clock, request); },
                     {.summary = "Replace a person's data; a stale version is 409 with \"current\" (the record "
                                 "as GET shows it) and \"yours\" (the submitted body)",
                      .tag = "persons",
                      .request_body = update_body,
                      .response_body = updated_person});

    AddSignedInRoute(router, "POST", "/api/v1/persons/{id}/merges",
                     [&persons](Request& request) { return Merge(persons, request); },
                     {.summary = "名寄せ: merge another record (merged_id) into this one; undoable",
                      .tag = "persons",
                      .request_body = schema::Object({{"merged_id", schema::Integer()}}, {"merged_id"}),
                      .response_body = schema::PersonMerge(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "DELETE", "/api/v1/person-merges/{id}",
        ById([&persons](Request& request, std::int64_t id) { return Reply(persons.Unmerge(ActorOf(request), id)); }),
        {.summary = "Undo a merge; the history keeps both the merge and its undoing",
         .tag = "persons",
         .response_body = schema::PersonMerge()});

    AddSignedInRoute(
        router, "POST", "/api/v1/persons/{id}/dv-protection",
        [&persons](Request& request) { return SetDvProtection(persons, request); },
        {.summary = "DV等支援措置: set (any professional who may see the person) or lift (named DV staff "
                    "or a municipal administrator, with a reason of 10 characters or more; audited and "
                    "alerted to administrators). 403 with the reason for a caller who may read the "
                    "person but not do this",
         .tag = "persons",
         .request_body =
             schema::Object({{"protected", schema::Boolean()}, {"reason", schema::String()}}, {"protected"}),
         .response_body = schema::Object(
             {{"id", schema::Integer()}, {"dv_protected", schema::Boolean()}, {"version", schema::Integer()}},
             {"id", "dv_protected"})});

    AddSignedInRoute(router, "POST", "/api/v1/persons/{id}/hand-over",
                     [&persons](Request& request) { return HandOver(persons, request); },
                     {.summary = "Hand the person's primary record (identity, address, household) over to another "
                                 "organisation of the municipality; the holder or an administrator",
                      .tag = "persons",
                      .request_body = schema::Object({{"organization_id", schema::Integer()}}, {"organization_id"}),
                      .success_status = 204});

    AddSignedInRoute(router, "GET", "/api/v1/dv-protection-alerts",
                     [&persons](Request& request) { return DvProtectionAlerts(persons, request); },
                     {.summary = "Removals of DV protection in the last ?days= (default 30): the administrators' "
                                 "alerts (municipal administrators and auditors; ?unacknowledged=true for open ones)",
                      .tag = "persons",
                      .response_body = schema::Items(DvProtectionAlertSchema()),
                      .success_status = 200});

    AddSignedInRoute(router, "POST", "/api/v1/dv-protection-alerts/{sequence}/acknowledge",
                     [&persons](Request& request) {
                         auto sequence = PathId(request, "sequence");
                         if (!sequence) return Response::ErrorJson(sequence.error());
                         auto acknowledged = persons.AcknowledgeDvProtectionAlert(ActorOf(request), *sequence);
                         if (!acknowledged) return Response::ErrorJson(acknowledged.error());
                         return Response::Json(200, DvProtectionAlertJson(*acknowledged));
                     },
                     {.summary = "Mark a removal of DV protection as reviewed (municipal administrators), as for "
                                 "emergency accesses",
                      .tag = "persons",
                      .response_body = DvProtectionAlertSchema(),
                      .success_status = 200});

    AddSignedInRoute(router, "PUT", "/api/v1/persons/{id}/dv-staff",
                     [&persons](Request& request) { return SetDvStaff(persons, request); },
                     {.summary = "Named staff who may see a DV-protected person's address and contact "
                                 "(administrators, coordinators)",
                      .tag = "persons",
                      .request_body = schema::Object({{"user_ids", schema::ArrayOf(schema::Integer())}}, {"user_ids"}),
                      .success_status = 204});
}

}  // namespace kasane::http::api
