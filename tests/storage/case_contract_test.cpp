// SPDX-License-Identifier: Apache-2.0
// The storage contract of 多機関協働 (domain/case_repositories.hpp): every case runs on SQLite (a fresh file per
// test) and on PostgreSQL (one database in the throwaway cluster, its schema dropped and recreated per test), like
// store_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is missing.
//
//   KASANE_PG_TEST_CLUSTER   the cluster directory (pg-test-cluster.sh start DIR wrote DIR/url)
//   KASANE_PG_TEST_SCRIPT    scripts/pg-test-cluster.sh, used to create the test database

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "base/time.hpp"
#include "contract_support.hpp"
#include "domain/case_service.hpp"
#include "domain/read_ahead.hpp"
#include "domain/report_explain.hpp"
#include "domain/repositories.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"
#include "storage/open_store.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace kasane::storage {
namespace {

using domain::ActionStatus;
using domain::CaseStatus;
using domain::Date;
using domain::Municipality;
using domain::NewUser;
using domain::OrganizationKind;
using domain::PlanAction;
using domain::PlanState;
using domain::Program;
using domain::ProgramStatus;
using domain::ResourceListing;
using domain::ResourceState;
using domain::Role;
using domain::Store;
using domain::SupportCase;
using domain::SupportPlan;
using domain::TeamMember;
using domain::User;
using std::chrono::hours;
using std::chrono::minutes;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("case_contract");
    return url;
}

class CaseContractTest : public FreshStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenFreshStore(PostgresUrl));
        MakeWorld();
    }

    // Municipality A with two organisations, a user, three persons, categories, a meeting body and a meeting;
    // municipality B with one of each.
    void MakeWorld() {
        a_ = store_->Municipalities()
                 .Create(
                     Municipality{.code = "313726", .name = "北栄町", .prefecture_name = "鳥取県", .fictional = true})
                 .value();
        b_ = store_->Municipalities()
                 .Create(
                     Municipality{.code = "313700", .name = "湯梨浜町", .prefecture_name = "鳥取県", .fictional = true})
                 .value();
        ta_ = store_->Tenant(a_.id);
        tb_ = store_->Tenant(b_.id);
        a_org_ = ta_->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課").value().id;
        a_org2_ = ta_->Organizations().Create(OrganizationKind::kMunicipalDivision, "地域包括支援センター").value().id;
        b_org_ = tb_->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課").value().id;
        a_user_ = ta_->Users()
                      .Create(NewUser{.organization_id = a_org_,
                                      .username = "a-coordinator",
                                      .display_name = "北栄 花子",
                                      .roles = {Role::kCoordinator},
                                      .password_hash = "hash-a"},
                              At(2024, 4, 1, 9))
                      .value();
        b_user_ = tb_->Users()
                      .Create(NewUser{.organization_id = b_org_,
                                      .username = "b-coordinator",
                                      .display_name = "湯梨浜 太郎",
                                      .roles = {Role::kCoordinator},
                                      .password_hash = "hash-b"},
                              At(2024, 4, 1, 9))
                      .value();
        hood_ = ta_->Areas().Create(domain::AreaKind::kNeighborhood, "由良宿").value().id;
        school_ = ta_->Areas().Create(domain::AreaKind::kElementarySchoolDistrict, "北条小学校区").value().id;
        mother_ = AddPerson(*ta_, a_user_, "山田", "花子", hood_, std::nullopt);
        son_ = AddPerson(*ta_, a_user_, "山田", "一郎", std::nullopt, school_);
        other_ = AddPerson(*ta_, a_user_, "佐藤", "次郎", std::nullopt, std::nullopt);
        b_person_ = AddPerson(*tb_, b_user_, "湯浅", "三郎", std::nullopt, std::nullopt);
        ASSERT_OK(ta_->Categories().EnsureSeeded({{"8050", "8050"}, {"hikikomori", "ひきこもり"}}));
        auto categories = ta_->Categories().List().value();
        category1_ = categories.at(0).id;
        category2_ = categories.at(1).id;
        ASSERT_OK(tb_->Categories().EnsureSeeded({{"8050", "8050"}}));
        b_category_ = tb_->Categories().List().value().at(0).id;
        domain::MeetingBody body;
        body.legal_basis = domain::LegalBasis::kArticle106_6;
        body.display_name = "支援会議";
        body.shares_without_consent = true;
        body.sharing_days = 90;
        body.created_at = At(2024, 4, 1);
        body_ = ta_->Meetings().CreateBody(body).value().id;
        meeting_ = AddMeeting(*ta_, body_, a_user_, Day(2024, 5, 10), {}).id;
        auto b_body = body;
        b_body_ = tb_->Meetings().CreateBody(b_body).value().id;
        b_meeting_ = AddMeeting(*tb_, b_body_, b_user_, Day(2024, 5, 10), {}).id;
    }

    domain::PersonId AddPerson(domain::TenantStore& tenant, const User& creator, const std::string& family,
                               const std::string& given, std::optional<AreaId> neighborhood,
                               std::optional<AreaId> school) {
        domain::Person person;
        person.data.family_name = family;
        person.data.given_name = given;
        person.data.neighborhood_id = neighborhood;
        person.data.elementary_school_district_id = school;
        person.created_by_organization_id = creator.organization_id;
        person.created_by_user_id = creator.id;
        person.created_at = At(2024, 5, 1, 10);
        person.updated_at = person.created_at;
        auto created = tenant.Persons().Create(person, domain::PersonSearchKeys{.name_key = family + given});
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created ? created->id : domain::PersonId{};
    }

    domain::Meeting AddMeeting(domain::TenantStore& tenant, domain::MeetingBodyId body, const User& convenor,
                               Date held_on,
                               std::vector<std::pair<domain::PersonId, std::optional<domain::CaseId>>> agenda) {
        domain::Meeting meeting;
        meeting.body_id = body;
        meeting.held_on = held_on;
        meeting.convenor_user_id = convenor.id;
        for (const auto& [person_id, case_id] : agenda) {
            meeting.agenda.push_back(domain::AgendaItem{.id = 0,
                                                        .person_id = person_id,
                                                        .household_id = std::nullopt,
                                                        .shared_summary = "共有",
                                                        .case_id = case_id});
        }
        meeting.minutes = "";
        meeting.created_at = At(2024, 5, 10, 5);
        auto created = tenant.Meetings().CreateMeeting(meeting);
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created.value_or(domain::Meeting{});
    }

    SupportCase NewCase(domain::PersonId person_id, Date opened_on, const std::string& title = "8050世帯") {
        SupportCase c;
        c.person_id = person_id;
        c.title = title;
        c.lead_organization_id = a_org_;
        c.coordinator_user_id = a_user_.id;
        c.status = CaseStatus::kAssessment;
        c.programs = {ProgramStatus{.program = Program::kCollaboration,
                                    .status = CaseStatus::kAssessment,
                                    .started_on = opened_on,
                                    .ended_on = std::nullopt,
                                    .end_reason = "",
                                    .carried_on_by = std::nullopt}};
        c.categories = {category1_};
        c.opened_on = opened_on;
        c.team = {TeamMember{.id = 0,
                             .organization_id = a_org2_,
                             .role = "母の介護サービス調整",
                             .agreed_on = opened_on,
                             .agreed_at_meeting_id = meeting_,
                             .left_on = std::nullopt}};
        c.created_by = a_user_.id;
        c.created_at = At(2024, 5, 1, 1);
        c.updated_at = c.created_at;
        return c;
    }

    SupportCase AddCase(const SupportCase& c) {
        auto created = ta_->Cases().Create(c);
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created.value_or(SupportCase{});
    }

    PlanAction NewAction(const std::string& description, OrganizationId organization, std::optional<Date> due_on,
                         ActionStatus status = ActionStatus::kPlanned) {
        return PlanAction{.id = 0,
                          .description = description,
                          .responsible_organization_id = organization,
                          .due_on = due_on,
                          .status = status,
                          .program = std::nullopt,
                          .result = "",
                          .completed_on = std::nullopt,
                          .version = 1};
    }

    SupportPlan NewPlan(domain::CaseId case_id, std::vector<PlanAction> actions, std::optional<Date> review_on = {}) {
        SupportPlan plan;
        plan.case_id = case_id;
        plan.goals = "母と穏やかに暮らしたい";
        plan.household_goal = "介護と就労の両立";
        plan.refer_participation = true;
        plan.review_on = review_on;
        plan.actions = std::move(actions);
        plan.created_by = a_user_.id;
        plan.created_at = At(2024, 5, 20);
        return plan;
    }

    // Creates and approves a plan.
    SupportPlan ApprovedPlan(domain::CaseId case_id, std::vector<PlanAction> actions, std::optional<Date> review_on,
                             Date approved_on = Day(2024, 6, 1)) {
        auto created = ta_->Plans().Create(NewPlan(case_id, std::move(actions), review_on));
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        auto approved = ta_->Plans().Approve(created->id, meeting_, approved_on);
        EXPECT_TRUE(approved.has_value()) << (approved ? "" : approved.error().message);
        return approved.value_or(SupportPlan{});
    }

    domain::ProgressNote NewNote(domain::CaseId case_id, Instant at, const std::string& text) {
        return domain::ProgressNote{.id = 0,
                                    .case_id = case_id,
                                    .occurred_at = at,
                                    .method = domain::NoteMethod::kVisit,
                                    .tag = domain::TextTag::kFact,
                                    .text = text,
                                    .about_person_id = std::nullopt,
                                    .author_user_id = a_user_.id,
                                    .organization_id = a_org_,
                                    .created_at = at + hours{1}};
    }

    std::unique_ptr<domain::TenantStore> ta_, tb_;
    Municipality a_, b_;
    OrganizationId a_org_{}, a_org2_{}, b_org_{};
    User a_user_, b_user_;
    AreaId hood_ = 0, school_ = 0;
    domain::PersonId mother_{}, son_{}, other_{}, b_person_{};
    domain::CategoryId category1_ = 0, category2_ = 0, b_category_ = 0;
    domain::MeetingBodyId body_{}, b_body_{};
    domain::MeetingId meeting_{}, b_meeting_{};
};

