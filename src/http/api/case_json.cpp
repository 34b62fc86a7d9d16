// SPDX-License-Identifier: Apache-2.0
#include "http/api/case_json.hpp"

#include <chrono>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/meeting_json.hpp"
#include "http/api/report_json.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

std::string Field(std::string_view prefix, std::string_view name) { return std::string(prefix) + std::string(name); }

constexpr std::string_view kProgramMessage = "事業は collaboration、outreach、participation のいずれかです";
constexpr std::string_view kStatusMessage =
    "状態は intake、assessment、planning、supporting、monitoring、closed、suspended のいずれかです";

Json ProgramEnum() { return EnumSchema({"collaboration", "outreach", "participation"}); }
Json StatusEnum() {
    return EnumSchema({"intake", "assessment", "planning", "supporting", "monitoring", "closed", "suspended"});
}

}  // namespace

// --- readers ---

Result<domain::NewCase> NewCaseFromJson(const Json& object) {
    domain::NewCase input;
    auto person_id = RequireId(object, "person_id");
    if (!person_id) return Fail(person_id.error());
    input.person_id = domain::PersonId{*person_id};
    auto household_id = OptionalId(object, "household_id");
    if (!household_id) return Fail(household_id.error());
    input.household_id = OptionalIdOf<domain::HouseholdId>(*household_id);
    auto title = TextOf(object, "title");
    if (!title) return Fail(title.error());
    input.title = std::move(*title);
    auto lead = RequireId(object, "lead_organization_id");
    if (!lead) return Fail(lead.error());
    input.lead_organization_id = OrganizationId{*lead};
    auto coordinator = OptionalId(object, "coordinator_user_id");
    if (!coordinator) return Fail(coordinator.error());
    input.coordinator_user_id = OptionalIdOf<UserId>(*coordinator);
    auto programs = StringArray(object, "programs", "programs");
    if (!programs) return Fail(programs.error());
    for (const std::string& code : *programs) {
        const auto program = domain::ParseProgram(code);
        if (!program) return Fail(Error::InvalidArgument(std::string(kProgramMessage), "programs"));
        input.programs.push_back(*program);
    }
    auto categories = IdArray(object, "categories");
    if (!categories) return Fail(categories.error());
    input.categories = std::move(*categories);
    auto consultation = OptionalId(object, "opened_from_consultation_id");
    if (!consultation) return Fail(consultation.error());
    input.opened_from_consultation_id = OptionalIdOf<domain::ConsultationId>(*consultation);
    auto meeting = OptionalId(object, "opened_at_meeting_id");
    if (!meeting) return Fail(meeting.error());
    input.opened_at_meeting_id = OptionalIdOf<domain::MeetingId>(*meeting);
    auto opened_on = OptionalDateField(object, "opened_on", "開始日");
    if (!opened_on) return Fail(opened_on.error());
    input.opened_on = *opened_on;
    return input;
}

Result<domain::CaseEdit> CaseEditFromJson(const Json& object) {
    domain::CaseEdit edit;
    auto title = TextOf(object, "title");
    if (!title) return Fail(title.error());
    edit.title = std::move(*title);
    auto household_id = OptionalId(object, "household_id");
    if (!household_id) return Fail(household_id.error());
    edit.household_id = OptionalIdOf<domain::HouseholdId>(*household_id);
    auto lead = RequireId(object, "lead_organization_id");
    if (!lead) return Fail(lead.error());
    edit.lead_organization_id = OrganizationId{*lead};
    auto coordinator = OptionalId(object, "coordinator_user_id");
    if (!coordinator) return Fail(coordinator.error());
    edit.coordinator_user_id = OptionalIdOf<UserId>(*coordinator);
    auto categories = IdArray(object, "categories");
    if (!categories) return Fail(categories.error());
    edit.categories = std::move(*categories);
    return edit;
}

Result<domain::StatusChange> StatusChangeFromJson(const Json& object, std::string_view prefix) {
    domain::StatusChange change;
    auto program = OptionalCode<domain::Program>(object, "program", domain::ParseProgram, kProgramMessage);
    if (!program) return Fail(Prefixed(program.error(), prefix));
    change.program = *program;
    auto status = RequireCode<domain::CaseStatus>(object, "status", domain::ParseCaseStatus, kStatusMessage);
    if (!status) return Fail(Prefixed(status.error(), prefix));
    change.status = *status;
    auto reason = TextOf(object, "reason");
    if (!reason) return Fail(Prefixed(reason.error(), prefix));
    change.reason = std::move(*reason);
    auto carried_on_by = OptionalId(object, "carried_on_by");
    if (!carried_on_by) return Fail(Prefixed(carried_on_by.error(), prefix));
    change.carried_on_by = OptionalIdOf<OrganizationId>(*carried_on_by);
    // The domain's code for "unspecified" is the empty string; absent means the same.
    auto disposition =
        OptionalCode<domain::OpenActionDisposition>(object, "open_actions", domain::ParseOpenActionDisposition,
                                                    "残っている取組の扱いは cancel（中止）か hand_over（引継ぎ）です");
    if (!disposition) return Fail(Prefixed(disposition.error(), prefix));
    change.open_actions = disposition->value_or(domain::OpenActionDisposition::kUnspecified);
    auto hand_over_to = OptionalId(object, "hand_over_to");
    if (!hand_over_to) return Fail(Prefixed(hand_over_to.error(), prefix));
    change.hand_over_to = OptionalIdOf<OrganizationId>(*hand_over_to);
    auto meeting = OptionalId(object, "decided_at_meeting_id");
    if (!meeting) return Fail(Prefixed(meeting.error(), prefix));
    change.decided_at_meeting_id = OptionalIdOf<domain::MeetingId>(*meeting);
    auto on = OptionalDateField(object, "on", "日付");
    if (!on) return Fail(Prefixed(on.error(), prefix));
    change.on = *on;
    return change;
}

