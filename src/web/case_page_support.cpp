// SPDX-License-Identifier: Apache-2.0
// What the pages around one support case share; see case_page_support.hpp.

#include <algorithm>
#include <map>
#include <set>

#include "base/japanese_date.hpp"
#include "domain/export_rights.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing_service.hpp"
#include "domain/user.hpp"
#include "web/case_page_support.hpp"
#include "web/case_pages.hpp"
#include "web/genogram.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web::case_support {

bool Blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// An optional date typed in 和暦 or ISO; an error names `field` in Japanese.
Result<std::optional<Date>> OptionalDate(const FormFields& fields, std::string_view field, std::string_view label) {
    const std::string text = FieldOf(fields, field);
    if (Blank(text)) return std::optional<Date>();
    auto date = ParseJapaneseDate(text, field);
    if (!date) {
        return Fail(Error::InvalidArgument("「" + std::string(label) + "」の日付が読み取れません（例：令和8年4月1日）",
                                           std::string(field)));
    }
    return std::optional<Date>(*date);
}

std::string DateText(std::optional<Date> date) { return date ? FormatWareki(*date) : std::string(); }

// --- names of organisations, users and meetings, read once per page --------------------------------------------

Names ReadNames(const CasePageServices& services, const domain::Actor& actor) {
    Names names;
    if (auto list = services.directory->Organizations(actor.principal)) {
        names.organization_list = *list;
        for (const domain::Organization& organization : *list) names.organizations[organization.id] = organization.name;
    } else {
        names.failures.push_back({"機関の名前", list.error()});
    }
    if (auto bodies = services.sharing->Bodies(actor)) {
        for (const domain::MeetingBody& body : *bodies) names.bodies[body.id] = body.display_name;
    } else {
        names.failures.push_back({"会議体の名前", bodies.error()});
    }
    return names;
}

// ReadNames for the case page: the organisations, and the names of only the bodies of the meetings shown (the
// case service already decided which meetings the actor may see), without reading every body with its members.
Names ReadCaseNames(const CasePageServices& services, const domain::Actor& actor,
                    const std::vector<domain::Meeting>& meetings) {
    Names names;
    if (auto list = services.directory->Organizations(actor.principal)) {
        names.organization_list = std::move(*list);
        for (const domain::Organization& organization : names.organization_list) {
            names.organizations.emplace(organization.id, organization.name);
        }
    } else {
        names.failures.push_back({"機関の名前", list.error()});
    }
    for (const domain::Meeting& meeting : meetings) {
        if (names.bodies.contains(meeting.body_id)) continue;
        if (auto body = services.directory->GetMeetingBody(actor.principal, meeting.body_id)) {
            names.bodies.emplace(meeting.body_id, std::move(body->display_name));
        } else {
            names.failures.push_back({"会議体の名前", body.error()});
        }
    }
    return names;
}

Result<std::string> UserName(const CasePageServices& services, const domain::Actor& actor, std::optional<UserId> id) {
    if (!id) return std::string();
    auto user = services.directory->GetUser(actor.principal, *id);
    if (!user) return Fail(user.error());
    return std::move(user->display_name);
}

std::string_view BodyName(const domain::Meeting& meeting, const Names& names) {
    auto body = names.bodies.find(meeting.body_id);
    return body == names.bodies.end() ? std::string_view("会議") : std::string_view(body->second);
}

std::string MeetingText(const domain::Meeting& meeting, const Names& names) {
    return FormatWareki(meeting.held_on) + "　" + std::string(BodyName(meeting, names));
}

json MeetingJson(const domain::Meeting& meeting, const Names& names) {
    return {{"id", meeting.id},
            {"held_on", DateJson(meeting.held_on)},
            {"body", BodyName(meeting, names)},
            {"label", MeetingText(meeting, names)}};
}

json MeetingOptions(const std::vector<domain::Meeting>& meetings, const Names& names,
                    std::optional<std::int64_t> selected, std::string_view blank) {
    json options = json::array();
    if (!blank.empty()) options.push_back({{"value", ""}, {"label", blank}, {"selected", !selected}});
    for (const domain::Meeting& meeting : meetings) {
        options.push_back({{"value", meeting.id},
                           {"label", MeetingText(meeting, names)},
                           {"selected", selected && *selected == meeting.id}});
    }
    return options;
}

std::string MeetingLabel(const std::vector<domain::Meeting>& meetings, const Names& names,
                         std::optional<domain::MeetingId> id) {
    if (!id) return "";
    for (const domain::Meeting& meeting : meetings) {
        if (meeting.id == *id) return MeetingText(meeting, names);
    }
    return "会議 " + std::to_string(*id);
}

// --- the case and its parts as template values ------------------------------------------------------------------

