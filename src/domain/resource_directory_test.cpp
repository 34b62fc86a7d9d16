// SPDX-License-Identifier: Apache-2.0
// The resource directory: reading HSDS 3.0 documents (the shipped examples, read at run time from KASANE_HSDS_DIR),
// their problems with JSON paths, the forms written into a document keeping what Kasane does not show, the search by
// area, kind and day, and who may edit.

#include "domain/resource_directory.hpp"
#include "domain/resource_directory_cache.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/access_policy.hpp"

namespace kasane::domain {
namespace {

Json Example(const std::string& name) {
    std::ifstream file(std::string(KASANE_HSDS_DIR) + "/examples/" + name);
    EXPECT_TRUE(file.good()) << "HSDS example missing: " << KASANE_HSDS_DIR << "/examples/" << name;
    std::stringstream text;
    text << file.rdbuf();
    return Json::parse(text.str());
}

UuidSource Counter() {
    auto next = std::make_shared<int>(0);
    return [next] {
        char text[37];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++*next);
        return std::string(text);
    };
}

ServiceForm Salon() {
    return ServiceForm{.name = "ふれあいサロン東浜",
                       .description = "毎週木曜の茶話会",
                       .status = "active",
                       .kinds = {ResourceKind::kSalon, ResourceKind::kIbasho},
                       .areas_served = {"東浜自治会"},
                       .schedule = ResourceSchedule{.days = {"TH"}, .opens_at = "10:00", .closes_at = "12:00"},
                       .eligibility = "どなたでも",
                       .minimum_age = 18,
                       .maximum_age = std::nullopt,
                       .capacity = 15,
                       .location_name = "東浜公民館",
                       .address = "東浜町1-2",
                       .accessibility = "段差なし",
                       .contact_name = "社協 地域福祉係",
                       .phone = "0120-000-000"};
}

TEST(ResourceDirectory, TheShippedExamplesAreReadWithTheirIds) {
    std::vector<HsdsProblem> problems;
    const Json full = Example("organization_full.json");
    auto organization = ReadHsdsOrganization(full, "", problems);
    ASSERT_TRUE(organization) << (problems.empty() ? "" : problems.front().path);
    EXPECT_EQ(organization->external_id, "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610");
    EXPECT_EQ(organization->name, "Example Organization Inc.");
    EXPECT_FALSE(organization->document.contains("services"));
    const Json service_full = Example("service_full.json");
    auto service = ReadHsdsService(service_full, "", problems);
    ASSERT_TRUE(service);
    EXPECT_EQ(service->external_id, "ac148810-d857-441c-9679-408f346de14b");
    EXPECT_EQ(service->status, "active");
    EXPECT_EQ(service->minimum_age, 12);
    ASSERT_FALSE(service->schedules.empty());
    EXPECT_EQ(service->schedules.front().days, (std::vector<std::string>{"TH", "FR"}));
    EXPECT_EQ(service->schedules.front().opens_at, "10:00");
    EXPECT_FALSE(service->document.contains("organization"));
    // Both nest back to the documents they came from.
    EXPECT_EQ(ServiceFull(*service, *organization), service_full);
    EXPECT_EQ(OrganizationFull(*organization, {*service}), full);
    EXPECT_TRUE(problems.empty());
}

TEST(ResourceDirectory, ProblemsNameTheirJsonPath) {
    std::vector<HsdsProblem> problems;
    Json service = Example("service_full.json");
    service["id"] = "not-a-uuid";
    service["status"] = "open";
    service.erase("name");
    service["phones"] = "0120";
    EXPECT_FALSE(ReadHsdsService(service, "/services/0", problems));
    std::vector<std::string> paths;
    for (const HsdsProblem& problem : problems) paths.push_back(problem.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"/services/0/id", "/services/0/name", "/services/0/phones",
                                               "/services/0/status"}));
}

