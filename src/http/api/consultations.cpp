// SPDX-License-Identifier: Apache-2.0
// 相談 (断らない相談): the worry-category master, recording a consultation with its first contact, follow-up
// contacts, the outcome, and a person's consultations.
//
// Besides its one use case, a handler here reads the category master: requests may name categories by their
// stable code ("hikikomori"), and responses show each category's code and label beside its id.

#include <algorithm>

#include "base/csv.hpp"
#include "base/japan_time.hpp"
#include "http/api/common.hpp"
#include "http/api/consultation_json.hpp"
#include "http/api/file_response.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/person_json.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

constexpr std::size_t kTextCap = 20000;  // the domain checks the real limits

std::vector<domain::WorryCategory> MasterOr(const Result<std::vector<domain::WorryCategory>>& master) {
    return master ? *master : std::vector<domain::WorryCategory>{};
}

Response ReplyConsultation(domain::ConsultationService& consultations, const domain::Actor& actor,
                           const Result<domain::Consultation>& consultation, int status = 200) {
    if (!consultation) return Response::ErrorJson(consultation.error());
    // Labels are a courtesy: without the master the ids still say everything.
    return Response::Json(status, ConsultationJson(*consultation, MasterOr(consultations.Categories(actor))));
}

Result<std::vector<domain::CategoryChoice>> CategoriesFromJson(const Json& body,
                                                               const std::vector<domain::WorryCategory>& master) {
    std::vector<domain::CategoryChoice> choices;
    const auto it = body.find("categories");
    if (it == body.end() || it->is_null()) return choices;
    const auto invalid = [](std::string message) { return Error::InvalidArgument(std::move(message), "categories"); };
    if (!it->is_array()) return Fail(invalid("相談の分類は配列で指定してください"));
    for (const Json& item : *it) {
        if (!item.is_object()) {
            return Fail(invalid("分類は {\"code\": \"hikikomori\", \"most_pressing\": true} の形で指定してください"));
        }
        domain::CategoryChoice choice;
        auto most_pressing = OptionalBool(item, "most_pressing", false);
        if (!most_pressing) return Fail(invalid(most_pressing.error().message));
        choice.most_pressing = *most_pressing;
        auto category_id = OptionalInteger(item, "category_id");
        if (!category_id) return Fail(invalid(category_id.error().message));
        auto code = OptionalString(item, "code", 64);
        if (!code) return Fail(invalid(code.error().message));
        if (category_id->has_value()) {
            choice.category_id = **category_id;  // the domain checks it against the master
        } else if (code->has_value()) {
            const auto found = std::find_if(master.begin(), master.end(), [&](const domain::WorryCategory& category) {
                return category.code == **code;
            });
            if (found == master.end()) return Fail(invalid("分類「" + **code + "」はこの自治体の分類表にありません"));
            choice.category_id = found->id;
        } else {
            return Fail(invalid("分類は code か category_id で指定してください"));
        }
        choices.push_back(choice);
    }
    return choices;
}

// The domain names the fields of a contact and of a person as they are on their own ("occurred_at",
// "birth_date"); in this body they sit inside "first_contact" and "new_person".
Error InBody(Error error, bool has_new_person) {
    static constexpr std::string_view kContactFields[] = {"occurred_at", "channel", "source",
                                                          "caller",      "summary", "summary_tag"};
    static constexpr std::string_view kPersonFields[] = {"family_name",
                                                         "given_name",
                                                         "family_name_kana",
                                                         "given_name_kana",
                                                         "reading_self_reported",
                                                         "birth_date",
                                                         "sex",
                                                         "phone",
                                                         "contact_notes",
                                                         "address",
                                                         "resides_elsewhere",
                                                         "neighborhood_id",
                                                         "elementary_school_district_id",
                                                         "junior_high_school_district_id",
                                                         "welfare_volunteer_district_id",
                                                         "unknown_reasons",
                                                         "dv_protected"};
    const std::string_view field = error.field;
    const std::string_view head = field.substr(0, field.find('.'));
    const auto is_in = [head](const auto& names) {
        return std::find(std::begin(names), std::end(names), head) != std::end(names);
    };
    if (is_in(kContactFields))
        error.field = "first_contact." + error.field;
    else if (has_new_person && is_in(kPersonFields))
        error.field = "new_person." + error.field;
    return error;
}

