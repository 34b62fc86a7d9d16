#include "domain/demo_town.hpp"

#include "domain/administration.hpp"

namespace kasane::domain {

namespace {

struct DemoOrganization {
    OrganizationKind kind;
    std::string_view name;
};

// Modelled on the agencies the seed names around 北栄町's 福祉課 (重層 coordination sits there) and its
// partners; the names are invented.
constexpr DemoOrganization kOrganizations[] = {
    {OrganizationKind::kMunicipalDivision, "福祉課"},
    {OrganizationKind::kMunicipalDivision, "健康推進課"},
    {OrganizationKind::kMunicipalDivision, "子育て支援課"},
    {OrganizationKind::kCommunityCareCenter, "栄浜町地域包括支援センター"},
    {OrganizationKind::kSocialWelfareCouncil, "栄浜町社会福祉協議会"},
    {OrganizationKind::kSocialWelfareCorporation, "社会福祉法人 はまかぜ会"},
    {OrganizationKind::kSocialWelfareCorporation, "社会福祉法人 みどり福祉会"},
    {OrganizationKind::kNpo, "NPO法人 ひだまりの家（ひきこもり支援）"},
    {OrganizationKind::kNpo, "NPO法人 こども食堂さかえ"},
    {OrganizationKind::kSchool, "栄浜町立浜小学校"},
    {OrganizationKind::kMedicalInstitution, "栄浜町国民健康保険診療所"},
};

struct DemoArea {
    AreaKind kind;
    std::string_view name;
};

constexpr DemoArea kAreas[] = {
    {AreaKind::kNeighborhood, "東浜自治会"},
    {AreaKind::kNeighborhood, "西浜自治会"},
    {AreaKind::kNeighborhood, "中央自治会"},
    {AreaKind::kNeighborhood, "山手自治会"},
    {AreaKind::kNeighborhood, "港町自治会"},
    {AreaKind::kNeighborhood, "砂丘台自治会"},
    {AreaKind::kElementarySchoolDistrict, "浜小学校区"},
    {AreaKind::kElementarySchoolDistrict, "山手小学校区"},
    {AreaKind::kJuniorHighSchoolDistrict, "栄浜中学校区"},
    {AreaKind::kWelfareVolunteerDistrict, "民生委員 第1区"},
    {AreaKind::kWelfareVolunteerDistrict, "民生委員 第2区"},
    {AreaKind::kWelfareVolunteerDistrict, "民生委員 第3区"},
    {AreaKind::kWelfareVolunteerDistrict, "民生委員 第4区"},
};

struct DemoUser {
    std::string_view username;
    std::string_view display_name;
    Role role;
    std::string_view organization;
};

constexpr DemoUser kUsers[] = {
    {"demo-admin", "システム 管理（デモ）", Role::kSystemAdministrator, "福祉課"},
    {"demo-town-admin", "町 管理者（デモ）", Role::kMunicipalAdministrator, "福祉課"},
    {"demo-coordinator", "調整 みどり（デモ）", Role::kCoordinator, "福祉課"},
    {"demo-caseworker", "相談 はるか（デモ）", Role::kCaseworker, "福祉課"},
    {"demo-houkatsu", "包括 さとし（デモ）", Role::kCaseworker, "栄浜町地域包括支援センター"},
    {"demo-npo", "陽だまり ゆう（デモ）", Role::kCaseworker, "NPO法人 ひだまりの家（ひきこもり支援）"},
    {"demo-volunteer", "民生 ただし（デモ）", Role::kWelfareVolunteer, "福祉課"},
    {"demo-auditor", "監査 まもる（デモ）", Role::kAuditor, "福祉課"},
    {"demo-analyst", "鳥取 県子（デモ）", Role::kPrefectureAnalyst, "福祉課"},
};

std::vector<DemoAccount> Accounts() {
    std::vector<DemoAccount> accounts;
    for (const DemoUser& user : kUsers) {
        accounts.push_back({std::string(user.username), std::string(RoleLabel(user.role)),
                            std::string(user.organization)});
    }
    return accounts;
}

}  // namespace

Result<DemoTown> LoadDemoTown(Store& store, const Clock& clock) {
    DemoTown town;
    town.accounts = Accounts();
    auto existing = store.Municipalities().FindByCode(kDemoMunicipalityCode);
    if (existing) {
        town.municipality = *existing;
        return town;
    }
    if (!existing.error().Is(ErrorCode::kNotFound)) return Fail(existing.error());

    const Status loaded = store.Transaction([&](Store& transaction) -> Status {
        Administration administration(transaction, clock);
        auto municipality = administration.CreateMunicipality(Municipality{.code = std::string(kDemoMunicipalityCode),
                                                                           .name = "栄浜町",
                                                                           .prefecture_name = "鳥取県",
                                                                           .fictional = true});
        if (!municipality) return Fail(municipality.error());
        town.municipality = *municipality;
        const MunicipalityId tenant = municipality->id;

        std::vector<Organization> organizations;
        for (const DemoOrganization& demo : kOrganizations) {
            auto created = administration.CreateOrganization(tenant, demo.kind, demo.name);
            if (!created) return Fail(created.error());
            organizations.push_back(*created);
        }
        for (const DemoArea& demo : kAreas) {
            if (auto created = administration.CreateArea(tenant, demo.kind, demo.name); !created) {
                return Fail(created.error());
            }
        }
        for (const DemoUser& demo : kUsers) {
            OrganizationId organization_id = 0;
            for (const Organization& organization : organizations) {
                if (organization.name == demo.organization) organization_id = organization.id;
            }
            auto created = administration.AddUser(tenant, UserRequest{.organization_id = organization_id,
                                                                      .username = std::string(demo.username),
                                                                      .display_name = std::string(demo.display_name),
                                                                      .roles = {demo.role},
                                                                      .password = std::string(kDemoPassword)});
            if (!created) return Fail(created.error());
        }
        return {};
    });
    if (!loaded) return Fail(loaded.error());
    town.created = true;
    return town;
}

}  // namespace kasane::domain
