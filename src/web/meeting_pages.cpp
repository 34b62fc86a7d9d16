// SPDX-License-Identifier: Apache-2.0
// 会議 (lawful sharing, issue #4; case decisions from 多機関協働, issue #6): the list, a new meeting with its
// agenda, the meeting page, the decisions recorded on the cases of its agenda, and the person page of a member who
// sees the person only through a meeting.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/access_policy.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/sharing_page_support.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace sharing;
using nlohmann::json;

// --- 会議 ------------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kMeetingFields = {"body_id", "joint_body_id", "held_on",  "agenda",
                                                      "minutes", "decisions",     "attendees"};

// The agenda choices: persons already ticked (kept across searches and re-rendered forms) and new search results.
json AgendaChoices(const SharingPageServices& services, const domain::Actor& actor, const FormFields& fields,
                   const std::string& query, std::optional<Error>* search_error) {
    json choices = json::array();
    std::set<domain::PersonId> listed;
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("agenda_") || name.starts_with("agenda_name_") || value != "1") continue;
        auto id = ParseId<domain::PersonId>(std::string_view(name).substr(7));
        if (!id || !listed.insert(*id).second) continue;
        const std::string key = std::to_string(*id);
        choices.push_back({{"id", *id},
                           {"name", FieldOf(fields, "agenda_name_" + key)},
                           {"checked", true},
                           {"summary", FieldOf(fields, "summary_" + key)}});
    }
    if (!query.empty()) {
        auto found = services.persons->Search(actor, query, kAgendaSearchLimit);
        if (!found) {
            if (search_error) *search_error = found.error();
        } else {
            for (const domain::PersonSummary& summary : *found) {
                if (summary.decision.level == domain::ViewLevel::kReferralSheet) continue;
                if (!listed.insert(summary.person.id).second) continue;
                json item = {{"id", summary.person.id},
                             {"name", summary.person.FullName()},
                             {"kana", summary.person.FullNameKana()},
                             {"birth_date", DateJson(summary.person.data.birth_date)},
                             {"checked", false},
                             {"summary", ""}};
                choices.push_back(std::move(item));
            }
        }
    }
    return choices;
}