std::vector<domain::CaseId> CaseIds(const std::vector<domain::CaseListItem>& items) {
    std::vector<domain::CaseId> ids;
    for (const auto& item : items) ids.push_back(item.support_case.id);
    return ids;
}

TEST_P(CaseContractTest, CreateGetAndUpdateWithTeamProgramsAndStaleVersion) {
    auto draft = NewCase(mother_, Day(2024, 5, 1));
    draft.team.push_back(TeamMember{.id = 0, .organization_id = a_org_, .role = "全体調整"});
    draft.programs.push_back(ProgramStatus{.program = Program::kOutreach,
                                           .status = CaseStatus::kSupporting,
                                           .started_on = Day(2024, 5, 2),
                                           .ended_on = std::nullopt,
                                           .end_reason = "",
                                           .carried_on_by = a_org2_});
    auto created = ta_->Cases().Create(draft);
    ASSERT_OK(created);
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->municipality_id, a_.id);
    EXPECT_EQ(created->version, 1);
    ASSERT_EQ(created->team.size(), 2u);
    EXPECT_EQ(created->team[0].role, "母の介護サービス調整");
    EXPECT_EQ(created->team[0].agreed_at_meeting_id, meeting_);
    ASSERT_EQ(created->programs.size(), 2u);
    EXPECT_EQ(created->programs[1].program, Program::kOutreach);
    EXPECT_EQ(created->programs[1].carried_on_by, a_org2_);
    EXPECT_EQ(created->categories, std::vector<domain::CategoryId>{category1_});

    auto read = ta_->Cases().Get(created->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->title, "8050世帯");
    EXPECT_EQ(read->coordinator_user_id, a_user_.id);
    EXPECT_EQ(read->opened_on, Day(2024, 5, 1));
    EXPECT_EQ(read->created_at, At(2024, 5, 1, 1));

    auto change = *read;
    change.title = "8050世帯（母の介護）";
    change.status = CaseStatus::kPlanning;
    change.team[0].role = "介護保険の申請";
    change.team.erase(change.team.begin() + 1);
    change.team.push_back(TeamMember{.id = 0, .organization_id = a_org_, .role = "就労の相談"});
    change.programs = {ProgramStatus{
        .program = Program::kParticipation, .status = CaseStatus::kIntake, .started_on = Day(2024, 6, 1)}};
    change.categories = {category2_, category1_};
    change.updated_at = At(2024, 6, 1, 2);
    auto updated = ta_->Cases().Update(created->id, 1, change);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->title, "8050世帯（母の介護）");
    EXPECT_EQ(updated->status, CaseStatus::kPlanning);
    ASSERT_EQ(updated->team.size(), 2u);
    EXPECT_EQ(updated->team[0].id, created->team[0].id);  // kept its id
    EXPECT_EQ(updated->team[0].role, "介護保険の申請");
    EXPECT_EQ(updated->team[1].role, "就労の相談");  // the second member removed, a new one added
    EXPECT_EQ(updated->team[1].organization_id, a_org_);
    EXPECT_EQ(updated->team[1].agreed_at_meeting_id, std::nullopt);
    ASSERT_EQ(updated->programs.size(), 1u);
    EXPECT_EQ(updated->programs[0].program, Program::kParticipation);
    EXPECT_EQ(updated->categories.size(), 2u);
    EXPECT_EQ(updated->created_at, At(2024, 5, 1, 1));
    EXPECT_EQ(updated->updated_at, At(2024, 6, 1, 2));

    EXPECT_ERROR(ta_->Cases().Update(created->id, 1, change), ErrorCode::kConflict, "version");
    auto unknown_member = *updated;
    unknown_member.team[0].id += 1000;
    EXPECT_ERROR(ta_->Cases().Update(created->id, 2, unknown_member), ErrorCode::kNotFound, "team");
    EXPECT_ERROR(ta_->Cases().Update(domain::CaseId{created->id.value() + 1000}, 2, change), ErrorCode::kNotFound,
                 "case_id");
    EXPECT_ERROR(ta_->Cases().Get(domain::CaseId{created->id.value() + 1000}), ErrorCode::kNotFound, "case_id");
    EXPECT_EQ(ta_->Cases().Get(created->id)->version, 2);
}

TEST_P(CaseContractTest, ReferencesOfAnotherMunicipalityAreNotFound) {
    auto foreign_team = NewCase(mother_, Day(2024, 5, 1));
    foreign_team.team.push_back(TeamMember{.id = 0, .organization_id = b_org_, .role = "x"});
    EXPECT_ERROR(ta_->Cases().Create(foreign_team), ErrorCode::kNotFound, "team");
    auto foreign_person = NewCase(b_person_, Day(2024, 5, 1));
    EXPECT_ERROR(ta_->Cases().Create(foreign_person), ErrorCode::kNotFound, "person_id");
    auto foreign_lead = NewCase(mother_, Day(2024, 5, 1));
    foreign_lead.lead_organization_id = b_org_;
    EXPECT_ERROR(ta_->Cases().Create(foreign_lead), ErrorCode::kNotFound, "lead_organization_id");
    auto foreign_coordinator = NewCase(mother_, Day(2024, 5, 1));
    foreign_coordinator.coordinator_user_id = b_user_.id;
    EXPECT_ERROR(ta_->Cases().Create(foreign_coordinator), ErrorCode::kNotFound, "coordinator_user_id");
    auto foreign_category = NewCase(mother_, Day(2024, 5, 1));
    foreign_category.categories = {b_category_};
    EXPECT_ERROR(ta_->Cases().Create(foreign_category), ErrorCode::kNotFound, "categories");
    auto foreign_meeting = NewCase(mother_, Day(2024, 5, 1));
    foreign_meeting.opened_at_meeting_id = b_meeting_;
    EXPECT_ERROR(ta_->Cases().Create(foreign_meeting), ErrorCode::kNotFound, "opened_at_meeting_id");

    auto created = AddCase(NewCase(mother_, Day(2024, 5, 1)));
    auto with_foreign_team = created;
    with_foreign_team.team.push_back(TeamMember{.id = 0, .organization_id = b_org_, .role = "x"});
    EXPECT_ERROR(ta_->Cases().Update(created.id, 1, with_foreign_team), ErrorCode::kNotFound, "team");
    EXPECT_EQ(ta_->Cases().Get(created.id)->version, 1);

    // Municipality B sees none of A's cases.
    EXPECT_ERROR(tb_->Cases().Get(created.id), ErrorCode::kNotFound, "case_id");
    EXPECT_ERROR(tb_->Cases().Update(created.id, 1, created), ErrorCode::kNotFound, "case_id");
    EXPECT_TRUE(tb_->Cases().OfPersons({mother_})->empty());
    EXPECT_TRUE(tb_->Cases().List(domain::CaseFilter{})->empty());
    EXPECT_ERROR(tb_->Plans().OfCase(created.id), ErrorCode::kNotFound, "case_id");
    EXPECT_ERROR(tb_->ProgressNotes().OfCase(created.id, 10), ErrorCode::kNotFound, "case_id");
    EXPECT_ERROR(tb_->Plans().Create(NewPlan(created.id, {})), ErrorCode::kNotFound, "case_id");
    auto b_cases = tb_->Cases().Count(Day(2024, 4, 1), Day(2025, 4, 1));
    ASSERT_OK(b_cases);
    EXPECT_EQ(b_cases->cases_opened, 0);
    // A meeting of B cannot put A's case on its agenda.
    domain::Meeting meeting;
    meeting.body_id = b_body_;
    meeting.held_on = Day(2024, 6, 1);
    meeting.convenor_user_id = b_user_.id;
    meeting.agenda.push_back(domain::AgendaItem{.person_id = b_person_, .shared_summary = "x", .case_id = created.id});
    meeting.created_at = At(2024, 6, 1);
    EXPECT_ERROR(tb_->Meetings().CreateMeeting(meeting), ErrorCode::kNotFound, "agenda");
    meeting.agenda.clear();
    meeting.decisions.push_back(
        domain::Decision{.kind = domain::DecisionKind::kOther, .text = "x", .case_id = created.id});
    EXPECT_ERROR(tb_->Meetings().CreateMeeting(meeting), ErrorCode::kNotFound, "decisions");
}

