// SPDX-License-Identifier: Apache-2.0
// アウトリーチ等を通じた継続的支援 (issue 15, item 1): the caseload as the policy lets the caller read it, one record
// with its attempts and stage history, a record opened, an attempt logged, the stage changed, and an attempt turned
// into a consultation. Each handler parses, calls one use case and maps its Result.

#include "http/api/outreach.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

template <class Enum, std::size_t N>
std::vector<std::string_view> CodesOf(const Enum (&all)[N], std::string_view (*code_of)(Enum)) {
    std::vector<std::string_view> codes;
    for (Enum value : all) codes.push_back(code_of(value));
    return codes;
}

Json AttemptJson(const domain::OutreachAttempt& attempt) {
    return Json{
        {"id", attempt.id},
        {"attempted_at", InstantJson(attempt.attempted_at)},
        {"method", domain::OutreachMethodCode(attempt.method)},
        {"method_label", domain::OutreachMethodLabel(attempt.method)},
        {"outcome", domain::OutreachOutcomeCode(attempt.outcome)},
        {"outcome_label", domain::OutreachOutcomeLabel(attempt.outcome)},
        {"visiting_organization_id", attempt.visiting_organization_id},
        {"visitors", attempt.visitors},
        {"note", attempt.note},
        {"treatment", attempt.treatment ? Json(domain::TreatmentStatusCode(*attempt.treatment)) : Json(nullptr)},
        {"consultation_id", attempt.consultation_id ? Json(*attempt.consultation_id) : Json(nullptr)}};
}

Json RowJson(const domain::OutreachRow& row) {
    const domain::OutreachRecord& record = row.record;
    Json attempts = Json::array();
    for (const domain::OutreachAttempt& attempt : record.attempts) attempts.push_back(AttemptJson(attempt));
    Json changes = Json::array();
    for (const domain::OutreachStageChange& change : record.stage_changes) {
        changes.push_back({{"from", domain::OutreachStageCode(change.from)},
                           {"to", domain::OutreachStageCode(change.to)},
                           {"on", DateJson(change.on)},
                           {"reason", change.reason},
                           {"changed_by", change.changed_by}});
    }
    return Json{{"id", record.id},
                {"person_id", record.person_id},
                {"person_name", row.person_name},
                {"household_id", record.household_id ? Json(*record.household_id) : Json(nullptr)},
                {"kind", domain::OutreachKindCode(record.kind)},
                {"reason", record.reason},
                {"worker_id", record.worker_id},
                {"organization_id", record.organization_id},
                {"stage", domain::OutreachStageCode(record.stage)},
                {"stage_label", domain::OutreachStageLabel(record.stage)},
                {"opened_on", DateJson(record.opened_on)},
                {"next_visit_on", DateJson(record.next_visit_on)},
                {"overdue", row.overdue},
                {"basis", row.basis},
                {"stage_changes", std::move(changes)},
                {"attempts", std::move(attempts)}};
}

Json AttemptSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"attempted_at", schema::String()},
                           {"method", EnumSchema(CodesOf(domain::kAllOutreachMethods, domain::OutreachMethodCode))},
                           {"method_label", schema::String()},
                           {"outcome", EnumSchema(CodesOf(domain::kAllOutreachOutcomes, domain::OutreachOutcomeCode))},
                           {"outcome_label", schema::String()},
                           {"visiting_organization_id", schema::Integer()},
                           {"visitors", schema::String()},
                           {"note", schema::String()},
                           {"treatment", NullableString()},
                           {"consultation_id", NullableInteger()}},
                          {"id", "attempted_at", "method", "outcome", "visiting_organization_id"});
}