Result<domain::RoleAssignment> RoleAssignmentFromJson(const Json& object, std::string_view prefix) {
    domain::RoleAssignment role;
    auto organization_id = RequireId(object, "organization_id");
    if (!organization_id) return Fail(Prefixed(organization_id.error(), prefix));
    role.organization_id = OrganizationId{*organization_id};
    auto text = TextOf(object, "role");
    if (!text) return Fail(Prefixed(text.error(), prefix));
    role.role = std::move(*text);
    auto meeting = OptionalId(object, "agreed_at_meeting_id");
    if (!meeting) return Fail(Prefixed(meeting.error(), prefix));
    role.agreed_at_meeting_id = OptionalIdOf<domain::MeetingId>(*meeting);
    auto agreed_on = OptionalDateField(object, "agreed_on", "合意日");
    if (!agreed_on) return Fail(Prefixed(agreed_on.error(), prefix));
    role.agreed_on = *agreed_on;
    return role;
}

Result<domain::FormDefinition> FormDefinitionFromJson(const Json& object) {
    domain::FormDefinition definition;
    auto code = TextOf(object, "code");
    if (!code) return Fail(code.error());
    definition.code = std::move(*code);
    auto title = TextOf(object, "title");
    if (!title) return Fail(title.error());
    definition.title = std::move(*title);
    auto items = ObjectArray(object, "items");
    if (!items) return Fail(items.error());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const Json& item = *(*items)[i];
        const std::string prefix = Indexed("items", i);
        domain::FormItem form_item;
        const std::pair<const char*, std::string*> texts[] = {
            {"key", &form_item.key}, {"section", &form_item.section}, {"label", &form_item.label}};
        for (const auto& [name, target] : texts) {
            auto value = TextOf(item, name);
            if (!value) return Fail(Prefixed(value.error(), prefix));
            *target = std::move(*value);
        }
        auto kind = RequireCode<domain::FormItemKind>(item, "kind", domain::ParseFormItemKind,
                                                      "項目の種類は single、multi、text、date のいずれかです");
        if (!kind) return Fail(Prefixed(kind.error(), prefix));
        form_item.kind = *kind;
        auto options = StringArray(item, "options", Field(prefix, "options"));
        if (!options) return Fail(options.error());
        form_item.options = std::move(*options);
        const std::pair<const char*, bool*> flags[] = {{"required", &form_item.required},
                                                       {"reported_to_state", &form_item.reported_to_state},
                                                       {"per_member", &form_item.per_member}};
        for (const auto& [name, target] : flags) {
            auto value = OptionalBool(item, name, false);
            if (!value) return Fail(Prefixed(value.error(), prefix));
            *target = *value;
        }
        definition.items.push_back(std::move(form_item));
    }
    return definition;
}

Result<domain::Assessment> AssessmentFromJson(const Json& object, domain::Date today) {
    domain::Assessment assessment;
    auto form = RequireId(object, "form_definition_id");
    if (!form) return Fail(form.error());
    assessment.form_definition_id = *form;
    auto assessed_on = OptionalDateField(object, "assessed_on", "アセスメント日");
    if (!assessed_on) return Fail(assessed_on.error());
    assessment.assessed_on = assessed_on->value_or(today);
    auto answers = ObjectArray(object, "answers");
    if (!answers) return Fail(answers.error());
    for (std::size_t i = 0; i < answers->size(); ++i) {
        const Json& item = *(*answers)[i];
        const std::string prefix = Indexed("answers", i);
        domain::AssessmentAnswer answer;
        auto key = RequireString(item, "item_key", 200);
        if (!key) return Fail(Prefixed(key.error(), prefix));
        answer.item_key = std::move(*key);
        auto member = OptionalId(item, "member_person_id");
        if (!member) return Fail(Prefixed(member.error(), prefix));
        answer.member_person_id = OptionalIdOf<domain::PersonId>(*member);
        auto values = StringArray(item, "values", Field(prefix, "values"));
        if (!values) return Fail(values.error());
        answer.values = std::move(*values);
        assessment.answers.push_back(std::move(answer));
    }
    auto background = TextOf(object, "background");
    if (!background) return Fail(background.error());
    assessment.background = std::move(*background);
    auto strengths = TextOf(object, "strengths");
    if (!strengths) return Fail(strengths.error());
    assessment.strengths = std::move(*strengths);
    return assessment;
}

Result<domain::EcoRelation> EcoRelationFromJson(const Json& object) {
    domain::EcoRelation relation;
    auto member = OptionalId(object, "member_person_id");
    if (!member) return Fail(member.error());
    relation.member_person_id = OptionalIdOf<domain::PersonId>(*member);
    auto kind = RequireCode<domain::EcoKind>(
        object, "kind", domain::ParseEcoKind,
        "関係の種類は relative、friend、neighbor、agency、service、community、other のいずれかです");
    if (!kind) return Fail(kind.error());
    relation.kind = *kind;
    auto name = TextOf(object, "name");
    if (!name) return Fail(name.error());
    relation.name = std::move(*name);
    auto organization = OptionalId(object, "organization_id");
    if (!organization) return Fail(organization.error());
    relation.organization_id = OptionalIdOf<OrganizationId>(*organization);
    auto strength = OptionalCode<domain::EcoStrength>(object, "strength", domain::ParseEcoStrength,
                                                      "関係の強さは strong、normal、weak、stressful のいずれかです");
    if (!strength) return Fail(strength.error());
    relation.strength = strength->value_or(domain::EcoStrength::kNormal);
    auto note = TextOf(object, "note");
    if (!note) return Fail(note.error());
    relation.note = std::move(*note);
    return relation;
}

