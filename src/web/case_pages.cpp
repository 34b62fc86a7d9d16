// 多機関協働: the support case pages (see case_pages.hpp). Handlers parse the form, call one use case of
// domain/case_service.hpp and map its Result to a page.

#include "web/case_pages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/japanese_date.hpp"
#include "domain/export_rights.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing_service.hpp"
#include "domain/user.hpp"
#include "web/genogram.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

using domain::PersonId;

using CasePageHandler = http::Response (*)(const CasePageServices&, http::Request&);

constexpr int kRecentNotes = 20;
constexpr int kBlankActionRows = 3;

constexpr domain::TextTag kNoteTags[] = {domain::TextTag::kFact, domain::TextTag::kThirdParty,
                                         domain::TextTag::kAssessment};

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

struct Names {
    std::map<OrganizationId, std::string> organizations;
    std::vector<domain::Organization> organization_list;
    std::map<domain::MeetingBodyId, std::string> bodies;

    std::string Organization(std::optional<OrganizationId> id) const {
        if (!id) return "";
        auto found = organizations.find(*id);
        return found == organizations.end() ? "機関 " + std::to_string(*id) : found->second;
    }

    // [{"value","label","selected"}], the blank choice first when `blank` is given.
    json OrganizationOptions(std::optional<OrganizationId> selected, std::string_view blank = {}) const {
        json options = json::array();
        if (!blank.empty()) options.push_back({{"value", ""}, {"label", blank}, {"selected", !selected}});
        for (const domain::Organization& organization : organization_list) {
            options.push_back({{"value", organization.id},
                               {"label", organization.name},
                               {"selected", selected && *selected == organization.id}});
        }
        return options;
    }
};

Names ReadNames(const CasePageServices& services, const domain::Actor& actor) {
    Names names;
    if (auto list = services.store->Tenant(actor.Tenant())->Organizations().List()) {
        names.organization_list = *list;
        for (const domain::Organization& organization : *list) names.organizations[organization.id] = organization.name;
    }
    if (auto bodies = services.sharing->Bodies(actor)) {
        for (const domain::MeetingBody& body : *bodies) names.bodies[body.id] = body.display_name;
    }
    return names;
}

// ReadNames for the case page: the organisations, and the names of only the bodies of the meetings shown (the
// case service already decided which meetings the actor may see), without reading every body with its members.
Names ReadCaseNames(const CasePageServices& services, const domain::Actor& actor,
                    const std::vector<domain::Meeting>& meetings) {
    Names names;
    auto tenant = services.store->Tenant(actor.Tenant());
    if (auto list = tenant->Organizations().List()) {
        names.organization_list = std::move(*list);
        for (const domain::Organization& organization : names.organization_list) {
            names.organizations.emplace(organization.id, organization.name);
        }
    }
    for (const domain::Meeting& meeting : meetings) {
        if (names.bodies.contains(meeting.body_id)) continue;
        if (auto body = tenant->Meetings().GetBody(meeting.body_id)) {
            names.bodies.emplace(meeting.body_id, std::move(body->display_name));
        }
    }
    return names;
}

std::string UserName(const CasePageServices& services, const domain::Actor& actor, std::optional<UserId> id) {
    if (!id) return "";
    auto user = services.store->Tenant(actor.Tenant())->Users().Get(*id);
    return user ? user->display_name : std::string();
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
                   {"coordinator", UserName(services, actor, c.coordinator_user_id)},
                   {"opened_on", DateJson(c.opened_on)},
                   {"closed_on", DateJson(c.closed_on)},
                   {"closure_reason", c.closure_reason},
                   {"version", c.version}};
    header["programs"] = std::move(programs);
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