Json RowSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"person_id", schema::Integer()},
                           {"person_name", schema::String()},
                           {"household_id", NullableInteger()},
                           {"kind", EnumSchema(CodesOf(domain::kAllOutreachKinds, domain::OutreachKindCode))},
                           {"reason", schema::String()},
                           {"worker_id", schema::Integer()},
                           {"organization_id", schema::Integer()},
                           {"stage", EnumSchema(CodesOf(domain::kAllOutreachStages, domain::OutreachStageCode))},
                           {"stage_label", schema::String()},
                           {"opened_on", schema::String()},
                           {"next_visit_on", NullableString()},
                           {"overdue", schema::Boolean()},
                           {"basis", schema::String()},
                           {"stage_changes", schema::ArrayOf(schema::Object({{"from", schema::String()},
                                                                             {"to", schema::String()},
                                                                             {"on", schema::String()},
                                                                             {"reason", schema::String()},
                                                                             {"changed_by", schema::Integer()}},
                                                                            {"from", "to", "on"}))},
                           {"attempts", schema::ArrayOf(AttemptSchema())}},
                          {"id", "person_id", "kind", "stage", "opened_on", "overdue", "attempts", "stage_changes"});
}

Result<domain::OutreachFilter> FilterOf(const Request& request) {
    domain::OutreachFilter filter;
    if (const auto text = request.QueryParam("worker"); text && !text->empty()) {
        const auto id = std::atoll(text->c_str());
        if (id <= 0) return Fail(Error::InvalidArgument("worker は担当者のidです", "worker"));
        filter.worker_id = UserId{id};
    }
    if (const auto text = request.QueryParam("organization"); text && !text->empty()) {
        const auto id = std::atoll(text->c_str());
        if (id <= 0) return Fail(Error::InvalidArgument("organization は機関のidです", "organization"));
        filter.organization_id = OrganizationId{id};
    }
    if (const auto text = request.QueryParam("stage"); text && !text->empty()) {
        filter.stage = domain::ParseOutreachStage(*text);
        if (!filter.stage) return Fail(Error::InvalidArgument("stage が正しくありません", "stage"));
    }
    if (const auto text = request.QueryParam("overdue"); text && (*text == "true" || *text == "1")) {
        filter.overdue_only = domain::OverdueOnly::kYes;
    }
    return filter;
}

Result<domain::OutreachOpening> OpeningFromJson(const Json& body) {
    domain::OutreachOpening opening;
    auto person = RequireId<domain::PersonId>(body, "person_id");
    if (!person) return Fail(person.error());
    opening.person_id = *person;
    auto household = OptionalId<domain::HouseholdId>(body, "household_id");
    if (!household) return Fail(household.error());
    opening.household_id = *household;
    auto kind = RequireCode<domain::OutreachKind>(body, "kind", domain::ParseOutreachKind,
                                                  "kind は general（一般）か psychiatric（精神科）です");
    if (!kind) return Fail(kind.error());
    opening.kind = *kind;
    auto reason = TextOf(body, "reason");
    if (!reason) return Fail(reason.error());
    opening.reason = std::move(*reason);
    auto worker = OptionalId<UserId>(body, "worker_id");
    if (!worker) return Fail(worker.error());
    opening.worker_id = worker->value_or(UserId{});
    auto organization = OptionalId<OrganizationId>(body, "organization_id");
    if (!organization) return Fail(organization.error());
    opening.organization_id = organization->value_or(OrganizationId{});
    auto stage = OptionalCode<domain::OutreachStage>(body, "stage", domain::ParseOutreachStage,
                                                     "stage は identified か trying_contact です");
    if (!stage) return Fail(stage.error());
    opening.stage = stage->value_or(domain::OutreachStage::kIdentified);
    auto opened = RequireDate(body, "opened_on", "把握した日");
    if (!opened) return Fail(opened.error());
    opening.opened_on = *opened;
    auto next = OptionalDateField(body, "next_visit_on", "次回訪問予定日");
    if (!next) return Fail(next.error());
    opening.next_visit_on = *next;
    return opening;
}