// "new_household": {"name", "notes", "relationship"} — a household made with the subject in it.
Result<std::optional<domain::IntakeHousehold>> ReadNewHousehold(const Json& body) {
    const auto it = body.find("new_household");
    if (it == body.end() || it->is_null()) return std::optional<domain::IntakeHousehold>{};
    if (!it->is_object()) {
        return Fail(Error::InvalidArgument("「new_household」はオブジェクトで指定してください", "new_household"));
    }
    domain::IntakeHousehold household;
    auto name = TextOf(*it, "name");
    if (!name) return Fail(Prefixed(name.error(), "new_household."));
    household.name = std::move(*name);
    auto notes = TextOf(*it, "notes");
    if (!notes) return Fail(Prefixed(notes.error(), "new_household."));
    household.notes = std::move(*notes);
    auto relationship = OptionalCode<domain::Relationship>(*it, "relationship", domain::ParseRelationship,
                                                           "続柄のコードが正しくありません");
    if (!relationship) return Fail(Prefixed(relationship.error(), "new_household."));
    household.subject_relationship = relationship->value_or(domain::Relationship::kHead);
    return std::optional<domain::IntakeHousehold>(std::move(household));
}

// "new_members": [{person fields…, "relationship"}] — household members created with the consultation, or
// [{"existing_person_id", "relationship"}] for a person on record (the duplicate check's 同じ人).
Result<std::vector<domain::IntakeMember>> ReadNewMembers(const Json& body) {
    auto items = ObjectArray(body, "new_members");
    if (!items) return Fail(items.error());
    std::vector<domain::IntakeMember> members;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const Json& item = *(*items)[i];
        const std::string prefix = Indexed("new_members", i);
        auto relationship = RequireCode<domain::Relationship>(item, "relationship", domain::ParseRelationship,
                                                              "世帯員の続柄を選んでください");
        if (!relationship) return Fail(Prefixed(relationship.error(), prefix));
        domain::IntakeMember member{.relationship = *relationship};
        auto existing = OptionalId<domain::PersonId>(item, "existing_person_id");
        if (!existing) return Fail(Prefixed(existing.error(), prefix));
        member.existing_person_id = *existing;
        if (!member.existing_person_id) {
            Json person = item;
            person.erase("relationship");
            person.erase("existing_person_id");
            auto data = PersonDataFromJson(person);
            if (!data) return Fail(Prefixed(data.error(), prefix));
            member.person = std::move(*data);
        }
        members.push_back(std::move(member));
    }
    return members;
}

// "next_step": {"kind": "none" | "call_back" | "refer" | "open_case", "call_back_on", "to_organization_id"}.
Result<domain::NextStepInput> ReadNextStep(const Json& body) {
    domain::NextStepInput step;
    const auto it = body.find("next_step");
    if (it == body.end() || it->is_null()) return step;
    if (!it->is_object()) {
        return Fail(Error::InvalidArgument("「next_step」はオブジェクトで指定してください", "next_step"));
    }
    auto kind = RequireCode<domain::IntakeNextStep>(
        *it, "kind", domain::ParseIntakeNextStep, "next_step.kind は none、call_back、refer、open_case のいずれかです");
    if (!kind) return Fail(Prefixed(kind.error(), "next_step."));
    step.kind = *kind;
    auto on = OptionalDateField(*it, "call_back_on", "折り返し連絡の日付");
    if (!on) return Fail(Prefixed(on.error(), "next_step."));
    step.call_back_on = *on;
    auto to = OptionalId(*it, "to_organization_id");
    if (!to) return Fail(Prefixed(to.error(), "next_step."));
    step.to_organization_id = OptionalIdOf<OrganizationId>(*to);
    return step;
}

