// SPDX-License-Identifier: Apache-2.0
// The storage contract of 民生委員の活動記録 (domain/commissioner_activity_repositories.hpp, migration 20): on SQLite
// (a fresh file per test) and on PostgreSQL (the throwaway cluster, schema recreated per test), like
// case_contract_test.cpp. The PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "contract_support.hpp"
#include "domain/commissioner_activity_repositories.hpp"
#include "domain/household_survey_repositories.hpp"
#include "domain/mutual_aid_liaison_repositories.hpp"
#include "domain/outreach_repositories.hpp"
#include "domain/repositories.hpp"
#include "domain/sasaeai_map_service.hpp"
#include "domain/watch_list_repositories.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {
namespace {

using domain::ActivityMonth;
using domain::AreaKind;
using domain::Commissioner;
using domain::CommissionerCouncil;
using domain::CommissionerNote;
using domain::Role;
using domain::User;
using std::chrono::April;
using std::chrono::May;
using std::chrono::year;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("commissioner_activity_contract");
    return url;
}

class CommissionerActivityContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        commissioner_ = AddUser(*ta_, org_, "a-volunteer", Role::kWelfareVolunteer);
        second_ = AddUser(*ta_, org_, "a-volunteer-2", Role::kWelfareVolunteer);
        b_user_ = AddUser(*tb_, b_org_, "b-volunteer", Role::kWelfareVolunteer);
        district_ = ta_->Areas().Create(AreaKind::kWelfareVolunteerDistrict, "民生委員 第1区").value().id;
        neighborhood_ = ta_->Areas().Create(AreaKind::kNeighborhood, "東浜自治会").value().id;
        b_district_ = tb_->Areas().Create(AreaKind::kWelfareVolunteerDistrict, "第1区").value().id;
    }

    UserId commissioner_{}, second_{}, b_user_{};
    AreaId district_ = 0, neighborhood_ = 0, b_district_ = 0;
};

TEST_P(CommissionerActivityContractTest, CouncilsAndAssignmentsArePerMunicipality) {
    auto council = ta_->CommissionerActivity().CreateCouncil(
        {.name = "浜地区民児協", .staff_user_id = staff_, .created_at = At(2024, 4, 1, 9)});
    ASSERT_OK(council);
    EXPECT_GT(council->id, 0);
    EXPECT_ERROR(ta_->CommissionerActivity().CreateCouncil({.name = "浜地区民児協", .created_at = At(2024, 4, 1)}),
                 ErrorCode::kConflict, "name");
    // The staff member must be of the municipality.
    EXPECT_FALSE(ta_->CommissionerActivity().CreateCouncil(
        {.name = "別", .staff_user_id = b_user_, .created_at = At(2024, 4, 1)}));
    auto councils = ta_->CommissionerActivity().Councils();
    ASSERT_OK(councils);
    ASSERT_EQ(councils->size(), 1u);
    EXPECT_EQ(councils->front().staff_user_id, staff_);
    EXPECT_EQ(councils->front().created_at, At(2024, 4, 1, 9));
    EXPECT_TRUE(tb_->CommissionerActivity().Councils()->empty());

    ASSERT_OK(ta_->CommissionerActivity().AssignCommissioner(
        {.user_id = commissioner_, .district_area_id = district_, .council_id = council->id}));
    // Assigning again replaces the assignment.
    ASSERT_OK(ta_->CommissionerActivity().AssignCommissioner(
        {.user_id = commissioner_, .district_area_id = neighborhood_, .council_id = council->id}));
    auto commissioners = ta_->CommissionerActivity().Commissioners();
    ASSERT_OK(commissioners);
    ASSERT_EQ(commissioners->size(), 1u);
    EXPECT_EQ(commissioners->front().district_area_id, neighborhood_);
    // Another municipality's user, area or council is refused.
    EXPECT_FALSE(tb_->CommissionerActivity().AssignCommissioner(
        {.user_id = b_user_, .district_area_id = b_district_, .council_id = council->id}));
    EXPECT_FALSE(ta_->CommissionerActivity().AssignCommissioner(
        {.user_id = second_, .district_area_id = b_district_, .council_id = council->id}));
    EXPECT_TRUE(tb_->CommissionerActivity().Commissioners()->empty());
}

