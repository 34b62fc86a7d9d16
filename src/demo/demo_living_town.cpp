// SPDX-License-Identifier: Apache-2.0
#include "demo/demo_living_town.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/japan_time.hpp"
#include "domain/household_survey_repositories.hpp"

namespace kasane::demo {

using namespace kasane::domain;  // NOLINT(google-build-using-namespace)
using std::chrono::days;
using std::chrono::sys_days;

namespace {

// The two 社会福祉法人 the demo town lacks beside はまかぜ会 and みどり福祉会 (names invented).
constexpr std::string_view kMoreCorporations[] = {"社会福祉法人 さかえ福祉会", "社会福祉法人 あおぞら会"};

// 自治会 names are made of a direction or quality and a landform, as the town's own are (東浜, 山手, 砂丘台);
// the first 57 that the demo town does not already have.
constexpr std::string_view kFirsts[] = {"北", "南", "上", "下", "新", "本", "大", "小", "松", "浦", "岡", "原"};
constexpr std::string_view kSeconds[] = {"原", "谷", "田", "川", "島", "沢", "崎", "野", "里", "森"};

// A deterministic count of 30–170 households per 自治会, about kLivingHouseholds in all.
int HouseholdsOf(int index) { return 30 + static_cast<int>((static_cast<unsigned>(index) * 2654435761U) % 141U); }

Status AddOrganizationsAndAreas(Store& store, MunicipalityId municipality, int households_year) {
    return store.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(municipality);
        auto organizations = tenant->Organizations().List();
        if (!organizations) return Fail(organizations.error());
        std::set<std::string, std::less<>> named;
        for (const Organization& organization : *organizations) named.insert(organization.name);
        for (std::string_view name : kMoreCorporations) {
            if (named.contains(name)) continue;
            if (auto created = tenant->Organizations().Create(OrganizationKind::kSocialWelfareCorporation, name);
                !created) {
                return Fail(created.error());
            }
        }
        auto areas = tenant->Areas().List(AreaKind::kNeighborhood);
        if (!areas) return Fail(areas.error());
        std::vector<Area> neighborhoods = std::move(*areas);
        std::set<std::string, std::less<>> existing;
        for (const Area& area : neighborhoods) existing.insert(area.name);
        for (std::string_view first : kFirsts) {
            for (std::string_view second : kSeconds) {
                if (static_cast<int>(neighborhoods.size()) >= kLivingNeighborhoods) break;
                std::string name = std::string(first) + std::string(second) + "自治会";
                if (existing.contains(name)) continue;
                auto created = tenant->Areas().Create(AreaKind::kNeighborhood, name);
                if (!created) return Fail(created.error());
                existing.insert(std::move(name));
                neighborhoods.push_back(std::move(*created));
            }
        }
        // Each 自治会 counts its households as of this year, summing to about kLivingHouseholds.
        long long raw = 0;
        for (int i = 0; i < static_cast<int>(neighborhoods.size()); ++i) raw += HouseholdsOf(i);
        for (int i = 0; i < static_cast<int>(neighborhoods.size()); ++i) {
            const auto& area = neighborhoods[static_cast<std::size_t>(i)];
            if (area.households) continue;
            const int count = static_cast<int>(HouseholdsOf(i) * kLivingHouseholds / raw);
            if (auto set = tenant->Areas().SetHouseholds(area.id, count, households_year); !set) return set;
        }
        return {};
    });
}