json CaseHeaderJson(const CasePageServices& services, const domain::Actor& actor, const domain::SupportCase& c,
                    const Names& names) {
    json programs = json::array();
    for (const domain::ProgramStatus& program : c.programs) {
        programs.push_back({{"code", domain::ProgramCode(program.program)},
                            {"label", domain::ProgramLabel(program.program)},
                            {"status", domain::CaseStatusLabel(program.status)},
                            {"status_code", domain::CaseStatusCode(program.status)},
                            {"started_on", DateJson(program.started_on)},
                            {"ended_on", DateJson(program.ended_on)},
                            {"end_reason", program.end_reason},
                            {"carried_on_by", names.Organization(program.carried_on_by)}});
    }
    json header = {{"id", c.id},
                   {"title", c.title},
                   {"status", domain::CaseStatusLabel(c.status)},
                   {"status_code", domain::CaseStatusCode(c.status)},
                   {"open", domain::IsOpen(c.status)},
                   {"lead", names.Organization(c.lead_organization_id)},
                   {"coordinator", ""},
                   {"opened_on", DateJson(c.opened_on)},
                   {"closed_on", DateJson(c.closed_on)},
                   {"closure_reason", c.closure_reason},
                   {"version", c.version}};
    header["programs"] = std::move(programs);
    if (auto coordinator = UserName(services, actor, c.coordinator_user_id)) {
        header["coordinator"] = std::move(*coordinator);
    } else {
        ShowSectionError(header, actor, "調整担当者", coordinator.error());
    }
    return header;
}

json TeamJson(const domain::SupportCase& c, const Names& names, const std::vector<domain::Meeting>& meetings) {
    json team = json::array();
    for (const domain::TeamMember& member : c.team) {
        team.push_back({{"id", member.id},
                        {"organization", names.Organization(member.organization_id)},
                        {"role", member.role},
                        {"agreed_on", DateJson(member.agreed_on)},
                        {"meeting", MeetingLabel(meetings, names, member.agreed_at_meeting_id)},
                        {"left_on", DateJson(member.left_on)},
                        {"active", member.active}});
    }
    return team;
}

json ActionJson(const domain::PlanAction& action, const Names& names, Date today, bool editable) {
    const bool overdue = domain::IsOpen(action.status) && action.due_on && *action.due_on < today;
    json row = {{"id", action.id},
                {"description", action.description},
                {"organization", names.Organization(action.responsible_organization_id)},
                {"due_on", DateJson(action.due_on)},
                {"overdue", overdue},
                {"status", domain::ActionStatusLabel(action.status)},
                {"status_code", domain::ActionStatusCode(action.status)},
                {"open", domain::IsOpen(action.status)},
                {"result", action.result},
                {"completed_on", DateJson(action.completed_on)},
                {"version", action.version},
                {"editable", editable}};
    if (action.program) {
        row["program"] = domain::ProgramLabel(*action.program);
        row["program_code"] = domain::ProgramCode(*action.program);
    }
    row["status_options"] = EnumOptions(domain::kAllActionStatuses, domain::ActionStatusCode, domain::ActionStatusLabel,
                                        domain::ActionStatusCode(action.status));
    return row;
}

json PlanJson(const domain::SupportPlan& plan, const Names& names, const std::vector<domain::Meeting>& meetings,
              Date today, bool actions_editable) {
    json actions = json::array();
    int open_actions = 0;
    for (const domain::PlanAction& action : plan.actions) {
        actions.push_back(ActionJson(action, names, today, actions_editable));
        if (domain::IsOpen(action.status)) ++open_actions;
    }
    json result = {
        {"id", plan.id},
        {"case_id", plan.case_id},
        {"plan_version", plan.plan_version},
        {"goals", plan.goals},
        {"household_goal", plan.household_goal},
        {"refer_participation", plan.refer_participation},
        {"refer_outreach", plan.refer_outreach},
        {"review_on", DateJson(plan.review_on)},
        {"review_overdue", plan.state == domain::PlanState::kApproved && plan.review_on && *plan.review_on < today},
        {"state", domain::PlanStateLabel(plan.state)},
        {"state_code", domain::PlanStateCode(plan.state)},
        {"approved_on", DateJson(plan.approved_on)},
        {"approved_at", MeetingLabel(meetings, names, plan.approved_at_meeting_id)},
        {"open_actions", open_actions},
        {"version", plan.version}};
    result["actions"] = std::move(actions);
    // Actions assigned to other organisations, withheld from a partner by the domain (DecideCasePart).
    if (plan.actions_withheld > 0) {
        result["actions_withheld_label"] = "他機関の担当 " + std::to_string(plan.actions_withheld) + " 件";
    }
    return result;
}

// What a partner reading its part of the case is told is withheld (the part itself is the domain's, DecideCasePart).
json PartnerJson(const domain::CasePart& part) {
    return {{"notice",
             "このケースでは、貴機関が担当する部分（貴機関の取組と、貴機関が記録した支援経過）を表示しています。"
             "本人の基本情報は閲覧のみです。"},
            {"notes_notice", "他機関が記録した支援経過は表示されません。"},
            {"assessment_withheld", !part.assessment}};
}

