// SPDX-License-Identifier: Apache-2.0
// 参加支援 matching's domain rules: the ranking of the directory's services for one person by fit, area and schedule
// (with what leaves a service out), the order of a match's stages with their dates and the reason to end, the
// 定着確認 due 1, 3 and 6 months after the start, and the town's own 定着 measure.

#include "domain/participation_match.hpp"
#include "domain/access_policy.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::year;

UuidSource Counter() {
    auto next = std::make_shared<int>(0);
    return [next] {
        char text[37];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++*next);
        return std::string(text);
    };
}

ResourceService Service(std::int64_t id, ServiceForm form, std::int64_t organization = 1) {
    ResourceService service = WriteServiceForm(form, Json::object(), Counter());
    service.id = ResourceServiceId{id};
    service.organization_id = ResourceOrganizationId{organization};
    return service;
}

std::vector<ResourceService> Town() {
    return {
        Service(1, {.name = "図書館ボランティア（本の整理）",
                    .description = "静かな作業",
                    .status = "active",
                    .kinds = {ResourceKind::kVolunteer},
                    .areas_served = {"中央"},
                    .schedule = ResourceSchedule{.days = {"WE"}, .opens_at = "10:00", .closes_at = "12:00"}}),
        Service(2,
                {.name = "農作業体験",
                 .description = "体を動かす",
                 .status = "active",
                 .kinds = {ResourceKind::kFarmExperience, ResourceKind::kWorkExperience},
                 .areas_served = {"東浜"},
                 .schedule = ResourceSchedule{.days = {"TU", "FR"}, .opens_at = "09:00", .closes_at = "12:00"}},
                2),
        Service(3, {.name = "高齢者サロン",
                    .status = "active",
                    .kinds = {ResourceKind::kSalon},
                    .areas_served = {"中央"},
                    .schedule = ResourceSchedule{.days = {"WE"}, .opens_at = "13:00", .closes_at = "15:00"},
                    .minimum_age = 65}),
        Service(4, {.name = "休止中の居場所",
                    .status = "inactive",
                    .kinds = {ResourceKind::kIbasho},
                    .areas_served = {"中央"}}),
        Service(5, {.name = "夜の居場所",
                    .status = "active",
                    .kinds = {ResourceKind::kIbasho},
                    .areas_served = {"中央"},
                    .schedule = ResourceSchedule{.days = {"WE"}, .opens_at = "18:00", .closes_at = "21:00"}}),
    };
}

std::vector<ResourceOrganization> Hosts() {
    ResourceOrganization farm;
    farm.id = ResourceOrganizationId{2};
    farm.cooperating = CooperatingHost::kYes;
    return {farm};
}

std::vector<std::int64_t> Ids(const std::vector<MatchSuggestion>& suggestions) {
    std::vector<std::int64_t> ids;
    for (const MatchSuggestion& suggestion : suggestions) ids.push_back(suggestion.service_id.value());
    return ids;
}

// The withdrawn young man of the issue: wants quiet volunteering, then farm work; days and hours limited.
ParticipationWishes YoungMan() {
    return {.kinds = {ResourceKind::kVolunteer, ResourceKind::kFarmExperience},
            .tags = {"静か"},
            .free_text = "人の少ないところで、午前中だけ",
            .areas = {"中央", "東浜"},
            .days = {"WE", "FR"},
            .earliest = "09:00",
            .latest = "12:30",
            .transport = Transport::kBicycle,
            .age = 24};
}

