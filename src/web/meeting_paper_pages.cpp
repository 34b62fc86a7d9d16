// SPDX-License-Identifier: Apache-2.0
// 会議資料 (多機関協働, issue #6): the printed papers of a meeting, one A4 page per case on its agenda.

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

// 会議資料: one A4 page per case on the agenda (household, latest assessment, current and draft plan, open actions),
// printed for the meeting. Cases the viewer may not see are left out.
json PlanJson(const domain::SupportPlan& plan, const std::map<OrganizationId, std::string>& organizations) {
    json actions = json::array();
    for (const domain::PlanAction& action : plan.actions) {
        actions.push_back(
            {{"description", action.description},
             {"responsible", NameOr(organizations, action.responsible_organization_id)},
             {"due_on", DateJson(action.due_on)},
             {"status", domain::ActionStatusLabel(action.status)},
             {"program", action.program ? std::string(domain::ProgramLabel(*action.program)) : std::string()},
             {"open", domain::IsOpen(action.status)}});
    }
    json result = {{"id", plan.id},
                   {"plan_version", plan.plan_version},
                   {"state", domain::PlanStateLabel(plan.state)},
                   {"goals", plan.goals},
                   {"household_goal", plan.household_goal},
                   {"refer_participation", plan.refer_participation},
                   {"refer_outreach", plan.refer_outreach},
                   {"review_on", DateJson(plan.review_on)},
                   {"approved_on", DateJson(plan.approved_on)},
                   {"actions", actions}};
    // The papers print only what the reader may see: other organisations' actions are withheld from a partner by
    // the domain (DecideCasePart), and counted.
    if (plan.actions_withheld > 0) {
        result["actions_withheld_label"] = "他機関の担当 " + std::to_string(plan.actions_withheld) + " 件";
    }
    return result;
}

json PaperJson(const SharingPageServices& services, const domain::Actor& actor, const domain::CaseView& view,
               const std::map<OrganizationId, std::string>& organizations) {
    const domain::SupportCase& support_case = view.support_case;
    const Date today = TodayInJapan(*services.clock);
    std::map<domain::PersonId, std::string> member_names;
    json members = json::array();
    for (const domain::Person& member : view.members) {
        member_names[member.id] = member.FullName();
        json row = {{"name", member.FullName()},
                    {"kana", member.FullNameKana()},
                    {"is_person", member.id == support_case.person_id}};
        if (member.data.birth_date) {
            const int age = AgeOn(*member.data.birth_date, today);
            if (age >= 0) row["age"] = age;
        }
        if (view.household) {
            for (const domain::HouseholdMember& link : view.household->members) {
                if (link.person_id != member.id || link.moved_out) continue;
                row["relationship"] =
                    link.is_head ? std::string("世帯主") : std::string(domain::RelationshipLabel(link.relationship));
            }
        }
        members.push_back(std::move(row));
    }
    json team = json::array();
    team.push_back({{"organization", NameOr(organizations, support_case.lead_organization_id)}, {"role", "主担当"}});
    for (const domain::TeamMember& member : support_case.team) {
        if (!member.active) continue;
        team.push_back({{"organization", NameOr(organizations, member.organization_id)}, {"role", member.role}});
    }
    json paper = {{"case_id", support_case.id},
                  {"title", support_case.title},
                  {"status", domain::CaseStatusLabel(support_case.status)},
                  {"opened_on", DateJson(support_case.opened_on)},
                  {"person", PersonHeaderJson(view.person, view.decision, today)},
                  {"household_name", view.household ? view.household->name : std::string()},
                  {"members", members},
                  {"team", team}};
    if (!view.part.whole) {
        paper["partner_notice"] = "貴機関が担当する部分だけを印刷しています（他機関の取組・支援経過は含みません）。";
        paper["assessment_withheld"] = !view.part.assessment;
    }
    if (view.latest_assessment) {
        const domain::Assessment& assessment = *view.latest_assessment;
        std::map<std::string, std::string> labels;
        if (auto form = services.cases->Form(actor, assessment.form_definition_id)) {
            for (const domain::FormItem& item : form->items) labels[item.key] = item.label;
        } else {
            ShowSectionError(paper, actor, "アセスメント様式", form.error());
        }
        json answers = json::array();
        for (const domain::AssessmentAnswer& answer : assessment.answers) {
            if (answer.values.empty()) continue;
            std::string values;
            for (const std::string& value : answer.values) values += (values.empty() ? "" : "、") + value;
            auto label = labels.find(answer.item_key);
            std::string item = label == labels.end() ? answer.item_key : label->second;
            if (answer.member_person_id) {
                auto name = member_names.find(*answer.member_person_id);
                if (name != member_names.end()) item += "（" + name->second + "）";
            }
            answers.push_back({{"item", item}, {"values", values}});
        }
        paper["assessment"] = {{"assessed_on", DateJson(assessment.assessed_on)},
                               {"form_version", assessment.form_version},
                               {"organization", NameOr(organizations, assessment.organization_id)},
                               {"background", assessment.background},
                               {"strengths", assessment.strengths},
                               {"answers", answers}};
    }
    if (view.current_plan) paper["current_plan"] = PlanJson(*view.current_plan, organizations);
    if (view.draft_plan) paper["draft_plan"] = PlanJson(*view.draft_plan, organizations);
    json open_actions = json::array();
    if (view.current_plan) {
        for (const json& action : paper["current_plan"]["actions"]) {
            if (action["open"].get<bool>()) open_actions.push_back(action);
        }
    }
    paper["open_actions"] = open_actions;
    return paper;
}