Result<domain::PlanAction> PlanActionFromJson(const Json& object, std::string_view prefix) {
    domain::PlanAction action;
    auto description = TextOf(object, "description");
    if (!description) return Fail(Prefixed(description.error(), prefix));
    action.description = std::move(*description);
    auto responsible = OptionalId(object, "responsible_organization_id");
    if (!responsible) return Fail(Prefixed(responsible.error(), prefix));
    action.responsible_organization_id = OrganizationId{responsible->value_or(0)};
    auto due_on = OptionalDateField(object, "due_on", "期限");
    if (!due_on) return Fail(Prefixed(due_on.error(), prefix));
    action.due_on = *due_on;
    auto status = OptionalCode<domain::ActionStatus>(
        object, "status", domain::ParseActionStatus,
        "取組の状況は planned、in_progress、done、cancelled、handed_over のいずれかです");
    if (!status) return Fail(Prefixed(status.error(), prefix));
    action.status = status->value_or(domain::ActionStatus::kPlanned);
    auto program = OptionalCode<domain::Program>(object, "program", domain::ParseProgram, kProgramMessage);
    if (!program) return Fail(Prefixed(program.error(), prefix));
    action.program = *program;
    auto result = TextOf(object, "result");
    if (!result) return Fail(Prefixed(result.error(), prefix));
    action.result = std::move(*result);
    auto completed_on = OptionalDateField(object, "completed_on", "完了日");
    if (!completed_on) return Fail(Prefixed(completed_on.error(), prefix));
    action.completed_on = *completed_on;
    return action;
}

Result<domain::SupportPlan> SupportPlanFromJson(const Json& object) {
    domain::SupportPlan plan;
    auto goals = TextOf(object, "goals");
    if (!goals) return Fail(goals.error());
    plan.goals = std::move(*goals);
    auto household_goal = TextOf(object, "household_goal");
    if (!household_goal) return Fail(household_goal.error());
    plan.household_goal = std::move(*household_goal);
    auto participation = OptionalBool(object, "refer_participation", false);
    if (!participation) return Fail(participation.error());
    plan.refer_participation = *participation;
    auto outreach = OptionalBool(object, "refer_outreach", false);
    if (!outreach) return Fail(outreach.error());
    plan.refer_outreach = *outreach;
    auto review_on = OptionalDateField(object, "review_on", "モニタリング予定日");
    if (!review_on) return Fail(review_on.error());
    plan.review_on = *review_on;
    auto actions = ObjectArray(object, "actions");
    if (!actions) return Fail(actions.error());
    for (std::size_t i = 0; i < actions->size(); ++i) {
        auto action = PlanActionFromJson(*(*actions)[i], Indexed("actions", i));
        if (!action) return Fail(action.error());
        plan.actions.push_back(std::move(*action));
    }
    return plan;
}

Result<domain::ProgressNote> ProgressNoteFromJson(const Json& object, Instant now) {
    domain::ProgressNote note;
    auto occurred_at = OptionalString(object, "occurred_at", 64);
    if (!occurred_at) return Fail(occurred_at.error());
    if (occurred_at->has_value()) {
        auto instant = ParseInstantText(**occurred_at, "occurred_at");
        if (!instant) return Fail(instant.error());
        note.occurred_at = *instant;
    } else {
        note.occurred_at = now;
    }
    auto method = RequireCode<domain::NoteMethod>(object, "method", domain::ParseNoteMethod,
                                                  "方法は interview、phone、visit、meeting、other のいずれかです");
    if (!method) return Fail(method.error());
    note.method = *method;
    auto tag = OptionalCode<domain::TextTag>(object, "tag", domain::ParseTextTag,
                                             "記録の区分は fact、third_party、assessment のいずれかです");
    if (!tag) return Fail(tag.error());
    note.tag = tag->value_or(domain::TextTag::kFact);
    auto text = TextOf(object, "text");
    if (!text) return Fail(text.error());
    note.text = std::move(*text);
    auto about = OptionalId(object, "about_person_id");
    if (!about) return Fail(about.error());
    note.about_person_id = OptionalIdOf<domain::PersonId>(*about);
    return note;
}

Result<domain::CaseDecision> CaseDecisionFromJson(const Json& object) {
    domain::CaseDecision decision;
    auto kind = RequireCode<domain::DecisionKind>(object, "kind", domain::ParseDecisionKind, kUnknownDecisionKind);
    if (!kind) return Fail(kind.error());
    decision.kind = *kind;
    auto text = TextOf(object, "text");
    if (!text) return Fail(text.error());
    decision.text = std::move(*text);
    auto plan_id = OptionalId(object, "plan_id");
    if (!plan_id) return Fail(plan_id.error());
    decision.plan_id = *plan_id;
    auto roles = ObjectArray(object, "roles");
    if (!roles) return Fail(roles.error());
    for (std::size_t i = 0; i < roles->size(); ++i) {
        auto role = RoleAssignmentFromJson(*(*roles)[i], Indexed("roles", i));
        if (!role) return Fail(role.error());
        decision.roles.push_back(std::move(*role));
    }
    if (const auto it = object.find("status_change"); it != object.end() && !it->is_null()) {
        if (!it->is_object()) {
            return Fail(Error::InvalidArgument("「status_change」はオブジェクトで指定してください", "status_change"));
        }
        auto change = StatusChangeFromJson(*it, "status_change.");
        if (!change) return Fail(change.error());
        decision.status_change = std::move(*change);
    }
    auto missing = TextOf(object, "missing_resource");
    if (!missing) return Fail(missing.error());
    decision.missing_resource = std::move(*missing);
    auto next_review_on = OptionalDateField(object, "next_review_on", "次回モニタリング日");
    if (!next_review_on) return Fail(next_review_on.error());
    decision.next_review_on = *next_review_on;
    return decision;
}