TEST_P(CaseContractTest, MeetingAgendaAndDecisionsCarryTheCase) {
    auto c = AddCase(NewCase(mother_, Day(2024, 5, 1)));
    domain::Meeting meeting;
    meeting.body_id = body_;
    meeting.held_on = Day(2024, 6, 1);
    meeting.convenor_user_id = a_user_.id;
    meeting.agenda.push_back(domain::AgendaItem{.person_id = mother_, .shared_summary = "x", .case_id = c.id});
    meeting.agenda.push_back(domain::AgendaItem{.person_id = other_, .shared_summary = "y"});
    meeting.decisions.push_back(
        domain::Decision{.kind = domain::DecisionKind::kPlanApproved, .text = "承認", .case_id = c.id});
    meeting.decisions.push_back(domain::Decision{.kind = domain::DecisionKind::kOther, .text = "次回"});
    meeting.created_at = At(2024, 6, 1);
    auto created = ta_->Meetings().CreateMeeting(meeting);
    ASSERT_OK(created);
    auto read = ta_->Meetings().GetMeeting(created->id);
    ASSERT_OK(read);
    ASSERT_EQ(read->agenda.size(), 2u);
    EXPECT_EQ(read->agenda[0].case_id, c.id);
    EXPECT_EQ(read->agenda[1].case_id, std::nullopt);
    ASSERT_EQ(read->decisions.size(), 2u);
    EXPECT_EQ(read->decisions[0].case_id, c.id);
    EXPECT_EQ(read->decisions[1].case_id, std::nullopt);
}

TEST_P(CaseContractTest, PlansAreVersionedApprovedOnceAndSuperseded) {
    auto c = AddCase(NewCase(mother_, Day(2024, 5, 1)));
    EXPECT_ERROR(ta_->Plans().Create(NewPlan(c.id, {NewAction("x", b_org_, std::nullopt)})), ErrorCode::kNotFound,
                 "actions");
    auto first = ta_->Plans().Create(
        NewPlan(c.id, {NewAction("介護保険の申請", a_org2_, Day(2024, 6, 30)), NewAction("面談", a_org_, std::nullopt)},
                Day(2024, 9, 1)));
    ASSERT_OK(first);
    EXPECT_EQ(first->plan_version, 1);
    EXPECT_EQ(first->state, PlanState::kDraft);
    EXPECT_EQ(first->version, 1);
    EXPECT_TRUE(first->refer_participation);
    EXPECT_FALSE(first->refer_outreach);
    ASSERT_EQ(first->actions.size(), 2u);
    EXPECT_EQ(first->actions[0].description, "介護保険の申請");
    EXPECT_EQ(first->actions[0].due_on, Day(2024, 6, 30));

    // UpdateDraft keeps named actions, adds id 0, removes the rest.
    auto edit = *first;
    edit.goals = "家族で話し合える";
    edit.actions[0].description = "介護保険の申請を支援";
    edit.actions.erase(edit.actions.begin() + 1);
    edit.actions.push_back(NewAction("就労相談", a_org_, Day(2024, 7, 15)));
    edit.actions.back().program = Program::kParticipation;
    auto edited = ta_->Plans().UpdateDraft(first->id, 1, edit);
    ASSERT_OK(edited);
    EXPECT_EQ(edited->version, 2);
    EXPECT_EQ(edited->goals, "家族で話し合える");
    ASSERT_EQ(edited->actions.size(), 2u);
    EXPECT_EQ(edited->actions[0].id, first->actions[0].id);
    EXPECT_EQ(edited->actions[0].description, "介護保険の申請を支援");
    EXPECT_EQ(edited->actions[1].program, Program::kParticipation);
    EXPECT_ERROR(ta_->Plans().UpdateDraft(first->id, 1, edit), ErrorCode::kConflict, "version");
    auto foreign_action = edit;
    foreign_action.actions[0].responsible_organization_id = b_org_;
    EXPECT_ERROR(ta_->Plans().UpdateDraft(first->id, 2, foreign_action), ErrorCode::kNotFound, "actions");

    EXPECT_ERROR(ta_->Plans().Approve(first->id, b_meeting_, Day(2024, 6, 1)), ErrorCode::kNotFound, "meeting_id");
    auto approved = ta_->Plans().Approve(first->id, meeting_, Day(2024, 6, 1));
    ASSERT_OK(approved);
    EXPECT_EQ(approved->state, PlanState::kApproved);
    EXPECT_EQ(approved->approved_at_meeting_id, meeting_);
    EXPECT_EQ(approved->approved_on, Day(2024, 6, 1));
    EXPECT_ERROR(ta_->Plans().Approve(first->id, meeting_, Day(2024, 6, 2)), ErrorCode::kConflict, "state");
    EXPECT_ERROR(ta_->Plans().UpdateDraft(first->id, 2, edit), ErrorCode::kConflict, "state");

    auto second = ta_->Plans().Create(NewPlan(c.id, {NewAction("見守り", a_org2_, Day(2024, 12, 1))}));
    ASSERT_OK(second);
    EXPECT_EQ(second->plan_version, 2);
    ASSERT_OK(ta_->Plans().Approve(second->id, meeting_, Day(2024, 10, 1)));
    EXPECT_EQ(ta_->Plans().Get(first->id)->state, PlanState::kSuperseded);
    EXPECT_EQ(ta_->Plans().Get(second->id)->state, PlanState::kApproved);
    auto third = ta_->Plans().Create(NewPlan(c.id, {}));
    ASSERT_OK(third);
    EXPECT_EQ(third->plan_version, 3);

    // The case page's read: the newest approved version and the newest draft, with their actions.
    auto current = ta_->Plans().CurrentOfCase(c.id);
    ASSERT_OK(current);
    ASSERT_TRUE(current->approved.has_value());
    EXPECT_EQ(current->approved->id, second->id);
    ASSERT_EQ(current->approved->actions.size(), 1u);
    EXPECT_EQ(current->approved->actions[0].description, "見守り");
    ASSERT_TRUE(current->draft.has_value());
    EXPECT_EQ(current->draft->id, third->id);
    EXPECT_FALSE(tb_->Plans().CurrentOfCase(c.id)->approved.has_value());

    auto plans = ta_->Plans().OfCase(c.id);
    ASSERT_OK(plans);
    ASSERT_EQ(plans->size(), 3u);
    EXPECT_EQ((*plans)[0].plan_version, 3);
    EXPECT_EQ((*plans)[1].plan_version, 2);
    EXPECT_EQ((*plans)[1].actions.size(), 1u);
    EXPECT_EQ((*plans)[2].state, PlanState::kSuperseded);
    EXPECT_ERROR(tb_->Plans().Get(first->id), ErrorCode::kNotFound, "plan_id");

    // Plan versions are per case.
    auto other_case = AddCase(NewCase(other_, Day(2024, 5, 1)));
    EXPECT_EQ(ta_->Plans().Create(NewPlan(other_case.id, {}))->plan_version, 1);
}

