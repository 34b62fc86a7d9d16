// SPDX-License-Identifier: Apache-2.0
// 多機関協働: the support case pages (see case_pages.hpp). Handlers parse the form, call one use case of
// domain/case_service.hpp and map its Result to a page.

#include "web/case_pages.hpp"
#include "base/japan_time.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/japanese_date.hpp"
#include "domain/export_rights.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing_service.hpp"
#include "domain/user.hpp"
#include "web/case_page_support.hpp"
#include "web/genogram.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using namespace case_support;

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
    const Date today = TodayInJapan(*services.clock);
    const domain::SupportCase& c = view->support_case;
    const auto members = MemberNames(*view);

    json data = {{"case", CaseHeaderJson(services, actor, c, names)},
                 {"person", PersonHeaderJson(view->person, view->decision, today)},
                 {"basis_label", domain::AccessBasisLabel(view->decision.basis)},
                 {"team", TeamJson(c, names, view->meetings)},
                 {"genogram", Genogram(*view, today)}};
    ShowSectionErrors(data, request, names.failures);
    if (view->household) {
        json household = {
            {"id", view->household->id}, {"name", view->household->name}, {"situation", view->household->notes}};
        json rows = json::array();
        for (const domain::Person& member : view->members) {
            json row = PersonHeaderJson(member, view->decision, today);
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
    // A meeting is linked only when its record opens for this user (a partner on the team is not always a pledged
    // member of the body, and a body's sharing period runs out): never a link to "not found" (issue 13, item 10).
    json meetings = json::array();
    auto readable = services.sharing->ReadableMeetings(actor, view->meetings);
    if (!readable) ShowSectionError(data, request, "会議", readable.error());
    for (const domain::Meeting& meeting : view->meetings) {
        json shown = MeetingJson(meeting, names);
        shown["readable"] = readable && readable->contains(meeting.id);
        meetings.push_back(std::move(shown));
    }
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
    data["carry_options"] = names.OrganizationOptions(
        OptionalIdOf<OrganizationId>(SelectedId(extras, "status", "carried_on_by")), "（引き継ぐ機関を選ぶ）");
    data["hand_over_options"] = names.OrganizationOptions(
        OptionalIdOf<OrganizationId>(SelectedId(extras, "status", "hand_over_to")), "（引き継ぐ機関を選ぶ）");
    const std::string disposition = extras.form == "status" ? FieldOf(extras.fields, "open_actions") : "";
    data["open_actions_options"] =
        json::array({{{"value", "cancel"}, {"label", "中止する"}, {"checked", disposition == "cancel"}},
                     {{"value", "hand_over"}, {"label", "引き継ぐ"}, {"checked", disposition == "hand_over"}}});
    data["has_open_actions"] =
        view->current_plan &&
        std::any_of(view->current_plan->actions.begin(), view->current_plan->actions.end(),
                    [](const domain::PlanAction& action) { return domain::IsOpen(action.status); });
    data["team_organization_options"] = names.OrganizationOptions(
        OptionalIdOf<OrganizationId>(SelectedId(extras, "team", "organization_id")), "（機関を選ぶ）");
    data["team_meeting_options"] =
        MeetingOptions(view->meetings, names, SelectedId(extras, "team", "meeting_id"), "（会議なし・今日の合意）");
    data["approve_meeting_options"] =
        MeetingOptions(view->meetings, names, SelectedId(extras, "approve", "meeting_id"), "（会議を選ぶ）");
    data["has_meetings"] = !view->meetings.empty();
    data["note_method_options"] = EnumOptions(domain::kAllNoteMethods, domain::NoteMethodCode, domain::NoteMethodLabel,
                                              extras.form == "note" ? FieldOf(extras.fields, "method") : "interview");
    data["note_tag_options"] = EnumOptions(kNoteTags, domain::TextTagCode, domain::TextTagLabel,
                                           extras.form == "note" ? FieldOf(extras.fields, "tag") : "fact");
    data["note_occurred_at"] =
        extras.form == "note" ? FieldOf(extras.fields, "occurred_at") : LocalDateTimeInput(services.clock->Now());
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
    data["relation_organization_options"] = names.OrganizationOptions(
        OptionalIdOf<OrganizationId>(SelectedId(extras, "relation", "organization_id")), "（町の機関ではない）");
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
    return RenderCase(services, request, domain::CaseId{*id}, {});
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
    change.carried_on_by = ParseId<OrganizationId>(FieldOf(extras.fields, "carried_on_by"));
    change.hand_over_to = ParseId<OrganizationId>(FieldOf(extras.fields, "hand_over_to"));
    change.decided_at_meeting_id = ParseId<domain::MeetingId>(FieldOf(extras.fields, "meeting_id"));
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
    domain::RoleAssignment role{
        .role = FieldOf(extras.fields, "role"),
        .agreed_at_meeting_id = ParseId<domain::MeetingId>(FieldOf(extras.fields, "meeting_id"))};
    auto organization = ParseId(FieldOf(extras.fields, "organization_id"));
    if (!organization) extras.errors["organization_id"] = "「機関」を選んでください";
    if (Blank(role.role)) extras.errors["role"] = "「役割」を入力してください";
    if (!extras.errors.empty()) {
        extras.errors["_any"] = true;
        extras.status = 400;
        return RenderCase(services, request, *id, extras);
    }
    role.organization_id = OrganizationId{*organization};
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
    note.about_person_id = ParseId<domain::PersonId>(FieldOf(extras.fields, "about_person_id"));
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
    domain::EcoRelation relation{
        .member_person_id = ParseId<domain::PersonId>(FieldOf(extras.fields, "member_person_id")),
        .name = FieldOf(extras.fields, "name"),
        .organization_id = ParseId<OrganizationId>(FieldOf(extras.fields, "organization_id")),
        .note = FieldOf(extras.fields, "note")};
    auto kind = domain::ParseEcoKind(FieldOf(extras.fields, "kind"));
    if (!kind) extras.errors["kind"] = "「種類」を選んでください";
    if (kind) relation.kind = *kind;
    auto strength = domain::ParseEcoStrength(FieldOf(extras.fields, "strength"));
    if (!strength) extras.errors["strength"] = "「関係の強さ」を選んでください";
    if (strength) relation.strength = *strength;
    // An organisation of the town may stand for its own name.
    if (Blank(relation.name) && relation.organization_id) {
        json failed = json::object();
        relation.name = OrganizationName(*services.directory, ActorOf(request), *relation.organization_id, failed);
        if (failed.contains("section_errors")) {
            return RenderErrorPage(request, Error::Unavailable("機関の名前を読み込めませんでした"));
        }
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
    auto approved = services.cases->ApprovePlan(ActorOf(request), *plan, domain::MeetingId{*meeting});
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
                 {"person", PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock))},
                 {"notes", rows},
                 {"print_date", DateJson(TodayInJapan(*services.clock))}};
    ShowSectionErrors(data, request, names.failures);
    if (!view->part.whole) data["partner"] = PartnerJson(view->part);
    MarkPrintPaper(data);
    return RenderPage(request, "支援経過記録（経過一覧）", "case_notes", std::move(data));
}