http::Response RenderMeetingForm(const SharingPageServices& services, const http::Request& request,
                                 const FormFields& fields, json errors, int status) {
    const domain::Actor actor = ActorOf(request);
    if (!ManagesBodies(actor.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("会議を開催（登録）できるのは推進員と管理者です"));
    }
    const std::string selected_body = FieldOf(fields, "body_id");
    const std::string selected_joint = FieldOf(fields, "joint_body_id");
    json bodies = json::array();
    json joint_bodies = json::array();
    auto list = services.sharing->Bodies(actor);
    if (!list) return RenderErrorPage(request, list.error());  // no meeting can be recorded without its body
    {
        for (const domain::MeetingBody& body : *list) {
            const std::string label =
                body.display_name + "（" + std::string(domain::LegalBasisLabel(body.legal_basis)) + "）";
            bodies.push_back(
                {{"value", body.id}, {"label", label}, {"selected", selected_body == std::to_string(body.id)}});
            joint_bodies.push_back(
                {{"value", body.id}, {"label", label}, {"selected", selected_joint == std::to_string(body.id)}});
        }
    }
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    json attendees = json::array();
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    for (const auto& [id, user] : *users_read) {
        // 民生委員 attend too: what a meeting shares reaches them only by attending it in person.
        if (user.disabled || !(user.HasRole(domain::Role::kCaseworker) || user.HasRole(domain::Role::kCoordinator) ||
                               user.HasRole(domain::Role::kWelfareVolunteer))) {
            continue;
        }
        attendees.push_back({{"id", id},
                             {"label", user.display_name + "（" + NameOr(organizations, user.organization_id) + "）"},
                             {"checked", FieldOf(fields, "attendee_" + std::to_string(id)) == "1"}});
    }
    json other_organizations = json::array();
    const std::string other_organization = FieldOf(fields, "other_attendee_organization_id");
    for (const auto& [id, name] : organizations) {
        other_organizations.push_back(
            {{"value", id}, {"label", name}, {"selected", other_organization == std::to_string(id)}});
    }
    json decisions = json::array();
    for (int row = 1; row <= kDecisionRows; ++row) {
        const std::string key = std::to_string(row);
        const std::string kind = FieldOf(fields, "decision_kind_" + key);
        json options = json::array();
        options.push_back({{"value", ""}, {"label", "（なし）"}, {"selected", kind.empty()}});
        for (const domain::DecisionKind decision : kDecisionKinds) {
            const std::string_view code = domain::DecisionKindCode(decision);
            options.push_back(
                {{"value", code}, {"label", domain::DecisionKindLabel(decision)}, {"selected", kind == code}});
        }
        decisions.push_back({{"row", row}, {"options", options}, {"text", FieldOf(fields, "decision_text_" + key)}});
    }
    const std::string query = FieldOf(fields, "agenda_q");
    std::optional<Error> search_error;
    const Date today = TodayInJapan(*services.clock);
    json data = {
        {"bodies", bodies},
        {"joint_bodies", joint_bodies},
        {"held_on", FieldOf(fields, "held_on").empty() ? FormatWareki(today) : FieldOf(fields, "held_on")},
        {"attendees", attendees},
        {"other_attendee_name", FieldOf(fields, "other_attendee_name")},
        {"other_attendee_kinds", EnumOptions(domain::kAllAttendeeKinds, domain::AttendeeKindCode,
                                             domain::AttendeeKindLabel, FieldOf(fields, "other_attendee_kind"))},
        {"other_organizations", other_organizations},
        {"agenda_q", query},
        {"choices", AgendaChoices(services, actor, fields, query, &search_error)},
        {"minutes", FieldOf(fields, "minutes")},
        {"decisions", decisions},
        {"errors", std::move(errors)}};
    if (search_error && search_error->Is(ErrorCode::kInvalidArgument)) {
        data["search_error"] = search_error->message;
    } else if (search_error) {
        data["search_error"] = SectionError(request, "本人の検索", *search_error)["text"];
    }
    return RenderPage(request, "会議を記録する", "meeting_form", std::move(data), status);
}

http::Response NewMeeting(const SharingPageServices& services, http::Request& request) {
    FormFields fields;
    if (auto body = request.QueryParam("body_id")) fields["body_id"] = *body;
    if (auto query = request.QueryParam("agenda_q")) fields["agenda_q"] = *query;
    return RenderMeetingForm(services, request, fields, json::object(), 200);
}

// htmx: the agenda choices for the search box, keeping the persons already ticked (sent with hx-include).
http::Response AgendaSearch(const SharingPageServices& services, http::Request& request) {
    const FormFields fields = QueryFields(request);
    std::optional<Error> search_error;
    json data = {
        {"choices", AgendaChoices(services, ActorOf(request), fields, FieldOf(fields, "agenda_q"), &search_error)},
        {"agenda_q", FieldOf(fields, "agenda_q")}};
    if (search_error && search_error->Is(ErrorCode::kInvalidArgument)) {
        data["search_error"] = search_error->message;
    } else if (search_error) {
        data["search_error"] = SectionError(request, "本人の検索", *search_error)["text"];
    }
    return RenderFragment(request, "meeting_agenda_choices", std::move(data));
}