std::string Genogram(const domain::CaseView& view) {
    GenogramInput input{.case_person_id = view.person.id, .relations = view.relations, .today = TodayJst()};
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

// --- the case page ------------------------------------------------------------------------------------------------

// A form of the case page sent back: which one, what was typed, and the errors beside its fields.
struct CaseExtras {
    std::string form;  // "status", "team", "note", "relation", "approve", "action"
    FormFields fields;
    json errors = json::object();
    std::optional<domain::PlanActionId> action_id;
    int status = 200;
};

json FormState(const CaseExtras& extras, std::string_view name) {
    json values = json::object();
    json errors = json::object();
    if (extras.form == name) {
        for (const auto& [key, value] : extras.fields) values[key] = value;
        errors = extras.errors;
    }
    return {{"values", values}, {"errors", errors}, {"open", extras.form == name}};
}

std::optional<std::int64_t> SelectedId(const CaseExtras& extras, std::string_view form, std::string_view field) {
    if (extras.form != form) return std::nullopt;
    return ParseId(FieldOf(extras.fields, field));
}

// Everything the case page and the printed record show. Fails as the domain's Get does.
Result<json> CaseData(const CasePageServices& services, const http::Request& request, domain::CaseId id,
                      const CaseExtras& extras) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.cases->Get(actor, id);
    if (!view) return Fail(view.error());
    const Names names = ReadCaseNames(services, actor, view->meetings);
    const Date today = TodayJst();
    const domain::SupportCase& c = view->support_case;
    const auto members = MemberNames(*view);

    json data = {{"case", CaseHeaderJson(services, actor, c, names)},
                 {"person", PersonHeaderJson(view->person, view->decision)},
                 {"basis_label", domain::AccessBasisLabel(view->decision.basis)},
                 {"team", TeamJson(c, names, view->meetings)},
                 {"genogram", Genogram(*view)}};
    if (view->household) {
        json household = {
            {"id", view->household->id}, {"name", view->household->name}, {"situation", view->household->notes}};
        json rows = json::array();
        for (const domain::Person& member : view->members) {
            json row = PersonHeaderJson(member, view->decision);
            for (const domain::HouseholdMember& link : view->household->members) {
                if (link.person_id == member.id && !link.moved_out) {
                    row["relationship"] = domain::RelationshipLabel(link.relationship);
                }
            }
            row["is_case_person"] = member.id == view->person.id;
            rows.push_back(std::move(row));
        }
        household["members"] = std::move(rows);
        data["household"] = std::move(household);
    }
    json relations = json::array();
    for (const domain::EcoRelation& relation : view->relations) {
        json row = {{"id", relation.id},
                    {"name", relation.name},
                    {"kind", domain::EcoKindLabel(relation.kind)},
                    {"strength", domain::EcoStrengthLabel(relation.strength)},
                    {"strength_code", domain::EcoStrengthCode(relation.strength)},
                    {"note", relation.note}};
        if (relation.member_person_id) {
            auto found = members.find(*relation.member_person_id);
            if (found != members.end()) row["member"] = found->second;
        }
        relations.push_back(std::move(row));
    }
    data["relations"] = std::move(relations);
    if (view->latest_assessment) {
        data["assessment"] = AssessmentJson(services, actor, *view->latest_assessment, names, members);
    }
    if (view->current_plan) {
        data["plan"] = PlanJson(*view->current_plan, names, view->meetings, today, true);
        // An action's form sent back: its errors and what was typed, beside that action only.
        for (json& action : data["plan"]["actions"]) {
            if (extras.form != "action" || !extras.action_id || action["id"] != *extras.action_id) continue;
            action["errors"] = extras.errors;
            action["result"] = FieldOf(extras.fields, "result");
            action["status_options"] = EnumOptions(domain::kAllActionStatuses, domain::ActionStatusCode,
                                                   domain::ActionStatusLabel, FieldOf(extras.fields, "status"));
        }
    }
    if (view->draft_plan) data["draft"] = PlanJson(*view->draft_plan, names, view->meetings, today, false);
    if (!view->part.whole) data["partner"] = PartnerJson(view->part);
    // The forms offered are the changes the domain allows this viewer (DecideCaseWork).
    data["rights"] = {{"case_record", view->rights.case_record},
                      {"plan", view->rights.plan},
                      {"assessment", view->rights.assessment},
                      {"eco_map", view->rights.eco_map},
                      {"progress_notes", view->rights.progress_notes}};
    json notes = json::array();
    for (const domain::ProgressNote& note : view->recent_notes) notes.push_back(NoteJson(note, names, members));
    data["notes"] = std::move(notes);
    json meetings = json::array();
    for (const domain::Meeting& meeting : view->meetings) meetings.push_back(MeetingJson(meeting, names));
    data["meetings"] = std::move(meetings);

    // The forms, with what was typed when one comes back with errors.
    data["f"] = {{"status", FormState(extras, "status")},   {"team", FormState(extras, "team")},
                 {"note", FormState(extras, "note")},       {"relation", FormState(extras, "relation")},
                 {"approve", FormState(extras, "approve")}, {"action", FormState(extras, "action")}};
    json scope = json::array({{{"value", "case"}, {"label", "ケース全体"}, {"selected", true}}});
    const std::string chosen_scope = extras.form == "status" ? FieldOf(extras.fields, "scope") : "";
    for (const domain::ProgramStatus& program : c.programs) {
        const std::string code(domain::ProgramCode(program.program));
        scope.push_back({{"value", code},
                         {"label", std::string(domain::ProgramLabel(program.program)) + "のみ"},
                         {"selected", chosen_scope == code}});
    }
    if (!chosen_scope.empty() && chosen_scope != "case") scope[0]["selected"] = false;
    data["scope_options"] = std::move(scope);
    data["status_options"] = EnumOptions(domain::kAllCaseStatuses, domain::CaseStatusCode, domain::CaseStatusLabel,
                                         extras.form == "status" ? FieldOf(extras.fields, "status") : "");
    data["carry_options"] =
        names.OrganizationOptions(SelectedId(extras, "status", "carried_on_by"), "（引き継ぐ機関を選ぶ）");
    data["hand_over_options"] =
        names.OrganizationOptions(SelectedId(extras, "status", "hand_over_to"), "（引き継ぐ機関を選ぶ）");
    const std::string disposition = extras.form == "status" ? FieldOf(extras.fields, "open_actions") : "";
    data["open_actions_options"] =
        json::array({{{"value", "cancel"}, {"label", "中止する"}, {"checked", disposition == "cancel"}},
                     {{"value", "hand_over"}, {"label", "引き継ぐ"}, {"checked", disposition == "hand_over"}}});
    data["has_open_actions"] =
        view->current_plan &&
        std::any_of(view->current_plan->actions.begin(), view->current_plan->actions.end(),
                    [](const domain::PlanAction& action) { return domain::IsOpen(action.status); });
    data["team_organization_options"] =
        names.OrganizationOptions(SelectedId(extras, "team", "organization_id"), "（機関を選ぶ）");
    data["team_meeting_options"] =
        MeetingOptions(view->meetings, names, SelectedId(extras, "team", "meeting_id"), "（会議なし・今日の合意）");
    data["approve_meeting_options"] =
        MeetingOptions(view->meetings, names, SelectedId(extras, "approve", "meeting_id"), "（会議を選ぶ）");
    data["has_meetings"] = !view->meetings.empty();
    data["note_method_options"] = EnumOptions(domain::kAllNoteMethods, domain::NoteMethodCode, domain::NoteMethodLabel,
                                              extras.form == "note" ? FieldOf(extras.fields, "method") : "interview");
    data["note_tag_options"] = EnumOptions(kNoteTags, domain::TextTagCode, domain::TextTagLabel,
                                           extras.form == "note" ? FieldOf(extras.fields, "tag") : "fact");
    data["note_occurred_at"] = extras.form == "note"
                                   ? FieldOf(extras.fields, "occurred_at")
                                   : LocalDateTimeInput(std::chrono::time_point_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now()));
    json member_options = json::array({{{"value", ""}, {"label", "世帯全体"}, {"selected", true}}});
    const auto chosen_member = extras.form == "note"       ? SelectedId(extras, "note", "about_person_id")
                               : extras.form == "relation" ? SelectedId(extras, "relation", "member_person_id")
                                                           : std::nullopt;
    for (const auto& [person_id, name] : members) {
        member_options.push_back({{"value", person_id}, {"label", name}, {"selected", chosen_member == person_id}});
    }
    if (chosen_member) member_options[0]["selected"] = false;
    data["member_options"] = std::move(member_options);
    data["eco_kind_options"] = EnumOptions(domain::kAllEcoKinds, domain::EcoKindCode, domain::EcoKindLabel,
                                           extras.form == "relation" ? FieldOf(extras.fields, "kind") : "agency");
    data["eco_strength_options"] =
        EnumOptions(domain::kAllEcoStrengths, domain::EcoStrengthCode, domain::EcoStrengthLabel,
                    extras.form == "relation" ? FieldOf(extras.fields, "strength") : "normal");
    data["relation_organization_options"] =
        names.OrganizationOptions(SelectedId(extras, "relation", "organization_id"), "（町の機関ではない）");
    data["print_date"] = DateJson(today);
    return data;
}

http::Response RenderCase(const CasePageServices& services, http::Request& request, domain::CaseId id,
                          const CaseExtras& extras) {
    auto data = CaseData(services, request, id, extras);
    if (!data) return RenderErrorPage(request, data.error());
    static const std::map<std::string, std::string, std::less<>> kNotices = {
        {"opened", "支援ケースを開始しました。"},       {"status", "状態を変更しました。"},
        {"team", "役割分担を記録しました。"},           {"note", "支援経過を記録しました。"},
        {"relation", "関係を記録しました。"},           {"approved", "支援プランを承認しました。"},
        {"action", "取組の状況を記録しました。"},       {"assessed", "アセスメントを記録しました。"},
        {"drafted", "支援プラン（案）を保存しました。"}};
    for (const auto& [key, text] : kNotices) {
        if (request.QueryParam(key)) (*data)["notice"] = text;
    }
    const std::string title = (*data)["case"]["title"].get<std::string>();
    return RenderPage(request, title.empty() ? "支援ケース" : title, "case", std::move(*data), extras.status);
}

http::Response ShowCase(const CasePageServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderCase(services, request, *id, {});
}