TEST(ParticipationMatch, RanksByFitAreaAndSchedule) {
    const auto ranked = RankSuggestions(YoungMan(), Town(), Hosts());
    // The library post fits best (kind, tag 「静か」, area, Wednesday, morning); the farm next (kind, area, Friday,
    // morning, 協力事業者). The salon is for 65 and over, the evening 居場所 outside his hours, the inactive one not
    // public.
    EXPECT_EQ(Ids(ranked), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(ranked[0].score, 40 + 20 + 15 + 10 + 10);
    EXPECT_EQ(ranked[1].score, 40 + 20 + 15 + 10 + 5);
    EXPECT_NE(std::ranges::find(ranked[1].reasons, "協力事業者"), ranked[1].reasons.end());
    EXPECT_NE(std::ranges::find(ranked[1].reasons, "金曜に参加できる"), ranked[1].reasons.end());
}

TEST(ParticipationMatch, WhatLeavesAServiceOut) {
    ParticipationWishes wishes = YoungMan();
    wishes.days = {"MO"};  // no service meets on Monday
    EXPECT_TRUE(RankSuggestions(wishes, Town(), Hosts()).empty());
    wishes = YoungMan();
    wishes.transport = Transport::kWalk;  // on foot: his own area only
    wishes.areas = {"東浜"};
    EXPECT_EQ(Ids(RankSuggestions(wishes, Town(), Hosts())), (std::vector<std::int64_t>{2}));
    wishes.transport = Transport::kCar;  // by car the library is reachable, ranked below the farm in his area
    EXPECT_EQ(Ids(RankSuggestions(wishes, Town(), Hosts())), (std::vector<std::int64_t>{2, 1}));
    wishes = YoungMan();
    wishes.age = 70;
    wishes.latest = "16:00";
    wishes.kinds = {ResourceKind::kSalon};
    const auto older = RankSuggestions(wishes, Town(), Hosts());
    EXPECT_EQ(older.front().service_id, ResourceServiceId{3});
}

// The page shows the best 20 only (kSuggestionLimit): the limited ranking is the first of the full one, the same
// scores and reasons, equals in the order of the directory.
TEST(ParticipationMatch, TheBestFewAreTheFirstOfTheWholeRanking) {
    std::vector<ResourceService> town;
    for (std::int64_t id = 1; id <= 40; ++id) {
        const bool farm = id % 3 == 0;
        town.push_back(Service(
            id,
            {.name = farm ? "農作業" : "静かな図書整理",
             .status = "active",
             .kinds = {farm ? ResourceKind::kFarmExperience : ResourceKind::kVolunteer},
             .areas_served = {id % 2 == 0 ? "東浜" : "西浜"},
             .schedule =
                 ResourceSchedule{.days = {id % 4 == 0 ? "FR" : "WE"}, .opens_at = "09:00", .closes_at = "12:00"}},
            id % 5 == 0 ? 2 : 1));
    }
    const ParticipationWishes wishes = YoungMan();
    const auto whole = RankSuggestions(wishes, town, Hosts());
    ASSERT_EQ(whole.size(), 40U);
    for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{20}, std::size_t{60}}) {
        const auto best = RankSuggestions(wishes, town, Hosts(), limit);
        ASSERT_EQ(best.size(), std::min(limit, whole.size()));
        for (std::size_t i = 0; i < best.size(); ++i) {
            EXPECT_EQ(best[i].service_id, whole[i].service_id) << i;
            EXPECT_EQ(best[i].score, whole[i].score) << i;
            EXPECT_EQ(best[i].reasons, whole[i].reasons) << i;
        }
    }
    // Equal scores keep the directory's order.
    for (std::size_t i = 1; i < whole.size(); ++i) {
        if (whole[i].score == whole[i - 1].score) {
            EXPECT_LT(whole[i - 1].service_id, whole[i].service_id);
        }
    }
}

TEST(ParticipationMatch, StagesMoveForwardOneAtATimeAndEndWithAReason) {
    const Date began{year{2025}, std::chrono::April, day{1}};
    const Date today{year{2025}, std::chrono::October, day{1}};
    const auto change = [&](MatchStage from, MatchStage to, Date on, std::string reason = "") {
        auto checked =
            ValidateStageChange({.from = from, .to = to, .on = on, .reason = std::move(reason)}, began, began, today);
        return checked ? std::string() : checked.error().field;
    };
    const Date may{year{2025}, std::chrono::May, day{1}};
    EXPECT_EQ(change(MatchStage::kProposed, MatchStage::kTrial, may), "");
    EXPECT_EQ(change(MatchStage::kProposed, MatchStage::kStarted, may), "");  // 見学・体験 may be skipped
    EXPECT_EQ(change(MatchStage::kTrial, MatchStage::kStarted, may), "");
    EXPECT_EQ(change(MatchStage::kStarted, MatchStage::kCheck1, may), "");
    EXPECT_EQ(change(MatchStage::kStarted, MatchStage::kCheck3, may), "to");  // out of order
    EXPECT_EQ(change(MatchStage::kCheck1, MatchStage::kStarted, may), "to");  // backwards
    EXPECT_EQ(change(MatchStage::kProposed, MatchStage::kProposed, may), "to");
    EXPECT_EQ(change(MatchStage::kTrial, MatchStage::kEnded, may), "reason");
    EXPECT_EQ(change(MatchStage::kTrial, MatchStage::kEnded, may, "本人が別の場所を希望"), "");
    EXPECT_EQ(change(MatchStage::kEnded, MatchStage::kEnded, may, "もう一度"), "to");
    EXPECT_EQ(change(MatchStage::kProposed, MatchStage::kTrial, Date{year{2025}, std::chrono::March, day{31}}), "on");
    EXPECT_EQ(change(MatchStage::kProposed, MatchStage::kTrial, Date{year{2025}, std::chrono::October, day{2}}), "on");
    // Not before the last change either.
    EXPECT_FALSE(
        ValidateStageChange({.from = MatchStage::kTrial, .to = MatchStage::kStarted, .on = began}, began, may, today));
}