Result<domain::OutreachAttempt> AttemptFromJson(const Json& body) {
    domain::OutreachAttempt attempt;
    auto at = TextOf(body, "attempted_at");
    if (!at) return Fail(at.error());
    if (at->empty()) return Fail(Error::InvalidArgument("訪問等の日時を入力してください", "attempted_at"));
    auto instant = ParseInstantText(*at, "attempted_at");
    if (!instant) return Fail(instant.error());
    attempt.attempted_at = *instant;
    auto method = RequireCode<domain::OutreachMethod>(body, "method", domain::ParseOutreachMethod,
                                                      "method は visit / phone / letter / accompany です");
    if (!method) return Fail(method.error());
    attempt.method = *method;
    auto outcome = RequireCode<domain::OutreachOutcome>(body, "outcome", domain::ParseOutreachOutcome,
                                                        "outcome は met / absent / refused / moved / unknown です");
    if (!outcome) return Fail(outcome.error());
    attempt.outcome = *outcome;
    auto organization = OptionalId<OrganizationId>(body, "visiting_organization_id");
    if (!organization) return Fail(organization.error());
    attempt.visiting_organization_id = organization->value_or(OrganizationId{});
    auto visitors = TextOf(body, "visitors");
    if (!visitors) return Fail(visitors.error());
    attempt.visitors = std::move(*visitors);
    auto note = TextOf(body, "note");
    if (!note) return Fail(note.error());
    attempt.note = std::move(*note);
    auto treatment =
        OptionalCode<domain::TreatmentStatus>(body, "treatment", domain::ParseTreatmentStatus,
                                              "treatment は never_treated / interrupted / in_treatment です");
    if (!treatment) return Fail(treatment.error());
    attempt.treatment = *treatment;
    return attempt;
}

}  // namespace