TEST_P(CommissionerActivityContractTest, MonthsKeepTheirCountsAndVersions) {
    const auto council =
        ta_->CommissionerActivity()
            .CreateCouncil({.name = "浜地区民児協", .staff_user_id = staff_, .created_at = At(2024, 4, 1)})
            .value();
    const auto other =
        ta_->CommissionerActivity().CreateCouncil({.name = "山手地区民児協", .created_at = At(2024, 4, 1)}).value();
    auto& repository = ta_->CommissionerActivity();
    EXPECT_FALSE(repository.Month(commissioner_, year{2024} / April)->has_value());

    ActivityMonth april{.user_id = commissioner_,
                        .month = year{2024} / April,
                        .council_id = council.id,
                        .counts = {{"home_welfare", 2}, {"field_elderly", 2}, {"visits", 14}, {"activity_days", 12}},
                        .recorded_by = commissioner_,
                        .recorded_at = At(2024, 5, 2, 10)};
    auto saved = repository.SaveMonth(april, 0);
    ASSERT_OK(saved);
    EXPECT_EQ(saved->version, 1);
    // A second save from a stale form is refused and changes nothing.
    april.counts["visits"] = 99;
    EXPECT_ERROR(repository.SaveMonth(april, 0), ErrorCode::kConflict, "version");
    auto read = repository.Month(commissioner_, year{2024} / April);
    ASSERT_OK(read);
    ASSERT_TRUE(read->has_value());
    EXPECT_EQ((*read)->Count("visits"), 14);
    EXPECT_EQ((*read)->Count("home_welfare"), 2);
    EXPECT_EQ((*read)->version, 1);
    EXPECT_EQ((*read)->recorded_at, At(2024, 5, 2, 10));
    // Saved at its version: replaced entirely (an item left out is gone).
    april.counts = {{"visits", 15}};
    auto resaved = repository.SaveMonth(april, 1);
    ASSERT_OK(resaved);
    EXPECT_EQ(resaved->version, 2);
    read = repository.Month(commissioner_, year{2024} / April);
    EXPECT_EQ((*read)->Count("visits"), 15);
    EXPECT_EQ((*read)->Count("home_welfare"), 0);
    // An unknown item is refused by the schema, all or nothing.
    april.counts = {{"visits", 16}, {"golf", 1}};
    EXPECT_FALSE(repository.SaveMonth(april, 2));
    EXPECT_EQ(repository.Month(commissioner_, year{2024} / April)->value().Count("visits"), 15);

    ASSERT_OK(repository.SaveMonth({.user_id = second_,
                                    .month = year{2024} / April,
                                    .council_id = other.id,
                                    .counts = {{"visits", 3}},
                                    .recorded_by = staff_,
                                    .recorded_at = At(2024, 5, 3)},
                                   0));
    ASSERT_OK(repository.SaveMonth({.user_id = commissioner_,
                                    .month = year{2024} / May,
                                    .council_id = council.id,
                                    .counts = {{"visits", 4}},
                                    .recorded_by = commissioner_,
                                    .recorded_at = At(2024, 6, 3)},
                                   0));
    auto all = repository.Months(std::nullopt, year{2024} / April, year{2024} / May);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].month, year{2024} / April);
    EXPECT_EQ((*all)[2].month, year{2024} / May);
    auto of_council = repository.Months(council.id, year{2024} / April, year{2024} / April);
    ASSERT_OK(of_council);
    ASSERT_EQ(of_council->size(), 1u);
    EXPECT_EQ(of_council->front().user_id, commissioner_);
    EXPECT_EQ(of_council->front().Count("visits"), 15);
    EXPECT_TRUE(tb_->CommissionerActivity().Months(std::nullopt, year{2024} / April, year{2024} / May)->empty());
    EXPECT_FALSE(tb_->CommissionerActivity().Month(commissioner_, year{2024} / April)->has_value());
}

TEST_P(CommissionerActivityContractTest, NotesAreTheCommissionersOwnNewestFirst) {
    auto& repository = ta_->CommissionerActivity();
    ASSERT_OK(repository.AddNote({.user_id = commissioner_,
                                  .noted_on = Day(2024, 5, 1),
                                  .subject = "東浜のAさん",
                                  .body = "訪問。元気",
                                  .created_at = At(2024, 5, 1, 3)}));
    ASSERT_OK(repository.AddNote({.user_id = commissioner_,
                                  .noted_on = Day(2024, 5, 9),
                                  .subject = "Bさん",
                                  .body = "電話",
                                  .created_at = At(2024, 5, 9, 3)}));
    auto notes = repository.Notes(commissioner_);
    ASSERT_OK(notes);
    ASSERT_EQ(notes->size(), 2u);
    EXPECT_EQ(notes->front().subject, "Bさん");
    EXPECT_EQ(notes->back().noted_on, Day(2024, 5, 1));
    EXPECT_TRUE(repository.Notes(second_)->empty());
    EXPECT_TRUE(tb_->CommissionerActivity().Notes(commissioner_)->empty());
    EXPECT_FALSE(tb_->CommissionerActivity().AddNote(
        {.user_id = commissioner_, .noted_on = Day(2024, 5, 1), .subject = "x", .body = "y"}));
}

