// SPDX-License-Identifier: Apache-2.0
#include "demo/demo_town.hpp"

#include <algorithm>

#include "domain/administration.hpp"
#include "domain/case_service.hpp"
#include "domain/commissioner_activity_repositories.hpp"
#include "domain/intake.hpp"

namespace kasane::demo {

// The generators speak the domain's vocabulary throughout.
using namespace kasane::domain;  // NOLINT(google-build-using-namespace)

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
        accounts.push_back(
            {std::string(user.username), std::string(RoleLabel(user.role)), std::string(user.organization)});
    }
    return accounts;
}

OrganizationId OrganizationNamed(const std::vector<Organization>& organizations, std::string_view name) {
    for (const Organization& organization : organizations) {
        if (organization.name == name) return organization.id;
    }
    return OrganizationId{0};
}

// The statutory meeting bodies of the lawful-sharing journey, with the town's own names, members and pledges.
Status LoadDemoBodies(TenantStore& tenant, MunicipalityId tenant_id, const std::vector<Organization>& organizations,
                      Instant now) {
    const Date pledged{std::chrono::floor<std::chrono::days>(now) - std::chrono::days{200}};
    auto member = [&](std::string_view name) {
        return BodyMember{.organization_id = OrganizationNamed(organizations, name), .pledge_signed_on = pledged};
    };
    const std::vector<BodyMember> core = {member("福祉課"), member("栄浜町地域包括支援センター"),
                                          member("栄浜町社会福祉協議会"),
                                          member("NPO法人 ひだまりの家（ひきこもり支援）")};
    struct DemoBody {
        LegalBasis basis;
        std::string_view name;
        std::vector<BodyMember> members;
        std::vector<NamedMember> named_members;
    };
    // The persons each member organisation named, with their own pledges (社会福祉法第106条の6 binds persons): the
    // staff who work cases in 福祉課, 地域包括 and the ひきこもり NPO. The 民生委員 has not pledged: they read no
    // meeting until they attend one and pledge.
    auto users = tenant.Users().List();
    if (!users) return Fail(users.error());
    auto named = [&](std::initializer_list<std::string_view> usernames) {
        std::vector<NamedMember> members;
        for (const User& user : *users) {
            if (std::find(usernames.begin(), usernames.end(), user.username) == usernames.end()) continue;
            members.push_back(
                NamedMember{.user_id = user.id, .organization_id = user.organization_id, .pledge_signed_on = pledged});
        }
        return members;
    };
    const std::vector<NamedMember> core_persons =
        named({"demo-coordinator", "demo-caseworker", "demo-houkatsu", "demo-npo"});
    std::vector<DemoBody> bodies = {
        {LegalBasis::kArticle106_6, "栄浜町支援会議", core, core_persons},
        {LegalBasis::kMultilayerMeeting, "栄浜町重層的支援会議", core, core_persons},
        {LegalBasis::kIsolationCouncil,
         "栄浜町孤独・孤立対策地域協議会",
         {member("福祉課"), member("栄浜町社会福祉協議会"), member("NPO法人 こども食堂さかえ"),
          member("NPO法人 ひだまりの家（ひきこもり支援）")},
         named({"demo-coordinator", "demo-npo"})},
    };
    for (const DemoBody& demo : bodies) {
        MeetingBody body{.municipality_id = tenant_id,
                         .legal_basis = demo.basis,
                         .display_name = std::string(demo.name),
                         .shares_without_consent = SharesWithoutConsentByDefault(demo.basis),
                         .sharing_days = 90,
                         .coordinating_organization_id = demo.basis == LegalBasis::kIsolationCouncil
                                                             ? std::optional<OrganizationId>(OrganizationNamed(
                                                                   organizations, "栄浜町社会福祉協議会"))
                                                             : std::nullopt,
                         .members = demo.members,
                         .named_members = demo.named_members,
                         .created_at = now};
        if (auto saved = tenant.Meetings().CreateBody(body); !saved) return Fail(saved.error());
    }
    return {};
}

// An elderly woman known to 地域包括: her record and one consultation about care, with one home visit `days_ago`.
struct KnownElder {
    PersonData data;
    std::string chief_complaint;
    Source source = Source::kSelf;
    Caller caller;
    std::string summary;
    int days_ago = 0;
};