// The 支援会議 (社会福祉法 第106条の6) held monthly over the last twelve months — on the 10th, or the Monday after
// when it falls on a weekend — by the 福祉課 caseworker with 地域包括, the 社協 and a 法人, the town's cases
// discussed under the body's own secrecy (the meeting counts as held; its agenda stays with the cases' meetings).
// Skipped when the body already has a meeting.
Status HoldSupportMeetings(Store& store, MunicipalityId municipality, Date today) {
    return store.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(municipality);
        auto bodies = tenant->Meetings().ListBodies();
        if (!bodies) return Fail(bodies.error());
        const auto body = std::ranges::find(*bodies, LegalBasis::kArticle106_6, &MeetingBody::legal_basis);
        if (body == bodies->end()) return {};
        auto held = tenant->Meetings().ListMeetings(body->id);
        if (!held) return Fail(held.error());
        if (!held->empty()) return {};
        auto users = tenant->Users().List();
        if (!users) return Fail(users.error());
        const auto convenor = std::ranges::find(*users, std::string("demo-caseworker"), &User::username);
        if (convenor == users->end()) return {};
        auto organizations = tenant->Organizations().List();
        if (!organizations) return Fail(organizations.error());
        std::vector<Attendee> attendees{
            {.user_id = convenor->id, .name = convenor->display_name, .organization_id = convenor->organization_id}};
        for (const OrganizationKind kind :
             {OrganizationKind::kCommunityCareCenter, OrganizationKind::kSocialWelfareCouncil,
              OrganizationKind::kSocialWelfareCorporation}) {
            const auto found = std::ranges::find(*organizations, kind, &Organization::kind);
            if (found != organizations->end()) {
                attendees.push_back(Attendee{.name = "担当者", .organization_id = found->id});
            }
        }
        const std::chrono::year_month this_month = today.year() / today.month();
        for (int back = 11; back >= 0; --back) {
            const std::chrono::year_month month = this_month - std::chrono::months{back};
            sys_days day{month / 10};
            const std::chrono::weekday weekday{day};
            if (weekday == std::chrono::Saturday) day += days{2};
            if (weekday == std::chrono::Sunday) day += days{1};
            if (day > sys_days{today}) continue;
            Meeting meeting{.municipality_id = municipality,
                            .body_id = body->id,
                            .held_on = Date{day},
                            .convenor_user_id = convenor->id,
                            .attendees = attendees,
                            .minutes = "地区ごとの気になる世帯と、支援が届いていない人への関わり方を協議した。",
                            .created_at = StartOfJstDay(Date{day}) + std::chrono::hours{17}};
            if (auto created = tenant->Meetings().CreateMeeting(meeting); !created) return Fail(created.error());
        }
        return {};
    });
}

// The 全戸訪問 of the seed's 北栄町 (issue 15, item 2): one campaign over every 自治会, each assigned in turn to one of
// the town's five 法人 (the four 社会福祉法人 and the 社協); every household the 自治会 counts on its list (町字 and
// 番地, a 世帯主), a few flagged by the 自治会長 before the visit, and about half visited since the campaign began two
// months ago — mostly 面会, some 不在 awaiting a revisit. It runs to the end of the 年度. Skipped when a campaign
// exists.
constexpr std::string_view kFamilies[] = {"山本", "田中", "松本", "井上", "木村", "林",   "清水", "山崎",
                                          "森",   "池田", "橋本", "石川", "前田", "藤田", "岡田", "後藤"};
constexpr std::string_view kGivens[] = {"一郎", "和子", "茂",   "幸子", "博",     "恵子", "実",
                                        "京子", "勝",   "節子", "誠",   "美代子", "清",   "久美子"};