// 見守り (migration 21, watch_list_store.cpp): entries by 民生委員区 and 自治会, with their watchers (a user or a
// neighbour by name), per municipality; a contact recorded; references of another municipality refused.
TEST_P(CommissionerActivityContractTest, WatchEntriesAreByDistrictWithTheirWatchers) {
    const AreaId second_district =
        ta_->Areas().Create(AreaKind::kWelfareVolunteerDistrict, "民生委員 第2区").value().id;
    const domain::PersonId tomi = AddPerson("東浜", "トミ");
    const domain::PersonId jiro = AddPerson("西浜", "次郎");
    auto& list = ta_->WatchList();
    domain::WatchEntry entry{.person_id = tomi,
                             .person_name = "東浜 トミ",
                             .neighborhood_area_id = neighborhood_,
                             .district_area_id = district_,
                             .reason = "ひとり暮らし",
                             .basis = domain::WatchBasis::kEvacuationRoster,
                             .consent_on = Day(2024, 5, 1),
                             .frequency_days = 7,
                             .watchers = {{.user_id = commissioner_, .name = "a-volunteer", .role = "民生委員"},
                                          {.user_id = std::nullopt, .name = "隣の山田さん", .role = "近隣住民"}},
                             .created_by = staff_,
                             .created_at = At(2024, 5, 2)};
    auto added = list.Add(entry);
    ASSERT_OK(added);
    entry.person_id = jiro;
    entry.person_name = "西浜 次郎";
    entry.district_area_id = second_district;
    entry.basis = domain::WatchBasis::kOwnConsent;
    entry.watchers = {{.user_id = std::nullopt, .name = "自治会長の田中さん", .role = "自治会長"}};
    ASSERT_OK(list.Add(entry));

    auto first = list.List(district_, std::nullopt);
    ASSERT_OK(first);
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(first->front().person_name, "東浜 トミ");
    EXPECT_EQ(first->front().basis, domain::WatchBasis::kEvacuationRoster);
    EXPECT_EQ(first->front().consent_on, Day(2024, 5, 1));
    ASSERT_EQ(first->front().watchers.size(), 2u);
    EXPECT_EQ(first->front().watchers[0].user_id, commissioner_);
    EXPECT_FALSE(first->front().watchers[1].user_id.has_value());
    EXPECT_EQ(first->front().watchers[1].role, "近隣住民");
    EXPECT_FALSE(first->front().last_contact_on.has_value());
    EXPECT_EQ(list.List(std::nullopt, std::nullopt)->size(), 2u);
    EXPECT_EQ(list.List(std::nullopt, neighborhood_)->size(), 2u);
    EXPECT_TRUE(tb_->WatchList().List(std::nullopt, std::nullopt)->empty());

    ASSERT_OK(list.RecordContact(added->id, Day(2024, 5, 9)));
    EXPECT_EQ(list.Get(added->id)->last_contact_on, Day(2024, 5, 9));
    EXPECT_ERROR(tb_->WatchList().RecordContact(added->id, Day(2024, 5, 9)), ErrorCode::kNotFound, "");
    EXPECT_ERROR(tb_->WatchList().Get(added->id), ErrorCode::kNotFound, "");
    // A watcher account or an area of another municipality is refused, and nothing is kept.
    entry.watchers = {{.user_id = b_user_, .name = "x", .role = "民生委員"}};
    EXPECT_FALSE(list.Add(entry));
    entry.watchers = {{.user_id = std::nullopt, .name = "x", .role = "近隣住民"}};
    entry.district_area_id = b_district_;
    EXPECT_FALSE(list.Add(entry));
    EXPECT_EQ(list.List(std::nullopt, std::nullopt)->size(), 2u);
}