Result<domain::MissingResource> MissingResourceFromJson(const Json& object, domain::Date today) {
    domain::MissingResource resource;
    auto description = TextOf(object, "description");
    if (!description) return Fail(description.error());
    resource.description = std::move(*description);
    auto case_id = OptionalId(object, "case_id");
    if (!case_id) return Fail(case_id.error());
    resource.case_id = OptionalIdOf<domain::CaseId>(*case_id);
    auto meeting_id = OptionalId(object, "meeting_id");
    if (!meeting_id) return Fail(meeting_id.error());
    resource.meeting_id = OptionalIdOf<domain::MeetingId>(*meeting_id);
    auto area_id = OptionalId(object, "area_id");
    if (!area_id) return Fail(area_id.error());
    resource.area_id = *area_id;
    auto noted_on = OptionalDateField(object, "noted_on", "記録日");
    if (!noted_on) return Fail(noted_on.error());
    resource.noted_on = noted_on->value_or(today);
    return resource;
}

// --- writers ---

Json ToJson(const domain::SupportCase& support_case) {
    Json programs = Json::array();
    for (const domain::ProgramStatus& program : support_case.programs) {
        programs.push_back({{"program", domain::ProgramCode(program.program)},
                            {"program_label", domain::ProgramLabel(program.program)},
                            {"status", domain::CaseStatusCode(program.status)},
                            {"status_label", domain::CaseStatusLabel(program.status)},
                            {"started_on", IsoDate(program.started_on)},
                            {"ended_on", DateJson(program.ended_on)},
                            {"end_reason", program.end_reason},
                            {"carried_on_by", OptionalIdJson(program.carried_on_by)}});
    }
    Json team = Json::array();
    for (const domain::TeamMember& member : support_case.team) {
        team.push_back({{"id", member.id},
                        {"organization_id", member.organization_id},
                        {"role", member.role},
                        {"agreed_on", DateJson(member.agreed_on)},
                        {"agreed_at_meeting_id", OptionalIdJson(member.agreed_at_meeting_id)},
                        {"left_on", DateJson(member.left_on)},
                        {"active", member.active}});
    }
    return {{"id", support_case.id},
            {"municipality_id", support_case.municipality_id},
            {"person_id", support_case.person_id},
            {"household_id", OptionalIdJson(support_case.household_id)},
            {"title", support_case.title},
            {"lead_organization_id", support_case.lead_organization_id},
            {"coordinator_user_id", OptionalIdJson(support_case.coordinator_user_id)},
            {"status", domain::CaseStatusCode(support_case.status)},
            {"status_label", domain::CaseStatusLabel(support_case.status)},
            {"programs", std::move(programs)},
            {"categories", support_case.categories},
            {"opened_from_consultation_id", OptionalIdJson(support_case.opened_from_consultation_id)},
            {"opened_at_meeting_id", OptionalIdJson(support_case.opened_at_meeting_id)},
            {"opened_on", IsoDate(support_case.opened_on)},
            {"opened_on_wareki", FormatWareki(support_case.opened_on)},
            {"closed_on", DateJson(support_case.closed_on)},
            {"closed_on_wareki", WarekiJson(support_case.closed_on)},
            {"closure_reason", support_case.closure_reason},
            {"team", std::move(team)},
            {"created_by", support_case.created_by},
            {"created_at", FormatIso8601(support_case.created_at)},
            {"updated_at", FormatIso8601(support_case.updated_at)},
            {"version", support_case.version}};
}

Json ToJson(const domain::CaseListItem& item) {
    Json json = ToJson(item.support_case);
    json["last_note_at"] = item.last_note_at ? Json(FormatIso8601(*item.last_note_at)) : Json(nullptr);
    return json;
}

Json ToJson(const domain::CaseView& view, domain::Date today) {
    // The case's own fields at the top, so that a client edits what it read with the same "version".
    Json json = ToJson(view.support_case);
    json["access"] = AccessJson(view.decision);
    Json person = PersonJson(view.person, view.decision, today);
    person["access"] = AccessJson(view.decision);
    json["person"] = std::move(person);
    json["household"] = view.household ? ToJson(*view.household, today) : Json(nullptr);
    // Members are masked by the domain for this viewer; their keys follow the case person's level.
    Json members = Json::array();
    for (const domain::Person& member : view.members) members.push_back(PersonJson(member, view.decision, today));
    json["members"] = std::move(members);
    json["current_plan"] = view.current_plan ? ToJson(*view.current_plan) : Json(nullptr);
    json["draft_plan"] = view.draft_plan ? ToJson(*view.draft_plan) : Json(nullptr);
    json["latest_assessment"] = view.latest_assessment ? ToJson(*view.latest_assessment) : Json(nullptr);
    Json relations = Json::array();
    for (const domain::EcoRelation& relation : view.relations) relations.push_back(ToJson(relation));
    json["relations"] = std::move(relations);
    Json notes = Json::array();
    for (const domain::ProgressNote& note : view.recent_notes) notes.push_back(ToJson(note));
    json["recent_notes"] = std::move(notes);
    Json meetings = Json::array();
    for (const domain::Meeting& meeting : view.meetings) {
        meetings.push_back({{"id", meeting.id},
                            {"body_id", meeting.body_id},
                            {"held_on", IsoDate(meeting.held_on)},
                            {"held_on_wareki", FormatWareki(meeting.held_on)}});
    }
    json["meetings"] = std::move(meetings);
    // The part of the case this viewer reads (DecideCasePart), so that a client can say what is withheld.
    json["part"] = {{"whole", view.part.whole},
                    {"basis", view.part.basis},
                    {"assessment", view.part.assessment},
                    {"notes", view.part.whole ? "all" : "own_organization"},
                    {"actions", view.part.whole ? "all" : "own_organization"}};
    // What this viewer may change (DecideCaseWork), so that a client offers only that.
    json["rights"] = {{"case_record", view.rights.case_record},
                      {"plan", view.rights.plan},
                      {"assessment", view.rights.assessment},
                      {"eco_map", view.rights.eco_map},
                      {"progress_notes", view.rights.progress_notes}};
    return json;
}