http::Response CreateMeeting(const SharingPageServices& services, http::Request& request) {
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& error) {
        if (!error.Is(ErrorCode::kInvalidArgument) && !(error.Is(ErrorCode::kNotFound) && !error.field.empty())) {
            return RenderErrorPage(request, error);
        }
        json errors = json::object();
        AddFieldError(errors, error, kMeetingFields);
        return RenderMeetingForm(services, request, fields, std::move(errors), 400);
    };
    // Pressing 「探す」 without scripts submits the whole form: search again, keep everything typed.
    if (FieldOf(fields, "action") == "search") return RenderMeetingForm(services, request, fields, json::object(), 200);

    domain::Meeting meeting;
    auto body_id = ParseId(FieldOf(fields, "body_id"));
    if (!body_id) return fail(Error::InvalidArgument("会議体を選んでください", "body_id"));
    meeting.body_id = domain::MeetingBodyId{*body_id};
    if (const std::string joint = FieldOf(fields, "joint_body_id"); !joint.empty()) {
        meeting.joint_body_id = ParseId<domain::MeetingBodyId>(joint);
        if (!meeting.joint_body_id)
            return fail(Error::InvalidArgument("合同で開催する会議体を選び直してください", "joint_body_id"));
    }
    auto held_on = OptionalDate(fields, "held_on", "開催日");
    if (!held_on) return fail(held_on.error());
    if (!*held_on) return fail(Error::InvalidArgument("開催日を入力してください", "held_on"));
    meeting.held_on = **held_on;
    auto users_read = UsersById(services, ActorOf(request));
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    for (const auto& [name, value] : fields) {
        if (value == "1" && name.starts_with("attendee_")) {
            auto id = ParseId<UserId>(std::string_view(name).substr(9));
            auto user = id ? users.find(*id) : users.end();
            if (user == users.end()) return fail(Error::InvalidArgument("出席者を選び直してください", "attendees"));
            meeting.attendees.push_back(domain::Attendee{.user_id = user->first,
                                                         .name = user->second.display_name,
                                                         .organization_id = user->second.organization_id});
        }
        if (value == "1" && name.starts_with("agenda_") && !name.starts_with("agenda_name_")) {
            auto id = ParseId(std::string_view(name).substr(7));
            if (!id) continue;
            meeting.agenda.push_back(
                domain::AgendaItem{.person_id = domain::PersonId{*id},
                                   .shared_summary = Trim(FieldOf(fields, "summary_" + std::to_string(*id)))});
        }
    }
    if (const std::string other = Trim(FieldOf(fields, "other_attendee_name")); !other.empty()) {
        const auto kind =
            domain::ParseAttendeeKind(FieldOf(fields, "other_attendee_kind")).value_or(domain::AttendeeKind::kStaff);
        // 本人 and family need no organisation: the one that invited them is recorded (SharingService).
        auto organization = ParseId(FieldOf(fields, "other_attendee_organization_id"));
        if (!organization && kind == domain::AttendeeKind::kStaff) {
            return fail(Error::InvalidArgument("その他の出席者の所属機関を選んでください", "attendees"));
        }
        meeting.attendees.push_back(
            domain::Attendee{.name = other, .organization_id = OrganizationId{organization.value_or(0)}, .kind = kind});
    }
    for (const domain::AgendaItem& item : meeting.agenda) {
        if (item.shared_summary.empty()) {
            return fail(Error::InvalidArgument("議題にした本人ごとに、会議で共有する内容を入力してください", "agenda"));
        }
    }
    meeting.minutes = FieldOf(fields, "minutes");
    for (int row = 1; row <= kDecisionRows; ++row) {
        const std::string key = std::to_string(row);
        const std::string kind = FieldOf(fields, "decision_kind_" + key);
        const std::string text = Trim(FieldOf(fields, "decision_text_" + key));
        if (kind.empty() && text.empty()) continue;
        if (kind.empty()) return fail(Error::InvalidArgument("決定の種類を選んでください", "decisions"));
        const auto parsed = domain::ParseDecisionKind(kind);
        if (!parsed) return fail(Error::InvalidArgument("決定の種類が正しくありません", "decisions.kind"));
        meeting.decisions.push_back(domain::Decision{.kind = *parsed, .text = text});
    }
    auto created = services.sharing->CreateMeeting(ActorOf(request), meeting);
    if (!created) return fail(created.error());
    return http::Response::Redirect("/meetings/" + std::to_string(created->id) + "?created=1");
}

