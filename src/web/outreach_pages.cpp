// SPDX-License-Identifier: Apache-2.0
// アウトリーチ等を通じた継続的支援 (issue 15, item 1), in Japanese:
//   GET  /outreach                                   the caseload (filters: 担当者, 担当機関, 段階, 期限切れのみ;
//                                                    ?person= the records of one person, with 「開始する」)
//   GET  /outreach/new?person_id=                     the form that opens a record
//   POST /outreach                                   opens it; errors beside the fields, what was typed kept
//   GET  /outreach/{id}                              the record: stage history, attempts, the forms below
//   POST /outreach/{id}/attempts                     logs an attempt (and the next planned visit)
//   POST /outreach/{id}/stage                        changes the stage
//   POST /outreach/{id}/attempts/{attempt_id}/consultation   the attempt becomes a consultation
// Each handler calls one use case of domain::OutreachService.

#include "web/outreach_pages.hpp"

#include <map>

#include "base/japan_time.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::OutreachService& outreach;
    domain::Directory& directory;
    const Clock& clock;
};

struct Names {
    std::map<std::int64_t, std::string> users;
    std::map<std::int64_t, std::string> organizations;
    json user_options = json::array();
    json organization_options = json::array();
};

Names NamesOf(Services& services, const http::Request& request, json& data) {
    Names names;
    const domain::Actor actor = ActorOf(request);
    auto users = ValueOrShow(services.directory.Users(*request.principal), data, actor, "担当者の一覧");
    for (const domain::User& user : users) {
        names.users[user.id.value()] = user.display_name;
        if (!user.disabled) names.user_options.push_back({{"value", user.id.value()}, {"label", user.display_name}});
    }
    auto organizations = ValueOrShow(services.directory.Organizations(*request.principal), data, actor, "機関の一覧");
    for (const domain::Organization& organization : organizations) {
        names.organizations[organization.id.value()] = organization.name;
        names.organization_options.push_back({{"value", organization.id.value()}, {"label", organization.name}});
    }
    return names;
}

json Selected(json options, std::string_view value) {
    for (json& option : options) option["selected"] = std::to_string(option["value"].get<std::int64_t>()) == value;
    return options;
}

json RowJson(const domain::OutreachRow& row, Names& names) {
    const domain::OutreachRecord& record = row.record;
    const domain::OutreachAttempt* last = record.attempts.empty() ? nullptr : &record.attempts.back();
    return {{"id", record.id.value()},
            {"person_id", record.person_id.value()},
            {"person", row.person_name},
            {"kind", domain::OutreachKindLabel(record.kind)},
            {"psychiatric", record.kind == domain::OutreachKind::kPsychiatric},
            {"stage", domain::OutreachStageLabel(record.stage)},
            {"worker", names.users[record.worker_id.value()]},
            {"organization", names.organizations[record.organization_id.value()]},
            {"opened_on", FormatWareki(record.opened_on)},
            {"next_visit", record.next_visit_on ? FormatWareki(*record.next_visit_on) : "未定"},
            {"overdue", row.overdue},
            {"attempts", record.attempts.size()},
            {"last_attempt", last ? InstantJson(last->attempted_at)["wareki"].get<std::string>() + " " +
                                        std::string(domain::OutreachOutcomeLabel(last->outcome))
                                  : "まだなし"}};
}

http::Response CaseloadPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    json data = json::object();
    Names names = NamesOf(services, request, data);
    const domain::Actor actor = ActorOf(request);
    Result<std::vector<domain::OutreachRow>> rows = std::vector<domain::OutreachRow>{};
    const auto person = ParseId<domain::PersonId>(FieldOf(query, "person"));
    domain::OutreachFilter filter;
    if (person) {
        rows = services.outreach.OfPerson(actor, *person);
    } else {
        filter.worker_id = ParseId<UserId>(FieldOf(query, "worker"));
        filter.organization_id = ParseId<OrganizationId>(FieldOf(query, "organization"));
        filter.stage = domain::ParseOutreachStage(FieldOf(query, "stage"));
        if (FieldOf(query, "overdue") == "1") filter.overdue_only = domain::OverdueOnly::kYes;
        rows = services.outreach.Caseload(actor, filter);
    }
    if (!rows) return RenderErrorPage(request, rows.error());
    json items = json::array();
    int overdue = 0;
    for (const domain::OutreachRow& row : *rows) {
        overdue += row.overdue ? 1 : 0;
        items.push_back(RowJson(row, names));
    }
    json stages = EnumOptions(domain::kAllOutreachStages, domain::OutreachStageCode, domain::OutreachStageLabel,
                              FieldOf(query, "stage"));
    data.update({{"rows", std::move(items)},
                 {"count", rows->size()},
                 {"overdue", overdue},
                 {"person_id", person ? person->value() : 0},
                 {"for_person", person.has_value()},
                 {"workers", Selected(names.user_options, FieldOf(query, "worker"))},
                 {"organizations", Selected(names.organization_options, FieldOf(query, "organization"))},
                 {"stages", std::move(stages)},
                 {"overdue_only", filter.overdue_only == domain::OverdueOnly::kYes}});
    return RenderPage(request, "アウトリーチ", "outreach_caseload", std::move(data));
}