Response Record(domain::ConsultationService& consultations, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    const domain::Actor actor = ActorOf(request);
    domain::IntakeRequest intake;
    auto person_id = OptionalInteger(*body, "person_id");
    if (!person_id) return Response::ErrorJson(person_id.error());
    intake.person_id = OptionalIdOf<domain::PersonId>(*person_id);
    if (const auto it = body->find("new_person"); it != body->end() && !it->is_null()) {
        if (!it->is_object()) {
            return Response::ErrorJson(
                Error::InvalidArgument("「new_person」はオブジェクトで指定してください", "new_person"));
        }
        auto data = PersonDataFromJson(*it);
        if (!data) {
            Error error = data.error();
            error.field = "new_person." + error.field;
            return Response::ErrorJson(error);
        }
        intake.new_person = std::move(*data);
    }
    auto anonymous = OptionalBool(*body, "anonymous", false);
    if (!anonymous) return Response::ErrorJson(anonymous.error());
    intake.anonymous = *anonymous;
    if ((intake.person_id ? 1 : 0) + (intake.new_person ? 1 : 0) + (intake.anonymous ? 1 : 0) != 1) {
        return Response::ErrorJson(Error::InvalidArgument(
            "本人は person_id か new_person のどちらか一方で指定するか、anonymous: true（匿名の相談）にしてください",
            "person_id"));
    }
    auto household_id = OptionalInteger(*body, "household_id");
    if (!household_id) return Response::ErrorJson(household_id.error());
    intake.household_id = OptionalIdOf<domain::HouseholdId>(*household_id);
    if (auto household = ReadNewHousehold(*body); !household) {
        return Response::ErrorJson(household.error());
    } else {
        intake.new_household = std::move(*household);
    }
    auto members = ReadNewMembers(*body);
    if (!members) return Response::ErrorJson(members.error());
    intake.new_members = std::move(*members);
    auto next_step = ReadNextStep(*body);
    if (!next_step) return Response::ErrorJson(next_step.error());
    intake.next_step = *next_step;
    auto chief_complaint = OptionalString(*body, "chief_complaint", kTextCap);
    if (!chief_complaint) return Response::ErrorJson(chief_complaint.error());
    intake.chief_complaint = chief_complaint->value_or("");
    auto master = consultations.Categories(actor);
    if (!master) return Response::ErrorJson(master.error());
    auto categories = CategoriesFromJson(*body, *master);
    if (!categories) return Response::ErrorJson(categories.error());
    intake.categories = std::move(*categories);
    const auto contact = body->find("first_contact");
    if (contact == body->end() || !contact->is_object()) {
        return Response::ErrorJson(
            Error::InvalidArgument("最初の相談（first_contact）をオブジェクトで指定してください", "first_contact"));
    }
    auto first_contact = ContactFromJson(*contact, "first_contact.");
    if (!first_contact) return Response::ErrorJson(first_contact.error());
    intake.first_contact = std::move(*first_contact);
    auto recorded = consultations.RecordCall(actor, intake);
    if (!recorded) return Response::ErrorJson(InBody(recorded.error(), intake.new_person.has_value()));
    Json reply = ConsultationJson(recorded->consultation, *master);
    reply["created_members"] = recorded->created_members;
    reply["referral_id"] = OptionalIdJson(recorded->referral_id);
    reply["next_step"] = domain::IntakeNextStepCode(intake.next_step.kind);
    // 多機関協働: the case form to open next, with the person and this consultation (a case needs its own title).
    reply["open_case_url"] =
        intake.next_step.kind == domain::IntakeNextStep::kOpenCase && recorded->consultation.person_id
            ? Json("/cases/new?person_id=" + std::to_string(*recorded->consultation.person_id) +
                   "&consultation_id=" + std::to_string(recorded->consultation.id))
            : Json(nullptr);
    return Response::Json(201, reply);
}