http::Response ListMeetings(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    std::optional<domain::MeetingBodyId> body_filter;
    if (auto body = request.QueryParam("body_id"); body && !body->empty())
        body_filter = ParseId<domain::MeetingBodyId>(*body);
    auto meetings = services.sharing->Meetings(actor, body_filter);
    if (!meetings) return RenderErrorPage(request, meetings.error());
    std::map<domain::MeetingBodyId, domain::MeetingBody> bodies;
    json shown = json::object();  // the reads that failed (ShowSectionError)
    if (auto list = services.sharing->Bodies(actor)) {
        for (domain::MeetingBody& body : *list) bodies.emplace(body.id, std::move(body));
    } else {
        ShowSectionError(shown, actor, "会議体", list.error());
    }
    json rows = json::array();
    for (const domain::Meeting& meeting : *meetings) {
        auto body = bodies.find(meeting.body_id);
        rows.push_back(
            {{"id", meeting.id},
             {"held_on", DateJson(meeting.held_on)},
             {"body", body == bodies.end() ? std::string("会議体 ") + std::to_string(meeting.body_id)
                                           : body->second.display_name},
             {"basis",
              body == bodies.end() ? std::string() : std::string(domain::LegalBasisLabel(body->second.legal_basis))},
             {"agenda_count", meeting.agenda.size()},
             {"attendee_count", meeting.attendees.size()}});
    }
    json data = {{"meetings", rows},
                 {"has_meetings", !rows.empty()},
                 {"can_convene", ManagesBodies(actor.principal)},
                 {"section_errors", shown.value("section_errors", json::array())}};
    return RenderPage(request, "会議", "meetings", std::move(data));
}

// --- 会議: the cases on the agenda (多機関協働, issue #6) ----------------------------------------------------------

constexpr int kRoleRows = 3;

const std::vector<std::string_view> kDecisionFields = {
    "kind",         "text",         "plan_id",          "roles",         "program", "reason", "carried_on_by",
    "open_actions", "hand_over_to", "missing_resource", "next_review_on"};
const std::vector<std::string_view> kAgendaCaseFields = {"add_case_id", "add_summary"};

// What a failed POST on the meeting page brings back to it: the form as typed, and the messages.
struct MeetingExtras {
    FormFields fields;
    std::optional<domain::CaseId> decision_case_id;  // the case whose decision form was posted
    json errors = json::object();
    json agenda_errors = json::object();
    int status = 200;
};

json Choices(const std::vector<std::pair<std::string, std::string>>& choices, std::string_view selected,
             std::string_view empty_label) {
    json options = json::array();
    options.push_back({{"value", ""}, {"label", empty_label}, {"selected", selected.empty()}});
    for (const auto& [value, label] : choices) {
        options.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
    }
    return options;
}

std::vector<std::pair<std::string, std::string>> OrganizationChoices(
    const std::map<OrganizationId, std::string>& organizations) {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const auto& [id, name] : organizations) choices.emplace_back(std::to_string(id), name);
    return choices;
}