Status RecordKnownToHoukatsu(TenantStore& tenant, MunicipalityId tenant_id, OrganizationId houkatsu,
                             UserId houkatsu_user, const KnownElder& elder, Instant now) {
    auto person = tenant.Persons().Create(Person{.municipality_id = tenant_id,
                                                 .data = elder.data,
                                                 .created_by_organization_id = houkatsu,
                                                 .created_by_user_id = houkatsu_user,
                                                 .created_at = now,
                                                 .updated_at = now},
                                          PersonService::KeysOf(elder.data));
    if (!person) return Fail(person.error());
    auto categories = tenant.Categories().List();
    if (!categories) return Fail(categories.error());
    CategoryId care = 0;
    for (const WorryCategory& category : *categories) {
        if (category.code == "care") care = category.id;
    }
    const Instant contact_at = now - std::chrono::days{elder.days_ago};
    Consultation consultation{.municipality_id = tenant_id,
                              .receiving_organization_id = houkatsu,
                              .received_by_user_id = houkatsu_user,
                              .person_id = person->id,
                              .chief_complaint = elder.chief_complaint,
                              .categories = {CategoryChoice{.category_id = care, .most_pressing = true}},
                              .outcome = Outcome::kOpen,
                              .contacts = {Contact{.occurred_at = contact_at,
                                                   .channel = Channel::kHomeVisit,
                                                   .source = elder.source,
                                                   .caller = elder.caller,
                                                   .organization_id = houkatsu,
                                                   .staff_user_id = houkatsu_user,
                                                   .summary = elder.summary,
                                                   .summary_tag = TextTag::kFact,
                                                   .recorded_at = contact_at}},
                              .created_at = contact_at};
    if (auto saved = tenant.Consultations().Create(consultation); !saved) return Fail(saved.error());
    return {};
}

// The mother of the 8050 household of the issues' journeys: known to 地域包括 for a year, under the variant
// spelling 髙橋 that a caseworker searching 「高橋」 must still find.
// 民生委員の活動記録 (issue 15, item 4): two 民児協 with the 福祉課 staff in charge of each, and the demo's 民生委員 in
// 民生委員 第1区 of the first.
Status LoadDemoCommissioners(TenantStore& tenant, Instant now) {
    auto users = tenant.Users().List();
    if (!users) return Fail(users.error());
    auto user_named = [&](std::string_view username) -> UserId {
        for (const User& user : *users) {
            if (user.username == username) return user.id;
        }
        return UserId{};
    };
    auto areas = tenant.Areas().List(AreaKind::kWelfareVolunteerDistrict);
    if (!areas) return Fail(areas.error());
    auto hama = tenant.CommissionerActivity().CreateCouncil(
        {.name = "浜地区民生委員児童委員協議会", .staff_user_id = user_named("demo-caseworker"), .created_at = now});
    if (!hama) return Fail(hama.error());
    auto yamate = tenant.CommissionerActivity().CreateCouncil(
        {.name = "山手地区民生委員児童委員協議会", .staff_user_id = user_named("demo-coordinator"), .created_at = now});
    if (!yamate) return Fail(yamate.error());
    AreaId first_district = 0;
    for (const Area& area : *areas) {
        if (area.name == "民生委員 第1区") first_district = area.id;
    }
    return tenant.CommissionerActivity().AssignCommissioner(
        {.user_id = user_named("demo-volunteer"), .district_area_id = first_district, .council_id = hama->id});
}

Status LoadDemoPersons(Store& store, MunicipalityId tenant_id, const std::vector<Organization>& organizations,
                       Instant now) {
    auto tenant = store.Tenant(tenant_id);
    if (auto seeded = tenant->Categories().EnsureSeeded(DefaultWorryCategories()); !seeded) return seeded;
    auto users = tenant->Users().List();
    if (!users) return Fail(users.error());
    UserId houkatsu_user{};
    for (const User& user : *users) {
        if (user.username == "demo-houkatsu") houkatsu_user = user.id;
    }
    const OrganizationId houkatsu = OrganizationNamed(organizations, "栄浜町地域包括支援センター");
    auto areas = tenant->Areas().List(AreaKind::kNeighborhood);
    if (!areas) return Fail(areas.error());

    PersonData mother;
    mother.family_name = "髙橋";
    mother.given_name = "トミ";
    mother.family_name_kana = "タカハシ";
    mother.given_name_kana = "トミ";
    mother.birth_date = std::chrono::year{1940} / 6 / 15;
    mother.sex = Sex::kFemale;
    mother.phone = "0858-00-1234";
    mother.address = Address{.prefecture = "鳥取県", .municipality = "東伯郡栄浜町", .town = "東浜", .block = "12-3"};
    mother.neighborhood_id = areas->empty() ? std::nullopt : std::optional<AreaId>(areas->front().id);
    const Status recorded = RecordKnownToHoukatsu(
        *tenant, tenant_id, houkatsu, houkatsu_user,
        KnownElder{.data = mother,
                   .chief_complaint = "足腰が弱り、買い物に行けなくなってきた。同居の息子のことも心配。",
                   .source = Source::kWelfareVolunteer,
                   .caller = Caller{.name = "民生委員（デモ）", .relationship = "担当民生委員"},
                   .summary = "民生委員の連絡で訪問。介護保険の申請を案内した。",
                   .days_ago = 40},
        now);
    if (!recorded) return recorded;
    return LoadDemoBodies(*tenant, tenant_id, organizations, now);
}