// 支え愛マップ (migration 22, sasaeai_map_store.cpp): a 地区's status replaced as a whole, per municipality.
TEST_P(CommissionerActivityContractTest, SasaeaiMapStatusesArePerDistrict) {
    auto& maps = ta_->SasaeaiMaps();
    ASSERT_OK(maps.Save({.area_id = neighborhood_,
                         .made_on = Day(2023, 10, 1),
                         .updated_on = std::nullopt,
                         .meeting_held_on = Day(2024, 4, 20),
                         .drill_held_on = std::nullopt,
                         .recorded_by = staff_,
                         .recorded_at = At(2024, 5, 1)}));
    auto listed = maps.List();
    ASSERT_OK(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().made_on, Day(2023, 10, 1));
    EXPECT_FALSE(listed->front().updated_on.has_value());
    EXPECT_EQ(listed->front().meeting_held_on, Day(2024, 4, 20));
    // Saved again: replaced, a date left out is gone.
    ASSERT_OK(maps.Save({.area_id = neighborhood_,
                         .made_on = Day(2023, 10, 1),
                         .updated_on = Day(2024, 5, 1),
                         .recorded_by = staff_,
                         .recorded_at = At(2024, 5, 2)}));
    listed = maps.List();
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().updated_on, Day(2024, 5, 1));
    EXPECT_FALSE(listed->front().meeting_held_on.has_value());
    EXPECT_EQ(listed->front().recorded_at, At(2024, 5, 2));
    EXPECT_TRUE(tb_->SasaeaiMaps().List()->empty());
    EXPECT_FALSE(tb_->SasaeaiMaps().Save({.area_id = neighborhood_,
                                          .made_on = Day(2023, 10, 1),
                                          .recorded_by = b_user_,
                                          .recorded_at = At(2024, 5, 2)}));
}