http::Response ShowOpenForm(Services& services, const http::Request& request, json form, json errors, int status) {
    json data = json::object();
    Names names = NamesOf(services, request, data);
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const std::string kind = form.value("kind", "general");
    const std::string stage = form.value("stage", "identified");
    data.update(
        {{"form", form},
         {"errors", std::move(errors)},
         {"kinds", EnumOptions(domain::kAllOutreachKinds, domain::OutreachKindCode, domain::OutreachKindLabel, kind)},
         {"first_stages",
          json::array({{{"value", "identified"}, {"label", "把握"}, {"selected", stage == "identified"}},
                       {{"value", "trying_contact"}, {"label", "接触試行"}, {"selected", stage == "trying_contact"}}})},
         {"workers", Selected(names.user_options, form.value("worker_id", ""))},
         {"organizations", Selected(names.organization_options, form.value("organization_id", ""))}});
    return RenderPage(request, "アウトリーチを始める", "outreach_new", std::move(data), status);
}

http::Response NewPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    const domain::Principal& principal = *request.principal;
    json form = {{"person_id", FieldOf(query, "person_id")},
                 {"kind", "general"},
                 {"stage", "identified"},
                 {"reason", ""},
                 {"worker_id", std::to_string(principal.user.id.value())},
                 {"organization_id", std::to_string(principal.user.organization_id.value())},
                 {"opened_on", IsoDate(TodayInJapan(services.clock))},
                 {"next_visit_on", ""}};
    return ShowOpenForm(services, request, std::move(form), json::object(), 200);
}

