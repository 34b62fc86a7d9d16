// SPDX-License-Identifier: Apache-2.0
#include "demo/demo_living_town.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/japan_time.hpp"

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
    return loaded;
}

}  // namespace kasane::demo