// 世帯訪問調査 (migration 24, household_survey_store.cpp): a campaign with its form in versions, an area assigned to
// an organisation then to a 民生委員, households per area, hearing notes, visits with answers and the version used,
// the link to a consultation (once), and the progress of every area in one read; per municipality.
TEST_P(CommissionerActivityContractTest, HouseholdSurveyCampaignsVisitsAndProgress) {
    auto& surveys = ta_->HouseholdSurveys();
    const AreaId west = ta_->Areas().Create(AreaKind::kNeighborhood, "西浜自治会").value().id;
    domain::SurveyCampaign campaign{.name = "全戸訪問",
                                    .purpose = "困りごとを知る",
                                    .starts_on = Day(2024, 4, 1),
                                    .ends_on = Day(2024, 6, 30),
                                    .items = domain::DefaultSurveyForm(),
                                    .created_by = staff_,
                                    .created_at = At(2024, 4, 1)};
    auto created = surveys.CreateCampaign(campaign);
    ASSERT_OK(created);
    EXPECT_EQ(created->form_version, 1);
    auto revised =
        surveys.ReviseForm(created->id, {{.key = "trouble_other", .label = "困りごと", .section = "困りごと"}});
    ASSERT_OK(revised);
    EXPECT_EQ(revised->form_version, 2);
    ASSERT_EQ(revised->items.size(), 1u);
    EXPECT_EQ(surveys.FormItems(created->id, 1)->size(), domain::DefaultSurveyForm().size());
    EXPECT_EQ(surveys.GetCampaign(created->id)->form_version, 2);
    EXPECT_EQ(surveys.Campaigns()->size(), 1u);
    EXPECT_TRUE(tb_->HouseholdSurveys().Campaigns()->empty());
    EXPECT_ERROR(tb_->HouseholdSurveys().GetCampaign(created->id), ErrorCode::kNotFound, "campaign_id");

    ASSERT_OK(
        surveys.Assign({.campaign_id = created->id, .area_id = neighborhood_, .body = {.organization_id = org_}}));
    ASSERT_OK(surveys.Assign({.campaign_id = created->id, .area_id = west, .body = {.organization_id = org_}}));
    ASSERT_OK(surveys.Assign(
        {.campaign_id = created->id, .area_id = west, .body = {.volunteer_user_id = commissioner_}}));  // replaced
    auto assignments = surveys.Assignments(created->id);
    ASSERT_OK(assignments);
    ASSERT_EQ(assignments->size(), 2u);
    EXPECT_EQ(assignments->at(1).body.volunteer_user_id, commissioner_);
    EXPECT_FALSE(assignments->at(1).body.organization_id.has_value());
    // An area of another municipality is refused.
    EXPECT_FALSE(
        surveys.Assign({.campaign_id = created->id, .area_id = b_district_, .body = {.organization_id = org_}}));

    const auto household = [&](AreaId area, const std::string& address) {
        return surveys
            .AddHousehold({.campaign_id = created->id,
                           .area_id = area,
                           .address = address,
                           .head_name = "世帯 主",
                           .origin = domain::HouseholdOrigin::kDoorstep,
                           .created_by = staff_,
                           .created_at = At(2024, 4, 2)})
            .value()
            .id;
    };
    const SurveyHouseholdId first = household(neighborhood_, "東浜1");
    const SurveyHouseholdId second = household(neighborhood_, "東浜2");
    const SurveyHouseholdId third = household(neighborhood_, "東浜3");
    EXPECT_EQ(surveys.GetHousehold(first)->origin, domain::HouseholdOrigin::kDoorstep);
    EXPECT_EQ(surveys.Households(created->id, neighborhood_)->size(), 3u);
    EXPECT_TRUE(surveys.Households(created->id, west)->empty());
    ASSERT_OK(surveys.AddHearingNote({.household_id = second,
                                      .informant = domain::HearingInformant::kWelfareVolunteer,
                                      .note = "気になる",
                                      .recorded_by = staff_,
                                      .recorded_at = At(2024, 4, 3)}));
    EXPECT_EQ(surveys.HearingNotes(created->id, neighborhood_)->size(), 1u);
    EXPECT_TRUE(surveys.HearingNotes(created->id, west)->empty());

    const auto visit = [&](SurveyHouseholdId id, int day, domain::VisitOutcome outcome) {
        return surveys
            .AddVisit({.campaign_id = created->id,
                       .household_id = id,
                       .area_id = neighborhood_,
                       .visited_on = Day(2024, 5, day),
                       .visitors = "訪問 員",
                       .outcome = outcome,
                       .form_version = 1,
                       .answers = {{"trouble_health", "膝"}, {"living_alone", ""}},
                       .notice = "買い物",
                       .body = {.organization_id = org_},
                       .recorded_by = staff_,
                       .recorded_at = At(2024, 5, day)})
            .value();
    };
    // first: 不在 then 面会 (visited, no revisit); second: 面会 then 不在 (visited, and waits for a revisit);
    // third: 不在 only (not visited, waits).
    visit(first, 1, domain::VisitOutcome::kAbsent);
    const domain::SurveyVisit met = visit(first, 8, domain::VisitOutcome::kMet);
    visit(second, 1, domain::VisitOutcome::kMet);
    visit(second, 9, domain::VisitOutcome::kAbsent);
    visit(third, 2, domain::VisitOutcome::kAbsent);
    auto read = surveys.GetVisit(met.id);
    ASSERT_OK(read);
    EXPECT_EQ(read->answers.size(), 1u);  // the empty answer is not kept
    EXPECT_EQ(read->answers.at("trouble_health"), "膝");
    EXPECT_EQ(read->form_version, 1);
    EXPECT_EQ(read->body.organization_id, org_);
    EXPECT_FALSE(read->consultation_id.has_value());
    auto visits = surveys.Visits(created->id, neighborhood_);
    ASSERT_OK(visits);
    ASSERT_EQ(visits->size(), 5u);
    EXPECT_EQ(visits->front().answers.at("trouble_health"), "膝");
    EXPECT_ERROR(tb_->HouseholdSurveys().GetVisit(met.id), ErrorCode::kNotFound, "visit_id");

    auto progress = surveys.Progress(created->id);
    ASSERT_OK(progress);
    ASSERT_EQ(progress->size(), 2u);
    const domain::AreaProgress& east =
        progress->front().area_id == neighborhood_ ? progress->front() : progress->back();
    const domain::AreaProgress& other =
        progress->front().area_id == neighborhood_ ? progress->back() : progress->front();
    EXPECT_EQ(east.households, 3);
    EXPECT_EQ(east.visited, 2);
    EXPECT_EQ(east.revisit, 2);
    EXPECT_EQ(other.area_id, west);
    EXPECT_EQ(other.households, 0);

    // The link to a consultation, once.
    domain::Person person;
    person.data.family_name = "世帯";
    person.created_by_organization_id = org_;
    person.created_by_user_id = staff_;
    person.created_at = At(2024, 5, 8);
    person.updated_at = person.created_at;
    const domain::PersonId person_id =
        ta_->Persons().Create(person, domain::PersonSearchKeys{.name_key = "世帯"}).value().id;
    domain::Consultation consultation{.municipality_id = a_.id,
                                      .receiving_organization_id = org_,
                                      .received_by_user_id = staff_,
                                      .person_id = person_id,
                                      .chief_complaint = "買い物",
                                      .created_at = At(2024, 5, 8)};
    domain::Contact contact;
    contact.occurred_at = At(2024, 5, 8);
    contact.channel = domain::Channel::kHomeVisit;
    contact.organization_id = org_;
    contact.staff_user_id = staff_;
    contact.summary = "訪問";
    contact.recorded_at = At(2024, 5, 8);
    consultation.contacts.push_back(contact);
    auto saved = ta_->Consultations().Create(consultation);
    ASSERT_OK(saved);
    ASSERT_OK(surveys.LinkConsultation(met.id, saved->id));
    EXPECT_EQ(surveys.GetVisit(met.id)->consultation_id, saved->id);
    EXPECT_ERROR(surveys.LinkConsultation(met.id, saved->id), ErrorCode::kConflict, "consultation_id");

    // Visits without a network (migration 25): a visit starts at version 1; a change stored on the version it
    // started from raises it, one on an old version is a conflict that changes nothing; idempotency keys are kept
    // once per municipality.
    EXPECT_EQ(read->version, 1);
    domain::SurveyVisit changed = *read;
    changed.notice = "端末で直した";
    changed.outcome = domain::VisitOutcome::kRefused;
    changed.answers = {{"living_alone", "はい"}};
    auto updated = surveys.UpdateVisit(changed, 1);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    auto reread = surveys.GetVisit(met.id);
    ASSERT_OK(reread);
    EXPECT_EQ(reread->version, 2);
    EXPECT_EQ(reread->notice, "端末で直した");
    EXPECT_EQ(reread->outcome, domain::VisitOutcome::kRefused);
    EXPECT_EQ(reread->answers, (std::map<std::string, std::string>{{"living_alone", "はい"}}));
    EXPECT_EQ(reread->consultation_id, saved->id);
    changed.notice = "古い版からの変更";
    EXPECT_ERROR(surveys.UpdateVisit(changed, 1), ErrorCode::kConflict, "version");
    EXPECT_EQ(surveys.GetVisit(met.id)->notice, "端末で直した");
    const std::string key = "0f8fad5b-d9cb-469f-a165-70867728950e";
    EXPECT_FALSE(surveys.FindSyncedVisit(key)->has_value());
    ASSERT_OK(
        surveys.RecordSyncedVisit({.idempotency_key = key, .visit_id = met.id, .version = 2}, staff_, At(2024, 5, 9)));
    auto synced = surveys.FindSyncedVisit(key);
    ASSERT_OK(synced);
    ASSERT_TRUE(synced->has_value());
    EXPECT_EQ((*synced)->visit_id, met.id);
    EXPECT_EQ((*synced)->version, 2);
    EXPECT_ERROR(
        surveys.RecordSyncedVisit({.idempotency_key = key, .visit_id = met.id, .version = 2}, staff_, At(2024, 5, 9)),
        ErrorCode::kConflict, "idempotency_key");
    EXPECT_FALSE(tb_->HouseholdSurveys().FindSyncedVisit(key)->has_value());
}