TEST_P(CaseContractTest, ActionsAndReviewsDueListOnlyCurrentPlansOfOpenCases) {
    auto open_case = AddCase(NewCase(mother_, Day(2024, 5, 1), "開いているケース"));
    auto current = ApprovedPlan(
        open_case.id,
        {NewAction("期限前", a_org2_, Day(2024, 7, 1)), NewAction("期限後", a_org2_, Day(2024, 9, 1)),
         NewAction("完了", a_org2_, Day(2024, 6, 1), ActionStatus::kDone), NewAction("期限なし", a_org2_, std::nullopt),
         NewAction("実施中", a_org_, Day(2024, 6, 15), ActionStatus::kInProgress)},
        Day(2024, 8, 1));
    // A draft's actions are not yet work.
    ASSERT_OK(ta_->Plans().Create(NewPlan(open_case.id, {NewAction("下書き", a_org2_, Day(2024, 6, 1))})));
    // A closed case's plan, and a superseded plan, are not listed either.
    auto closed = NewCase(other_, Day(2024, 5, 1), "終結したケース");
    auto closed_case = AddCase(closed);
    ApprovedPlan(closed_case.id, {NewAction("終結済み", a_org2_, Day(2024, 6, 1))}, Day(2024, 6, 1));
    closed_case.status = CaseStatus::kClosed;
    closed_case.closed_on = Day(2024, 6, 2);
    ASSERT_OK(ta_->Cases().Update(closed_case.id, 1, closed_case));
    auto revised_case = AddCase(NewCase(son_, Day(2024, 5, 1), "改訂されたケース"));
    ApprovedPlan(revised_case.id, {NewAction("旧版の取組", a_org2_, Day(2024, 6, 1))}, Day(2024, 6, 1));
    ApprovedPlan(revised_case.id, {NewAction("新版の取組", a_org2_, Day(2024, 6, 20))}, Day(2024, 7, 20));

    auto due = ta_->Plans().ActionsDue(a_org2_, Day(2024, 8, 1), 10);
    ASSERT_OK(due);
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].action.description, "新版の取組");
    EXPECT_EQ((*due)[0].case_title, "改訂されたケース");
    EXPECT_EQ((*due)[1].action.description, "期限前");
    EXPECT_EQ((*due)[1].case_id, open_case.id);
    EXPECT_EQ((*due)[1].person_id, mother_);
    EXPECT_EQ((*due)[1].plan_id, current.id);
    auto all = ta_->Plans().ActionsDue(std::nullopt, Day(2024, 8, 1), 10);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].action.description, "実施中");
    EXPECT_EQ(ta_->Plans().ActionsDue(std::nullopt, Day(2024, 8, 1), 1)->size(), 1u);
    EXPECT_TRUE(tb_->Plans().ActionsDue(std::nullopt, Day(2030, 1, 1), 10)->empty());

    // Completing an action takes it off the list; a stale version is refused.
    auto action = ta_->Plans().GetAction((*due)[1].action.id);
    ASSERT_OK(action);
    EXPECT_EQ(action->case_title, "開いているケース");
    auto done = action->action;
    done.status = ActionStatus::kDone;
    done.result = "申請できた";
    done.completed_on = Day(2024, 6, 28);
    auto updated = ta_->Plans().UpdateAction(done.id, 1, done);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->status, ActionStatus::kDone);
    EXPECT_EQ(updated->result, "申請できた");
    EXPECT_EQ(updated->completed_on, Day(2024, 6, 28));
    EXPECT_ERROR(ta_->Plans().UpdateAction(done.id, 1, done), ErrorCode::kConflict, "version");
    EXPECT_ERROR(tb_->Plans().UpdateAction(done.id, 2, done), ErrorCode::kNotFound, "action_id");
    EXPECT_ERROR(tb_->Plans().GetAction(done.id), ErrorCode::kNotFound, "action_id");
    EXPECT_EQ(ta_->Plans().ActionsDue(a_org2_, Day(2024, 8, 1), 10)->size(), 1u);

    auto reviews = ta_->Plans().ReviewsDue(std::nullopt, Day(2024, 9, 1), 10);
    ASSERT_OK(reviews);
    ASSERT_EQ(reviews->size(), 2u);
    EXPECT_EQ((*reviews)[0].case_id, revised_case.id);
    EXPECT_EQ((*reviews)[0].plan_version, 2);
    EXPECT_EQ((*reviews)[0].review_on, Day(2024, 7, 20));
    EXPECT_EQ((*reviews)[1].plan_id, current.id);
    EXPECT_EQ((*reviews)[1].lead_organization_id, a_org_);
    EXPECT_EQ(ta_->Plans().ReviewsDue(std::nullopt, Day(2024, 8, 1), 10)->size(), 1u);
    EXPECT_EQ(ta_->Plans().ReviewsDue(a_org_, Day(2024, 9, 1), 10)->size(), 2u);
    EXPECT_TRUE(ta_->Plans().ReviewsDue(a_org2_, Day(2024, 9, 1), 10)->empty());

    // A suspended case drops out of both lists.
    auto suspended = ta_->Cases().Get(open_case.id).value();
    suspended.status = CaseStatus::kSuspended;
    ASSERT_OK(ta_->Cases().Update(open_case.id, suspended.version, suspended));
    EXPECT_EQ(ta_->Plans().ReviewsDue(std::nullopt, Day(2024, 9, 1), 10)->size(), 1u);
    EXPECT_EQ(ta_->Plans().ActionsDue(std::nullopt, Day(2024, 8, 1), 10)->size(), 1u);
}

TEST_P(CaseContractTest, NotesNewestFirstWithLimit) {
    auto c = AddCase(NewCase(mother_, Day(2024, 5, 1)));
    for (int day : {3, 1, 5, 2, 4}) {
        ASSERT_OK(ta_->ProgressNotes().Create(
            NewNote(c.id, At(2024, 6, static_cast<unsigned>(day), 1), "day " + std::to_string(day))));
    }
    auto with_person = NewNote(c.id, At(2024, 6, 5, 1), "same instant, later id");
    with_person.about_person_id = son_;
    with_person.tag = domain::TextTag::kAssessment;
    auto created = ta_->ProgressNotes().Create(with_person);
    ASSERT_OK(created);
    EXPECT_EQ(created->about_person_id, son_);
    EXPECT_EQ(created->tag, domain::TextTag::kAssessment);
    EXPECT_EQ(created->occurred_at, At(2024, 6, 5, 1));
    auto latest = ta_->ProgressNotes().OfCase(c.id, 3);
    ASSERT_OK(latest);
    ASSERT_EQ(latest->size(), 3u);
    EXPECT_EQ((*latest)[0].text, "same instant, later id");
    EXPECT_EQ((*latest)[1].text, "day 5");
    EXPECT_EQ((*latest)[2].text, "day 4");
    EXPECT_EQ(ta_->ProgressNotes().OfCase(c.id, 0)->size(), 6u);
    EXPECT_EQ(ta_->ProgressNotes().OfCase(c.id, 0)->back().text, "day 1");
    // One organisation's notes (a partner's part of the case), newest first, limited.
    auto partner_note = NewNote(c.id, At(2024, 6, 4, 2), "the partner's note");
    partner_note.organization_id = a_org2_;
    ASSERT_OK(ta_->ProgressNotes().Create(partner_note));
    auto partner = ta_->ProgressNotes().OfCaseBy(c.id, a_org2_, 0);
    ASSERT_OK(partner);
    ASSERT_EQ(partner->size(), 1u);
    EXPECT_EQ(partner->front().text, "the partner's note");
    EXPECT_EQ(ta_->ProgressNotes().OfCaseBy(c.id, a_org_, 2)->front().text, "same instant, later id");
    EXPECT_EQ(ta_->ProgressNotes().OfCaseBy(c.id, a_org_, 0)->size(), 6u);
    EXPECT_ERROR(tb_->ProgressNotes().OfCaseBy(c.id, a_org_, 0), ErrorCode::kNotFound, "case_id");
    auto foreign = NewNote(c.id, At(2024, 6, 1), "x");
    foreign.author_user_id = b_user_.id;
    EXPECT_ERROR(ta_->ProgressNotes().Create(foreign), ErrorCode::kNotFound, "author_user_id");
    EXPECT_ERROR(tb_->ProgressNotes().Create(NewNote(c.id, At(2024, 6, 1), "x")), ErrorCode::kNotFound, "case_id");
}

TEST_P(CaseContractTest, ListHonoursEveryFilter) {
    auto first = NewCase(mother_, Day(2024, 4, 10), "一");  // neighbourhood hood_, category1, team a_org2_
    auto c1 = AddCase(first);
    auto second = NewCase(son_, Day(2024, 5, 10), "二");  // school_
    second.lead_organization_id = a_org2_;
    second.coordinator_user_id = std::nullopt;
    second.team = {};
    second.categories = {category2_};
    second.programs.push_back(ProgramStatus{
        .program = Program::kOutreach, .status = CaseStatus::kSupporting, .started_on = Day(2024, 5, 10)});
    auto c2 = AddCase(second);
    auto third = NewCase(other_, Day(2024, 6, 10), "三");
    third.status = CaseStatus::kClosed;
    third.closed_on = Day(2024, 7, 1);
    third.team[0].left_on = Day(2024, 7, 1);
    third.programs.push_back(ProgramStatus{.program = Program::kParticipation,
                                           .status = CaseStatus::kClosed,
                                           .started_on = Day(2024, 6, 10),
                                           .ended_on = Day(2024, 7, 1)});
    auto c3 = AddCase(third);
    ASSERT_OK(ta_->ProgressNotes().Create(NewNote(c1.id, At(2024, 6, 20, 3), "訪問")));
    ASSERT_OK(ta_->ProgressNotes().Create(NewNote(c1.id, At(2024, 5, 20, 3), "電話")));

    using domain::CaseFilter;
    auto all = ta_->Cases().List(CaseFilter{});
    ASSERT_OK(all);
    EXPECT_EQ(CaseIds(*all), (std::vector<domain::CaseId>{c3.id, c2.id, c1.id}));
    EXPECT_EQ((*all)[2].last_note_at, At(2024, 6, 20, 3));
    EXPECT_EQ((*all)[0].last_note_at, std::nullopt);
    EXPECT_EQ((*all)[2].support_case.team.size(), 1u);
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.limit = 2})), (std::vector<domain::CaseId>{c3.id, c2.id}));
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.status = CaseStatus::kClosed})),
              std::vector<domain::CaseId>{c3.id});
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.program = Program::kOutreach})),
              std::vector<domain::CaseId>{c2.id});
    EXPECT_TRUE(ta_->Cases().List(CaseFilter{.program = Program::kParticipation})->empty());  // ended
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.lead_organization_id = a_org2_})),
              std::vector<domain::CaseId>{c2.id});
    // Involving: lead, or an active team member (c3's member has left).
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.involving_organization_id = a_org2_})),
              (std::vector<domain::CaseId>{c2.id, c1.id}));
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.coordinator_user_id = a_user_.id})),
              (std::vector<domain::CaseId>{c3.id, c1.id}));
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.area_id = hood_})), std::vector<domain::CaseId>{c1.id});
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.area_id = school_})), std::vector<domain::CaseId>{c2.id});
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.category_id = category2_})), std::vector<domain::CaseId>{c2.id});
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.open_only = true})), (std::vector<domain::CaseId>{c2.id, c1.id}));
    // No note since 2024-06-01: c2 (no notes, opened 5/10); not c1 (note on 6/20), not c3 (closed).
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.no_note_since = Day(2024, 6, 1)})),
              std::vector<domain::CaseId>{c2.id});
    // Since 2024-07-01 c1's newest note (6/20) is old too.
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.no_note_since = Day(2024, 7, 1)})),
              (std::vector<domain::CaseId>{c2.id, c1.id}));
    // Since 2024-05-01 c2 (opened 5/10) is recent.
    EXPECT_TRUE(ta_->Cases().List(CaseFilter{.no_note_since = Day(2024, 5, 1)})->empty());
    EXPECT_EQ(CaseIds(*ta_->Cases().List(CaseFilter{.lead_organization_id = a_org_, .open_only = true})),
              std::vector<domain::CaseId>{c1.id});
}