Status RunHouseholdSurvey(Store& store, MunicipalityId municipality, Date today) {
    return store.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(municipality);
        HouseholdSurveyRepository& surveys = tenant->HouseholdSurveys();
        auto campaigns = surveys.Campaigns();
        if (!campaigns) return Fail(campaigns.error());
        if (!campaigns->empty()) return {};
        auto users = tenant->Users().List();
        if (!users) return Fail(users.error());
        const auto runner = std::ranges::find(*users, std::string("demo-caseworker"), &User::username);
        if (runner == users->end()) return {};
        auto organizations = tenant->Organizations().List();
        if (!organizations) return Fail(organizations.error());
        std::vector<const Organization*> bodies;
        for (const Organization& organization : *organizations) {
            if (organization.kind == OrganizationKind::kSocialWelfareCorporation ||
                organization.kind == OrganizationKind::kSocialWelfareCouncil) {
                bodies.push_back(&organization);
            }
        }
        if (bodies.empty()) return {};
        auto areas = tenant->Areas().List(AreaKind::kNeighborhood);
        if (!areas) return Fail(areas.error());
        const sys_days day{today};
        const Instant created = StartOfJstDay(Date{day - days{60}}) + std::chrono::hours{9};
        const int fiscal_year = int(today.year()) - (unsigned(today.month()) < 4 ? 1 : 0);
        auto campaign = surveys.CreateCampaign(
            SurveyCampaign{.name = "令和" + std::to_string(fiscal_year - 2018) + "年度 全戸訪問",
                           .purpose = "町内の全世帯を自治会ごとに訪ね、困りごとを早く知って相談につなぐ",
                           .starts_on = Date{day - days{60}},
                           .ends_on = Date{std::chrono::year{fiscal_year + 1} / std::chrono::March / 31},
                           .items = DefaultSurveyForm(),
                           .created_by = runner->id,
                           .created_at = created});
        if (!campaign) return Fail(campaign.error());
        unsigned serial = 0;
        for (std::size_t a = 0; a < areas->size(); ++a) {
            const Area& area = (*areas)[a];
            if (!area.active) continue;
            const Organization& body = *bodies[a % bodies.size()];
            if (auto assigned = surveys.Assign(SurveyAssignment{
                    .campaign_id = campaign->id, .area_id = area.id, .body = {.organization_id = body.id}});
                !assigned) {
                return assigned;
            }
            std::string place = area.name;
            if (place.ends_with("自治会")) place.resize(place.size() - std::string_view("自治会").size());
            const int count = area.households.value_or(40);
            for (int i = 0; i < count; ++i) {
                ++serial;
                const unsigned hash = serial * 2654435761U;
                auto household = surveys.AddHousehold(
                    SurveyHousehold{.campaign_id = campaign->id,
                                    .area_id = area.id,
                                    .address = place + std::to_string(i / 20 + 1) + "-" + std::to_string(i % 20 + 1),
                                    .head_name = std::string(kFamilies[hash % std::size(kFamilies)]) + " " +
                                                 std::string(kGivens[(hash >> 8) % std::size(kGivens)]),
                                    .origin = HouseholdOrigin::kList,
                                    .created_by = runner->id,
                                    .created_at = created});
                if (!household) return Fail(household.error());
                if (serial % 41 == 0) {
                    if (auto note =
                            surveys.AddHearingNote(SurveyHearingNote{.household_id = household->id,
                                                                     .informant = HearingInformant::kNeighborhoodChief,
                                                                     .note = "高齢の一人暮らしで、最近姿を見かけない",
                                                                     .recorded_by = runner->id,
                                                                     .recorded_at = created});
                        !note) {
                        return Fail(note.error());
                    }
                }
                // About half visited so far: mostly 面会, some 不在 (revisit), a few 拒否・空き家・転居.
                const unsigned roll = (hash >> 4) % 100;
                if (roll >= 52) continue;
                const VisitOutcome outcome = roll < 36   ? VisitOutcome::kMet
                                             : roll < 46 ? VisitOutcome::kAbsent
                                             : roll < 49 ? VisitOutcome::kRefused
                                             : roll < 51 ? VisitOutcome::kVacant
                                                         : VisitOutcome::kMovedOut;
                const Date visited{day - days{1 + static_cast<int>((hash >> 12) % 58)}};
                SurveyVisit visit{.campaign_id = campaign->id,
                                  .household_id = household->id,
                                  .area_id = area.id,
                                  .visited_on = visited,
                                  .visitors = body.name + " 訪問員",
                                  .outcome = outcome,
                                  .form_version = 1,
                                  .notice = outcome == VisitOutcome::kMet && roll % 7 == 0
                                                ? "足腰が弱り、買い物に困っている様子"
                                                : "",
                                  .body = {.organization_id = body.id},
                                  .recorded_by = runner->id,
                                  .recorded_at = StartOfJstDay(visited) + std::chrono::hours{17}};
                if (outcome == VisitOutcome::kMet) {
                    visit.answers["trouble_health"] = roll % 7 == 0 ? "あり" : "なし";
                }
                if (auto added = surveys.AddVisit(visit); !added) return Fail(added.error());
            }
        }
        return {};
    });
}

}  // namespace

Result<DemoScaleReport> LoadLivingTown(Store& store, const DemoTown& town, Date today,
                                       std::function<void(std::string_view)> progress) {
    if (auto added = AddOrganizationsAndAreas(store, town.municipality.id, int(today.year())); !added) {
        return Fail(added.error());
    }
    auto loaded = LoadDemoScale(
        store, town,
        DemoScaleOptions{.scale = DemoScale::kTown, .seed = 1, .ending = today, .progress = std::move(progress)});
    if (!loaded) return loaded;
    if (auto held = HoldSupportMeetings(store, town.municipality.id, today); !held) return Fail(held.error());
    if (auto surveyed = RunHouseholdSurvey(store, town.municipality.id, today); !surveyed) {
        return Fail(surveyed.error());
    }
    return loaded;
}

}  // namespace kasane::demo