TEST(ResourceDirectory, AFormIsWrittenIntoTheDocumentKeepingTheRest) {
    std::vector<HsdsProblem> problems;
    auto imported = ReadHsdsService(Example("service_full.json"), "", problems);
    ASSERT_TRUE(imported);
    ServiceForm form = FormOf(*imported);
    form.kinds = {ResourceKind::kConsultation};
    form.capacity = 3;
    const ResourceService edited = WriteServiceForm(form, imported->document, Counter());
    EXPECT_EQ(edited.external_id, imported->external_id);
    EXPECT_EQ(edited.kinds, (std::vector<ResourceKind>{ResourceKind::kConsultation}));
    EXPECT_EQ(edited.capacity, 3);
    // What Kasane does not show stays as it was: the example's own attribute, its languages, its funding.
    EXPECT_EQ(edited.document["attributes"][0], imported->document["attributes"][0]);
    EXPECT_EQ(edited.document["languages"], imported->document["languages"]);
    EXPECT_EQ(edited.document["funding"], imported->document["funding"]);
    // Written twice, the kinds are replaced, not added to.
    const ResourceService again = WriteServiceForm(FormOf(edited), edited.document, Counter());
    EXPECT_EQ(again.kinds, edited.kinds);
    EXPECT_EQ(again.document["attributes"].size(), edited.document["attributes"].size());
}

TEST(ResourceDirectory, ANewServiceGetsUuidsAndReadsBackAsTyped) {
    const ResourceService service = WriteServiceForm(Salon(), Json::object(), Counter());
    EXPECT_TRUE(IsUuid(service.external_id));
    EXPECT_EQ(service.name, "ふれあいサロン東浜");
    EXPECT_EQ(service.kinds, (std::vector<ResourceKind>{ResourceKind::kSalon, ResourceKind::kIbasho}));
    EXPECT_EQ(service.areas_served, (std::vector<std::string>{"東浜自治会"}));
    EXPECT_EQ(service.schedules.front().days, (std::vector<std::string>{"TH"}));
    EXPECT_EQ(service.document["schedules"][0]["opens_at"], "10:00:00");
    EXPECT_EQ(service.capacity, 15);
    EXPECT_EQ(service.location_name, "東浜公民館");
    EXPECT_EQ(service.address, "東浜町1-2");
    EXPECT_EQ(service.accessibility, "段差なし");
    EXPECT_EQ(service.phone, "0120-000-000");

    OrganizationForm host{
        .name = "みどり農園", .description = "", .sector = HostSector::kFarm, .cooperating = CooperatingHost::kYes};
    const ResourceOrganization organization = WriteOrganizationForm(host, Json::object(), Counter());
    EXPECT_EQ(organization.sector, HostSector::kFarm);
    EXPECT_EQ(organization.cooperating, CooperatingHost::kYes);
    host.cooperating = CooperatingHost::kNo;
    EXPECT_EQ(WriteOrganizationForm(host, organization.document, Counter()).cooperating, CooperatingHost::kNo);
}

TEST(ResourceDirectory, EachRuleOfTheFormNamesItsField) {
    auto with = [](auto change) {
        ServiceForm form = Salon();
        change(form);
        auto checked = ValidateServiceForm(form);
        return checked ? std::string() : checked.error().field;
    };
    EXPECT_EQ(with([](ServiceForm&) {}), "");
    EXPECT_EQ(with([](ServiceForm& f) { f.name.clear(); }), "name");
    EXPECT_EQ(with([](ServiceForm& f) { f.status = "open"; }), "status");
    EXPECT_EQ(with([](ServiceForm& f) { f.kinds.clear(); }), "kinds");
    EXPECT_EQ(with([](ServiceForm& f) { f.minimum_age = 70, f.maximum_age = 60; }), "minimum_age");
    EXPECT_EQ(with([](ServiceForm& f) { f.maximum_age = 121; }), "maximum_age");
    EXPECT_EQ(with([](ServiceForm& f) { f.capacity = 0; }), "capacity");
    EXPECT_EQ(with([](ServiceForm& f) { f.schedule->days = {"XX"}; }), "days");
    EXPECT_EQ(with([](ServiceForm& f) { f.schedule->opens_at = "25:00"; }), "opens_at");
    EXPECT_EQ(with([](ServiceForm& f) { f.schedule->closes_at = "noon"; }), "closes_at");
    EXPECT_FALSE(ValidateOrganizationForm({.name = ""}));
}