TEST_P(CaseContractTest, CountsOnAKnownDataSet) {
    auto c1 = AddCase(NewCase(mother_, Day(2024, 4, 10)));  // collaboration started 4/10
    auto second = NewCase(son_, Day(2024, 5, 10));
    second.programs.push_back(ProgramStatus{.program = Program::kOutreach,
                                            .status = CaseStatus::kSuspended,
                                            .started_on = Day(2024, 5, 10),
                                            .ended_on = Day(2024, 8, 1)});
    second.programs.push_back(ProgramStatus{.program = Program::kParticipation,
                                            .status = CaseStatus::kClosed,
                                            .started_on = Day(2024, 3, 1),  // before the year
                                            .ended_on = Day(2024, 9, 1)});
    auto c2 = AddCase(second);
    auto third = NewCase(other_, Day(2024, 3, 1));  // opened the year before, closed in it
    third.status = CaseStatus::kClosed;
    third.closed_on = Day(2024, 10, 1);
    third.programs[0].status = CaseStatus::kClosed;
    third.programs[0].ended_on = Day(2024, 10, 1);
    AddCase(third);
    ApprovedPlan(c1.id, {}, std::nullopt, Day(2024, 6, 1));
    ApprovedPlan(c1.id, {}, std::nullopt, Day(2024, 11, 1));
    ApprovedPlan(c2.id, {}, std::nullopt, Day(2025, 4, 1));  // next year
    // Meetings: one with two agenda items on c1 and one on c2, one with c1 only, one without cases, one next year.
    AddMeeting(*ta_, body_, a_user_, Day(2024, 6, 1), {{mother_, c1.id}, {son_, c2.id}, {mother_, c1.id}});
    AddMeeting(*ta_, body_, a_user_, Day(2024, 7, 1), {{mother_, c1.id}, {other_, std::nullopt}});
    AddMeeting(*ta_, body_, a_user_, Day(2024, 8, 1), {{other_, std::nullopt}});
    AddMeeting(*ta_, body_, a_user_, Day(2025, 4, 1), {{mother_, c1.id}});

    auto counts = ta_->Cases().Count(Day(2024, 4, 1), Day(2025, 4, 1));
    ASSERT_OK(counts);
    EXPECT_EQ(counts->cases_opened, 2);
    EXPECT_EQ(counts->cases_closed, 1);
    EXPECT_EQ(counts->plans_approved, 2);
    EXPECT_EQ(counts->meetings_held, 2);
    EXPECT_EQ(counts->cases_discussed, 2);
    EXPECT_EQ(counts->agenda_items, 4);
    ASSERT_EQ(counts->by_program.size(), 3u);
    EXPECT_EQ(counts->by_program[0].program, Program::kCollaboration);
    EXPECT_EQ(counts->by_program[0].opened, 2);  // c1, c2 (c3's started the year before)
    EXPECT_EQ(counts->by_program[0].closed, 1);  // c3
    EXPECT_EQ(counts->by_program[1].program, Program::kOutreach);
    EXPECT_EQ(counts->by_program[1].opened, 1);
    EXPECT_EQ(counts->by_program[1].suspended, 1);
    EXPECT_EQ(counts->by_program[1].closed, 0);
    EXPECT_EQ(counts->by_program[2].opened, 0);
    EXPECT_EQ(counts->by_program[2].closed, 1);

    // Issue 17, item 11: the cases (plan versions) listed behind ケース開始件数, ケース終結件数 and プラン作成件数
    // number their figures, read as the explanation reads them (every case of the town, then each one's plans).
    for (auto [first, end] : {std::pair{Day(2024, 4, 1), Day(2025, 4, 1)},
                              {Day(2025, 4, 1), Day(2026, 4, 1)},
                              {Day(2023, 4, 1), Day(2024, 4, 1)}}) {
        auto year = ta_->Cases().Count(first, end);
        ASSERT_OK(year);
        domain::CaseFilter all;
        all.limit = 1000;
        auto listed = ta_->Cases().List(all);
        ASSERT_OK(listed);
        std::vector<domain::SupportCase> cases;
        for (const auto& item : *listed) cases.push_back(item.support_case);
        const auto opened = domain::ParseExplainCell("cases:opened");
        const auto closed = domain::ParseExplainCell("cases:closed");
        ASSERT_TRUE(opened && closed && domain::ParseExplainCell("cases:plans_approved"));
        EXPECT_EQ(static_cast<long long>(domain::CasesBehind(*opened, cases, first, end).size()), year->cases_opened);
        EXPECT_EQ(static_cast<long long>(domain::CasesBehind(*closed, cases, first, end).size()), year->cases_closed);
        long long approved = 0;
        for (const domain::SupportCase& support_case : cases) {
            auto plans = ta_->Plans().OfCase(support_case.id);
            ASSERT_OK(plans);
            approved += static_cast<long long>(domain::PlansApprovedBehind(*plans, first, end).size());
        }
        EXPECT_EQ(approved, year->plans_approved);
    }
}

