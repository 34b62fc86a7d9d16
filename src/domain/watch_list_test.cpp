// SPDX-License-Identifier: Apache-2.0
// 見守り: the entry's rules (basis with its consent, watchers with name and role), when a contact is overdue, and the
// policy (a 民生委員 reads her own district only).

#include "domain/watch_list.hpp"

#include <gtest/gtest.h>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::May;
using std::chrono::year;

constexpr Date kToday{year{2024}, May, day{20}};

WatchEntry Valid() {
    return WatchEntry{.person_id = PersonId{5},
                      .person_name = "東浜 トミ",
                      .neighborhood_area_id = 1,
                      .district_area_id = 10,
                      .reason = "ひとり暮らし、足が悪い",
                      .basis = WatchBasis::kEvacuationRoster,
                      .consent_on = Date{year{2024}, May, day{1}},
                      .frequency_days = 7,
                      .watchers = {{.user_id = UserId{3}, .name = "民生 ただし", .role = "民生委員"},
                                   {.user_id = std::nullopt, .name = "隣の 山田さん", .role = "近隣住民"}}};
}

Principal MakePrincipal(std::int64_t id, std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{id};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(WatchList, AnEntryWithItsBasisAndWatchersIsValid) {
    EXPECT_TRUE(ValidateWatchEntry(Valid(), kToday));
    EXPECT_EQ(*ParseWatchBasis("evacuation_roster"), WatchBasis::kEvacuationRoster);
    EXPECT_FALSE(ParseWatchBasis("whole_roster"));
}

TEST(WatchList, EachRuleNamesItsField) {
    auto with = [](auto change) {
        WatchEntry entry = Valid();
        change(entry);
        auto checked = ValidateWatchEntry(entry, kToday);
        return checked ? std::string() : checked.error().field;
    };
    EXPECT_EQ(with([](WatchEntry& e) { e.person_id = PersonId{0}; }), "person_id");
    EXPECT_EQ(with([](WatchEntry& e) { e.reason.clear(); }), "reason");
    EXPECT_EQ(with([](WatchEntry& e) { e.frequency_days = 0; }), "frequency_days");
    EXPECT_EQ(with([](WatchEntry& e) { e.frequency_days = 366; }), "frequency_days");
    // The consent that is the basis has a day, and it is not in the future.
    EXPECT_EQ(with([](WatchEntry& e) { e.consent_on = Date{year{2024}, May, day{21}}; }), "consent_on");
    EXPECT_EQ(with([](WatchEntry& e) { e.watchers.clear(); }), "watchers");
    EXPECT_EQ(with([](WatchEntry& e) { e.watchers[1].role.clear(); }), "watchers");
    EXPECT_EQ(with([](WatchEntry& e) { e.last_contact_on = Date{year{2024}, May, day{21}}; }), "last_contact_on");
}

TEST(WatchList, AContactIsOverdueTheDayAfterItWasDue) {
    WatchEntry entry = Valid();
    EXPECT_EQ(NextContactDue(entry), (Date{year{2024}, May, day{8}}));  // from the consent, before any contact
    EXPECT_TRUE(IsOverdue(entry, kToday));
    entry.last_contact_on = Date{year{2024}, May, day{13}};
    EXPECT_EQ(NextContactDue(entry), kToday);
    EXPECT_FALSE(IsOverdue(entry, kToday));
    EXPECT_TRUE(IsOverdue(entry, Date{year{2024}, May, day{21}}));
}

TEST(WatchListPolicy, ACommissionerReadsHerOwnDistrictOnly) {
    const Principal volunteer = MakePrincipal(3, {Role::kWelfareVolunteer});
    const std::optional<Commissioner> self =
        Commissioner{.user_id = UserId{3}, .district_area_id = 10, .council_id = 1};
    EXPECT_EQ(WatchListAccess(volunteer, OrganizationKind::kMunicipalDivision, 10, self).basis, "own_district");
    EXPECT_FALSE(WatchListAccess(volunteer, OrganizationKind::kMunicipalDivision, 11, self).allowed);
    EXPECT_FALSE(WatchListAccess(volunteer, OrganizationKind::kMunicipalDivision, 10, std::nullopt).allowed);
    // Another commissioner's assignment does not open it.
    const std::optional<Commissioner> other =
        Commissioner{.user_id = UserId{4}, .district_area_id = 10, .council_id = 1};
    EXPECT_FALSE(WatchListAccess(volunteer, OrganizationKind::kMunicipalDivision, 10, other).allowed);
    EXPECT_FALSE(MayKeepWatchList(volunteer, OrganizationKind::kMunicipalDivision));
}

TEST(WatchListPolicy, TheMunicipalitysStaffKeepTheListPartnersDoNot) {
    const Principal caseworker = MakePrincipal(7, {Role::kCaseworker});
    EXPECT_EQ(WatchListAccess(caseworker, OrganizationKind::kMunicipalDivision, 11, std::nullopt).basis,
              "municipal_staff");
    EXPECT_TRUE(MayKeepWatchList(caseworker, OrganizationKind::kMunicipalDivision));
    EXPECT_FALSE(WatchListAccess(caseworker, OrganizationKind::kNpo, 11, std::nullopt).allowed);
    const Principal administrator = MakePrincipal(8, {Role::kMunicipalAdministrator});
    EXPECT_FALSE(WatchListAccess(administrator, OrganizationKind::kMunicipalDivision, 11, std::nullopt).allowed);
}

}  // namespace
}  // namespace kasane::domain