// The 「決定事項を記録」 form of one case on the agenda: empty, or as posted when `posted` is set.
json DecisionFormJson(const domain::CaseView& view, const std::map<OrganizationId, std::string>& organizations,
                      const FormFields* posted, const json& errors) {
    auto field = [&](std::string_view name) { return posted ? FieldOf(*posted, name) : std::string(); };
    const domain::SupportCase& support_case = view.support_case;
    std::vector<std::pair<std::string, std::string>> kinds;
    for (const domain::DecisionKind kind : domain::kAllDecisionKinds) {
        kinds.emplace_back(domain::DecisionKindCode(kind), domain::DecisionKindLabel(kind));
    }
    std::vector<std::pair<std::string, std::string>> plans;
    if (view.draft_plan) {
        plans.emplace_back(std::to_string(view.draft_plan->id),
                           "第" + std::to_string(view.draft_plan->plan_version) + "版（" +
                               std::string(domain::PlanStateLabel(view.draft_plan->state)) + "）");
    }
    const auto organization_choices = OrganizationChoices(organizations);
    json roles = json::array();
    for (int row = 1; row <= kRoleRows; ++row) {
        const std::string key = std::to_string(row);
        roles.push_back({{"row", row},
                         {"organization_options",
                          Choices(organization_choices, field("role_organization_" + key), "選んでください")},
                         {"role", field("role_" + key)}});
    }
    std::vector<std::pair<std::string, std::string>> programs;
    for (const domain::ProgramStatus& program : support_case.programs) {
        programs.emplace_back(domain::ProgramCode(program.program), domain::ProgramLabel(program.program));
    }
    const std::vector<std::pair<std::string, std::string>> dispositions = {{"cancel", "中止する"},
                                                                           {"hand_over", "引き継ぐ"}};
    const std::string plan_selected =
        posted ? field("plan_id") : (view.draft_plan ? std::to_string(view.draft_plan->id) : std::string());
    json form = {{"case_id", support_case.id},
                 {"kind_options", Choices(kinds, field("kind"), "選んでください")},
                 {"text", field("text")},
                 {"plan_options", Choices(plans, plan_selected, "（なし）")},
                 {"has_draft", view.draft_plan.has_value()},
                 {"roles", roles},
                 {"program_options", Choices(programs, field("program"), "ケース全体")},
                 {"reason", field("reason")},
                 {"carried_options", Choices(organization_choices, field("carried_on_by"), "（なし）")},
                 {"open_action_options", Choices(dispositions, field("open_actions"), "（未指定）")},
                 {"hand_over_options", Choices(organization_choices, field("hand_over_to"), "（なし）")},
                 {"missing_resource", field("missing_resource")},
                 {"next_review_on", field("next_review_on")},
                 {"errors", posted ? errors : json::object()}};
    return form;
}