TEST(ParticipationMatch, ChecksFallDueOneThreeAndSixMonthsAfterTheStart) {
    const Date started{year{2025}, std::chrono::August, day{31}};
    EXPECT_EQ(CheckDue(started, MatchStage::kCheck1), (Date{year{2025}, std::chrono::September, day{30}}));
    EXPECT_EQ(CheckDue(started, MatchStage::kCheck3), (Date{year{2025}, std::chrono::November, day{30}}));
    EXPECT_EQ(CheckDue(started, MatchStage::kCheck6), (Date{year{2026}, std::chrono::February, day{28}}));
    EXPECT_EQ(NextCheckDue(MatchStage::kStarted, started), CheckDue(started, MatchStage::kCheck1));
    EXPECT_EQ(NextCheckDue(MatchStage::kCheck3, started), CheckDue(started, MatchStage::kCheck6));
    EXPECT_EQ(NextCheckDue(MatchStage::kCheck6, started), std::nullopt);
    EXPECT_EQ(NextCheckDue(MatchStage::kTrial, std::nullopt), std::nullopt);
}

TEST(ParticipationMatch, TheTownsRetentionMeasure) {
    const RetentionMeasure measure = CountRetention(
        {MatchStage::kProposed, MatchStage::kStarted, MatchStage::kCheck1, MatchStage::kCheck3, MatchStage::kCheck6});
    EXPECT_EQ(measure.started, 4);
    EXPECT_EQ(measure.retained_3_months, 2);
    EXPECT_EQ(ParseMatchStage("check_3"), MatchStage::kCheck3);
    EXPECT_EQ(MatchStageLabel(MatchStage::kTrial), "見学・体験");
    EXPECT_FALSE(ParseMatchStage("check_2"));
}

std::string FieldOf(const Status& status) { return status ? "" : status.error().field; }

TEST(ParticipationMatch, WishesTravelAsJsonAndAreChecked) {
    const ParticipationWishes wishes{.kinds = {ResourceKind::kFarmExperience},
                                     .tags = {"動物"},
                                     .free_text = "外に出たい",
                                     .areas = {"東浜"},
                                     .days = {"TU", "FR"},
                                     .earliest = "09:00",
                                     .latest = "15:00",
                                     .transport = Transport::kNeedsPickup,
                                     .age = 40,
                                     .needs_accessibility = true,
                                     .host_share = "呼び名は「たけさん」"};
    auto read = WishesFromJson(WishesToJson(wishes));
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->kinds, wishes.kinds);
    EXPECT_EQ(read->days, wishes.days);
    EXPECT_EQ(read->transport, Transport::kNeedsPickup);
    EXPECT_EQ(read->age, 40);
    EXPECT_TRUE(read->needs_accessibility);
    EXPECT_EQ(read->free_text, "外に出たい");
    EXPECT_EQ(read->host_share, "呼び名は「たけさん」");
    // Each bad value is named by its field.
    const auto field = [](Json json) {
        auto parsed = WishesFromJson(json);
        return parsed ? std::string() : parsed.error().field;
    };
    EXPECT_EQ(field({{"kinds", {"fishing"}}}), "kinds");
    EXPECT_EQ(field({{"transport", "plane"}}), "transport");
    EXPECT_EQ(field({{"host_share", std::string(1001, 'a')}}), "host_share");
    EXPECT_EQ(field({{"days", {"XX"}}}), "days");
    EXPECT_EQ(field({{"earliest", "9時"}}), "earliest");
    EXPECT_EQ(field({{"earliest", "15:00"}, {"latest", "10:00"}}), "latest");
    EXPECT_EQ(field({{"age", 130}}), "age");
    EXPECT_EQ(field({{"age", "30"}}), "age");
    EXPECT_EQ(field({{"tags", {""}}}), "tags");
    EXPECT_EQ(field({{"needs_accessibility", "yes"}}), "needs_accessibility");
    EXPECT_EQ(field(Json::array()), "wishes");
    EXPECT_EQ(ParseTransport("walk"), Transport::kWalk);
    EXPECT_EQ(TransportLabel(Transport::kCar), "自家用車");
}