http::Response ShowPrint(const CasePageServices& services, http::Request& request) {
    auto id = CaseIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    // A printed record leaves the system: the right to export personal data, asked before anything is read.
    if (auto allowed = services.sharing->MayExport(actor, domain::ExportKind::kPersonalData); !allowed) {
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
        ShowSectionErrors(*data, request, names.failures);
    } else {
        ShowSectionError(*data, request, "支援経過", notes.error());
    }
    // A printed record never omits a part silently: when any part could not be read, nothing is printed and the
    // error page names the request id (issue 12, item 5).
    if (const json failed = CollectSectionErrors(*data); !failed.empty()) {
        return RenderErrorPage(request, Error::Unavailable("記録の一部を読み込めなかったため、印刷できません"));
    }
    // Rows: the case record and each progress note printed.
    std::optional<std::int64_t> person_id;
    if ((*data)["person"]["id"].is_number_integer()) person_id = (*data)["person"]["id"].get<std::int64_t>();
    const domain::ExportRecord record{.record_type = "case",
                                      .record_id = *id,
                                      .person_id = OptionalIdOf<domain::PersonId>(person_id),
                                      .fields = "print",
                                      .rows = rows,
                                      .what = "支援ケース記録の印刷"};
    if (auto recorded = services.sharing->RecordExport(actor, domain::ExportKind::kPersonalData, record); !recorded) {
        return RenderErrorPage(request, recorded.error());
    }
    MarkPrintPaper(*data);
    return RenderPage(request, "支援ケース記録", "case_print", std::move(*data));
}

}  // namespace

void AddCasePages(http::Router& router, const CasePageServices& services) {
    AddCaseOpenPages(router, services);
    AddAssessmentPages(router, services);
    AddPlanPages(router, services);
    auto page = [&router, &services](std::string method, std::string pattern, CasePageHandler handler) {
        AddCasePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/cases/{id}", ShowCase);
    page("POST", "/cases/{id}/status", ChangeStatus);
    page("POST", "/cases/{id}/team", AssignRole);
    page("POST", "/cases/{id}/team/{member}/end", EndRole);
    page("POST", "/cases/{id}/plans/{plan}/approve", ApprovePlan);
    page("POST", "/cases/{id}/actions/{action}", UpdateAction);
    page("GET", "/cases/{id}/notes", ShowNotes);
    page("POST", "/cases/{id}/notes", AddNote);
    page("POST", "/cases/{id}/relations", AddRelation);
    page("POST", "/cases/{id}/relations/{relation}/remove", RemoveRelation);
    page("GET", "/cases/{id}/print", ShowPrint);
}

}  // namespace kasane::web