// After a use case refused a form of the case page: "not found" stays the error page; input errors and stale
// versions come back beside the form.
http::Response CaseFormError(const CasePageServices& services, http::Request& request, domain::CaseId id,
                             CaseExtras extras, const Error& error, const std::vector<std::string_view>& fields) {
    if (error.Is(ErrorCode::kNotFound) && error.field.empty()) return RenderErrorPage(request, error);
    if (error.Is(ErrorCode::kPermissionDenied) || error.Is(ErrorCode::kInternal) || error.Is(ErrorCode::kUnavailable)) {
        return RenderErrorPage(request, error);
    }
    if (error.Is(ErrorCode::kConflict) && (error.field.empty() || error.field == "version")) {
        AddFieldError(extras.errors,
                      Error::Conflict("ほかの人が先にこのケースを更新しました。いまの内容を確かめてから、もう一度送って"
                                      "ください（入力は残っています）。",
                                      "version"),
                      fields);
    } else {
        AddFieldError(extras.errors, error, fields);
    }
    extras.status = http::HttpStatusFor(error.code);
    return RenderCase(services, request, id, extras);
}

std::optional<domain::CaseId> CaseIdOf(const http::Request& request) { return ParseId(request.PathParam("id")); }

http::Response Redirect(domain::CaseId id, std::string_view notice, std::string_view anchor = {}) {
    return http::Response::Redirect("/cases/" + std::to_string(id) + "?" + std::string(notice) + "=1" +
                                    (anchor.empty() ? "" : "#" + std::string(anchor)));
}

int VersionOf(const FormFields& fields) {
    auto version = ParseId(FieldOf(fields, "version"));
    return version ? static_cast<int>(*version) : 0;
}

http::Response ChangeStatus(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "status", .fields = request.FormFields()};
    const std::vector<std::string_view> kFields = {"status",       "reason",     "carried_on_by", "open_actions",
                                                   "hand_over_to", "meeting_id", "scope"};
    domain::StatusChange change;
    auto status = domain::ParseCaseStatus(FieldOf(extras.fields, "status"));
    if (!status) extras.errors["status"] = "「新しい状態」を選んでください";
    if (status) change.status = *status;
    const std::string scope = FieldOf(extras.fields, "scope");
    if (!scope.empty() && scope != "case") {
        change.program = domain::ParseProgram(scope);
        if (!change.program) extras.errors["scope"] = "「対象」の選択肢が正しくありません";
    }
    change.reason = FieldOf(extras.fields, "reason");
    if (status && !domain::RequireReasonToEnd(*status, change.reason)) {
        extras.errors["reason"] = "終結・中断には「理由」を入力してください";
    }
    change.carried_on_by = ParseId(FieldOf(extras.fields, "carried_on_by"));
    change.hand_over_to = ParseId(FieldOf(extras.fields, "hand_over_to"));
    change.decided_at_meeting_id = ParseId(FieldOf(extras.fields, "meeting_id"));
    if (auto disposition = domain::ParseOpenActionDisposition(FieldOf(extras.fields, "open_actions"))) {
        change.open_actions = *disposition;
    }
    if (!extras.errors.empty()) {
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    auto changed = services.cases->ChangeStatus(ActorOf(request), *id, VersionOf(extras.fields), change);
    if (!changed) return CaseFormError(services, request, *id, std::move(extras), changed.error(), kFields);
    return Redirect(*id, "status", "case-status");
}

http::Response AssignRole(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "team", .fields = request.FormFields()};
    domain::RoleAssignment role{.role = FieldOf(extras.fields, "role"),
                                .agreed_at_meeting_id = ParseId(FieldOf(extras.fields, "meeting_id"))};
    auto organization = ParseId(FieldOf(extras.fields, "organization_id"));
    if (!organization) extras.errors["organization_id"] = "「機関」を選んでください";
    if (Blank(role.role)) extras.errors["role"] = "「役割」を入力してください";
    if (!extras.errors.empty()) {
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    role.organization_id = *organization;
    auto assigned = services.cases->AssignRole(ActorOf(request), *id, VersionOf(extras.fields), role);
    if (!assigned) {
        return CaseFormError(services, request, *id, std::move(extras), assigned.error(),
                             {"organization_id", "role", "meeting_id"});
    }
    return Redirect(*id, "team", "case-team");
}

http::Response EndRole(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    auto member = ParseId(request.PathParam("member"));
    if (!id || !member) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "team", .fields = request.FormFields()};
    auto left_on = OptionalDate(extras.fields, "left_on", "終了日");
    if (!left_on) return CaseFormError(services, request, *id, std::move(extras), left_on.error(), {"left_on"});
    auto ended = services.cases->EndRole(ActorOf(request), *id, VersionOf(extras.fields), *member, *left_on);
    if (!ended) return CaseFormError(services, request, *id, std::move(extras), ended.error(), {"left_on"});
    return Redirect(*id, "team", "case-team");
}

http::Response AddNote(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "note", .fields = request.FormFields()};
    domain::ProgressNote note{.case_id = *id, .text = FieldOf(extras.fields, "text")};
    auto occurred = ParseLocalDateTime(FieldOf(extras.fields, "occurred_at"), "occurred_at", "日時");
    if (!occurred) extras.errors["occurred_at"] = occurred.error().message;
    if (occurred) note.occurred_at = *occurred;
    auto method = domain::ParseNoteMethod(FieldOf(extras.fields, "method"));
    if (!method) extras.errors["method"] = "「方法」を選んでください";
    if (method) note.method = *method;
    auto tag = domain::ParseTextTag(FieldOf(extras.fields, "tag"));
    if (!tag) extras.errors["tag"] = "「記録の種類」を選んでください";
    if (tag) note.tag = *tag;
    if (Blank(note.text)) extras.errors["text"] = "「内容」を入力してください";
    note.about_person_id = ParseId(FieldOf(extras.fields, "about_person_id"));
    if (!extras.errors.empty()) {
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    auto added = services.cases->AddNote(ActorOf(request), *id, note);
    if (!added) {
        return CaseFormError(services, request, *id, std::move(extras), added.error(),
                             {"occurred_at", "method", "tag", "text", "about_person_id"});
    }
    return Redirect(*id, "note", "case-notes");
}

http::Response AddRelation(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "relation", .fields = request.FormFields()};
    domain::EcoRelation relation{.member_person_id = ParseId(FieldOf(extras.fields, "member_person_id")),
                                 .name = FieldOf(extras.fields, "name"),
                                 .organization_id = ParseId(FieldOf(extras.fields, "organization_id")),
                                 .note = FieldOf(extras.fields, "note")};
    auto kind = domain::ParseEcoKind(FieldOf(extras.fields, "kind"));
    if (!kind) extras.errors["kind"] = "「種類」を選んでください";
    if (kind) relation.kind = *kind;
    auto strength = domain::ParseEcoStrength(FieldOf(extras.fields, "strength"));
    if (!strength) extras.errors["strength"] = "「関係の強さ」を選んでください";
    if (strength) relation.strength = *strength;
    // An organisation of the town may stand for its own name.
    if (Blank(relation.name) && relation.organization_id) {
        relation.name = OrganizationName(*services.store, ActorOf(request).Tenant(), *relation.organization_id);
    }
    if (Blank(relation.name)) extras.errors["name"] = "「相手の名前」を入力するか、町の機関を選んでください";
    if (!extras.errors.empty()) {
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    auto added = services.cases->AddRelation(ActorOf(request), *id, relation);
    if (!added) {
        return CaseFormError(services, request, *id, std::move(extras), added.error(),
                             {"name", "kind", "strength", "member_person_id", "organization_id", "note"});
    }
    return Redirect(*id, "relation", "case-household");
}