http::Response Open(Services& services, const http::Request& request) {
    json form = json::object();
    for (const char* name :
         {"person_id", "kind", "stage", "reason", "worker_id", "organization_id", "opened_on", "next_visit_on"}) {
        form[name] = FormField(request, name);
    }
    const std::vector<std::string_view> fields = {"person_id",       "kind",      "stage",        "reason", "worker_id",
                                                  "organization_id", "opened_on", "next_visit_on"};
    json errors = json::object();
    domain::OutreachOpening opening;
    opening.person_id = ParseId<domain::PersonId>(form["person_id"].get<std::string>()).value_or(domain::PersonId{});
    opening.kind = domain::ParseOutreachKind(form["kind"].get<std::string>()).value_or(domain::OutreachKind::kGeneral);
    opening.stage =
        domain::ParseOutreachStage(form["stage"].get<std::string>()).value_or(domain::OutreachStage::kIdentified);
    opening.reason = Trim(form["reason"].get<std::string>());
    opening.worker_id = ParseId<UserId>(form["worker_id"].get<std::string>()).value_or(UserId{});
    opening.organization_id =
        ParseId<OrganizationId>(form["organization_id"].get<std::string>()).value_or(OrganizationId{});
    auto opened_on = ParseJapaneseDate(form["opened_on"].get<std::string>(), "opened_on");
    if (!opened_on) AddFieldError(errors, opened_on.error(), fields);
    const std::string next_text = Trim(form["next_visit_on"].get<std::string>());
    if (!next_text.empty()) {
        auto next = ParseJapaneseDate(next_text, "next_visit_on");
        if (!next) AddFieldError(errors, next.error(), fields);
        if (next) opening.next_visit_on = *next;
    }
    if (!errors.empty()) return ShowOpenForm(services, request, std::move(form), std::move(errors), 400);
    opening.opened_on = *opened_on;
    auto opened = services.outreach.Open(ActorOf(request), std::move(opening));
    if (!opened) {
        if (!opened.error().Is(ErrorCode::kInvalidArgument) && !opened.error().Is(ErrorCode::kPayloadTooLarge)) {
            return RenderErrorPage(request, opened.error());
        }
        AddFieldError(errors, opened.error(), fields);
        return ShowOpenForm(services, request, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/outreach/" + std::to_string(opened->id.value()));
}

// The record page; `attempt_form` / `stage_form` keep what was typed when a form comes back with errors.
http::Response ShowRecord(Services& services, const http::Request& request, OutreachId id, json attempt_form,
                          json stage_form, json errors, int status) {
    auto row = services.outreach.Get(ActorOf(request), id);
    if (!row) return RenderErrorPage(request, row.error());
    json data = json::object();
    Names names = NamesOf(services, request, data);
    const domain::OutreachRecord& record = row->record;
    json changes = json::array();
    for (const domain::OutreachStageChange& change : record.stage_changes) {
        changes.push_back({{"on", FormatWareki(change.on)},
                           {"from", domain::OutreachStageLabel(change.from)},
                           {"to", domain::OutreachStageLabel(change.to)},
                           {"first", change.from == change.to},
                           {"reason", change.reason},
                           {"by", names.users[change.changed_by.value()]}});
    }
    json attempts = json::array();
    for (const domain::OutreachAttempt& attempt : record.attempts) {
        attempts.push_back(
            {{"id", attempt.id.value()},
             {"at", InstantJson(attempt.attempted_at)},
             {"method", domain::OutreachMethodLabel(attempt.method)},
             {"outcome", domain::OutreachOutcomeLabel(attempt.outcome)},
             {"organization", names.organizations[attempt.visiting_organization_id.value()]},
             {"visitors", attempt.visitors},
             {"note", attempt.note},
             {"treatment", attempt.treatment ? std::string(domain::TreatmentStatusLabel(*attempt.treatment)) : ""},
             {"consultation_id", attempt.consultation_id ? json(attempt.consultation_id->value()) : json(nullptr)},
             {"open", record.stage != domain::OutreachStage::kClosed}});
    }
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    if (attempt_form.is_null()) {
        attempt_form = {{"attempted_at", LocalDateTimeInput(services.clock.Now())},
                        {"method", "visit"},
                        {"outcome", "met"},
                        {"visiting_organization_id", std::to_string(request.principal->user.organization_id.value())},
                        {"visitors", request.principal->user.display_name},
                        {"note", ""},
                        {"treatment", ""},
                        {"next_visit_on", ""}};
    }
    if (stage_form.is_null())
        stage_form = {{"stage", ""}, {"on", IsoDate(TodayInJapan(services.clock))}, {"reason", ""}};
    json stage_options = json::array();
    for (domain::OutreachStage stage : domain::kAllOutreachStages) {
        if (stage == record.stage || stage == domain::OutreachStage::kIdentified) continue;
        stage_options.push_back({{"value", domain::OutreachStageCode(stage)},
                                 {"label", domain::OutreachStageLabel(stage)},
                                 {"selected", domain::OutreachStageCode(stage) == stage_form.value("stage", "")}});
    }
    data.update(
        {{"record", RowJson(*row, names)},
         {"reason", record.reason},
         {"stage_changes", std::move(changes)},
         {"attempt_rows", std::move(attempts)},
         {"closed", record.stage == domain::OutreachStage::kClosed},
         {"attempt", attempt_form},
         {"stage_form", stage_form},
         {"errors", std::move(errors)},
         {"methods", EnumOptions(domain::kAllOutreachMethods, domain::OutreachMethodCode, domain::OutreachMethodLabel,
                                 attempt_form.value("method", ""))},
         {"outcomes", EnumOptions(domain::kAllOutreachOutcomes, domain::OutreachOutcomeCode,
                                  domain::OutreachOutcomeLabel, attempt_form.value("outcome", ""))},
         {"treatments", EnumOptions(domain::kAllTreatmentStatuses, domain::TreatmentStatusCode,
                                    domain::TreatmentStatusLabel, attempt_form.value("treatment", ""))},
         {"organizations", Selected(names.organization_options, attempt_form.value("visiting_organization_id", ""))},
         {"stages", std::move(stage_options)},
         {"saved", request.QueryParam("saved").value_or("")}});
    return RenderPage(request, "アウトリーチの記録", "outreach_record", std::move(data), status);
}

http::Response RecordPage(Services& services, const http::Request& request) {
    const auto id = ParseId<OutreachId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowRecord(services, request, *id, nullptr, nullptr, json::object(), 200);
}

bool IsFormError(const Error& error) {
    return error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kPayloadTooLarge);
}

http::Response LogAttempt(Services& services, const http::Request& request) {
    const auto id = ParseId<OutreachId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json form = json::object();
    for (const char* name : {"attempted_at", "method", "outcome", "visiting_organization_id", "visitors", "note",
                             "treatment", "next_visit_on"}) {
        form[name] = FormField(request, name);
    }
    const std::vector<std::string_view> fields = {"attempted_at", "method", "outcome",   "visiting_organization_id",
                                                  "visitors",     "note",   "treatment", "next_visit_on"};
    json errors = json::object();
    domain::OutreachAttempt attempt;
    auto at = ParseLocalDateTime(form["attempted_at"].get<std::string>(), "attempted_at", "訪問等の日時");
    if (!at) AddFieldError(errors, at.error(), fields);
    const auto method = domain::ParseOutreachMethod(form["method"].get<std::string>());
    if (!method) AddFieldError(errors, Error::InvalidArgument("方法を選んでください", "method"), fields);
    const auto outcome = domain::ParseOutreachOutcome(form["outcome"].get<std::string>());
    if (!outcome) AddFieldError(errors, Error::InvalidArgument("結果を選んでください", "outcome"), fields);
    const std::string treatment = form["treatment"].get<std::string>();
    if (!treatment.empty()) {
        attempt.treatment = domain::ParseTreatmentStatus(treatment);
        if (!attempt.treatment) {
            AddFieldError(errors, Error::InvalidArgument("受診状況を選んでください", "treatment"), fields);
        }
    }
    std::optional<domain::Date> next_visit;
    if (const std::string next_text = Trim(form["next_visit_on"].get<std::string>()); !next_text.empty()) {
        auto next = ParseJapaneseDate(next_text, "next_visit_on");
        if (!next) AddFieldError(errors, next.error(), fields);
        if (next) next_visit = *next;
    }
    if (!errors.empty()) return ShowRecord(services, request, *id, std::move(form), nullptr, std::move(errors), 400);
    attempt.attempted_at = *at;
    attempt.method = *method;
    attempt.outcome = *outcome;
    attempt.visiting_organization_id =
        ParseId<OrganizationId>(form["visiting_organization_id"].get<std::string>()).value_or(OrganizationId{});
    attempt.visitors = Trim(form["visitors"].get<std::string>());
    attempt.note = form["note"].get<std::string>();
    auto logged = services.outreach.LogAttempt(ActorOf(request), *id, std::move(attempt), next_visit);
    if (!logged) {
        if (!IsFormError(logged.error())) return RenderErrorPage(request, logged.error());
        AddFieldError(errors, logged.error(), fields);
        return ShowRecord(services, request, *id, std::move(form), nullptr, std::move(errors), 400);
    }
    return http::Response::Redirect("/outreach/" + std::to_string(id->value()) + "?saved=attempt");
}

http::Response ChangeStage(Services& services, const http::Request& request) {
    const auto id = ParseId<OutreachId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json form = {{"stage", FormField(request, "stage")},
                 {"on", FormField(request, "on")},
                 {"reason", FormField(request, "reason")}};
    const std::vector<std::string_view> fields = {"stage", "on", "reason"};
    json errors = json::object();
    const auto stage = domain::ParseOutreachStage(form["stage"].get<std::string>());
    if (!stage) AddFieldError(errors, Error::InvalidArgument("次の段階を選んでください", "stage"), fields);
    auto on = ParseJapaneseDate(form["on"].get<std::string>(), "on");
    if (!on) AddFieldError(errors, on.error(), fields);
    if (!errors.empty()) return ShowRecord(services, request, *id, nullptr, std::move(form), std::move(errors), 400);
    auto changed =
        services.outreach.ChangeStage(ActorOf(request), *id, *stage, *on, Trim(form["reason"].get<std::string>()));
    if (!changed) {
        if (!IsFormError(changed.error())) return RenderErrorPage(request, changed.error());
        AddFieldError(errors, changed.error(), fields);
        return ShowRecord(services, request, *id, nullptr, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/outreach/" + std::to_string(id->value()) + "?saved=stage");
}

http::Response TurnIntoConsultation(Services& services, const http::Request& request) {
    const auto id = ParseId<OutreachId>(request.PathParam("id"));
    const auto attempt_id = ParseId<OutreachAttemptId>(request.PathParam("attempt_id"));
    if (!id || !attempt_id) return RenderErrorPage(request, Error::NotFound());
    auto consultation = services.outreach.TurnIntoConsultation(ActorOf(request), *id, *attempt_id,
                                                               Trim(FormField(request, "chief_complaint")));
    if (!consultation) {
        if (!IsFormError(consultation.error())) return RenderErrorPage(request, consultation.error());
        json errors = json::object();
        AddFieldError(errors, consultation.error(), {"chief_complaint"});
        return ShowRecord(services, request, *id, nullptr, nullptr, std::move(errors), 400);
    }
    return http::Response::Redirect("/consultations/" + std::to_string(consultation->value()));
}

}  // namespace

void AddOutreachPages(http::Router& router, domain::OutreachService& outreach, domain::Directory& directory,
                      const Clock& clock) {
    auto services = std::make_shared<Services>(Services{outreach, directory, clock});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/outreach", CaseloadPage);
    add("GET", "/outreach/new", NewPage);
    add("POST", "/outreach", Open);
    add("GET", "/outreach/{id}", RecordPage);
    add("POST", "/outreach/{id}/attempts", LogAttempt);
    add("POST", "/outreach/{id}/stage", ChangeStage);
    add("POST", "/outreach/{id}/attempts/{attempt_id}/consultation", TurnIntoConsultation);
}

}  // namespace kasane::web