// Issue 17, item 1: every meeting held counts, whether or not anyone is on its agenda; a joint meeting counts under
// both of its bodies and once in the total; persons and cases on the agendas 実 and 延べ; the 年度 by date.
TEST_P(CaseContractTest, MeetingsHeldByBodyOnAKnownDataSet) {
    auto c1 = AddCase(NewCase(mother_, Day(2024, 4, 10)));
    auto c2 = AddCase(NewCase(son_, Day(2024, 5, 10)));
    domain::MeetingBody council;
    council.legal_basis = domain::LegalBasis::kIsolationCouncil;
    council.display_name = "孤独・孤立対策地域協議会";
    council.sharing_days = 30;
    council.created_at = At(2024, 4, 1);
    const domain::MeetingBodyId council_id = ta_->Meetings().CreateBody(council).value().id;
    // The fixture's meeting_ of body_ on 2024-05-10 has an empty agenda.
    AddMeeting(*ta_, body_, a_user_, Day(2024, 3, 31), {{mother_, std::nullopt}});  // the year before
    AddMeeting(*ta_, body_, a_user_, Day(2024, 6, 1), {{mother_, c1.id}, {son_, c2.id}, {mother_, c1.id}});
    domain::Meeting joint;
    joint.body_id = body_;
    joint.joint_body_id = council_id;
    joint.held_on = Day(2024, 7, 1);
    joint.convenor_user_id = a_user_.id;
    joint.agenda.push_back(domain::AgendaItem{.id = 0, .person_id = mother_, .shared_summary = "共有"});
    joint.created_at = At(2024, 7, 1, 5);
    ASSERT_OK(ta_->Meetings().CreateMeeting(joint));
    AddMeeting(*ta_, council_id, a_user_, Day(2024, 8, 1), {});
    AddMeeting(*ta_, council_id, a_user_, Day(2025, 3, 31), {});            // the last day of the 年度
    AddMeeting(*ta_, body_, a_user_, Day(2025, 4, 1), {{mother_, c1.id}});  // the next 年度

    auto counts = ta_->Cases().Count(Day(2024, 4, 1), Day(2025, 4, 1));
    ASSERT_OK(counts);
    const domain::MeetingHeldCounts& all = counts->all_meetings;
    EXPECT_FALSE(all.body_id.has_value());
    EXPECT_EQ(all.meetings_held, 5);  // 5/10, 6/1, 7/1 (joint, once), 8/1, 3/31
    EXPECT_EQ(all.joint_meetings, 1);
    EXPECT_EQ(all.person_items, 4);
    EXPECT_EQ(all.persons_discussed, 2);
    EXPECT_EQ(all.case_items, 3);
    EXPECT_EQ(all.cases_discussed, 2);
    ASSERT_EQ(counts->by_body.size(), 2u);
    const domain::MeetingHeldCounts& support = counts->by_body[0];
    EXPECT_EQ(support.body_id, body_);
    EXPECT_EQ(support.name, "支援会議");
    EXPECT_EQ(support.legal_basis, domain::LegalBasis::kArticle106_6);
    EXPECT_EQ(support.meetings_held, 3);
    EXPECT_EQ(support.joint_meetings, 1);
    EXPECT_EQ(support.person_items, 4);
    EXPECT_EQ(support.persons_discussed, 2);
    EXPECT_EQ(support.case_items, 3);
    EXPECT_EQ(support.cases_discussed, 2);
    const domain::MeetingHeldCounts& local = counts->by_body[1];
    EXPECT_EQ(local.body_id, council_id);
    EXPECT_EQ(local.legal_basis, domain::LegalBasis::kIsolationCouncil);
    EXPECT_EQ(local.meetings_held, 3);  // 7/1 (joint), 8/1, 3/31
    EXPECT_EQ(local.joint_meetings, 1);
    EXPECT_EQ(local.person_items, 1);
    EXPECT_EQ(local.persons_discussed, 1);
    EXPECT_EQ(local.case_items, 0);

    // A part year, April to September: 5/10, 6/1, 7/1, 8/1.
    auto half = ta_->Cases().Count(Day(2024, 4, 1), Day(2024, 10, 1));
    ASSERT_OK(half);
    EXPECT_EQ(half->all_meetings.meetings_held, 4);
    EXPECT_EQ(half->by_body[1].meetings_held, 2);
    // The next 年度 holds the 4/1 meeting only; the other town's meeting never counts here.
    auto next = ta_->Cases().Count(Day(2025, 4, 1), Day(2026, 4, 1));
    ASSERT_OK(next);
    EXPECT_EQ(next->all_meetings.meetings_held, 1);
    EXPECT_EQ(next->all_meetings.persons_discussed, 1);
    EXPECT_EQ(next->by_body[1].meetings_held, 0);

    // Issue 17, item 11: the meetings listed behind each cell of 会議の開催状況 number its figure — the total, each
    // body, the internal meetings with no statute — read as the explanation reads them (ListBodies, ListMeetings).
    domain::MeetingBody liaison;
    liaison.legal_basis = domain::LegalBasis::kInternalLiaison;
    liaison.display_name = "連携責任者連絡会";
    liaison.created_at = At(2024, 4, 1);
    const domain::MeetingBodyId liaison_id = ta_->Meetings().CreateBody(liaison).value().id;
    AddMeeting(*ta_, liaison_id, a_user_, Day(2024, 9, 1), {});
    AddMeeting(*ta_, liaison_id, a_user_, Day(2025, 4, 1), {});  // the next 年度
    for (auto [first, end] : {std::pair{Day(2024, 4, 1), Day(2025, 4, 1)},
                              {Day(2024, 4, 1), Day(2024, 10, 1)},
                              {Day(2025, 4, 1), Day(2026, 4, 1)}}) {
        auto held = ta_->Cases().Count(first, end);
        ASSERT_OK(held);
        auto bodies = ta_->Meetings().ListBodies();
        ASSERT_OK(bodies);
        auto meetings = ta_->Meetings().ListMeetings(std::nullopt);
        ASSERT_OK(meetings);
        auto listed = [&](std::string_view text) {
            auto cell = domain::ParseExplainCell(text);
            EXPECT_TRUE(cell.has_value()) << text;
            if (!cell) return -1LL;
            return static_cast<long long>(domain::MeetingsBehind(*cell, *meetings, *bodies, first, end).size());
        };
        EXPECT_EQ(listed("meetings:held"), held->all_meetings.meetings_held);
        EXPECT_EQ(listed("meetings:internal:held"), held->internal_meetings.meetings_held);
        ASSERT_EQ(held->by_body.size(), 3u);
        for (const domain::MeetingHeldCounts& body : held->by_body) {
            const std::string cell = "meetings:body:" + std::to_string(body.body_id->value()) + ":held";
            EXPECT_EQ(listed(cell), body.meetings_held) << cell;
        }
    }
    auto year = ta_->Cases().Count(Day(2024, 4, 1), Day(2025, 4, 1));
    ASSERT_OK(year);
    EXPECT_EQ(year->all_meetings.meetings_held, 5);  // the internal meeting counted apart
    EXPECT_EQ(year->internal_meetings.meetings_held, 1);
}

TEST_P(CaseContractTest, FormsAreVersionedPerCodeAndAssessmentsKeepTheirVersion) {
    domain::FormDefinition form;
    form.code = "assessment";
    form.title = "アセスメントシート";
    form.items = {
        domain::FormItem{.key = "health",
                         .section = "本人の状況",
                         .label = "健康状態",
                         .kind = domain::FormItemKind::kMulti,
                         .options = {"通院中", "服薬"},
                         .required = true,
                         .reported_to_state = true,
                         .per_member = true},
        domain::FormItem{.key = "note", .section = "経緯・背景", .label = "経緯", .kind = domain::FormItemKind::kText}};
    form.created_by = a_user_.id;
    form.created_at = At(2024, 4, 1);
    auto v1 = ta_->Forms().Publish(form);
    ASSERT_OK(v1);
    EXPECT_EQ(v1->form_version, 1);
    ASSERT_EQ(v1->items.size(), 2u);
    EXPECT_EQ(v1->items[0].options, (std::vector<std::string>{"通院中", "服薬"}));
    EXPECT_TRUE(v1->items[0].per_member);
    EXPECT_EQ(v1->items[1].kind, domain::FormItemKind::kText);
    form.title = "アセスメントシート（改）";
    auto v2 = ta_->Forms().Publish(form);
    ASSERT_OK(v2);
    EXPECT_EQ(v2->form_version, 2);
    auto other = form;
    other.code = "monitoring";
    EXPECT_EQ(ta_->Forms().Publish(other)->form_version, 1);
    EXPECT_EQ(tb_->Forms()
                  .Publish([&] {
                      auto b_form = form;
                      b_form.created_by = b_user_.id;
                      return b_form;
                  }())
                  ->form_version,
              1);

    EXPECT_EQ(ta_->Forms().Latest("assessment")->id, v2->id);
    EXPECT_ERROR(ta_->Forms().Latest("unknown"), ErrorCode::kNotFound, "code");
    auto versions = ta_->Forms().Versions("assessment");
    ASSERT_OK(versions);
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].form_version, 2);
    auto replacement = *v2;
    replacement.title = "差し替え";
    replacement.items.pop_back();
    auto replaced = ta_->Forms().Replace(v2->id, replacement);
    ASSERT_OK(replaced);
    EXPECT_EQ(replaced->title, "差し替え");
    EXPECT_EQ(replaced->items.size(), 1u);
    EXPECT_EQ(replaced->form_version, 2);
    EXPECT_ERROR(tb_->Forms().Get(v1->id), ErrorCode::kNotFound, "form_definition_id");

    auto c = AddCase(NewCase(mother_, Day(2024, 5, 1)));
    domain::Assessment assessment;
    assessment.case_id = c.id;
    assessment.form_definition_id = v1->id;
    assessment.assessed_on = Day(2024, 5, 15);
    assessment.assessed_by = a_user_.id;
    assessment.organization_id = a_org_;
    assessment.answers = {{.item_key = "health", .member_person_id = son_, .values = {"通院中", "服薬"}},
                          {.item_key = "note", .member_person_id = std::nullopt, .values = {"母の介護"}}};
    assessment.background = "父の死後";
    assessment.strengths = "料理が得意";
    assessment.created_at = At(2024, 5, 15, 3);
    auto stored = ta_->Cases().CreateAssessment(assessment);
    ASSERT_OK(stored);
    EXPECT_EQ(stored->form_version, 1);
    ASSERT_EQ(stored->answers.size(), 2u);
    EXPECT_EQ(stored->answers[0].member_person_id, son_);
    EXPECT_EQ(stored->answers[0].values, (std::vector<std::string>{"通院中", "服薬"}));
    EXPECT_EQ(stored->answers[1].member_person_id, std::nullopt);
    assessment.form_definition_id = v2->id;
    assessment.assessed_on = Day(2024, 8, 1);
    ASSERT_OK(ta_->Cases().CreateAssessment(assessment));
    auto assessments = ta_->Cases().Assessments(c.id);
    ASSERT_OK(assessments);
    ASSERT_EQ(assessments->size(), 2u);
    EXPECT_EQ((*assessments)[0].form_version, 2);
    EXPECT_EQ((*assessments)[1].strengths, "料理が得意");
    EXPECT_EQ(*ta_->Forms().CountAssessments(v1->id), 1);
    EXPECT_EQ(*ta_->Forms().CountAssessments(v2->id), 1);
    // The case page reads only the newest one.
    auto latest = ta_->Cases().LatestAssessment(c.id);
    ASSERT_OK(latest);
    ASSERT_TRUE(latest->has_value());
    EXPECT_EQ((*latest)->id, (*assessments)[0].id);
    EXPECT_EQ((*latest)->form_version, 2);
    EXPECT_EQ((*latest)->answers.size(), (*assessments)[0].answers.size());
    EXPECT_FALSE(tb_->Cases().LatestAssessment(c.id)->has_value());
    auto b_form = tb_->Forms().Latest("assessment").value();
    assessment.form_definition_id = b_form.id;
    EXPECT_ERROR(ta_->Cases().CreateAssessment(assessment), ErrorCode::kNotFound, "form_definition_id");
}