http::Response RemoveRelation(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    auto relation = ParseId(request.PathParam("relation"));
    if (!id || !relation) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "relation", .fields = request.FormFields()};
    auto removed = services.cases->RemoveRelation(ActorOf(request), *id, *relation);
    if (!removed) return CaseFormError(services, request, *id, std::move(extras), removed.error(), {"name"});
    return Redirect(*id, "relation", "case-household");
}

http::Response ApprovePlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    auto plan = ParseId(request.PathParam("plan"));
    if (!id || !plan) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "approve", .fields = request.FormFields()};
    auto meeting = ParseId(FieldOf(extras.fields, "meeting_id"));
    if (!meeting) {
        extras.errors["meeting_id"] = "承認した「会議」を選んでください";
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    auto approved = services.cases->ApprovePlan(ActorOf(request), *plan, *meeting);
    if (!approved) {
        return CaseFormError(services, request, *id, std::move(extras), approved.error(), {"meeting_id", "state"});
    }
    return Redirect(*id, "approved", "case-plan");
}

http::Response UpdateAction(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    auto action_id = ParseId(request.PathParam("action"));
    if (!id || !action_id) return RenderErrorPage(request, Error::NotFound());
    CaseExtras extras{.form = "action", .fields = request.FormFields(), .action_id = *action_id};
    const domain::Actor actor = ActorOf(request);
    // The action as it stands, from the current plan: the form changes only its status and result.
    auto view = services.cases->Get(actor, *id);
    if (!view) return RenderErrorPage(request, view.error());
    std::optional<domain::PlanAction> action;
    if (view->current_plan) {
        for (const domain::PlanAction& candidate : view->current_plan->actions) {
            if (candidate.id == *action_id) action = candidate;
        }
    }
    if (!action) return RenderErrorPage(request, Error::NotFound());
    auto status = domain::ParseActionStatus(FieldOf(extras.fields, "status"));
    if (!status) {
        extras.errors["status"] = "「状況」を選んでください";
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    action->status = *status;
    action->result = FieldOf(extras.fields, "result");
    auto updated = services.cases->UpdateAction(actor, *action_id, VersionOf(extras.fields), *action);
    if (!updated) {
        return CaseFormError(services, request, *id, std::move(extras), updated.error(), {"status", "result"});
    }
    return Redirect(*id, "action", "action-" + std::to_string(*action_id));
}

// --- opening a case ---------------------------------------------------------------------------------------------

struct OpenForm {
    FormFields fields;
    json errors = json::object();
    int status = 200;
};

http::Response RenderNewCase(const CasePageServices& services, http::Request& request, domain::PersonId person_id,
                             const OpenForm& form, bool submitted) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.persons->Get(actor, person_id);
    if (!view) return RenderErrorPage(request, view.error());
    if (view->decision.level != domain::ViewLevel::kFull) return RenderErrorPage(request, Error::NotFound());
    const Names names = ReadNames(services, actor);
    auto field = [&](std::string_view name) { return FieldOf(form.fields, name); };

    json households = json::array({{{"value", ""}, {"label", "（世帯なし・本人のみ）"}, {"selected", false}}});
    if (auto list = services.households->OfPerson(actor, person_id)) {
        for (const domain::Household& household : *list) {
            const bool selected =
                submitted ? field("household_id") == std::to_string(household.id) : households.size() == 1;
            households.push_back(
                {{"value", household.id},
                 {"label", household.name.empty() ? "世帯 " + std::to_string(household.id) : household.name},
                 {"selected", selected}});
        }
    }
    if (households.size() == 1 || (submitted && field("household_id").empty())) households[0]["selected"] = true;

    json consultations =
        json::array({{{"value", ""}, {"label", "（相談によらない）"}, {"selected", field("consultation_id").empty()}}});
    if (auto list = services.consultations->OfPerson(actor, person_id)) {
        for (const domain::Consultation& consultation : *list) {
            const json created = InstantJson(consultation.created_at);
            consultations.push_back(
                {{"value", consultation.id},
                 {"label", "相談 " + std::to_string(consultation.id) + "　" + created["wareki"].get<std::string>() +
                               "　" +
                               consultation.chief_complaint.substr(
                                   0, std::min<std::size_t>(60, consultation.chief_complaint.size()))},
                 {"selected", field("consultation_id") == std::to_string(consultation.id)}});
        }
    }
    // A case may be opened by a meeting's decision: the meetings the actor may see with the person on the agenda.
    json meetings =
        json::array({{{"value", ""}, {"label", "（会議によらない）"}, {"selected", field("meeting_id").empty()}}});
    if (auto list = services.sharing->Meetings(actor, std::nullopt)) {
        for (const domain::Meeting& meeting : *list) {
            const bool about_person =
                std::any_of(meeting.agenda.begin(), meeting.agenda.end(),
                            [&](const domain::AgendaItem& item) { return item.person_id == person_id; });
            if (!about_person) continue;
            const auto body = names.bodies.find(meeting.body_id);
            meetings.push_back({{"value", meeting.id},
                                {"label", FormatWareki(meeting.held_on) + "　" +
                                              (body == names.bodies.end() ? std::string("会議") : body->second)},
                                {"selected", field("meeting_id") == std::to_string(meeting.id)}});
        }
    }
    const auto lead = submitted ? ParseId(field("lead_organization_id"))
                                : std::optional<std::int64_t>(actor.principal.user.organization_id);
    json coordinators = json::array({{{"value", ""}, {"label", "（未定）"}, {"selected", false}}});
    bool coordinator_chosen = false;
    if (auto users = services.store->Tenant(actor.Tenant())->Users().List()) {
        for (const domain::User& user : *users) {
            if (user.disabled || !user.HasRole(domain::Role::kCoordinator)) continue;
            const bool selected = submitted ? field("coordinator_user_id") == std::to_string(user.id)
                                            : user.id == actor.principal.user.id;
            coordinator_chosen = coordinator_chosen || selected;
            coordinators.push_back(
                {{"value", user.id},
                 {"label", user.display_name + "（" + names.Organization(user.organization_id) + "）"},
                 {"selected", selected}});
        }
    }
    if (!coordinator_chosen) coordinators[0]["selected"] = true;
    json programs = json::array();
    for (domain::Program program : domain::kAllPrograms) {
        const std::string code(domain::ProgramCode(program));
        programs.push_back(
            {{"value", code},
             {"label", domain::ProgramLabel(program)},
             {"checked", submitted ? field("program_" + code) == "1" : program == domain::Program::kCollaboration}});
    }
    json categories = json::array();
    if (auto list = services.consultations->Categories(actor)) {
        for (const domain::WorryCategory& category : *list) {
            if (!category.active) continue;
            const std::string category_id = std::to_string(category.id);
            categories.push_back(
                {{"id", category.id}, {"label", category.label}, {"checked", field("category_" + category_id) == "1"}});
        }
    }
    json data = {{"person", PersonHeaderJson(view->person, view->decision)},
                 {"basis_label", domain::AccessBasisLabel(view->decision.basis)},
                 {"title_value", submitted ? field("title") : view->person.FullName() + "さんの支援"},
                 {"households", households},
                 {"consultations", consultations},
                 {"meetings", meetings},
                 {"lead_options", names.OrganizationOptions(lead)},
                 {"coordinators", coordinators},
                 {"programs", programs},
                 {"categories", categories},
                 {"errors", form.errors}};
    return RenderPage(request, "支援ケースを開始", "case_new", std::move(data), form.status);
}