http::Response ShowMeetingPapers(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id || !services.cases) return NotFound(request);
    const domain::Actor actor = ActorOf(request);
    // Printed papers leave the system: the right to export personal data, asked before anything is read.
    if (auto allowed = services.sharing->MayExport(actor, domain::ExportKind::kPersonalData); !allowed) {
        return RenderErrorPage(request, allowed.error());
    }
    auto meeting = services.sharing->GetMeeting(actor, domain::MeetingId{*id});
    if (!meeting) return RenderErrorPage(request, meeting.error());
    auto body = services.sharing->Body(actor, meeting->body_id);
    // Printed papers never omit a part silently: a part that cannot be read stops the print (issue 12, item 5).
    if (!body) return RenderErrorPage(request, body.error());
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    json papers = json::array();
    for (const domain::AgendaItem& item : meeting->agenda) {
        if (!item.case_id) continue;
        auto view = services.cases->Get(actor, *item.case_id);
        if (!view && IsWithheld(view.error())) continue;  // a case this member may not see is not printed
        if (!view) return RenderErrorPage(request, view.error());
        json paper = PaperJson(services, actor, *view, organizations);
        paper["shared_summary"] = item.shared_summary;
        paper["first"] = papers.empty();
        papers.push_back(std::move(paper));
    }
    json data = {{"meeting_id", meeting->id},
                 {"held_on", DateJson(meeting->held_on)},
                 {"body", body ? body->display_name : std::string()},
                 {"basis", body ? std::string(domain::LegalBasisLabel(body->legal_basis)) : std::string()},
                 {"papers", papers}};
    if (const json failed = CollectSectionErrors(data); !failed.empty()) {
        return RenderErrorPage(request, Error::Unavailable("資料の一部を読み込めなかったため、印刷できません"));
    }
    // Rows: one paper per case printed.
    const domain::ExportRecord record{.record_type = "meeting",
                                      .record_id = meeting->id,
                                      .person_id = std::nullopt,
                                      .fields = "papers",
                                      .rows = static_cast<long long>(papers.size()),
                                      .what = "会議資料の印刷"};
    if (auto recorded = services.sharing->RecordExport(actor, domain::ExportKind::kPersonalData, record); !recorded) {
        return RenderErrorPage(request, recorded.error());
    }
    MarkPrintPaper(data);
    return RenderPage(request, "会議資料", "meeting_papers", std::move(data));
}

}  // namespace

void AddMeetingPaperPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    if (!services.persons || !services.cases) return;
    page("GET", "/meetings/{id}/papers", ShowMeetingPapers);
}

}  // namespace kasane::web