TEST(ParticipationMatch, AStageChangeIsAppliedAndCounted) {
    const Date began{year{2025}, std::chrono::April, day{1}};
    const Date started{year{2025}, std::chrono::April, day{10}};
    ParticipationMatch match{.id = ParticipationMatchId{1}, .person_id = PersonId{7}, .began_on = began};
    EXPECT_EQ(LastChangeOn(match), began);
    match = ApplyStageChange(match, {.from = MatchStage::kProposed, .to = MatchStage::kStarted, .on = started},
                             UserId{1}, Instant{});
    EXPECT_EQ(match.stage, MatchStage::kStarted);
    EXPECT_EQ(match.started_on, started);
    EXPECT_EQ(LastChangeOn(match), started);
    ParticipationMatch ended = ApplyStageChange(
        match, {.from = MatchStage::kStarted, .to = MatchStage::kEnded, .on = started, .reason = "体調"}, UserId{1},
        Instant{});
    EXPECT_EQ(ended.reached, MatchStage::kStarted);
    EXPECT_EQ(ended.end_reason, "体調");
    EXPECT_EQ(ended.history.size(), 2u);
    ParticipationMatch retained = ApplyStageChange(
        ApplyStageChange(match, {.from = MatchStage::kStarted, .to = MatchStage::kCheck1, .on = started}, UserId{1},
                         Instant{}),
        {.from = MatchStage::kCheck1, .to = MatchStage::kCheck3, .on = started}, UserId{1}, Instant{});
    retained.person_id = PersonId{8};
    ParticipationMatch proposed{.person_id = PersonId{8}};
    ResourceOrganization host;
    host.cooperating = CooperatingHost::kYes;
    const ParticipationCounts counts = CountParticipation({ended, retained, proposed}, {host, ResourceOrganization{}});
    EXPECT_EQ(counts.persons, 2);
    EXPECT_EQ(counts.cooperating_hosts, 1);
    EXPECT_EQ(counts.retention.started, 2);  // the ended match had started
    EXPECT_EQ(counts.retention.retained_3_months, 1);
}

TEST(ParticipationMatch, AHostSupportNoteNeedsTextAndADayInTheMatch) {
    const Date began{year{2025}, std::chrono::April, day{1}};
    const Date today{year{2025}, std::chrono::May, day{1}};
    EXPECT_EQ(FieldOf(ValidateHostSupportNote({.on = today, .note = "訪問"}, began, today)), "");
    EXPECT_EQ(FieldOf(ValidateHostSupportNote({.on = today, .note = ""}, began, today)), "note");
    EXPECT_EQ(FieldOf(ValidateHostSupportNote({.on = Date{year{2025}, std::chrono::March, day{1}}, .note = "x"}, began,
                                              today)),
              "on");
    EXPECT_EQ(
        FieldOf(ValidateHostSupportNote({.on = Date{year{2025}, std::chrono::May, day{2}}, .note = "x"}, began, today)),
        "on");
}

Principal Staff(OrganizationId organization, Role role) {
    Principal principal;
    principal.user.id = UserId{7};
    principal.user.organization_id = organization;
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = {role};
    return principal;
}

// The one policy for matches: the 社協's and the divisions' professionals work 参加支援; a match is read by the
// organisation that works it and by the divisions' staff, no one else — not a partner agency, not a 民生委員, not an
// administrator's role by itself.
TEST(ParticipationMatch, WhoWorksAndReadsAMatch) {
    const OrganizationId shakyo{3};
    const OrganizationId division{1};
    const OrganizationId npo{5};
    EXPECT_TRUE(MayWorkParticipation(Staff(shakyo, Role::kCaseworker), OrganizationKind::kSocialWelfareCouncil));
    EXPECT_TRUE(MayWorkParticipation(Staff(division, Role::kCoordinator), OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(MayWorkParticipation(Staff(npo, Role::kCaseworker), OrganizationKind::kNpo));
    EXPECT_FALSE(MayWorkParticipation(Staff(shakyo, Role::kWelfareVolunteer), OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(
        MayWorkParticipation(Staff(division, Role::kMunicipalAdministrator), OrganizationKind::kMunicipalDivision));

    const ActivityAccess own =
        ParticipationMatchAccess(Staff(shakyo, Role::kCaseworker), OrganizationKind::kSocialWelfareCouncil, shakyo);
    EXPECT_TRUE(own.allowed);
    EXPECT_EQ(own.basis, "match_organization");
    const ActivityAccess town =
        ParticipationMatchAccess(Staff(division, Role::kCaseworker), OrganizationKind::kMunicipalDivision, shakyo);
    EXPECT_TRUE(town.allowed);
    EXPECT_EQ(town.basis, "municipal_staff");
    EXPECT_FALSE(ParticipationMatchAccess(Staff(npo, Role::kCaseworker), OrganizationKind::kNpo, shakyo).allowed);
    EXPECT_FALSE(ParticipationMatchAccess(Staff(shakyo, Role::kWelfareVolunteer),
                                          OrganizationKind::kSocialWelfareCouncil, shakyo)
                     .allowed);
    EXPECT_FALSE(ParticipationMatchAccess(Staff(division, Role::kAuditor), OrganizationKind::kMunicipalDivision, shakyo)
                     .allowed);
}

}  // namespace
}  // namespace kasane::domain