http::Response ShowNewCase(const CasePageServices& services, http::Request& request) {
    auto person = ParseId(request.QueryParam("person_id").value_or(""));
    if (!person)
        return RenderErrorPage(request, Error::InvalidArgument("本人を選んでから開始してください", "person_id"));
    OpenForm form;
    if (auto consultation = request.QueryParam("consultation_id")) form.fields["consultation_id"] = *consultation;
    if (auto meeting = request.QueryParam("meeting_id")) form.fields["meeting_id"] = *meeting;
    return RenderNewCase(services, request, *person, form, false);
}

http::Response OpenCase(const CasePageServices& services, http::Request& request) {
    OpenForm form{.fields = request.FormFields()};
    auto person = ParseId(FieldOf(form.fields, "person_id"));
    if (!person) return RenderErrorPage(request, Error::InvalidArgument("本人が選ばれていません", "person_id"));
    domain::NewCase input{.person_id = *person,
                          .household_id = ParseId(FieldOf(form.fields, "household_id")),
                          .title = FieldOf(form.fields, "title"),
                          .coordinator_user_id = ParseId(FieldOf(form.fields, "coordinator_user_id")),
                          .opened_from_consultation_id = ParseId(FieldOf(form.fields, "consultation_id")),
                          .opened_at_meeting_id = ParseId(FieldOf(form.fields, "meeting_id"))};
    auto lead = ParseId(FieldOf(form.fields, "lead_organization_id"));
    if (!lead) form.errors["lead_organization_id"] = "「主担当機関」を選んでください";
    if (lead) input.lead_organization_id = *lead;
    if (Blank(input.title)) form.errors["title"] = "「ケースの名前」を入力してください";
    for (domain::Program program : domain::kAllPrograms) {
        if (FieldOf(form.fields, "program_" + std::string(domain::ProgramCode(program))) == "1") {
            input.programs.push_back(program);
        }
    }
    if (input.programs.empty()) form.errors["programs"] = "「事業」を1つ以上選んでください";
    for (const auto& [name, value] : form.fields) {
        if (!name.starts_with("category_") || value != "1") continue;
        if (auto category = ParseId(std::string_view(name).substr(9))) input.categories.push_back(*category);
    }
    if (!form.errors.empty()) {
        form.errors["_any"] = true;
        form.errors["_summary"] = json::array();
        for (const auto& [key, message] : form.errors.items()) {
            if (message.is_string()) form.errors["_summary"].push_back(message);
        }
        form.status = 400;
        return RenderNewCase(services, request, *person, form, true);
    }
    auto opened = services.cases->Open(ActorOf(request), input);
    if (!opened) {
        const Error& error = opened.error();
        if ((error.Is(ErrorCode::kNotFound) && error.field.empty()) || error.Is(ErrorCode::kPermissionDenied)) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(form.errors, error,
                      {"title", "household_id", "lead_organization_id", "coordinator_user_id", "programs", "categories",
                       "consultation_id", "opened_at_meeting_id"});
        form.status = http::HttpStatusFor(error.code);
        return RenderNewCase(services, request, *person, form, true);
    }
    return Redirect(opened->id, "opened");
}

// --- the assessment form ----------------------------------------------------------------------------------------

// The newest version of the assessment form: answers are always given under it (old versions are never edited).
Result<domain::FormDefinition> NewestAssessmentForm(const CasePageServices& services, const domain::Actor& actor) {
    auto versions = services.cases->FormVersions(actor, "assessment");
    if (!versions) return Fail(versions.error());
    if (versions->empty()) return Fail(Error::NotFound("アセスメントシートの様式がまだ登録されていません"));
    return *std::max_element(versions->begin(), versions->end(),
                             [](const auto& a, const auto& b) { return a.form_version < b.form_version; });
}

std::string AnswerName(const domain::FormItem& item, std::optional<PersonId> member) {
    return "a_" + item.key + (member ? "_m" + std::to_string(*member) : "");
}

struct AssessmentState {
    FormFields fields;
    json errors = json::object();
    int status = 200;
};

http::Response RenderAssessmentForm(const CasePageServices& services, http::Request& request, domain::CaseId id,
                                    const AssessmentState& state, bool submitted) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.cases->Get(actor, id);
    if (!view) return RenderErrorPage(request, view.error());
    auto form = NewestAssessmentForm(services, actor);
    if (!form) return RenderErrorPage(request, form.error());
    auto field = [&](std::string_view name) { return FieldOf(state.fields, name); };
    std::vector<std::pair<PersonId, std::string>> members;
    for (const domain::Person& member : view->members) members.emplace_back(member.id, member.FullName());
    if (members.empty()) members.emplace_back(view->person.id, view->person.FullName());

    json sections = json::array();
    for (const domain::FormItem& item : form->items) {
        if (sections.empty() || sections.back()["title"] != item.section) {
            sections.push_back({{"title", item.section}, {"items", json::array()}});
        }
        json rows = json::array();
        auto row_for = [&](std::optional<PersonId> member, const std::string& member_name) {
            const std::string name = AnswerName(item, member);
            json options = json::array();
            for (std::size_t i = 0; i < item.options.size(); ++i) {
                const std::string option_name =
                    item.kind == domain::FormItemKind::kMulti ? name + "_o" + std::to_string(i) : name;
                const bool checked = item.kind == domain::FormItemKind::kMulti ? field(option_name) == "1"
                                                                               : field(name) == item.options[i];
                options.push_back({{"id", name + "_" + std::to_string(i)},
                                   {"name", option_name},
                                   {"value", item.kind == domain::FormItemKind::kMulti ? "1" : item.options[i]},
                                   {"label", item.options[i]},
                                   {"checked", checked}});
            }
            json row = {{"name", name}, {"member", member_name}, {"value", field(name)}, {"options", options}};
            if (state.errors.contains(name))
                row["error"] = state.errors[name];
            else if (!member && state.errors.contains(item.key))
                row["error"] = state.errors[item.key];
            rows.push_back(std::move(row));
        };
        if (item.per_member) {
            for (const auto& [person_id, name] : members) row_for(person_id, name);
        } else {
            row_for(std::nullopt, "");
        }
        json entry = {{"key", item.key},
                      {"label", item.label},
                      {"required", item.required},
                      {"reported", item.reported_to_state},
                      {"per_member", item.per_member},
                      {"single", item.kind == domain::FormItemKind::kSingle},
                      {"multi", item.kind == domain::FormItemKind::kMulti},
                      {"text", item.kind == domain::FormItemKind::kText},
                      {"date", item.kind == domain::FormItemKind::kDate},
                      {"rows", rows}};
        if (state.errors.contains(item.key)) entry["error"] = state.errors[item.key];
        sections.back()["items"].push_back(std::move(entry));
    }
    json data = {{"case", {{"id", id}, {"title", view->support_case.title}}},
                 {"person", PersonHeaderJson(view->person, view->decision)},
                 {"form", {{"id", form->id}, {"title", form->title}, {"version", form->form_version}}},
                 {"sections", sections},
                 {"assessed_on", submitted ? field("assessed_on") : FormatWareki(TodayJst())},
                 {"background", field("background")},
                 {"strengths", field("strengths")},
                 {"errors", state.errors}};
    return RenderPage(request, "アセスメント", "case_assessment", std::move(data), state.status);
}