// A municipality without an assessment sheet (created before 多機関協働, or without the demo) gets the seeded one,
// once, on first use.
TEST_P(CaseContractTest, TheSeededAssessmentSheetIsPublishedOnceWhenThereIsNone) {
    ASSERT_TRUE(ta_->Forms().Versions("assessment")->empty());
    const Instant now = std::chrono::sys_days{Day(2024, 4, 1)};
    ASSERT_OK(domain::EnsureAssessmentForm(*ta_, a_user_.id, now));
    ASSERT_OK(domain::EnsureAssessmentForm(*ta_, a_user_.id, now));
    auto versions = ta_->Forms().Versions("assessment");
    ASSERT_OK(versions);
    ASSERT_EQ(versions->size(), 1u);
    EXPECT_EQ((*versions)[0].form_version, 1);
    EXPECT_EQ((*versions)[0].title, domain::CaseService::DefaultAssessmentForm().title);
    EXPECT_EQ((*versions)[0].items.size(), domain::CaseService::DefaultAssessmentForm().items.size());
}

TEST_P(CaseContractTest, EcoRelationsAndMissingResources) {
    auto c = AddCase(NewCase(mother_, Day(2024, 5, 1)));
    auto added = ta_->Cases().AddRelation(c.id, domain::EcoRelation{.member_person_id = son_,
                                                                    .kind = domain::EcoKind::kAgency,
                                                                    .name = "かかりつけ医",
                                                                    .organization_id = a_org2_,
                                                                    .strength = domain::EcoStrength::kStressful,
                                                                    .note = "通院が途切れがち"});
    ASSERT_OK(added);
    EXPECT_EQ(added->strength, domain::EcoStrength::kStressful);
    ASSERT_OK(ta_->Cases().AddRelation(c.id, domain::EcoRelation{.name = "長女（県外在住）"}));
    EXPECT_ERROR(ta_->Cases().AddRelation(c.id, domain::EcoRelation{.name = "x", .organization_id = b_org_}),
                 ErrorCode::kNotFound, "organization_id");
    EXPECT_EQ(ta_->Cases().Relations(c.id)->size(), 2u);
    ASSERT_OK(ta_->Cases().RemoveRelation(c.id, added->id));
    EXPECT_ERROR(ta_->Cases().RemoveRelation(c.id, added->id), ErrorCode::kNotFound, "relation_id");
    auto left = ta_->Cases().Relations(c.id);
    ASSERT_OK(left);
    ASSERT_EQ(left->size(), 1u);
    EXPECT_EQ((*left)[0].name, "長女（県外在住）");
    EXPECT_EQ((*left)[0].kind, domain::EcoKind::kOther);

    domain::MissingResource resource{.case_id = c.id,
                                     .meeting_id = meeting_,
                                     .description = "夜間の見守り",
                                     .area_id = hood_,
                                     .noted_on = Day(2024, 6, 1),
                                     .recorded_by = a_user_.id};
    auto first = ta_->MissingResources().Create(resource);
    ASSERT_OK(first);
    resource.description = "移動支援";
    resource.noted_on = Day(2024, 7, 1);
    auto second = ta_->MissingResources().Create(resource);
    ASSERT_OK(second);
    resource.meeting_id = b_meeting_;
    EXPECT_ERROR(ta_->MissingResources().Create(resource), ErrorCode::kNotFound, "meeting_id");
    auto addressed = ta_->MissingResources().SetAddressed(first->id, ResourceState::kAddressed, "サロンを開設");
    ASSERT_OK(addressed);
    EXPECT_TRUE(addressed->addressed);
    EXPECT_EQ(addressed->addressed_note, "サロンを開設");
    auto all = ta_->MissingResources().List(ResourceListing::kAll);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, second->id);
    auto open = ta_->MissingResources().List(ResourceListing::kOpenOnly);
    ASSERT_OK(open);
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].description, "移動支援");
    EXPECT_TRUE(tb_->MissingResources().List(ResourceListing::kAll)->empty());
    EXPECT_ERROR(tb_->MissingResources().SetAddressed(first->id, ResourceState::kOpen, ""), ErrorCode::kNotFound,
                 "missing_resource_id");
}

TEST_P(CaseContractTest, OfPersonsAndAccessFactsFollowThePersonAndTheHousehold) {
    domain::Household household{
        .name = "山田さん世帯",
        .members = {{.person_id = mother_, .relationship = domain::Relationship::kHead, .is_head = true},
                    {.person_id = son_, .relationship = domain::Relationship::kChild},
                    {.person_id = other_,
                     .relationship = domain::Relationship::kOtherRelative,
                     .moved_out = Day(2023, 3, 31),
                     .moved_out_reason = "転出"}},
        .created_by_organization_id = a_org_,
        .created_at = At(2024, 5, 1)};
    auto stored_household = ta_->Households().Create(household);
    ASSERT_OK(stored_household);
    auto draft = NewCase(mother_, Day(2024, 5, 1));
    draft.household_id = stored_household->id;
    draft.opened_at_meeting_id = meeting_;
    draft.team.push_back(
        TeamMember{.id = 0, .organization_id = a_org_, .role = "以前の担当", .left_on = Day(2024, 6, 1)});
    auto c = AddCase(draft);
    auto closed_draft = NewCase(son_, Day(2023, 1, 1), "以前のケース");
    closed_draft.status = CaseStatus::kClosed;
    closed_draft.closed_on = Day(2023, 12, 1);
    closed_draft.team = {};
    auto closed = AddCase(closed_draft);

    // The son: his own (closed) case and his household's case.
    auto of_son = ta_->Cases().OfPersons({son_});
    ASSERT_OK(of_son);
    ASSERT_EQ(of_son->size(), 2u);
    EXPECT_EQ((*of_son)[0].id, c.id);  // newest opened first
    EXPECT_EQ((*of_son)[1].id, closed.id);
    EXPECT_EQ(ta_->Cases().OfPersons({mother_, son_})->size(), 2u);
    // The member who moved out is not in the household's case.
    EXPECT_TRUE(ta_->Cases().OfPersons({other_})->empty());

    auto facts = ta_->Persons().AccessFacts(son_);
    ASSERT_OK(facts);
    std::vector<domain::CaseTeamFact> teams = facts->case_teams;
    std::sort(teams.begin(), teams.end(), [](const auto& x, const auto& y) {
        return std::tie(x.case_id, x.organization_id, x.active) < std::tie(y.case_id, y.organization_id, y.active);
    });
    ASSERT_EQ(teams.size(), 4u);
    // The household case: lead a_org_ (active, agreed at the opening meeting), a_org_ who left, a_org2_ active.
    EXPECT_EQ(teams[0].case_id, c.id);
    EXPECT_EQ(teams[0].organization_id, a_org_);
    EXPECT_FALSE(teams[0].active);
    EXPECT_EQ(teams[0].agreed_body_id, std::nullopt);
    EXPECT_EQ(teams[1].organization_id, a_org_);
    EXPECT_TRUE(teams[1].active);
    EXPECT_EQ(teams[1].agreed_body_id, body_);
    EXPECT_EQ(teams[2].organization_id, a_org2_);
    EXPECT_TRUE(teams[2].active);
    EXPECT_EQ(teams[2].agreed_body_id, body_);
    // The closed case: its lead, inactive.
    EXPECT_EQ(teams[3].case_id, closed.id);
    EXPECT_FALSE(teams[3].active);
    EXPECT_TRUE(ta_->Persons().AccessFacts(other_)->case_teams.empty());
    EXPECT_EQ(ta_->Persons().AccessFacts(mother_)->case_teams.size(), 3u);
}