TEST(ResourceDirectory, SearchByAreaKindDayAndText) {
    const ResourceService salon = WriteServiceForm(Salon(), Json::object(), Counter());
    EXPECT_TRUE(Matches(salon, {}));
    EXPECT_TRUE(Matches(salon, {.area = "東浜自治会", .kind = ResourceKind::kIbasho, .day = "TH", .text = "サロン"}));
    EXPECT_FALSE(Matches(salon, {.area = "西浜自治会"}));
    EXPECT_FALSE(Matches(salon, {.kind = ResourceKind::kFarmExperience}));
    EXPECT_FALSE(Matches(salon, {.day = "MO"}));
    EXPECT_FALSE(Matches(salon, {.text = "農園"}));
    EXPECT_TRUE(IsPublic(salon));
    ServiceForm closed = Salon();
    closed.status = "defunct";
    EXPECT_FALSE(IsPublic(WriteServiceForm(closed, Json::object(), Counter())));
}

TEST(ResourceDirectory, TheTownAndTheCouncilStaffEditOthersRead) {
    Principal worker;
    worker.user.roles = {Role::kCaseworker};
    EXPECT_TRUE(MayEditResourceDirectory(worker, OrganizationKind::kMunicipalDivision));
    EXPECT_TRUE(MayEditResourceDirectory(worker, OrganizationKind::kSocialWelfareCouncil));
    EXPECT_FALSE(MayEditResourceDirectory(worker, OrganizationKind::kCommunityCareCenter));
    Principal volunteer;
    volunteer.user.roles = {Role::kWelfareVolunteer};
    EXPECT_FALSE(MayEditResourceDirectory(volunteer, OrganizationKind::kMunicipalDivision));
    Principal administrator;
    administrator.user.roles = {Role::kMunicipalAdministrator};
    EXPECT_TRUE(MayEditResourceDirectory(administrator, OrganizationKind::kOther));
}

// The kept directory's search (ResourceDirectorySnapshot::Search, with its packed keys) finds what Matches finds.
TEST(ResourceDirectory, TheKeptDirectorySearchesAsMatchesDoes) {
    const char* areas[] = {"東浜", "西浜", "中央", ""};
    const char* days[] = {"MO", "TH", "SU", "XX"};
    std::vector<ResourceService> services;
    for (int n = 0; n < 60; ++n) {
        ResourceService service;
        service.id = ResourceServiceId{n + 1};
        service.name = n % 3 == 0 ? "動物と本" : "畑の手伝い";
        service.description = n % 5 == 0 ? "静かな本の整理" : "体を動かす";
        service.status = n % 7 == 0 ? "inactive" : "active";
        service.kinds = {kAllResourceKinds[n % 10]};
        service.areas_served = {areas[n % 4], areas[(n / 4) % 4]};
        service.schedules = {
            ResourceSchedule{.days = {days[n % 4]}, .opens_at = {}, .closes_at = {}, .description = {}}};
        services.push_back(service);
    }
    const auto kept = IndexDirectory("v", services, {});
    std::vector<ResourceSearch> searches{{}};
    for (const char* area : {"東浜", "中央", "", "山手"}) searches.push_back({.area = area});
    for (const ResourceKind kind : kAllResourceKinds) searches.push_back({.kind = kind});
    for (const char* day : {"MO", "SU", "XX", "TU"}) searches.push_back({.day = day});
    for (const char* text : {"本", "動物", "本静か", "畑", "ない"}) searches.push_back({.text = text});
    searches.push_back({.area = "西浜", .kind = ResourceKind::kIbasho, .day = "MO", .text = "本"});
    for (const ResourceSearch& search : searches) {
        std::vector<std::size_t> expected;
        for (std::size_t i = 0; i < services.size(); ++i) {
            if (Matches(services[i], search)) expected.push_back(i);
        }
        EXPECT_EQ(kept->Search(search), expected)
            << search.area.value_or("-") << " " << search.day.value_or("-") << " " << search.text;
    }
}

}  // namespace
}  // namespace kasane::domain