http::Response ShowAssessmentForm(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderAssessmentForm(services, request, *id, {}, false);
}

http::Response RecordAssessment(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    AssessmentState state{.fields = request.FormFields()};
    auto definition_id = ParseId(FieldOf(state.fields, "form_definition_id"));
    if (!definition_id) return RenderErrorPage(request, Error::InvalidArgument("様式が指定されていません", "form"));
    auto form = services.cases->Form(actor, *definition_id);
    if (!form) return RenderErrorPage(request, form.error());
    auto view = services.cases->Get(actor, *id);
    if (!view) return RenderErrorPage(request, view.error());

    domain::Assessment assessment{.case_id = *id,
                                  .form_definition_id = form->id,
                                  .form_version = form->form_version,
                                  .background = FieldOf(state.fields, "background"),
                                  .strengths = FieldOf(state.fields, "strengths")};
    std::vector<std::string_view> known = {"assessed_on", "background", "strengths"};
    auto assessed_on = OptionalDate(state.fields, "assessed_on", "実施日");
    if (!assessed_on) state.errors["assessed_on"] = assessed_on.error().message;
    assessment.assessed_on = assessed_on && *assessed_on ? **assessed_on : TodayJst();
    std::vector<std::optional<PersonId>> member_ids;
    for (const domain::Person& member : view->members) member_ids.push_back(member.id);
    if (member_ids.empty()) member_ids.push_back(view->person.id);
    for (const domain::FormItem& item : form->items) {
        known.push_back(item.key);
        std::vector<std::optional<PersonId>> whom =
            item.per_member ? member_ids : std::vector<std::optional<PersonId>>{std::nullopt};
        for (const std::optional<PersonId>& member : whom) {
            const std::string name = AnswerName(item, member);
            domain::AssessmentAnswer answer{.item_key = item.key, .member_person_id = member};
            if (item.kind == domain::FormItemKind::kMulti) {
                for (std::size_t i = 0; i < item.options.size(); ++i) {
                    if (FieldOf(state.fields, name + "_o" + std::to_string(i)) == "1") {
                        answer.values.push_back(item.options[i]);
                    }
                }
            } else if (item.kind == domain::FormItemKind::kDate) {
                auto date = OptionalDate(state.fields, name, item.label);
                if (!date)
                    state.errors[name] = date.error().message;
                else if (*date)
                    answer.values.push_back(IsoDate(**date));
            } else if (const std::string value = FieldOf(state.fields, name); !Blank(value)) {
                answer.values.push_back(value);
            }
            if (!answer.values.empty()) assessment.answers.push_back(std::move(answer));
        }
    }
    // Every problem of the sheet at once (the use case would stop at the first).
    std::vector<PersonId> answerable;
    for (const std::optional<PersonId>& member : member_ids) answerable.push_back(*member);
    for (const Error& problem : domain::AnswerProblems(*form, assessment.answers, answerable)) {
        AddFieldError(state.errors, problem, known);
    }
    if (!state.errors.empty()) {
        state.errors["_any"] = true;
        if (!state.errors.contains("_summary")) state.errors["_summary"] = json::array({"入力内容を確かめてください"});
        state.status = 400;
        return RenderAssessmentForm(services, request, *id, state, true);
    }
    auto recorded = services.cases->RecordAssessment(actor, *id, assessment);
    if (!recorded) {
        const Error& error = recorded.error();
        if ((error.Is(ErrorCode::kNotFound) && error.field.empty()) || error.Is(ErrorCode::kPermissionDenied)) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(state.errors, error, known);
        state.status = http::HttpStatusFor(error.code);
        return RenderAssessmentForm(services, request, *id, state, true);
    }
    return Redirect(*id, "assessed", "case-assessment");
}

// --- plan drafts ----------------------------------------------------------------------------------------------------

struct PlanState {
    FormFields fields;
    json errors = json::object();
    json conflict;  // {"rows": [...]} when a save met a newer version
    std::optional<int> version;
    int extra_rows = 0;
    int status = 200;
};

// The plan as the form's values: what was typed, or the stored plan.
FormFields PlanFields(const domain::SupportPlan& plan) {
    FormFields fields = {{"goals", plan.goals},
                         {"household_goal", plan.household_goal},
                         {"review_on", DateText(plan.review_on)},
                         {"rows", std::to_string(plan.actions.size())}};
    if (plan.refer_participation) fields["refer_participation"] = "1";
    if (plan.refer_outreach) fields["refer_outreach"] = "1";
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
        const domain::PlanAction& action = plan.actions[i];
        const std::string n = std::to_string(i);
        fields["action_id_" + n] = std::to_string(action.id);
        fields["action_description_" + n] = action.description;
        fields["action_organization_id_" + n] =
            action.responsible_organization_id ? std::to_string(action.responsible_organization_id) : "";
        fields["action_due_on_" + n] = DateText(action.due_on);
        fields["action_program_" + n] = action.program ? std::string(domain::ProgramCode(*action.program)) : "";
        fields["action_status_" + n] = std::string(domain::ActionStatusCode(action.status));
    }
    return fields;
}

int RowCount(const FormFields& fields) {
    auto rows = ParseId(FieldOf(fields, "rows"));
    return rows ? static_cast<int>(std::min<std::int64_t>(*rows, 50)) : 0;
}