Json ToJson(const domain::FormDefinition& definition) {
    Json items = Json::array();
    for (const domain::FormItem& item : definition.items) {
        items.push_back({{"key", item.key},
                         {"section", item.section},
                         {"label", item.label},
                         {"kind", domain::FormItemKindCode(item.kind)},
                         {"options", item.options},
                         {"required", item.required},
                         {"reported_to_state", item.reported_to_state},
                         {"per_member", item.per_member}});
    }
    return {{"id", definition.id},
            {"municipality_id", definition.municipality_id},
            {"code", definition.code},
            {"form_version", definition.form_version},
            {"title", definition.title},
            {"items", std::move(items)},
            {"created_at", FormatIso8601(definition.created_at)},
            {"created_by", definition.created_by}};
}

Json ToJson(const domain::Assessment& assessment) {
    Json answers = Json::array();
    for (const domain::AssessmentAnswer& answer : assessment.answers) {
        answers.push_back({{"item_key", answer.item_key},
                           {"member_person_id", OptionalIdJson(answer.member_person_id)},
                           {"values", answer.values}});
    }
    return {{"id", assessment.id},
            {"case_id", assessment.case_id},
            {"form_definition_id", assessment.form_definition_id},
            {"form_version", assessment.form_version},
            {"assessed_on", IsoDate(assessment.assessed_on)},
            {"assessed_on_wareki", FormatWareki(assessment.assessed_on)},
            {"assessed_by", assessment.assessed_by},
            {"organization_id", assessment.organization_id},
            {"answers", std::move(answers)},
            {"background", assessment.background},
            {"strengths", assessment.strengths},
            {"created_at", FormatIso8601(assessment.created_at)}};
}

Json ToJson(const domain::EcoRelation& relation) {
    return {{"id", relation.id},
            {"member_person_id", OptionalIdJson(relation.member_person_id)},
            {"kind", domain::EcoKindCode(relation.kind)},
            {"kind_label", domain::EcoKindLabel(relation.kind)},
            {"name", relation.name},
            {"organization_id", OptionalIdJson(relation.organization_id)},
            {"strength", domain::EcoStrengthCode(relation.strength)},
            {"strength_label", domain::EcoStrengthLabel(relation.strength)},
            {"note", relation.note}};
}

Json ToJson(const domain::PlanAction& action) {
    return {{"id", action.id},
            {"description", action.description},
            {"responsible_organization_id", action.responsible_organization_id},
            {"due_on", DateJson(action.due_on)},
            {"due_on_wareki", WarekiJson(action.due_on)},
            {"status", domain::ActionStatusCode(action.status)},
            {"status_label", domain::ActionStatusLabel(action.status)},
            {"program", action.program ? Json(domain::ProgramCode(*action.program)) : Json(nullptr)},
            {"result", action.result},
            {"completed_on", DateJson(action.completed_on)},
            {"version", action.version}};
}

Json ToJson(const domain::SupportPlan& plan) {
    Json actions = Json::array();
    for (const domain::PlanAction& action : plan.actions) actions.push_back(ToJson(action));
    return {{"id", plan.id},
            {"case_id", plan.case_id},
            {"plan_version", plan.plan_version},
            {"goals", plan.goals},
            {"household_goal", plan.household_goal},
            {"refer_participation", plan.refer_participation},
            {"refer_outreach", plan.refer_outreach},
            {"review_on", DateJson(plan.review_on)},
            {"review_on_wareki", WarekiJson(plan.review_on)},
            {"state", domain::PlanStateCode(plan.state)},
            {"state_label", domain::PlanStateLabel(plan.state)},
            {"approved_at_meeting_id", OptionalIdJson(plan.approved_at_meeting_id)},
            {"approved_on", DateJson(plan.approved_on)},
            {"actions", std::move(actions)},
            {"actions_withheld", plan.actions_withheld},
            {"created_by", plan.created_by},
            {"created_at", FormatIso8601(plan.created_at)},
            {"version", plan.version}};
}

Json ToJson(const domain::ProgressNote& note) {
    return {{"id", note.id},
            {"case_id", note.case_id},
            {"occurred_at", FormatIso8601(note.occurred_at)},
            {"occurred_at_jst", FormatJst(note.occurred_at)},
            {"method", domain::NoteMethodCode(note.method)},
            {"method_label", domain::NoteMethodLabel(note.method)},
            {"tag", domain::TextTagCode(note.tag)},
            {"tag_label", domain::TextTagLabel(note.tag)},
            {"text", note.text},
            {"about_person_id", OptionalIdJson(note.about_person_id)},
            {"author_user_id", note.author_user_id},
            {"organization_id", note.organization_id},
            {"created_at", FormatIso8601(note.created_at)}};
}