// Issue 18, item 5: on PostgreSQL the case page's parts (the case with its team, the household, the current and draft
// plans with their open actions, the assessment, the eco-map, the last 20 notes) are read in one round trip when the
// page reads ahead (domain/read_ahead.hpp), and read exactly as without it. SQLite, in-process, has no read-ahead.
TEST_P(CaseContractTest, CasePagePartsInOneRoundTripOnPostgreSQL) {
    auto* ahead = dynamic_cast<domain::ReadAhead*>(store_.get());
    ASSERT_NE(ahead, nullptr);
    if (GetParam() == Backend::kSqlite) return;  // it reads nothing ahead: its session scope is tested below
    domain::Household household{
        .name = "山田さん世帯",
        .members = {{.person_id = mother_, .relationship = domain::Relationship::kHead, .is_head = true},
                    {.person_id = son_, .relationship = domain::Relationship::kChild}},
        .created_by_organization_id = a_org_,
        .created_at = At(2024, 5, 1)};
    auto stored_household = ta_->Households().Create(household);
    ASSERT_OK(stored_household);
    auto draft_case = NewCase(mother_, Day(2024, 5, 1));
    draft_case.household_id = stored_household->id;
    auto c = AddCase(draft_case);
    auto approved = ApprovedPlan(
        c.id, {NewAction("受診同行", a_org_, Day(2024, 7, 1)), NewAction("介護認定の申請", a_org2_, Day(2024, 7, 15))},
        Day(2024, 9, 1));
    auto next = NewPlan(c.id, {NewAction("就労相談", a_org2_, Day(2024, 10, 1))});
    next.created_at = At(2024, 8, 1);
    ASSERT_OK(ta_->Plans().Create(next));
    for (int day = 1; day <= 3; ++day) {
        ASSERT_OK(ta_->ProgressNotes().Create(NewNote(c.id, At(2024, 6, day, 10), "訪問 " + std::to_string(day))));
    }
    ASSERT_OK(ta_->Cases().AddRelation(c.id, domain::EcoRelation{.member_person_id = son_, .name = "かかりつけ医"}));

    // The reads of the page's parts, in the order CaseService::Get makes them, as text to compare.
    const auto read_page = [&]() {
        std::string page;
        auto read_case = ta_->Cases().Get(c.id);
        EXPECT_TRUE(read_case.has_value());
        if (!read_case) return page;
        page += read_case->title + "|team " + std::to_string(read_case->team.size()) + "|programs " +
                std::to_string(read_case->programs.size()) + "|categories " +
                std::to_string(read_case->categories.size());
        auto read_household = ta_->Households().Get(*read_case->household_id);
        EXPECT_TRUE(read_household.has_value());
        if (read_household) {
            page += "|household " + read_household->name;
            for (const auto& member : read_household->members) page += " " + std::to_string(member.person_id);
        }
        auto plans = ta_->Plans().CurrentOfCase(c.id);
        EXPECT_TRUE(plans.has_value());
        if (plans) {
            for (const auto* plan :
                 {plans->approved ? &*plans->approved : nullptr, plans->draft ? &*plans->draft : nullptr}) {
                if (plan == nullptr) continue;
                page += "|plan " + std::to_string(plan->id) + " actions";
                for (const auto& action : plan->actions) page += " " + action.description;
            }
        }
        auto assessment = ta_->Cases().LatestAssessment(c.id);
        EXPECT_TRUE(assessment.has_value());
        page += assessment && *assessment ? "|assessment" : "|no assessment";
        auto relations = ta_->Cases().Relations(c.id);
        EXPECT_TRUE(relations.has_value());
        if (relations) {
            for (const auto& relation : *relations) page += "|relation " + relation.name;
        }
        auto notes = ta_->ProgressNotes().OfCase(c.id, 20);
        EXPECT_TRUE(notes.has_value());
        if (notes) {
            for (const auto& note : *notes) page += "|note " + note.text;
        }
        return page;
    };

    const std::int64_t start = postgres::PostgresRoundTrips(*store_);
    const std::string plain = read_page();
    const std::int64_t plain_round_trips = postgres::PostgresRoundTrips(*store_) - start;
    // case, programmes, categories, team, household, members, current plans, actions of two plans, assessment,
    // the case's existence and relations, the case's existence and notes (statements prepared on first use add more)
    EXPECT_GE(plain_round_trips, 14);

    std::int64_t ahead_round_trips = 0;
    std::string read_ahead;
    {
        const std::int64_t before = postgres::PostgresRoundTrips(*store_);
        auto scope = ahead->CasePage(a_.id, c.id);
        read_ahead = read_page();
        ahead_round_trips = postgres::PostgresRoundTrips(*store_) - before;
    }
    EXPECT_EQ(ahead_round_trips, 1) << "plain: " << plain_round_trips;
    EXPECT_EQ(read_ahead, plain);
    EXPECT_NE(plain.find("|plan " + std::to_string(approved.id) + " actions 受診同行 介護認定の申請"),
              std::string::npos)
        << plain;
    EXPECT_NE(plain.find("|note 訪問 3|note 訪問 2|note 訪問 1"), std::string::npos) << plain;

    // After the scope the reads go to the database again, and see a change made since.
    ASSERT_OK(ta_->Cases().AddRelation(c.id, domain::EcoRelation{.name = "民生委員"}));
    const std::int64_t before_after = postgres::PostgresRoundTrips(*store_);
    EXPECT_EQ(ta_->Cases().Relations(c.id)->size(), 2u);
    EXPECT_GE(postgres::PostgresRoundTrips(*store_) - before_after, 2);

    // A change inside the scope is seen by a write's reads (never served from the read-ahead), and a read of
    // something not read ahead goes to the database.
    {
        auto scope = ahead->CasePage(a_.id, c.id);
        EXPECT_EQ(ta_->Cases().Relations(c.id)->size(), 2u);
        EXPECT_EQ(ta_->ProgressNotes().OfCase(c.id, 2)->size(), 2u);  // not the page's 20: read from the database
    }
}

// Issue 18, item 5: on PostgreSQL a session and its user's posts (every authenticated request reads both) are read in
// one round trip when AuthService reads ahead, and read exactly as without it: the first time in two (the session
// row with its user's account version, then the user and posts, which the store keeps), then in one while the
// version stands (access_versions_contract_test.cpp changes it).
TEST_P(CaseContractTest, SessionAndPostsInOneRoundTripOnPostgreSQL) {
    auto* ahead = dynamic_cast<domain::ReadAhead*>(store_.get());
    ASSERT_NE(ahead, nullptr);
    if (GetParam() == Backend::kSqlite) return;  // it reads nothing ahead: its session scope is tested below
    ASSERT_OK(ta_->Posts().Create(domain::Post{.user_id = a_user_.id,
                                               .municipality_id = a_.id,
                                               .organization_id = a_org2_,
                                               .roles = {Role::kCaseworker},
                                               .starts_on = Day(2024, 4, 1)},
                                  At(2024, 4, 1)));
    const std::string token_hash(64, 'a');
    ASSERT_OK(store_->Accounts().CreateSession(domain::Session{.token_hash = token_hash,
                                                               .user_id = a_user_.id,
                                                               .municipality_id = a_.id,
                                                               .created_at = At(2024, 6, 1),
                                                               .last_seen_at = At(2024, 6, 1),
                                                               .expires_at = At(2024, 6, 2)}));
    // As AuthService::AuthenticateSession reads them, as text to compare.
    const auto read_session = [&]() {
        std::string read;
        auto found = store_->Accounts().FindSession(token_hash);
        EXPECT_TRUE(found.has_value());
        if (!found) return read;
        read = found->second.username + " roles " + std::to_string(found->second.roles.size());
        auto posts = store_->Tenant(found->second.municipality_id)->Posts().ListOfUser(found->second.id);
        EXPECT_TRUE(posts.has_value());
        if (posts) {
            for (const auto& post : *posts) read += " post " + std::to_string(post.id);
        }
        return read;
    };
    std::int64_t before = postgres::PostgresRoundTrips(*store_);
    const std::string plain = read_session();
    const std::int64_t plain_round_trips = postgres::PostgresRoundTrips(*store_) - before;
    EXPECT_GE(plain_round_trips, 2);
    std::string read_ahead;
    std::int64_t ahead_round_trips = 0;
    for (int time = 0; time < 2; ++time) {
        before = postgres::PostgresRoundTrips(*store_);
        auto scope = ahead->Session(token_hash, {});
        read_ahead = read_session();
        ahead_round_trips = postgres::PostgresRoundTrips(*store_) - before;
        EXPECT_EQ(ahead_round_trips, time == 0 ? 2 : 1) << "plain: " << plain_round_trips;
        EXPECT_EQ(read_ahead, plain);
    }
    EXPECT_EQ(read_ahead, plain);
    EXPECT_NE(plain.find(" post "), std::string::npos) << plain;

    // An unknown token: not found, as without the read-ahead.
    {
        auto scope = ahead->Session(std::string(64, 'b'), {.organization = a_org2_});
        EXPECT_ERROR(store_->Accounts().FindSession(std::string(64, 'b')), ErrorCode::kNotFound, "");
    }

    // What the request reads next rides in the same round trip, in the session's municipality, and each result is
    // served once: a second read of the same goes to the database and sees a change made since.
    {
        before = postgres::PostgresRoundTrips(*store_);
        auto scope = ahead->Session(token_hash, {.organization = a_org2_});
        EXPECT_EQ(read_session(), plain);
        auto organization = ta_->Organizations().Get(a_org2_);
        ASSERT_OK(organization);
        EXPECT_EQ(organization->name, "地域包括支援センター");
        EXPECT_EQ(postgres::PostgresRoundTrips(*store_) - before, 1);
        ASSERT_OK(ta_->Organizations().Update(a_org2_, OrganizationKind::kMunicipalDivision, "包括支援センター"));
        EXPECT_EQ(ta_->Organizations().Get(a_org2_)->name, "包括支援センター");
        before = postgres::PostgresRoundTrips(*store_);
        EXPECT_EQ(store_->Accounts().FindSession(token_hash)->second.username, a_user_.username);
        EXPECT_EQ(postgres::PostgresRoundTrips(*store_) - before, 1);
    }
    // Another municipality's organisation is not the session's to read: not found, as without the read-ahead.
    {
        auto scope = ahead->Session(token_hash, {.organization = b_org_});
        EXPECT_EQ(read_session(), plain);
        EXPECT_ERROR(ta_->Organizations().Get(b_org_), ErrorCode::kNotFound, "");
        ASSERT_OK(tb_->Organizations().Get(b_org_));
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