// The plan read from the form; input errors go to `errors` under the row's field names.
domain::SupportPlan ReadPlan(const FormFields& fields, domain::CaseId case_id, json& errors) {
    domain::SupportPlan plan{.case_id = case_id,
                             .goals = FieldOf(fields, "goals"),
                             .household_goal = FieldOf(fields, "household_goal"),
                             .refer_participation = FieldOf(fields, "refer_participation") == "1",
                             .refer_outreach = FieldOf(fields, "refer_outreach") == "1"};
    if (auto review = OptionalDate(fields, "review_on", "モニタリング予定日"))
        plan.review_on = *review;
    else
        errors["review_on"] = review.error().message;
    const int rows = RowCount(fields) + kBlankActionRows;
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        const std::string description = FieldOf(fields, "action_description_" + n);
        const std::string organization = FieldOf(fields, "action_organization_id_" + n);
        if (Blank(description) && organization.empty()) continue;  // a blank row
        domain::PlanAction action{.description = description};
        if (auto existing = ParseId(FieldOf(fields, "action_id_" + n))) action.id = *existing;
        if (auto organization_id = ParseId(organization))
            action.responsible_organization_id = *organization_id;
        else
            errors["action_organization_id_" + n] = "「担当機関」を選んでください";
        if (Blank(description)) errors["action_description_" + n] = "「取組」を入力してください";
        if (auto due = OptionalDate(fields, "action_due_on_" + n, "期限"))
            action.due_on = *due;
        else
            errors["action_due_on_" + n] = due.error().message;
        action.program = domain::ParseProgram(FieldOf(fields, "action_program_" + n));
        if (auto status = domain::ParseActionStatus(FieldOf(fields, "action_status_" + n))) action.status = *status;
        plan.actions.push_back(std::move(action));
    }
    return plan;
}

http::Response RenderPlanForm(const CasePageServices& services, http::Request& request, domain::CaseId case_id,
                              std::optional<domain::SupportPlanId> plan_id, const PlanState& state, bool submitted) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.cases->Get(actor, case_id);
    if (!view) return RenderErrorPage(request, view.error());
    const Names names = ReadNames(services, actor);
    FormFields fields = state.fields;
    int version = state.version.value_or(0);
    std::optional<domain::SupportPlan> plan;
    if (plan_id) {
        auto found = services.cases->GetPlan(actor, *plan_id);
        if (!found || found->case_id != case_id)
            return RenderErrorPage(request, found ? Error::NotFound() : found.error());
        plan = *found;
        if (!submitted) fields = PlanFields(*plan);
        if (!state.version) version = plan->version;
    } else if (!submitted && view->current_plan) {
        // A new version starts from the current plan (its actions carried over, ids dropped).
        domain::SupportPlan copy = *view->current_plan;
        for (domain::PlanAction& action : copy.actions) action.id = 0;
        fields = PlanFields(copy);
        for (std::size_t i = 0; i < copy.actions.size(); ++i) fields.erase("action_id_" + std::to_string(i));
    }
    auto field = [&](std::string_view name) { return FieldOf(fields, name); };
    const int rows = RowCount(fields) + kBlankActionRows + state.extra_rows;
    json actions = json::array();
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        json program_options =
            json::array({{{"value", ""}, {"label", "—"}, {"selected", field("action_program_" + n).empty()}}});
        for (domain::Program program : domain::kAllPrograms) {
            program_options.push_back({{"value", domain::ProgramCode(program)},
                                       {"label", domain::ProgramLabel(program)},
                                       {"selected", field("action_program_" + n) == domain::ProgramCode(program)}});
        }
        json row = {{"n", i},
                    {"number", i + 1},
                    {"id", field("action_id_" + n)},
                    {"status", field("action_status_" + n)},
                    {"description", field("action_description_" + n)},
                    {"due_on", field("action_due_on_" + n)},
                    {"organization_options",
                     names.OrganizationOptions(ParseId(field("action_organization_id_" + n)), "（担当機関を選ぶ）")},
                    {"program_options", program_options}};
        for (const char* key : {"action_description_", "action_organization_id_", "action_due_on_"}) {
            const std::string name = key + n;
            if (state.errors.contains(name))
                row["error_" + std::string(key).substr(7, std::string(key).size() - 8)] = state.errors[name];
        }
        actions.push_back(std::move(row));
    }
    json data = {{"case", {{"id", case_id}, {"title", view->support_case.title}}},
                 {"person", PersonHeaderJson(view->person, view->decision)},
                 {"action_path", plan_id ? "/cases/" + std::to_string(case_id) + "/plans/" + std::to_string(*plan_id)
                                         : "/cases/" + std::to_string(case_id) + "/plans"},
                 {"editing", plan_id.has_value()},
                 {"version", version},
                 {"rows", rows},
                 {"goals", field("goals")},
                 {"household_goal", field("household_goal")},
                 {"refer_participation", field("refer_participation") == "1"},
                 {"refer_outreach", field("refer_outreach") == "1"},
                 {"review_on", field("review_on")},
                 {"actions", actions},
                 {"errors", state.errors}};
    if (plan) {
        data["plan"] = PlanJson(*plan, names, view->meetings, TodayJst(), false);
        data["draft"] = plan->state == domain::PlanState::kDraft;
    } else {
        data["draft"] = true;
    }
    if (state.conflict.is_object()) data["conflict"] = state.conflict;
    const std::string title =
        plan ? "支援プラン（第" + std::to_string(plan->plan_version) + "版）" : "支援プラン（案）の作成";
    return RenderPage(request, title, "case_plan", std::move(data), state.status);
}

http::Response ShowNewPlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderPlanForm(services, request, *id, std::nullopt, {}, false);
}

http::Response ShowPlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    auto plan = ParseId(request.PathParam("plan"));
    if (!id || !plan) return RenderErrorPage(request, Error::NotFound());
    return RenderPlanForm(services, request, *id, *plan, {}, false);
}

std::string ActionsText(const domain::SupportPlan& plan, const std::map<OrganizationId, std::string>& organizations) {
    std::string text;
    for (const domain::PlanAction& action : plan.actions) {
        if (!text.empty()) text += "／";
        auto organization = organizations.find(action.responsible_organization_id);
        text += action.description + "（" + (organization == organizations.end() ? "" : organization->second) +
                (action.due_on ? "・" + FormatWareki(*action.due_on) : "") + "）";
    }
    return text;
}

json PlanConflictRows(const domain::SupportPlan& yours, const domain::SupportPlan& current, const Names& names) {
    const std::pair<std::string, std::pair<std::string, std::string>> rows[] = {
        {"目標（本人の言葉で）", {yours.goals, current.goals}},
        {"世帯の目標", {yours.household_goal, current.household_goal}},
        {"モニタリング予定日", {DateText(yours.review_on), DateText(current.review_on)}},
        {"参加支援へのつなぎ",
         {yours.refer_participation ? "あり" : "なし", current.refer_participation ? "あり" : "なし"}},
        {"アウトリーチへのつなぎ", {yours.refer_outreach ? "あり" : "なし", current.refer_outreach ? "あり" : "なし"}},
        {"取組", {ActionsText(yours, names.organizations), ActionsText(current, names.organizations)}}};
    json result = json::array();
    for (const auto& [label, values] : rows) {
        result.push_back({{"label", label},
                          {"yours", values.first},
                          {"current", values.second},
                          {"differs", values.first != values.second}});
    }
    return result;
}