Json ToJson(const domain::MissingResource& resource) {
    return {{"id", resource.id},
            {"case_id", OptionalIdJson(resource.case_id)},
            {"meeting_id", OptionalIdJson(resource.meeting_id)},
            {"description", resource.description},
            {"area_id", OptionalIdJson(resource.area_id)},
            {"noted_on", IsoDate(resource.noted_on)},
            {"addressed", resource.addressed},
            {"addressed_note", resource.addressed_note},
            {"recorded_by", resource.recorded_by}};
}

Json ToJson(const domain::ActionDue& due) {
    return {{"case_id", due.case_id},
            {"case_title", due.case_title},
            {"person_id", due.person_id},
            {"plan_id", due.plan_id},
            {"action", ToJson(due.action)}};
}

Json ToJson(const domain::ReviewDue& due) {
    return {{"case_id", due.case_id},
            {"case_title", due.case_title},
            {"person_id", due.person_id},
            {"lead_organization_id", due.lead_organization_id},
            {"plan_id", due.plan_id},
            {"plan_version", due.plan_version},
            {"review_on", IsoDate(due.review_on)}};
}

Json ReferralLineJson(const domain::Referral& referral) {
    return {{"id", referral.id},
            {"person_id", referral.person_id},
            {"consultation_id", OptionalIdJson(referral.consultation_id)},
            {"from_organization_id", referral.from_organization_id},
            {"to_organization_id", referral.to_organization_id},
            {"status", domain::ReferralStatusCode(referral.status)},
            {"sent_at", FormatIso8601(referral.sent_at)},
            {"version", referral.version}};
}

Json ToJson(const domain::WorkList& work) {
    const auto list = [](const auto& items) {
        Json array = Json::array();
        for (const auto& item : items) array.push_back(ToJson(item));
        return array;
    };
    Json referrals = Json::array();
    for (const domain::Referral& referral : work.referrals_waiting) referrals.push_back(ReferralLineJson(referral));
    return {{"my_cases", list(work.my_cases)},
            {"actions_due", list(work.actions_due)},
            {"reviews_due", list(work.reviews_due)},
            {"referrals_waiting", std::move(referrals)},
            {"without_recent_note", list(work.without_recent_note)}};
}

Json ToJson(const domain::ReportCaseCounts& counts) {
    Json by_program = Json::array();
    for (const domain::ReportProgramCounts& program : counts.by_program) {
        by_program.push_back({{"program", domain::ProgramCode(program.program)},
                              {"program_label", domain::ProgramLabel(program.program)},
                              {"opened", CountJson(program.opened)},
                              {"closed", CountJson(program.closed)},
                              {"suspended", CountJson(program.suspended)}});
    }
    return {{"cases_opened", CountJson(counts.cases_opened)},
            {"cases_closed", CountJson(counts.cases_closed)},
            {"plans_approved", CountJson(counts.plans_approved)},
            {"meetings_held", CountJson(counts.meetings_held)},
            {"cases_discussed", CountJson(counts.cases_discussed)},
            {"agenda_items", CountJson(counts.agenda_items)},
            {"by_program", std::move(by_program)}};
}

// --- schemas ---