Response JoinPerson(domain::ConsultationService& consultations, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = RequireInteger(*body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto person_id = OptionalId(*body, "person_id");
    if (!person_id) return Response::ErrorJson(person_id.error());
    std::optional<domain::PersonData> new_person;
    if (const auto it = body->find("new_person"); it != body->end() && !it->is_null()) {
        if (!it->is_object()) {
            return Response::ErrorJson(
                Error::InvalidArgument("「new_person」はオブジェクトで指定してください", "new_person"));
        }
        auto data = PersonDataFromJson(*it);
        if (!data) return Response::ErrorJson(Prefixed(data.error(), "new_person."));
        new_person = std::move(*data);
    }
    const domain::Actor actor = ActorOf(request);
    auto joined = consultations.JoinPerson(actor, domain::ConsultationId{*id}, static_cast<int>(*version),
                                           OptionalIdOf<domain::PersonId>(*person_id), new_person);
    if (!joined) {
        Error error = joined.error();
        if (new_person && error.field != "person_id" && error.field != "version" && !error.field.empty()) {
            error = Prefixed(std::move(error), "new_person.");
        }
        return Response::ErrorJson(error);
    }
    return ReplyConsultation(consultations, actor, joined);
}

Response AddContact(domain::ConsultationService& consultations, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto contact = ContactFromJson(*body, "");
    if (!contact) return Response::ErrorJson(contact.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyConsultation(consultations, actor,
                             consultations.AddContact(actor, domain::ConsultationId{*id}, *contact), 201);
}

// The "version" of the consultation a change was made on (the one the client read): a stale one is kConflict.
Result<int> VersionOf(const Json& body) {
    auto version = RequireInteger(body, "version");
    if (!version) return Fail(version.error());
    return Narrow(*version);
}

// The "reason" of a close, reopen, cancel or a contact's cancel; an absent one is "", for the domain to refuse.
Result<std::string> ReasonOf(const Json& body) {
    auto reason = OptionalString(body, "reason", kTextCap);
    if (!reason) return Fail(reason.error());
    return reason->value_or("");
}

Response SetOutcome(domain::ConsultationService& consultations, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = VersionOf(*body);
    if (!version) return Response::ErrorJson(version.error());
    auto outcome_code = RequireString(*body, "outcome", 64);
    if (!outcome_code) return Response::ErrorJson(outcome_code.error());
    const auto outcome = domain::ParseOutcome(*outcome_code);
    if (!outcome) {
        return Response::ErrorJson(Error::InvalidArgument(
            "対応結果は open、information_provided、referred、escalated、continuing のいずれかです", "outcome"));
    }
    auto note = OptionalString(*body, "note", kTextCap);
    if (!note) return Response::ErrorJson(note.error());
    auto referral_id = OptionalId(*body, "referral_id");
    if (!referral_id) return Response::ErrorJson(referral_id.error());
    auto case_id = OptionalId(*body, "case_id");
    if (!case_id) return Response::ErrorJson(case_id.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyConsultation(
        consultations, actor,
        consultations.SetOutcome(actor, domain::ConsultationId{*id}, *version,
                                 domain::OutcomeInput{.outcome = *outcome,
                                                      .note = note->value_or(""),
                                                      .referral_id = OptionalIdOf<domain::ReferralId>(*referral_id),
                                                      .case_id = OptionalIdOf<domain::CaseId>(*case_id)}));
}

// close, reopen, cancel: {"version", "reason"}.
using ReasonedChange = Result<domain::Consultation> (domain::ConsultationService::*)(const domain::Actor&,
                                                                                     domain::ConsultationId, int,
                                                                                     std::string_view);
Response ChangeWithReason(domain::ConsultationService& consultations, Request& request, ReasonedChange change) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = VersionOf(*body);
    if (!version) return Response::ErrorJson(version.error());
    auto reason = ReasonOf(*body);
    if (!reason) return Response::ErrorJson(reason.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyConsultation(consultations, actor,
                             (consultations.*change)(actor, domain::ConsultationId{*id}, *version, *reason));
}

Response CancelContact(domain::ConsultationService& consultations, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto contact_id = PathId(request, "contact_id");
    if (!contact_id) return Response::ErrorJson(contact_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto reason = ReasonOf(*body);
    if (!reason) return Response::ErrorJson(reason.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyConsultation(consultations, actor,
                             consultations.CancelContact(actor, domain::ConsultationId{*id}, *contact_id, *reason));
}

Response SetNextContact(domain::ConsultationService& consultations, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = VersionOf(*body);
    if (!version) return Response::ErrorJson(version.error());
    auto on = OptionalDateField(*body, "next_contact_on", "次回連絡予定日");
    if (!on) return Response::ErrorJson(on.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyConsultation(consultations, actor,
                             consultations.SetNextContact(actor, domain::ConsultationId{*id}, *version, *on));
}

Json ReminderJson(const domain::ContactReminder& reminder) {
    return {{"consultation_id", reminder.id},
            {"person_id", OptionalIdJson(reminder.person_id)},
            {"next_contact_on", IsoDate(reminder.next_contact_on)},
            {"overdue", reminder.overdue}};
}

// 相談受付簿: the filter from the query string (domain::ParseBookFilter, the page's too).
Result<domain::BookFilter> BookFilterOf(const Request& request, domain::Date today) {
    const domain::Actor actor = ActorOf(request);
    return domain::ParseBookFilter([&request](std::string_view name) { return request.QueryParam(name).value_or(""); },
                                   today, actor.principal.user.id);
}

Json BookRowJson(const domain::BookRow& row, const std::vector<domain::WorryCategory>& master) {
    Json categories = Json::array();
    Json fields = Json::array();
    for (const domain::CategoryId id : row.category_ids) {
        const auto found = std::find_if(master.begin(), master.end(),
                                        [&](const domain::WorryCategory& category) { return category.id == id; });
        if (found == master.end()) continue;
        categories.push_back({{"id", id}, {"code", found->code}, {"label", found->label}});
        const std::string field(domain::FieldCode(domain::FieldOfCategory(found->code)));
        if (std::find(fields.begin(), fields.end(), Json(field)) == fields.end()) fields.push_back(field);
    }
    return {{"id", row.id},
            {"person_id", OptionalIdJson(row.person_id)},  // null: an anonymous consultation (「匿名」)
            {"anonymous", !row.person_id.has_value()},
            {"person_name", row.person_name},
            {"person_name_kana", row.person_name_kana},
            {"received_at", FormatIso8601(row.received_at)},
            {"received_at_label", domain::ReceivedAtLabel(row.received_at)},
            {"channel", domain::ChannelCode(row.channel)},
            {"source", domain::SourceCode(row.source)},
            {"receiving_organization_id", row.window},
            {"received_by_user_id", row.received_by_user_id},
            {"status", domain::ConsultationStatusCode(row.status)},
            {"outcome", domain::OutcomeCode(row.outcome)},
            {"chief_complaint", row.chief_complaint},
            {"categories", std::move(categories)},
            {"fields", std::move(fields)},
            {"contacts", row.contacts}};
}

Response Book(domain::ConsultationService& consultations, const Clock& clock, Request& request) {
    auto filter = BookFilterOf(request, TodayInJapan(clock));
    if (!filter) return Response::ErrorJson(filter.error());
    const domain::Actor actor = ActorOf(request);
    auto page = consultations.Book(actor, *filter);
    if (!page) return Response::ErrorJson(page.error());
    const auto master = MasterOr(consultations.Categories(actor));
    Json items = Json::array();
    for (const domain::BookRow& row : page->rows) items.push_back(BookRowJson(row, master));
    return Response::Json(200, Json{{"items", std::move(items)},
                                    {"page", page->filter.page},
                                    {"page_size", domain::kBookPageSize},
                                    {"has_next", page->has_next},
                                    {"query", domain::BookQueryString(page->filter)}});
}

Response BookCsv(domain::ConsultationService& consultations, const Clock& clock, Request& request) {
    auto filter = BookFilterOf(request, TodayInJapan(clock));
    if (!filter) return Response::ErrorJson(filter.error());
    auto encoding = CsvEncodingParam(request);
    if (!encoding) return Response::ErrorJson(encoding.error());
    auto file = consultations.ExportBook(ActorOf(request), *filter, *encoding);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(Attachment{.bytes = std::move(file->bytes),
                                         .content_type = csv::ContentType(*encoding),
                                         .file_name = file->file_name,
                                         .rows = file->rows,
                                         .substituted = file->substituted});
}

Json NewMemberSchema() {
    Json member = schema::PersonInput();
    member["properties"]["relationship"] = schema::String();
    member["properties"]["existing_person_id"] = NullableInteger();
    member["required"] = Json::array({"relationship"});
    return member;
}

Json RecordedSchema() {
    Json recorded = schema::Consultation();
    recorded["properties"]["created_members"] = schema::ArrayOf(schema::Integer());
    recorded["properties"]["referral_id"] = NullableInteger();
    recorded["properties"]["next_step"] = EnumSchema({"none", "call_back", "refer", "open_case"});
    recorded["properties"]["open_case_url"] = NullableString();
    return recorded;
}

}  // namespace

void AddConsultationRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::ConsultationService& consultations = dependencies.consultations;
    const Clock& clock = dependencies.clock;

    AddSignedInRoute(
        router, "GET", "/api/v1/worry-categories",
        [&consultations](Request& request) {
            // ?offered=true: only those a new consultation may carry (active, in the town's order); otherwise every
            // category, retired ones included (records carry them), each with its active flag.
            if (request.QueryParam("offered").value_or("") == "true") {
                return ReplyItems(consultations.OfferedCategories(ActorOf(request)));
            }
            return ReplyItems(consultations.Categories(ActorOf(request)));
        },
        {.summary = "The municipality's worry categories (独居, ひきこもり, 8050 ...), in form order; retired ones "
                    "included unless ?offered=true",
         .tag = "consultations",
         .response_body = schema::Items(schema::WorryCategory())});

    const std::string book_parameters =
        "; query: window, from, to (受付日, ISO or 和暦), status (any|open|done), worker, source, category, field "
        "(elderly|disability|child|poverty|other), page, preset (today|mine); no filter means today";
    AddSignedInRoute(
        router, "GET", "/api/v1/consultations",
        [&consultations, &clock](Request& request) { return Book(consultations, clock, request); },
        {.summary =
             "相談受付簿: consultations in the caller's scope, newest first contact first, 50 a page" + book_parameters,
         .tag = "consultations",
         .response_body = schema::Object(
             {{"items", schema::ArrayOf(schema::Object(
                            {{"id", schema::Integer()},
                             {"person_id", NullableInteger()},
                             {"anonymous", schema::Boolean()},
                             {"person_name", schema::String()},
                             {"person_name_kana", schema::String()},
                             {"received_at", schema::String()},
                             {"received_at_label", schema::String()},
                             {"channel", schema::String()},
                             {"source", schema::String()},
                             {"receiving_organization_id", schema::Integer()},
                             {"received_by_user_id", schema::Integer()},
                             {"status", EnumSchema({"open", "closed"})},
                             {"outcome", schema::String()},
                             {"chief_complaint", schema::String()},
                             {"categories",
                              schema::ArrayOf(schema::Object(
                                  {{"id", schema::Integer()}, {"code", schema::String()}, {"label", schema::String()}},
                                  {"id", "code", "label"}))},
                             {"fields", schema::ArrayOf(schema::String())},
                             {"contacts", schema::Integer()}},
                            {"id", "person_id", "person_name", "received_at", "source", "outcome", "categories",
                             "fields", "contacts"}))},
              {"page", schema::Integer()},
              {"page_size", schema::Integer()},
              {"has_next", schema::Boolean()},
              {"query", schema::String()}},
             {"items", "page", "page_size", "has_next"})});

    AddFileRoute(
        router, "/api/v1/consultations.csv",
        [&consultations, &clock](Request& request) { return BookCsv(consultations, clock, request); },
        "相談受付簿 as CSV (every page of the filter; encoding=utf-8 with BOM or windows-31j; "
        "needs the export right, audited with its row count)" +
            book_parameters,
        "consultations", FileKind::kCsv);

    AddSignedInRoute(
        router, "POST", "/api/v1/consultations",
        [&consultations](Request& request) { return Record(consultations, request); },
        {.summary = "Record a consultation at the caller's organisation, with its first contact (one "
                    "call, all or nothing): the subject is person_id, new_person, or anonymous: true "
                    "(匿名の相談); new_household and new_members (persons created in the household in the "
                    "same transaction); next_step call_back (sets next_contact_on), refer (sends the "
                    "referral, reason the 主訴) or open_case (answers open_case_url)",
         .tag = "consultations",
         .request_body = schema::Object(
             {{"person_id", schema::Integer()},
              {"new_person", schema::PersonInput()},
              {"anonymous", schema::Boolean()},
              {"household_id", schema::Integer()},
              {"new_household",
               schema::Object(
                   {{"name", schema::String()}, {"notes", schema::String()}, {"relationship", schema::String()}}, {})},
              {"new_members", schema::ArrayOf(NewMemberSchema())},
              {"next_step", schema::Object({{"kind", EnumSchema({"none", "call_back", "refer", "open_case"})},
                                            {"call_back_on", DateString()},
                                            {"to_organization_id", schema::Integer()}},
                                           {"kind"})},
              {"chief_complaint", schema::String()},
              {"categories", schema::ArrayOf(schema::Object({{"code", schema::String()},
                                                             {"category_id", schema::Integer()},
                                                             {"most_pressing", schema::Boolean()}},
                                                            {}))},
              {"first_contact", schema::ContactInput()}},
             {"first_contact"}),
         .response_body = RecordedSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/consultations/{id}/person",
        [&consultations](Request& request) { return JoinPerson(consultations, request); },
        {.summary = "An anonymous consultation joins its person once identified: person_id (an existing "
                    "person) or new_person (created with it), and the consultation's version; audited; "
                    "409 (field person_id) when a person is linked already. Reports count the person "
                    "from then on",
         .tag = "consultations",
         .request_body = schema::Object(
             {{"version", schema::Integer()}, {"person_id", schema::Integer()}, {"new_person", schema::PersonInput()}},
             {"version"}),
         .response_body = schema::Consultation()});

    AddSignedInRoute(
        router, "GET", "/api/v1/consultations/{id}", ById([&consultations](Request& request, std::int64_t id) {
            const domain::Actor actor = ActorOf(request);
            return ReplyConsultation(consultations, actor, consultations.Get(actor, domain::ConsultationId{id}));
        }),
        {.summary = "One consultation with its contacts, oldest first",
         .tag = "consultations",
         .response_body = schema::Consultation()});

    AddSignedInRoute(router, "POST", "/api/v1/consultations/{id}/contacts",
                     [&consultations](Request& request) { return AddContact(consultations, request); },
                     {.summary = "Add a follow-up contact to a consultation",
                      .tag = "consultations",
                      .request_body = schema::ContactInput(),
                      .response_body = schema::Consultation(),
                      .success_status = 201});

    AddSignedInRoute(router, "PUT", "/api/v1/consultations/{id}/outcome",
                     [&consultations](Request& request) { return SetOutcome(consultations, request); },
                     {.summary = "Set the outcome (対応結果) of an open consultation: referred names referral_id, "
                                 "escalated names case_id (of the same person or household); 409 on a stale version",
                      .tag = "consultations",
                      .request_body = schema::Object({{"version", schema::Integer()},
                                                      {"outcome", schema::String()},
                                                      {"note", schema::String()},
                                                      {"referral_id", schema::Integer()},
                                                      {"case_id", schema::Integer()}},
                                                     {"version", "outcome"}),
                      .response_body = schema::Consultation()});

    const Json reason_body =
        schema::Object({{"version", schema::Integer()}, {"reason", schema::String()}}, {"version", "reason"});
    AddSignedInRoute(router, "POST", "/api/v1/consultations/{id}/close",
                     [&consultations](Request& request) {
                         return ChangeWithReason(consultations, request, &domain::ConsultationService::Close);
                     },
                     {.summary = "Close a consultation (終了) with a reason; 409 on a stale version",
                      .tag = "consultations",
                      .request_body = reason_body,
                      .response_body = schema::Consultation()});
    AddSignedInRoute(router, "POST", "/api/v1/consultations/{id}/reopen",
                     [&consultations](Request& request) {
                         return ChangeWithReason(consultations, request, &domain::ConsultationService::Reopen);
                     },
                     {.summary = "Reopen a closed consultation (再開) with a reason; 409 on a stale version",
                      .tag = "consultations",
                      .request_body = reason_body,
                      .response_body = schema::Consultation()});
    AddSignedInRoute(router, "POST", "/api/v1/consultations/{id}/cancel",
                     [&consultations](Request& request) {
                         return ChangeWithReason(consultations, request, &domain::ConsultationService::Cancel);
                     },
                     {.summary = "Cancel (取消) a consultation entered by mistake, with a reason: kept and audited, "
                                 "out of every count and list",
                      .tag = "consultations",
                      .request_body = reason_body,
                      .response_body = schema::Consultation()});
    AddSignedInRoute(router, "POST", "/api/v1/consultations/{id}/contacts/{contact_id}/cancel",
                     [&consultations](Request& request) { return CancelContact(consultations, request); },
                     {.summary = "Cancel (取消) one follow-up contact entered by mistake, with a reason; it no longer "
                                 "counts in 延べ",
                      .tag = "consultations",
                      .request_body = schema::Object({{"reason", schema::String()}}, {"reason"}),
                      .response_body = schema::Consultation()});
    AddSignedInRoute(router, "PUT", "/api/v1/consultations/{id}/next-contact",
                     [&consultations](Request& request) { return SetNextContact(consultations, request); },
                     {.summary = "Set or clear (null) the next-contact date (次回連絡予定, a JST date, today or later)",
                      .tag = "consultations",
                      .request_body = schema::Object(
                          {{"version", schema::Integer()}, {"next_contact_on", NullableString()}}, {"version"}),
                      .response_body = schema::Consultation()});
    AddSignedInRoute(
        router, "GET", "/api/v1/consultation-reminders",
        [&consultations](Request& request) {
            auto due = consultations.DueForContact(ActorOf(request));
            if (!due) return Response::ErrorJson(due.error());
            Json items = Json::array();
            for (const auto& reminder : *due) items.push_back(ReminderJson(reminder));
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary = "The caller's open consultations with a next-contact date today or overdue",
         .tag = "consultations",
         .response_body = schema::Items(schema::Object({{"consultation_id", schema::Integer()},
                                                        {"person_id", NullableInteger()},
                                                        {"next_contact_on", schema::String()},
                                                        {"overdue", schema::Boolean()}},
                                                       {"consultation_id", "next_contact_on", "overdue"}))});

    AddSignedInRoute(router, "GET", "/api/v1/persons/{id}/consultations",
                     ById([&consultations](Request& request, std::int64_t id) {
                         const domain::Actor actor = ActorOf(request);
                         const bool include_cancelled = request.QueryParam("include_cancelled").value_or("") == "true";
                         auto found = consultations.OfPerson(actor, domain::PersonId{id}, include_cancelled);
                         if (!found) return Response::ErrorJson(found.error());
                         const auto master = MasterOr(consultations.Categories(actor));
                         Json items = Json::array();
                         for (const auto& consultation : *found)
                             items.push_back(ConsultationJson(consultation, master));
                         return Response::Json(200, Json{{"items", std::move(items)}});
                     }),
                     {.summary = "Consultations about a person (and records merged into it), newest first; "
                                 "cancelled ones only with ?include_cancelled=true",
                      .tag = "consultations",
                      .response_body = schema::Items(schema::Consultation())});
}

}  // namespace kasane::http::api