json NoteJson(const domain::ProgressNote& note, const Names& names, const std::map<PersonId, std::string>& members) {
    json row = {{"id", note.id},
                {"occurred_at", InstantJson(note.occurred_at)},
                {"method", domain::NoteMethodLabel(note.method)},
                {"tag", domain::TextTagLabel(note.tag)},
                {"tag_code", domain::TextTagCode(note.tag)},
                {"text", note.text},
                {"organization", names.Organization(note.organization_id)}};
    if (note.about_person_id) {
        auto found = members.find(*note.about_person_id);
        if (found != members.end()) row["about"] = found->second;
    }
    return row;
}

// The answers of an assessment, item by item in the form's order, with per-member answers under the member.
json AssessmentJson(const CasePageServices& services, const domain::Actor& actor, const domain::Assessment& assessment,
                    const Names& names, const std::map<PersonId, std::string>& members) {
    json result = {{"id", assessment.id},
                   {"form_version", assessment.form_version},
                   {"assessed_on", DateJson(assessment.assessed_on)},
                   {"organization", names.Organization(assessment.organization_id)},
                   {"background", assessment.background},
                   {"strengths", assessment.strengths}};
    std::vector<domain::FormItem> items;
    if (auto form = services.cases->Form(actor, assessment.form_definition_id)) {
        items = std::move(form->items);
        result["form_title"] = std::move(form->title);
    } else {
        ShowSectionError(result, actor, "アセスメント様式", form.error());
    }
    json answers = json::array();
    auto add = [&](const std::string& label, const domain::AssessmentAnswer& answer, bool reported) {
        std::string values;
        for (const std::string& value : answer.values) {
            if (!values.empty()) values += "、";
            std::string shown = value;
            if (value.size() == 10 && value[4] == '-' && value[7] == '-') {
                if (auto date = ParseJapaneseDate(value, "value")) shown = FormatWareki(*date);
            }
            values += shown;
        }
        std::string who;
        if (answer.member_person_id) {
            auto found = members.find(*answer.member_person_id);
            who = found == members.end() ? "世帯員" : found->second;
        }
        answers.push_back({{"label", label}, {"member", who}, {"values", values}, {"reported", reported}});
    };
    std::set<std::size_t> shown;
    for (const domain::FormItem& item : items) {
        for (std::size_t i = 0; i < assessment.answers.size(); ++i) {
            if (assessment.answers[i].item_key != item.key) continue;
            add(item.label, assessment.answers[i], item.reported_to_state);
            shown.insert(i);
        }
    }
    for (std::size_t i = 0; i < assessment.answers.size(); ++i) {
        if (!shown.contains(i)) add(assessment.answers[i].item_key, assessment.answers[i], false);
    }
    result["answers"] = std::move(answers);
    return result;
}

std::map<PersonId, std::string> MemberNames(const domain::CaseView& view) {
    std::map<PersonId, std::string> names;
    names[view.person.id] = view.person.FullName();
    for (const domain::Person& member : view.members) names[member.id] = member.FullName();
    return names;
}

std::string Genogram(const domain::CaseView& view, Date today) {
    GenogramInput input{.case_person_id = view.person.id, .relations = view.relations, .today = today};
    auto member_of = [&](const domain::Person& person) {
        GenogramMember member{.person_id = person.id,
                              .name = person.FullName(),
                              .sex = person.data.sex,
                              .birth_date = person.data.birth_date};
        if (view.household) {
            for (const domain::HouseholdMember& row : view.household->members) {
                if (row.person_id == person.id && !row.moved_out) member.relationship = row.relationship;
            }
        }
        return member;
    };
    bool person_drawn = false;
    for (const domain::Person& person : view.members) {
        input.members.push_back(member_of(person));
        person_drawn = person_drawn || person.id == view.person.id;
    }
    if (!person_drawn) input.members.push_back(member_of(view.person));
    return RenderGenogram(input);
}

std::optional<domain::CaseId> CaseIdOf(const http::Request& request) {
    return ParseId<domain::CaseId>(request.PathParam("id"));
}

http::Response Redirect(domain::CaseId id, std::string_view notice, std::string_view anchor) {
    return http::Response::Redirect("/cases/" + std::to_string(id) + "?" + std::string(notice) + "=1" +
                                    (anchor.empty() ? "" : "#" + std::string(anchor)));
}

int VersionOf(const FormFields& fields) {
    auto version = ParseId(FieldOf(fields, "version"));
    return version ? static_cast<int>(*version) : 0;
}

void AddCasePage(http::Router& router, const CasePageServices& services, std::string method, std::string pattern,
                 CasePageHandler handler) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [services, handler](http::Request& request) { return handler(services, request); }});
}

}  // namespace kasane::web::case_support