namespace schema {

Json NewCase() {
    return Object({{"person_id", Integer()},
                   {"household_id", Integer()},
                   {"title", String()},
                   {"lead_organization_id", Integer()},
                   {"coordinator_user_id", Integer()},
                   {"programs", ArrayOf(ProgramEnum())},
                   {"categories", ArrayOf(Integer())},
                   {"opened_from_consultation_id", Integer()},
                   {"opened_at_meeting_id", Integer()},
                   {"opened_on", DateString()}},
                  {"person_id", "title", "lead_organization_id"});
}

Json CaseEdit() {
    return Object({{"title", String()},
                   {"household_id", Integer()},
                   {"lead_organization_id", Integer()},
                   {"coordinator_user_id", Integer()},
                   {"categories", ArrayOf(Integer())},
                   {"version", Integer()}},
                  {"title", "lead_organization_id", "version"});
}

Json StatusChange() {
    return Object({{"program", ProgramEnum()},
                   {"status", StatusEnum()},
                   {"reason", {{"type", "string"}, {"description", "required for closed and suspended"}}},
                   {"carried_on_by", Integer()},
                   {"open_actions", EnumSchema({"cancel", "hand_over"})},
                   {"hand_over_to", Integer()},
                   {"decided_at_meeting_id", Integer()},
                   {"on", DateString()}},
                  {"status"});
}

Json RoleAssignment() {
    return Object({{"organization_id", Integer()},
                   {"role", String()},
                   {"agreed_at_meeting_id", Integer()},
                   {"agreed_on", DateString()}},
                  {"organization_id", "role"});
}

Json SupportCase() {
    return Object({{"id", Integer()},
                   {"person_id", Integer()},
                   {"household_id", NullableInteger()},
                   {"title", String()},
                   {"lead_organization_id", Integer()},
                   {"coordinator_user_id", NullableInteger()},
                   {"status", StatusEnum()},
                   {"status_label", String()},
                   {"programs", ArrayOf(Object({{"program", ProgramEnum()},
                                                {"program_label", String()},
                                                {"status", StatusEnum()},
                                                {"started_on", String()},
                                                {"ended_on", NullableString()},
                                                {"end_reason", String()},
                                                {"carried_on_by", NullableInteger()}},
                                               {"program", "status"}))},
                   {"categories", ArrayOf(Integer())},
                   {"opened_on", String()},
                   {"closed_on", NullableString()},
                   {"closure_reason", String()},
                   {"team", ArrayOf(Object({{"id", Integer()},
                                            {"organization_id", Integer()},
                                            {"role", String()},
                                            {"agreed_on", NullableString()},
                                            {"agreed_at_meeting_id", NullableInteger()},
                                            {"left_on", NullableString()},
                                            {"active", Boolean()}},
                                           {"id", "organization_id", "role"}))},
                   {"version", Integer()}},
                  {"id", "person_id", "title", "lead_organization_id", "status", "programs", "team", "version"});
}

Json CaseListItem() {
    Json item = SupportCase();
    item["properties"]["last_note_at"] = NullableString();
    return item;
}

Json CaseView() {
    Json view = SupportCase();
    view["properties"]["access"] = {{"type", "object"}};
    view["properties"]["person"] = Person();
    view["properties"]["household"] = {{"type", {"object", "null"}}};
    // Members are masked at the case person's level and carry no access of their own: the case's applies.
    Json member = Person();
    member["required"] = {"id"};
    view["properties"]["members"] = ArrayOf(member);
    view["properties"]["current_plan"] = {{"type", {"object", "null"}}};
    view["properties"]["draft_plan"] = {{"type", {"object", "null"}}};
    view["properties"]["latest_assessment"] = {{"type", {"object", "null"}}};
    view["properties"]["relations"] = ArrayOf(EcoRelation());
    view["properties"]["recent_notes"] = ArrayOf(ProgressNote());
    view["properties"]["meetings"] = ArrayOf(
        Object({{"id", Integer()}, {"body_id", Integer()}, {"held_on", String()}}, {"id", "body_id", "held_on"}));
    view["properties"]["part"] =
        Object({{"whole", Boolean()},
                {"basis", EnumSchema({"holder", "case_lead", "coordinator", "emergency", "partner"})},
                {"assessment", Boolean()},
                {"notes", EnumSchema({"all", "own_organization"})},
                {"actions", EnumSchema({"all", "own_organization"})}},
               {"whole", "basis", "assessment", "notes", "actions"});
    view["properties"]["rights"] = Object({{"case_record", Boolean()},
                                           {"plan", Boolean()},
                                           {"assessment", Boolean()},
                                           {"eco_map", Boolean()},
                                           {"progress_notes", Boolean()}},
                                          {"case_record", "plan", "assessment", "eco_map", "progress_notes"});
    view["required"].push_back("person");
    view["required"].push_back("access");
    return view;
}

Json FormDefinitionInput() {
    return Object({{"code", String()},
                   {"title", String()},
                   {"items", ArrayOf(Object({{"key", String()},
                                             {"section", String()},
                                             {"label", String()},
                                             {"kind", EnumSchema({"single", "multi", "text", "date"})},
                                             {"options", ArrayOf(String())},
                                             {"required", Boolean()},
                                             {"reported_to_state", Boolean()},
                                             {"per_member", Boolean()}},
                                            {"key", "label", "kind"}))}},
                  {"code", "title", "items"});
}

Json FormDefinition() {
    Json definition = FormDefinitionInput();
    definition["properties"]["id"] = Integer();
    definition["properties"]["form_version"] = Integer();
    definition["properties"]["created_at"] = String();
    definition["properties"]["created_by"] = Integer();
    definition["required"] = {"id", "code", "form_version", "items"};
    return definition;
}

Json AssessmentInput() {
    return Object(
        {{"form_definition_id", Integer()},
         {"assessed_on", DateString()},
         {"answers",
          ArrayOf(Object({{"item_key", String()}, {"member_person_id", Integer()}, {"values", ArrayOf(String())}},
                         {"item_key", "values"}))},
         {"background", String()},
         {"strengths", String()}},
        {"form_definition_id"});
}

Json Assessment() {
    Json assessment = AssessmentInput();
    assessment["properties"]["id"] = Integer();
    assessment["properties"]["case_id"] = Integer();
    assessment["properties"]["form_version"] = Integer();
    assessment["properties"]["assessed_by"] = Integer();
    assessment["properties"]["organization_id"] = Integer();
    assessment["properties"]["created_at"] = String();
    // An answer about the household as a whole has a null member_person_id in a response.
    assessment["properties"]["answers"]["items"]["properties"]["member_person_id"] = NullableInteger();
    assessment["required"] = {"id", "case_id", "form_definition_id", "form_version", "answers"};
    return assessment;
}

Json EcoRelationInput() {
    return Object({{"member_person_id", Integer()},
                   {"kind", EnumSchema({"relative", "friend", "neighbor", "agency", "service", "community", "other"})},
                   {"name", String()},
                   {"organization_id", Integer()},
                   {"strength", EnumSchema({"strong", "normal", "weak", "stressful"})},
                   {"note", String()}},
                  {"kind", "name"});
}

Json EcoRelation() {
    Json relation = EcoRelationInput();
    relation["properties"]["id"] = Integer();
    relation["properties"]["member_person_id"] = NullableInteger();
    relation["properties"]["organization_id"] = NullableInteger();
    relation["properties"]["kind_label"] = String();
    relation["properties"]["strength_label"] = String();
    relation["required"] = {"id", "kind", "name", "strength"};
    return relation;
}

Json PlanActionInput() {
    return Object({{"description", String()},
                   {"responsible_organization_id", Integer()},
                   {"due_on", DateString()},
                   {"status", EnumSchema({"planned", "in_progress", "done", "cancelled", "handed_over"})},
                   {"program", ProgramEnum()},
                   {"result", String()},
                   {"completed_on", DateString()}},
                  {"description", "responsible_organization_id"});
}

Json PlanAction() {
    Json action = PlanActionInput();
    action["properties"]["id"] = Integer();
    action["properties"]["due_on"] = NullableString();
    action["properties"]["completed_on"] = NullableString();
    action["properties"]["program"] = NullableString();
    action["properties"]["status_label"] = String();
    action["properties"]["version"] = Integer();
    action["required"] = {"id", "description", "responsible_organization_id", "status", "version"};
    return action;
}

Json SupportPlanInput() {
    return Object({{"goals", {{"type", "string"}, {"description", "in the person's own words"}}},
                   {"household_goal", String()},
                   {"refer_participation", Boolean()},
                   {"refer_outreach", Boolean()},
                   {"review_on", DateString()},
                   {"actions", ArrayOf(PlanActionInput())}},
                  {"goals"});
}

Json SupportPlan() {
    Json plan = SupportPlanInput();
    plan["properties"]["id"] = Integer();
    plan["properties"]["case_id"] = Integer();
    plan["properties"]["plan_version"] = Integer();
    plan["properties"]["review_on"] = NullableString();
    plan["properties"]["state"] = EnumSchema({"draft", "approved", "superseded"});
    plan["properties"]["state_label"] = String();
    plan["properties"]["approved_at_meeting_id"] = NullableInteger();
    plan["properties"]["approved_on"] = NullableString();
    plan["properties"]["actions"] = ArrayOf(PlanAction());
    plan["properties"]["actions_withheld"] = {
        {"type", "integer"},
        {"description", "actions assigned to other organisations, withheld from a partner (他機関の担当)"}};
    plan["properties"]["created_by"] = Integer();
    plan["properties"]["created_at"] = String();
    plan["properties"]["version"] = Integer();
    plan["required"] = {"id", "case_id", "plan_version", "state", "actions", "version"};
    return plan;
}

Json ProgressNoteInput() {
    return Object({{"occurred_at", {{"type", "string"}, {"description", "ISO 8601 UTC, or a date and JST time"}}},
                   {"method", EnumSchema({"interview", "phone", "visit", "meeting", "other"})},
                   {"tag", EnumSchema({"fact", "third_party", "assessment"})},
                   {"text", String()},
                   {"about_person_id", Integer()}},
                  {"method", "text"});
}

Json ProgressNote() {
    Json note = ProgressNoteInput();
    note["properties"]["id"] = Integer();
    note["properties"]["case_id"] = Integer();
    note["properties"]["occurred_at_jst"] = String();
    note["properties"]["method_label"] = String();
    note["properties"]["tag_label"] = String();
    note["properties"]["about_person_id"] = NullableInteger();
    note["properties"]["author_user_id"] = Integer();
    note["properties"]["organization_id"] = Integer();
    note["properties"]["created_at"] = String();
    note["required"] = {"id", "case_id", "occurred_at", "method", "tag", "text"};
    return note;
}

Json CaseDecisionInput() {
    return Object({{"case_id", Integer()},
                   {"kind", EnumSchema(domain::DecisionKindCodes())},
                   {"text", String()},
                   {"plan_id", Integer()},
                   {"roles", ArrayOf(RoleAssignment())},
                   {"status_change", StatusChange()},
                   {"missing_resource", String()},
                   {"next_review_on", DateString()}},
                  {"case_id", "kind"});
}

Json MissingResourceInput() {
    return Object({{"description", String()},
                   {"case_id", Integer()},
                   {"meeting_id", Integer()},
                   {"area_id", Integer()},
                   {"noted_on", DateString()}},
                  {"description"});
}

Json MissingResource() {
    Json resource = MissingResourceInput();
    resource["properties"]["id"] = Integer();
    resource["properties"]["case_id"] = NullableInteger();
    resource["properties"]["meeting_id"] = NullableInteger();
    resource["properties"]["area_id"] = NullableInteger();
    resource["properties"]["addressed"] = Boolean();
    resource["properties"]["addressed_note"] = String();
    resource["properties"]["recorded_by"] = Integer();
    resource["required"] = {"id", "description", "noted_on", "addressed"};
    return resource;
}

Json WorkList() {
    const Json due = Object({{"case_id", Integer()},
                             {"case_title", String()},
                             {"person_id", Integer()},
                             {"plan_id", Integer()},
                             {"action", PlanAction()}},
                            {"case_id", "plan_id", "action"});
    const Json review = Object({{"case_id", Integer()},
                                {"case_title", String()},
                                {"person_id", Integer()},
                                {"lead_organization_id", Integer()},
                                {"plan_id", Integer()},
                                {"plan_version", Integer()},
                                {"review_on", String()}},
                               {"case_id", "plan_id", "review_on"});
    const Json referral = Object({{"id", Integer()},
                                  {"person_id", Integer()},
                                  {"from_organization_id", Integer()},
                                  {"to_organization_id", Integer()},
                                  {"status", String()},
                                  {"sent_at", String()}},
                                 {"id", "person_id", "status"});
    return Object({{"my_cases", ArrayOf(CaseListItem())},
                   {"actions_due", ArrayOf(due)},
                   {"reviews_due", ArrayOf(review)},
                   {"referrals_waiting", ArrayOf(referral)},
                   {"without_recent_note", ArrayOf(CaseListItem())}},
                  {"my_cases", "actions_due", "reviews_due", "referrals_waiting", "without_recent_note"});
}

Json CaseCounts() {
    return Object({{"cases_opened", ShownCount()},
                   {"cases_closed", ShownCount()},
                   {"plans_approved", ShownCount()},
                   {"meetings_held", ShownCount()},
                   {"cases_discussed", ShownCount()},
                   {"agenda_items", ShownCount()},
                   {"by_program", ArrayOf(Object({{"program", ProgramEnum()},
                                                  {"program_label", String()},
                                                  {"opened", ShownCount()},
                                                  {"closed", ShownCount()},
                                                  {"suspended", ShownCount()}},
                                                 {"program", "opened", "closed"}))}},
                  {"cases_opened", "cases_closed", "by_program"});
}

}  // namespace schema

}  // namespace kasane::http::api