void AddOutreachRoutes(Router& router, domain::OutreachService& outreach) {
    AddSignedInRoute(
        router, "GET", "/api/v1/outreach",
        [&outreach](Request& request) {
            auto filter = FilterOf(request);
            if (!filter) return Response::ErrorJson(filter.error());
            auto rows = outreach.Caseload(ActorOf(request), *filter);
            if (!rows) return Response::ErrorJson(rows.error());
            Json items = Json::array();
            for (const domain::OutreachRow& row : *rows) items.push_back(RowJson(row));
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary = "The outreach caseload (query: worker, organization, stage, overdue=true): the town's professional "
                    "staff read every record, a partner's only those its organisation is responsible for or went on",
         .tag = "outreach",
         .response_body = schema::Object({{"items", schema::ArrayOf(RowSchema())}}, {"items"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/outreach",
        [&outreach](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto opening = OpeningFromJson(*body);
            if (!opening) return Response::ErrorJson(opening.error());
            auto opened = outreach.Open(ActorOf(request), std::move(*opening));
            if (!opened) return Response::ErrorJson(opened.error());
            return Response::Json(201, Json{{"id", opened->id}, {"stage", domain::OutreachStageCode(opened->stage)}});
        },
        {.summary = "Opens an outreach record for a person (kind general or psychiatric, the reason, the responsible "
                    "worker and organisation — the caller's by default —, stage identified or trying_contact, the "
                    "opening day and the next planned visit)",
         .tag = "outreach",
         .request_body =
             schema::Object({{"person_id", schema::Integer()},
                             {"household_id", NullableInteger()},
                             {"kind", EnumSchema(CodesOf(domain::kAllOutreachKinds, domain::OutreachKindCode))},
                             {"reason", schema::String()},
                             {"worker_id", NullableInteger()},
                             {"organization_id", NullableInteger()},
                             {"stage", EnumSchema({"identified", "trying_contact"})},
                             {"opened_on", schema::String()},
                             {"next_visit_on", NullableString()}},
                            {"person_id", "kind", "reason", "opened_on"}),
         .response_body = schema::Object({{"id", schema::Integer()}, {"stage", schema::String()}}, {"id", "stage"}),
         .success_status = 201});

    AddSignedInRoute(router, "GET", "/api/v1/outreach/{id}", ById([&outreach](Request& request, std::int64_t id) {
                         auto row = outreach.Get(ActorOf(request), OutreachId{id});
                         if (!row) return Response::ErrorJson(row.error());
                         return Response::Json(200, RowJson(*row));
                     }),
                     {.summary = "One outreach record with its stage history and attempts; 404 when not readable",
                      .tag = "outreach",
                      .response_body = RowSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/outreach/{id}/attempts", ById([&outreach](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto attempt = AttemptFromJson(*body);
            if (!attempt) return Response::ErrorJson(attempt.error());
            auto next = OptionalDateField(*body, "next_visit_on", "次回訪問予定日");
            if (!next) return Response::ErrorJson(next.error());
            auto logged = outreach.LogAttempt(ActorOf(request), OutreachId{id}, std::move(*attempt), *next);
            if (!logged) return Response::ErrorJson(logged.error());
            return Response::Json(201, AttemptJson(*logged));
        }),
        {.summary =
             "Logs an attempt (attempted_at in JST or ISO UTC, not in the future nor before the opening; method, "
             "outcome, the visiting organisation — the caller's by default —, visitors, note, treatment for "
             "psychiatric outreach only) and sets the next planned visit",
         .tag = "outreach",
         .request_body = schema::Object(
             {{"attempted_at", schema::String()},
              {"method", EnumSchema(CodesOf(domain::kAllOutreachMethods, domain::OutreachMethodCode))},
              {"outcome", EnumSchema(CodesOf(domain::kAllOutreachOutcomes, domain::OutreachOutcomeCode))},
              {"visiting_organization_id", NullableInteger()},
              {"visitors", schema::String()},
              {"note", schema::String()},
              {"treatment", NullableString()},
              {"next_visit_on", NullableString()}},
             {"attempted_at", "method", "outcome", "visitors"}),
         .response_body = AttemptSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/outreach/{id}/stage", ById([&outreach](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto stage = RequireCode<domain::OutreachStage>(body.value(), "stage", domain::ParseOutreachStage,
                                                            "stage が正しくありません");
            if (!stage) return Response::ErrorJson(stage.error());
            auto on = RequireDate(*body, "on", "変更日");
            if (!on) return Response::ErrorJson(on.error());
            auto reason = TextOf(*body, "reason");
            if (!reason) return Response::ErrorJson(reason.error());
            auto changed = outreach.ChangeStage(ActorOf(request), OutreachId{id}, *stage, *on, *reason);
            if (!changed) return Response::ErrorJson(changed.error());
            return Response::Json(200, Json{{"id", changed->id}, {"stage", domain::OutreachStageCode(changed->stage)}});
        }),
        {.summary = "Moves the record to another stage on a day (closed and reopening need a reason; never back to "
                    "identified)",
         .tag = "outreach",
         .request_body =
             schema::Object({{"stage", EnumSchema(CodesOf(domain::kAllOutreachStages, domain::OutreachStageCode))},
                             {"on", schema::String()},
                             {"reason", schema::String()}},
                            {"stage", "on"}),
         .response_body = schema::Object({{"id", schema::Integer()}, {"stage", schema::String()}}, {"id", "stage"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/outreach/{id}/attempts/{attempt_id}/consultation",
        ById([&outreach](Request& request, std::int64_t id) {
            auto attempt_id = PathId<OutreachAttemptId>(request, "attempt_id");
            if (!attempt_id) return Response::ErrorJson(attempt_id.error());
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto complaint = TextOf(*body, "chief_complaint");
            if (!complaint) return Response::ErrorJson(complaint.error());
            auto consultation =
                outreach.TurnIntoConsultation(ActorOf(request), OutreachId{id}, *attempt_id, *complaint);
            if (!consultation) return Response::ErrorJson(consultation.error());
            return Response::Json(201, Json{{"consultation_id", *consultation}});
        }),
        {.summary = "Turns an attempt that found trouble into a consultation about the person (recorded by the "
                    "consultation use case with the attempt's time and a 訪問 contact), linked to the attempt",
         .tag = "outreach",
         .request_body = schema::Object({{"chief_complaint", schema::String()}}, {"chief_complaint"}),
         .response_body = schema::Object({{"consultation_id", schema::Integer()}}, {"consultation_id"}),
         .success_status = 201});
}

}  // namespace kasane::http::api