// 多機関協働 demo: the seeded assessment sheet, and the mother of the household the done-when walks through
// (山田 ハル, 84, known to 地域包括 with one consultation). Her son, the household, the case and the consents are
// created by the tests through the API and the UI, so they are not seeded. Runs on every load and adds only what is
// missing, so a demo database loaded before cases existed gets them too.
Status EnsureCaseDemo(Store& store, MunicipalityId tenant_id, Instant now) {
    auto tenant = store.Tenant(tenant_id);
    auto organizations = tenant->Organizations().List();
    if (!organizations) return Fail(organizations.error());
    auto users = tenant->Users().List();
    if (!users) return Fail(users.error());
    UserId coordinator_user{};
    UserId houkatsu_user{};
    for (const User& user : *users) {
        if (user.username == "demo-coordinator") coordinator_user = user.id;
        if (user.username == "demo-houkatsu") houkatsu_user = user.id;
    }

    if (auto seeded = EnsureAssessmentForm(*tenant, coordinator_user, now); !seeded) return Fail(seeded.error());

    const Date birth_date = std::chrono::year{1942} / 5 / 10;
    auto same_birth = tenant->Persons().FindByBirthDate(birth_date, 50);
    if (!same_birth) return Fail(same_birth.error());
    std::vector<PersonId> candidates;
    for (const PersonSearchHit& hit : *same_birth) candidates.push_back(hit.person_id);
    auto existing = tenant->Persons().GetMany(candidates);
    if (!existing) return Fail(existing.error());
    for (const Person& person : *existing) {
        if (person.data.family_name == "山田" && person.data.given_name == "ハル") return {};
    }

    const OrganizationId houkatsu = OrganizationNamed(*organizations, "栄浜町地域包括支援センター");
    auto areas = tenant->Areas().List(AreaKind::kNeighborhood);
    if (!areas) return Fail(areas.error());
    PersonData mother;
    mother.family_name = "山田";
    mother.given_name = "ハル";
    mother.family_name_kana = "ヤマダ";
    mother.given_name_kana = "ハル";
    mother.birth_date = birth_date;
    mother.sex = Sex::kFemale;
    mother.phone = "0858-00-5678";
    mother.address = Address{.prefecture = "鳥取県", .municipality = "東伯郡栄浜町", .town = "西浜", .block = "4-7"};
    mother.neighborhood_id =
        areas->empty() ? std::nullopt : std::optional<AreaId>(areas->size() > 1 ? (*areas)[1].id : areas->front().id);
    return RecordKnownToHoukatsu(
        *tenant, tenant_id, houkatsu, houkatsu_user,
        KnownElder{
            .data = mother,
            .chief_complaint = "物忘れが増え、家事が難しくなってきた。長男が長く家にこもっていて、この先が不安。",
            .summary = "本人から電話があり訪問。要介護認定の申請を支援した。長男とは会えなかった。",
            .days_ago = 21},
        now);
}

}  // namespace

Result<DemoTown> LoadDemoTown(Store& store, const Clock& clock) {
    DemoTown town;
    town.accounts = Accounts();
    auto existing = store.Municipalities().FindByCode(kDemoMunicipalityCode);
    if (existing) {
        town.municipality = *existing;
        const MunicipalityId tenant = existing->id;
        const Status ensured = store.Transaction(
            [&](Store& transaction) -> Status { return EnsureCaseDemo(transaction, tenant, clock.Now()); });
        if (!ensured) return Fail(ensured.error());
        return town;
    }
    if (!existing.error().Is(ErrorCode::kNotFound)) return Fail(existing.error());

    const Status loaded = store.Transaction([&](Store& transaction) -> Status {
        Administration administration(transaction, clock);
        // The demo town lies in 鳥取県 (its code begins with 31): registered first when missing, so that the town
        // is created under a registered prefecture like any other.
        const std::string prefecture_code = std::string(kDemoMunicipalityCode.substr(0, 2));
        if (auto prefecture = transaction.Prefectures().Get(prefecture_code); !prefecture) {
            if (!prefecture.error().Is(ErrorCode::kNotFound)) return Fail(prefecture.error());
            if (auto registered = administration.CreatePrefecture(prefecture_code, PrefectureNameOf(prefecture_code));
                !registered) {
                return Fail(registered.error());
            }
        }
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
            OrganizationId organization_id{};
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
        if (auto commissioners = LoadDemoCommissioners(*transaction.Tenant(tenant), clock.Now()); !commissioners) {
            return commissioners;
        }
        if (auto persons = LoadDemoPersons(transaction, tenant, organizations, clock.Now()); !persons) return persons;
        return EnsureCaseDemo(transaction, tenant, clock.Now());
    });
    if (!loaded) return Fail(loaded.error());
    town.created = true;
    return town;
}

}  // namespace kasane::demo