http::Response SavePlan(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    std::optional<domain::SupportPlanId> plan_id;
    if (!request.PathParam("plan").empty()) {
        plan_id = ParseId(request.PathParam("plan"));
        if (!plan_id) return RenderErrorPage(request, Error::NotFound());
    }
    const domain::Actor actor = ActorOf(request);
    PlanState state{.fields = request.FormFields()};
    state.version = VersionOf(state.fields);
    // 「行を追加」: the same form again with more blank rows, nothing saved.
    if (FieldOf(state.fields, "add_rows") == "1") {
        state.extra_rows = kBlankActionRows;
        return RenderPlanForm(services, request, *id, plan_id, state, true);
    }
    domain::SupportPlan plan = ReadPlan(state.fields, *id, state.errors);
    const std::vector<std::string_view> known = {"goals", "household_goal", "review_on", "refer_participation",
                                                 "refer_outreach"};
    if (!state.errors.empty()) {
        state.errors["_any"] = true;
        state.errors["_summary"] = json::array({"入力内容を確かめてください（取組の欄も見てください）"});
        state.status = 400;
        return RenderPlanForm(services, request, *id, plan_id, state, true);
    }
    auto saved = plan_id ? services.cases->UpdatePlan(actor, *plan_id, *state.version, plan)
                         : services.cases->DraftPlan(actor, *id, plan);
    if (saved) {
        return http::Response::Redirect("/cases/" + std::to_string(*id) + "?drafted=1#case-plan");
    }
    const Error& error = saved.error();
    if ((error.Is(ErrorCode::kNotFound) && error.field.empty()) || error.Is(ErrorCode::kPermissionDenied)) {
        return RenderErrorPage(request, error);
    }
    if (error.Is(ErrorCode::kConflict) && plan_id) {
        auto current = services.cases->GetPlan(actor, *plan_id);
        if (!current) return RenderErrorPage(request, current.error());
        const Names names = ReadNames(services, actor);
        state.conflict = {{"rows", PlanConflictRows(plan, *current, names)},
                          {"current_version", current->version},
                          {"your_version", *state.version}};
        // Saving again sends what the user typed against the version now stored.
        state.version = current->version;
        AddFieldError(
            state.errors,
            Error::Conflict(current->state == domain::PlanState::kDraft
                                ? "ほかの人が先にこのプラン（案）を更新しました。両方の内容を見比べて、必要なら"
                                  "入力を直してから保存し直してください。"
                                : "このプランはすでに承認されています。新しい版を作成してください。",
                            "version"),
            known);
        state.status = 409;
        return RenderPlanForm(services, request, *id, plan_id, state, true);
    }
    // Errors about an action name it by its index ("actions[2].responsible_organization_id").
    std::string field = error.field;
    if (const auto open = field.find("actions["); open != std::string::npos) {
        const auto close = field.find(']', open);
        const auto dot = field.rfind('.');
        if (close != std::string::npos && dot != std::string::npos) {
            std::string name = field.substr(dot + 1);
            if (name == "responsible_organization_id") name = "organization_id";
            state.errors["action_" + name + "_" + field.substr(open + 8, close - open - 8)] = error.message;
        }
    }
    AddFieldError(state.errors, error, known);
    state.status = http::HttpStatusFor(error.code);
    return RenderPlanForm(services, request, *id, plan_id, state, true);
}

// --- notes and the printed record -------------------------------------------------------------------------------

http::Response ShowNotes(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    auto view = services.cases->Get(actor, *id);
    if (!view) return RenderErrorPage(request, view.error());
    auto notes = services.cases->Notes(actor, *id, 0);
    if (!notes) return RenderErrorPage(request, notes.error());
    const Names names = ReadNames(services, actor);
    const auto members = MemberNames(*view);
    json rows = json::array();
    for (const domain::ProgressNote& note : *notes) rows.push_back(NoteJson(note, names, members));
    json data = {{"case", CaseHeaderJson(services, actor, view->support_case, names)},
                 {"person", PersonHeaderJson(view->person, view->decision)},
                 {"notes", rows},
                 {"print_date", DateJson(TodayJst())}};
    if (!view->part.whole) data["partner"] = PartnerJson(view->part);
    return RenderPage(request, "支援経過記録（経過一覧）", "case_notes", std::move(data));
}

http::Response ShowPrint(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    // A printed record leaves the system: the right to export personal data, asked before anything is read.
    if (auto allowed = domain::AuthorizeExport(*services.store, actor, domain::ExportKind::kPersonalData); !allowed) {
        return RenderErrorPage(request, allowed.error());
    }
    auto data = CaseData(services, request, *id, {});
    if (!data) return RenderErrorPage(request, data.error());
    // The record prints every note, oldest first, as the paper 経過一覧 does.
    long long rows = 1;
    if (auto notes = services.cases->Notes(actor, *id, 0)) {
        const Names names = ReadNames(services, actor);
        std::map<PersonId, std::string> members;
        json note_rows = json::array();
        for (const domain::ProgressNote& note : *notes) note_rows.push_back(NoteJson(note, names, members));
        rows += static_cast<long long>(note_rows.size());
        (*data)["notes"] = note_rows;
    }
    // Rows: the case record and each progress note printed.
    std::optional<std::int64_t> person_id;
    if ((*data)["person"]["id"].is_number_integer()) person_id = (*data)["person"]["id"].get<std::int64_t>();
    const domain::ExportRecord record{.record_type = "case",
                                      .record_id = *id,
                                      .person_id = person_id,
                                      .fields = "print",
                                      .rows = rows,
                                      .what = "支援ケース記録の印刷"};
    if (auto recorded = services.sharing->RecordExport(actor, domain::ExportKind::kPersonalData, record); !recorded) {
        return RenderErrorPage(request, recorded.error());
    }
    return RenderPage(request, "支援ケース記録", "case_print", std::move(*data));
}

void AddCasePage(http::Router& router, const CasePageServices& services, std::string method, std::string pattern,
                 CasePageHandler handler) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [services, handler](http::Request& request) { return handler(services, request); }});
}

}  // namespace

void AddCasePages(http::Router& router, const CasePageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, CasePageHandler handler) {
        AddCasePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/cases/new", ShowNewCase);
    page("POST", "/cases", OpenCase);
    page("GET", "/cases/{id}", ShowCase);
    page("POST", "/cases/{id}/status", ChangeStatus);
    page("POST", "/cases/{id}/team", AssignRole);
    page("POST", "/cases/{id}/team/{member}/end", EndRole);
    page("GET", "/cases/{id}/assessment", ShowAssessmentForm);
    page("POST", "/cases/{id}/assessment", RecordAssessment);
    page("GET", "/cases/{id}/plans/new", ShowNewPlan);
    page("POST", "/cases/{id}/plans", SavePlan);
    page("GET", "/cases/{id}/plans/{plan}", ShowPlan);
    page("POST", "/cases/{id}/plans/{plan}", SavePlan);
    page("POST", "/cases/{id}/plans/{plan}/approve", ApprovePlan);
    page("POST", "/cases/{id}/actions/{action}", UpdateAction);
    page("GET", "/cases/{id}/notes", ShowNotes);
    page("POST", "/cases/{id}/notes", AddNote);
    page("POST", "/cases/{id}/relations", AddRelation);
    page("POST", "/cases/{id}/relations/{relation}/remove", RemoveRelation);
    page("GET", "/cases/{id}/print", ShowPrint);
}

}  // namespace kasane::web