// アウトリーチ (migration 23, outreach_store.cpp): a record with its stage changes and attempts, per municipality;
// the caseload's filters; the 年度集計's counts (the stage at the end of the period, 訪問件数, 実人数).
TEST_P(CommissionerActivityContractTest, OutreachRecordsKeepTheirStagesAndAttempts) {
    const domain::PersonId person = AddPerson("外山", "閉男");
    const domain::PersonId other = AddPerson("内山", "出子");
    auto& outreach = ta_->Outreach();
    domain::OutreachRecord record{.person_id = person,
                                  .kind = domain::OutreachKind::kPsychiatric,
                                  .reason = "長期のひきこもり",
                                  .worker_id = staff_,
                                  .organization_id = org_,
                                  .stage = domain::OutreachStage::kTryingContact,
                                  .opened_on = Day(2024, 5, 1),
                                  .next_visit_on = Day(2024, 5, 10),
                                  .created_by = staff_,
                                  .created_at = At(2024, 5, 1, 10),
                                  .stage_changes = {{.from = domain::OutreachStage::kTryingContact,
                                                     .to = domain::OutreachStage::kTryingContact,
                                                     .on = Day(2024, 5, 1),
                                                     .reason = "記録の開始",
                                                     .changed_by = staff_,
                                                     .changed_at = At(2024, 5, 1, 10)}}};
    auto added = outreach.Add(record);
    ASSERT_OK(added);
    EXPECT_GT(added->id, 0);
    domain::OutreachAttempt attempt{.outreach_id = added->id,
                                    .attempted_at = At(2024, 5, 9, 1),
                                    .method = domain::OutreachMethod::kVisit,
                                    .outcome = domain::OutreachOutcome::kAbsent,
                                    .visiting_organization_id = org_,
                                    .visitors = "保健師",
                                    .note = "",
                                    .recorded_by = staff_,
                                    .recorded_at = At(2024, 5, 9, 2)};
    ASSERT_OK(outreach.AddAttempt(attempt, std::nullopt));
    attempt.attempted_at = At(2024, 5, 12, 6);
    attempt.outcome = domain::OutreachOutcome::kMet;
    attempt.treatment = domain::TreatmentStatus::kInterrupted;
    auto met = outreach.AddAttempt(attempt, Day(2024, 5, 20));
    ASSERT_OK(met);
    ASSERT_OK(outreach.ChangeStage(added->id, {.from = domain::OutreachStage::kTryingContact,
                                               .to = domain::OutreachStage::kFirstContact,
                                               .on = Day(2024, 5, 12),
                                               .reason = "",
                                               .changed_by = staff_,
                                               .changed_at = At(2024, 5, 12, 7)}));
    // Linking the attempt to a consultation from another municipality's store finds no attempt.
    EXPECT_ERROR(tb_->Outreach().LinkConsultation(added->id, met->id, domain::ConsultationId{1}), ErrorCode::kNotFound,
                 "");

    auto read = outreach.Get(added->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->stage, domain::OutreachStage::kFirstContact);
    EXPECT_EQ(read->kind, domain::OutreachKind::kPsychiatric);
    EXPECT_EQ(read->next_visit_on, Day(2024, 5, 20));
    ASSERT_EQ(read->stage_changes.size(), 2u);
    EXPECT_EQ(read->stage_changes[1].to, domain::OutreachStage::kFirstContact);
    ASSERT_EQ(read->attempts.size(), 2u);
    EXPECT_EQ(read->attempts[0].outcome, domain::OutreachOutcome::kAbsent);
    EXPECT_FALSE(read->attempts[0].treatment.has_value());
    EXPECT_EQ(read->attempts[1].treatment, domain::TreatmentStatus::kInterrupted);
    EXPECT_EQ(read->attempts[1].attempted_at, At(2024, 5, 12, 6));

    // A second record, of another person, by phone only, still 接触試行.
    record.person_id = other;
    record.kind = domain::OutreachKind::kGeneral;
    record.next_visit_on.reset();
    auto second = outreach.Add(record);
    ASSERT_OK(second);
    attempt.outreach_id = second->id;
    attempt.method = domain::OutreachMethod::kPhone;
    attempt.treatment.reset();
    ASSERT_OK(outreach.AddAttempt(attempt, std::nullopt));

    EXPECT_EQ(outreach.List({}).value().size(), 2u);
    EXPECT_EQ(outreach.List({.stage = domain::OutreachStage::kFirstContact}).value().size(), 1u);
    EXPECT_EQ(outreach.List({.person_id = other}).value().front().id, second->id);
    EXPECT_EQ(outreach.List({.worker_id = commissioner_}).value().size(), 0u);
    // Another municipality sees none of it, and cannot write to it.
    EXPECT_TRUE(tb_->Outreach().List({}).value().empty());
    EXPECT_ERROR(tb_->Outreach().Get(added->id), ErrorCode::kNotFound, "");
    EXPECT_FALSE(tb_->Outreach().ChangeStage(added->id, {.from = domain::OutreachStage::kFirstContact,
                                                         .to = domain::OutreachStage::kClosed,
                                                         .on = Day(2024, 5, 13),
                                                         .reason = "x",
                                                         .changed_by = staff_,
                                                         .changed_at = At(2024, 5, 13)}));

    // 令和6年度: two visits, two persons, one record in 初回接触 and one in 接触試行 at the end.
    auto counts = outreach.Count(At(2024, 3, 31, 15), At(2025, 3, 31, 15));
    ASSERT_OK(counts);
    EXPECT_EQ(counts->visits, 2);
    EXPECT_EQ(counts->persons, 2);
    for (const auto& [stage, count] : counts->by_stage) {
        const long long expected =
            stage == domain::OutreachStage::kFirstContact || stage == domain::OutreachStage::kTryingContact;
        EXPECT_EQ(count, expected) << domain::OutreachStageCode(stage);
    }
    // Up to 5月11日 (JST): the first record was still 接触試行, one visit made.
    auto early = outreach.Count(At(2024, 3, 31, 15), At(2024, 5, 10, 15));
    ASSERT_OK(early);
    EXPECT_EQ(early->visits, 1);
    EXPECT_EQ(early->persons, 1);
    for (const auto& [stage, count] : early->by_stage) {
        EXPECT_EQ(count, stage == domain::OutreachStage::kTryingContact ? 2 : 0) << domain::OutreachStageCode(stage);
    }
}