http::Response RenderMeeting(const SharingPageServices& services, const http::Request& request, domain::MeetingId id,
                             const MeetingExtras& extras) {
    const domain::Actor actor = ActorOf(request);
    auto meeting = services.sharing->GetMeeting(actor, id);
    if (!meeting) return RenderErrorPage(request, meeting.error());
    json shown = json::object();  // the reads that failed (ShowSectionError), shown with the request id
    auto body = services.sharing->Body(actor, meeting->body_id);
    if (!body) ShowSectionError(shown, actor, "会議体", body.error());
    std::optional<domain::MeetingBody> joint_body;
    if (meeting->joint_body_id) {
        if (auto joint = services.sharing->Body(actor, *meeting->joint_body_id)) {
            joint_body = std::move(*joint);
        } else {
            ShowSectionError(shown, actor, "合同で開催する会議体", joint.error());
        }
    }
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    json attendees = json::array();
    for (const domain::Attendee& attendee : meeting->attendees) {
        // 本人 and family are shown as such, not as staff of the organisation that invited them.
        attendees.push_back({{"name", attendee.name},
                             {"organization", attendee.kind == domain::AttendeeKind::kStaff
                                                  ? NameOr(organizations, attendee.organization_id)
                                                  : std::string(domain::AttendeeKindLabel(attendee.kind))}});
    }
    // Decisions are recorded by the convenor or a coordinator; the domain decides, the form is shown to those who
    // may be one.
    const bool may_decide = services.cases && IsProfessional(actor.principal);
    std::map<domain::CaseId, std::string> case_titles;
    std::set<domain::CaseId> on_agenda;
    bool has_cases = false;
    json agenda = json::array();
    for (const domain::AgendaItem& item : meeting->agenda) {
        json entry = {{"person_id", item.person_id}, {"summary", item.shared_summary}};
        // The name as this member may see it: a member who sees the person only through the meeting still sees
        // the identity (ViewLevel::kMeetingShared).
        if (services.persons) {
            if (auto view = services.persons->Get(actor, item.person_id)) {
                entry["name"] = view->person.FullName();
                entry["kana"] = view->person.FullNameKana();
                entry["birth_date"] = DateJson(view->person.data.birth_date);
                entry["linked"] = true;
                // Without a case yet, the meeting may decide to open one (支援決定): a link to the form, for those
                // who work cases.
                if (!item.case_id && may_decide) entry["open_case"] = {{"meeting_id", meeting->id}};
            } else if (!IsWithheld(view.error())) {
                ShowSectionError(entry, actor, "議題の本人", view.error());
            }
        }
        // The case, when this member may see it (a refused case is left out, like a missing one).
        if (item.case_id && services.cases) {
            on_agenda.insert(*item.case_id);
            if (auto view = services.cases->Get(actor, *item.case_id)) {
                has_cases = true;
                const domain::SupportCase& support_case = view->support_case;
                case_titles[support_case.id] = support_case.title;
                entry["case"] = {{"id", support_case.id},
                                 {"title", support_case.title},
                                 {"status", domain::CaseStatusLabel(support_case.status)},
                                 {"status_code", domain::CaseStatusCode(support_case.status)}};
                if (may_decide) {
                    const bool posted = extras.decision_case_id == support_case.id;
                    entry["decision_form"] =
                        DecisionFormJson(*view, organizations, posted ? &extras.fields : nullptr, extras.errors);
                }
            } else if (!IsWithheld(view.error())) {
                ShowSectionError(entry, actor, "議題のケース", view.error());
            }
        }
        agenda.push_back(std::move(entry));
    }
    json decisions = json::array();
    for (const domain::Decision& decision : meeting->decisions) {
        json entry = {{"kind", domain::DecisionKindLabel(decision.kind)}, {"text", decision.text}};
        if (decision.case_id) {
            if (auto title = case_titles.find(*decision.case_id); title != case_titles.end()) {
                entry["case"] = {{"id", *decision.case_id}, {"title", title->second}};
            }
        }
        decisions.push_back(std::move(entry));
    }
    auto convenor = users.find(meeting->convenor_user_id);
    json data = {{"meeting_id", meeting->id},
                 {"meeting_version", meeting->version},
                 {"held_on", DateJson(meeting->held_on)},
                 {"body", body ? body->display_name : std::string()},
                 {"joint_body", joint_body ? joint_body->display_name : std::string()},
                 {"basis", body ? std::string(domain::LegalBasisLabel(body->legal_basis)) : std::string()},
                 {"shares_without_consent", body && body->shares_without_consent},
                 {"convenor", convenor == users.end() ? std::string() : convenor->second.display_name},
                 {"attendees", attendees},
                 {"agenda", agenda},
                 {"has_cases", has_cases},
                 {"minutes", meeting->minutes},
                 {"decisions", decisions},
                 {"errors", extras.errors},
                 {"section_errors", shown.value("section_errors", json::array())}};
    // Adding a case to the agenda: the cases this member may see that are not on it yet.
    if (services.cases && (ManagesBodies(actor.principal) || IsProfessional(actor.principal))) {
        domain::CaseFilter filter;
        filter.open_only = true;
        filter.limit = 200;
        std::vector<std::pair<std::string, std::string>> choices;
        if (auto cases = services.cases->List(actor, filter)) {
            for (const domain::CaseListItem& item : *cases) {
                if (on_agenda.contains(item.support_case.id)) continue;
                choices.emplace_back(std::to_string(item.support_case.id), item.support_case.title);
            }
        } else {
            ShowSectionError(data, request, "議題に加えるケース", cases.error());
        }
        data["agenda_case"] = {{"options", Choices(choices, FieldOf(extras.fields, "add_case_id"), "選んでください")},
                               {"summary", FieldOf(extras.fields, "add_summary")},
                               {"errors", extras.agenda_errors}};
    }
    if (request.QueryParam("created")) data["notice"] = "会議を記録しました。";
    if (request.QueryParam("decided")) data["notice"] = "決定事項を記録しました。";
    if (request.QueryParam("agenda")) data["notice"] = "議題にケースを加えました。";
    return RenderPage(request, "会議の記録", "meeting", std::move(data), extras.status);
}

http::Response ShowMeeting(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    return RenderMeeting(services, request, domain::MeetingId{*id}, MeetingExtras{});
}

// An error the meeting page shows beside the form (input kept), rather than as an error page.
bool ShownOnMeetingForm(const Error& error) {
    return error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kConflict) ||
           error.Is(ErrorCode::kPermissionDenied) || (error.Is(ErrorCode::kNotFound) && !error.field.empty());
}

Result<domain::CaseDecision> ParseCaseDecision(const FormFields& fields, domain::MeetingId meeting_id) {
    domain::CaseDecision decision;
    const auto kind = domain::ParseDecisionKind(FieldOf(fields, "kind"));
    if (!kind) return Fail(Error::InvalidArgument("決定の種類を選んでください", "kind"));
    decision.kind = *kind;
    decision.text = Trim(FieldOf(fields, "text"));
    if (const std::string plan = FieldOf(fields, "plan_id"); !plan.empty()) {
        auto plan_id = ParseId(plan);
        if (!plan_id) return Fail(Error::InvalidArgument("承認するプランを選び直してください", "plan_id"));
        decision.plan_id = *plan_id;
    }
    for (int row = 1; row <= kRoleRows; ++row) {
        const std::string key = std::to_string(row);
        const std::string organization = FieldOf(fields, "role_organization_" + key);
        const std::string role = Trim(FieldOf(fields, "role_" + key));
        if (organization.empty() && role.empty()) continue;
        auto organization_id = ParseId(organization);
        if (!organization_id) {
            return Fail(Error::InvalidArgument("役割分担 " + key + " の機関を選んでください", "roles"));
        }
        decision.roles.push_back(domain::RoleAssignment{
            .organization_id = OrganizationId{*organization_id}, .role = role, .agreed_at_meeting_id = meeting_id});
    }
    if (const auto decided = domain::StatusDecided(decision.kind)) {
        domain::StatusChange change;
        change.status = *decided;
        if (const std::string program = FieldOf(fields, "program"); !program.empty()) {
            change.program = domain::ParseProgram(program);
            if (!change.program) return Fail(Error::InvalidArgument("事業を選び直してください", "program"));
        }
        change.reason = Trim(FieldOf(fields, "reason"));
        if (const std::string carried = FieldOf(fields, "carried_on_by"); !carried.empty()) {
            change.carried_on_by = ParseId<OrganizationId>(carried);
            if (!change.carried_on_by)
                return Fail(Error::InvalidArgument("引き継ぐ機関を選び直してください", "carried_on_by"));
        }
        auto disposition = domain::ParseOpenActionDisposition(FieldOf(fields, "open_actions"));
        if (!disposition) {
            return Fail(Error::InvalidArgument("未完了のアクションの扱いを選び直してください", "open_actions"));
        }
        change.open_actions = *disposition;
        if (const std::string hand_over = FieldOf(fields, "hand_over_to"); !hand_over.empty()) {
            change.hand_over_to = ParseId<OrganizationId>(hand_over);
            if (!change.hand_over_to) {
                return Fail(Error::InvalidArgument("アクションを引き継ぐ機関を選び直してください", "hand_over_to"));
            }
        }
        change.decided_at_meeting_id = meeting_id;
        decision.status_change = change;
    }
    decision.missing_resource = Trim(FieldOf(fields, "missing_resource"));
    auto next_review = OptionalDate(fields, "next_review_on", "次回モニタリング予定日");
    if (!next_review) return Fail(next_review.error());
    decision.next_review_on = *next_review;
    return decision;
}

http::Response RecordCaseDecision(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id || !services.cases) return NotFound(request);
    MeetingExtras extras{.fields = request.FormFields()};
    auto case_id = ParseId(FieldOf(extras.fields, "case_id"));
    if (!case_id) return NotFound(request);
    extras.decision_case_id = domain::CaseId{*case_id};
    auto fail = [&](const Error& error) {
        if (!ShownOnMeetingForm(error)) return RenderErrorPage(request, error);
        AddFieldError(extras.errors, error, kDecisionFields);
        extras.status = http::HttpStatusFor(error.code);
        return RenderMeeting(services, request, domain::MeetingId{*id}, extras);
    };
    auto decision = ParseCaseDecision(extras.fields, domain::MeetingId{*id});
    if (!decision) return fail(decision.error());
    auto recorded =
        services.cases->RecordDecision(ActorOf(request), domain::MeetingId{*id}, domain::CaseId{*case_id}, *decision);
    if (!recorded) return fail(recorded.error());
    return http::Response::Redirect("/meetings/" + std::to_string(*id) + "?decided=1#case-" + std::to_string(*case_id));
}