// 支え愛連絡会 (migration 26, mutual_aid_liaison_store.cpp): a meeting body of the new basis tied to its 自治会 (one
// per 自治会), meetings with attendees (a user, or a resident by name and role) and concerns (a person only with the
// consent relied on, or a text alone), newest first, per municipality.
TEST_P(CommissionerActivityContractTest, LiaisonMeetingsKeepResidentsAndConsentedNames) {
    domain::MeetingBody body;
    body.municipality_id = a_.id;
    body.legal_basis = domain::LegalBasis::kMutualAidLiaison;
    body.display_name = "東浜自治会 支え愛連絡会";
    body.created_at = At(2024, 5, 1);
    auto made = ta_->Meetings().CreateBody(body);
    ASSERT_OK(made);
    EXPECT_EQ(ta_->Meetings().GetBody(made->id)->legal_basis, domain::LegalBasis::kMutualAidLiaison);
    auto& liaison = ta_->MutualAidLiaison();
    ASSERT_OK(liaison.TieBody(made->id, neighborhood_));
    EXPECT_ERROR(liaison.TieBody(made->id, neighborhood_), ErrorCode::kConflict, "neighborhood_area_id");
    ASSERT_EQ(liaison.Bodies()->size(), 1u);
    EXPECT_EQ(liaison.Body(made->id)->area_name, "東浜自治会");
    EXPECT_TRUE(tb_->MutualAidLiaison().Bodies()->empty());
    EXPECT_ERROR(tb_->MutualAidLiaison().Body(made->id), ErrorCode::kNotFound, "");

    const domain::PersonId aiko = AddPerson("支え", "愛子");
    domain::Consent consent;
    consent.municipality_id = a_.id;
    consent.person_id = aiko;
    consent.bodies = {made->id};
    consent.purpose = "見守りのため";
    consent.given_on = Day(2024, 5, 1);
    consent.explanation_version = "v1";
    consent.recorded_by = staff_;
    consent.recorded_at = At(2024, 5, 1);
    auto consented = ta_->Consents().Create(consent);
    ASSERT_OK(consented);

    domain::LiaisonMeeting meeting;
    meeting.body_id = made->id;
    meeting.neighborhood_area_id = neighborhood_;
    meeting.held_on = Day(2024, 5, 10);
    meeting.attendees = {{.user_id = std::nullopt, .name = "田中 一郎", .role = "自治会長"},
                         {.user_id = commissioner_, .name = "a-volunteer", .role = "民生委員"}};
    meeting.concerns = {{.person_id = aiko,
                         .consent_id = consented->id,
                         .person_name = "",
                         .text = "買い物に困っている",
                         .name_withheld = false},
                        {.person_id = std::nullopt,
                         .consent_id = std::nullopt,
                         .person_name = "",
                         .text = "坂の上の家で灯りがつかない",
                         .name_withheld = false}};
    meeting.notes = "民生委員が訪ねる";
    meeting.recorded_by = staff_;
    meeting.recorded_at = At(2024, 5, 10, 15);
    auto first = liaison.AddMeeting(meeting);
    ASSERT_OK(first);
    meeting.held_on = Day(2024, 5, 20);
    meeting.concerns.pop_back();
    auto second = liaison.AddMeeting(meeting);
    ASSERT_OK(second);

    auto read = liaison.GetMeeting(first->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->held_on, Day(2024, 5, 10));
    EXPECT_EQ(read->notes, "民生委員が訪ねる");
    ASSERT_EQ(read->attendees.size(), 2u);
    EXPECT_FALSE(read->attendees[0].user_id.has_value());
    EXPECT_EQ(read->attendees[0].role, "自治会長");
    EXPECT_EQ(read->attendees[1].user_id, commissioner_);
    ASSERT_EQ(read->concerns.size(), 2u);
    EXPECT_EQ(read->concerns[0].person_id, aiko);
    EXPECT_EQ(read->concerns[0].consent_id, consented->id);
    EXPECT_FALSE(read->concerns[1].person_id.has_value());
    EXPECT_EQ(read->concerns[1].text, "坂の上の家で灯りがつかない");
    auto listed = liaison.Meetings(made->id);
    ASSERT_OK(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ(listed->front().id, second->id);  // newest first
    EXPECT_EQ(listed->front().concerns.size(), 1u);
    EXPECT_EQ(listed->back().attendees.size(), 2u);
    EXPECT_ERROR(tb_->MutualAidLiaison().GetMeeting(first->id), ErrorCode::kNotFound, "");
    // A person named without the consent it relied on is refused by the table, and nothing is kept.
    meeting.concerns = {
        {.person_id = aiko, .consent_id = std::nullopt, .person_name = "", .text = "x", .name_withheld = false}};
    EXPECT_FALSE(liaison.AddMeeting(meeting));
    EXPECT_EQ(liaison.Meetings(made->id)->size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommissionerActivityContractTest,
                         testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace kasane::storage