// Adds a case to the agenda of a meeting already recorded (the meeting form puts persons on it; a case discussed
// is one of theirs): the person's agenda item gets the case, or a new item is added with what is shared for it.
http::Response AddAgendaCase(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id || !services.cases) return NotFound(request);
    const domain::Actor actor = ActorOf(request);
    MeetingExtras extras{.fields = request.FormFields()};
    auto fail = [&](const Error& error) {
        if (!ShownOnMeetingForm(error)) return RenderErrorPage(request, error);
        AddFieldError(extras.agenda_errors, error, kAgendaCaseFields);
        extras.status = http::HttpStatusFor(error.code);
        return RenderMeeting(services, request, domain::MeetingId{*id}, extras);
    };
    auto case_id = ParseId(FieldOf(extras.fields, "add_case_id"));
    if (!case_id) return fail(Error::InvalidArgument("議題にするケースを選んでください", "add_case_id"));
    const std::string summary = Trim(FieldOf(extras.fields, "add_summary"));
    auto view = services.cases->Get(actor, domain::CaseId{*case_id});
    if (!view)
        return fail(view.error().Is(ErrorCode::kNotFound)
                        ? Error::InvalidArgument("議題にするケースを選び直してください", "add_case_id")
                        : view.error());
    auto meeting = services.sharing->GetMeeting(actor, domain::MeetingId{*id});
    if (!meeting) return RenderErrorPage(request, meeting.error());
    const int expected_version =
        static_cast<int>(ParseId(FieldOf(extras.fields, "version")).value_or(meeting->version));
    domain::Meeting updated = *meeting;
    bool attached = false;
    for (domain::AgendaItem& item : updated.agenda) {
        if (item.person_id == view->support_case.person_id && !item.case_id) {
            item.case_id = domain::CaseId{*case_id};
            if (!summary.empty()) item.shared_summary = summary;
            attached = true;
            break;
        }
    }
    if (!attached) {
        if (summary.empty()) {
            return fail(Error::InvalidArgument("会議で共有する内容を入力してください", "add_summary"));
        }
        updated.agenda.push_back(domain::AgendaItem{.person_id = view->support_case.person_id,
                                                    .household_id = view->support_case.household_id,
                                                    .shared_summary = summary,
                                                    .case_id = domain::CaseId{*case_id}});
    }
    auto saved = services.sharing->UpdateMeeting(actor, domain::MeetingId{*id}, expected_version, updated);
    if (!saved) return fail(saved.error());
    return http::Response::Redirect("/meetings/" + std::to_string(*id) + "?agenda=1");
}

}  // namespace

http::Response RenderMeetingSharedPerson(const SharingPageServices& services, const http::Request& request,
                                         domain::PersonId id, json data) {
    json shared = json::array();
    if (auto items = services.sharing->SharedWith(ActorOf(request), id)) {
        for (const domain::SharedItem& item : *items) {
            shared.push_back({{"meeting_id", item.meeting_id},
                              {"body", item.body_name},
                              {"held_on", DateJson(item.held_on)},
                              {"summary", item.shared_summary}});
        }
    } else {
        ShowSectionError(data, request, "会議で共有された内容", items.error());
    }
    data["shared"] = shared;
    data["can_request_emergency"] = IsProfessional(*request.principal);
    return RenderPage(request, "本人（会議で共有された内容のみ）", "person_meeting_shared", std::move(data));
}

void AddMeetingPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    if (!services.persons) return;
    page("GET", "/meetings", ListMeetings);
    page("GET", "/meetings/new", NewMeeting);
    page("GET", "/meetings/agenda-search", AgendaSearch);
    page("POST", "/meetings", CreateMeeting);
    page("GET", "/meetings/{id}", ShowMeeting);
    if (!services.cases) return;
    page("POST", "/meetings/{id}/decisions", RecordCaseDecision);
    page("POST", "/meetings/{id}/agenda", AddAgendaCase);
}

}  // namespace kasane::web
