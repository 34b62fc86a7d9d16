// SPDX-License-Identifier: Apache-2.0
#pragma once

// The resource directory (issue 16, item 1): the town's local resources — 居場所, ボランティア, 就労体験, 農業体験,
// 趣味活動, サロン, 通いの場, 子ども食堂, 相談窓口 — and the organisations that host them (企業, 農家, 福祉施設, NPO,
// 自治会 …), the 協力事業者 of 参加支援. Modelled on Open Referral HSDS 3.0 (docs/resource_directory.md): every record
// keeps its HSDS document (an organization without its services, a service without its organization), which is the
// one source of what it says; the fields Kasane shows, searches and edits are read from the document and written into
// it here, so that a file imported and exported comes back equal, ids (the HSDS UUIDs, the records' external ids) and
// fields Kasane does not show included. Nothing in it is personal data: it may be published.
//
// Kasane's own vocabularies travel as HSDS attributes, a taxonomy term each:
//   service.attributes[].taxonomy_term.taxonomy = "kasane:resource_kind", code = ResourceKindCode (居場所 …)
//   service.attributes[].taxonomy_term.taxonomy = "kasane:capacity",      attribute value = the number of places
//   organization.attributes[] taxonomy "kasane:host_sector" (企業 …) and "kasane:cooperating_host" (協力事業者).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/json.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/master_data.hpp"

namespace kasane {
// The resource directory's typed ids (to move to base/ids.hpp with the next change that rebuilds everything).
using ResourceOrganizationId = Id<struct ResourceOrganizationTag>;
using ResourceServiceId = Id<struct ResourceServiceTag>;
}  // namespace kasane

namespace kasane::domain {

enum class ResourceKind {
    kIbasho,          // 居場所
    kVolunteer,       // ボランティア
    kWorkExperience,  // 就労体験
    kFarmExperience,  // 農業体験
    kHobby,           // 趣味活動
    kSalon,           // サロン
    kKayoinoba,       // 通いの場
    kKodomoShokudo,   // 子ども食堂
    kConsultation,    // 相談窓口
    kOther,           // その他
};
inline constexpr ResourceKind kAllResourceKinds[] = {
    ResourceKind::kIbasho,       ResourceKind::kVolunteer, ResourceKind::kWorkExperience, ResourceKind::kFarmExperience,
    ResourceKind::kHobby,        ResourceKind::kSalon,     ResourceKind::kKayoinoba,      ResourceKind::kKodomoShokudo,
    ResourceKind::kConsultation, ResourceKind::kOther};
std::string_view ResourceKindCode(ResourceKind kind);   // "ibasho", "volunteer", …
std::string_view ResourceKindLabel(ResourceKind kind);  // 「居場所」…
std::optional<ResourceKind> ParseResourceKind(std::string_view code);

enum class HostSector {
    kCompany,                  // 企業
    kFarm,                     // 農家
    kWelfareFacility,          // 福祉施設
    kNpo,                      // NPO
    kNeighborhoodAssociation,  // 自治会
    kPublic,                   // 行政・公共
    kOther,                    // その他
};
inline constexpr HostSector kAllHostSectors[] = {HostSector::kCompany,
                                                 HostSector::kFarm,
                                                 HostSector::kWelfareFacility,
                                                 HostSector::kNpo,
                                                 HostSector::kNeighborhoodAssociation,
                                                 HostSector::kPublic,
                                                 HostSector::kOther};
std::string_view HostSectorCode(HostSector sector);
std::string_view HostSectorLabel(HostSector sector);
std::optional<HostSector> ParseHostSector(std::string_view code);

// Whether an organisation has agreed to receive people as a 協力事業者 (受入先) of 参加支援.
enum class CooperatingHost { kNo, kYes };

// The days of the week as HSDS (RFC 5545 BYDAY) spells them, Monday first.
inline constexpr std::string_view kWeekdayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
std::string_view WeekdayLabel(std::string_view code);  // "MO" → 「月」; "" for an unknown code
bool IsWeekdayCode(std::string_view code);

// A schedule of a service as Kasane shows it (HSDS schedule: byday, opens_at, closes_at, description).
struct ResourceSchedule {
    std::vector<std::string> days;  // "MO", "TH" …
    std::string opens_at;           // "10:00" (HSDS "10:00:00" is shown as it is)
    std::string closes_at;
    std::string description;
};

struct ResourceOrganization {
    ResourceOrganizationId id{};
    std::string external_id;  // the HSDS id (a UUID)
    std::string name;
    std::string description;
    std::string email;
    std::string website;
    HostSector sector = HostSector::kOther;
    CooperatingHost cooperating = CooperatingHost::kNo;
    Json document;  // the HSDS organization, without "services"
    UserId updated_by{};
    Instant updated_at{};
};

struct ResourceService {
    ResourceServiceId id{};
    std::string external_id;  // the HSDS id (a UUID)
    ResourceOrganizationId organization_id{};
    std::string name;
    std::string description;
    std::string status;  // active, inactive, defunct, temporarily closed
    std::vector<ResourceKind> kinds;
    std::vector<std::string> areas_served;  // service_areas[].name
    std::vector<ResourceSchedule> schedules;
    std::string eligibility;  // eligibility_description
    std::optional<int> minimum_age;
    std::optional<int> maximum_age;
    std::optional<int> capacity;  // places (attribute "kasane:capacity")
    std::string location_name;    // the first service_at_location's location
    std::string address;          // its first address, as one line
    std::string accessibility;    // its accessibility descriptions, joined
    std::string contact_name;     // the first contact (a role or desk, never a supported person)
    std::string phone;            // the first phone
    std::string email;
    std::string url;
    Json document;  // the HSDS service, without "organization"
    UserId updated_by{};
    Instant updated_at{};
};

// The HSDS statuses of a service, and their labels.
inline constexpr std::string_view kServiceStatuses[] = {"active", "inactive", "defunct", "temporarily closed"};
std::string_view ServiceStatusLabel(std::string_view status);  // 「実施中」…

// An error of an HSDS document, with the JSON path of the value at fault ("/services/0/name").
struct HsdsProblem {
    std::string path;
    std::string message;
};

// Reads an HSDS organization / service (the document is kept whole; "services" / "organization" are left to the
// caller). The problems (a missing or empty id or name, an id that is not a UUID, a status not of HSDS, an array that
// is not one …) are listed with their paths under `path`; the record is filled only when there are none.
Result<ResourceOrganization> ReadHsdsOrganization(const Json& document, const std::string& path,
                                                  std::vector<HsdsProblem>& problems);
Result<ResourceService> ReadHsdsService(const Json& document, const std::string& path,
                                        std::vector<HsdsProblem>& problems);
bool IsUuid(std::string_view text);

// The HSDS document of an organisation with its services nested (organization_full), and of a service with its
// organisation nested (service_full).
Json OrganizationFull(const ResourceOrganization& organization, const std::vector<ResourceService>& services);
Json ServiceFull(const ResourceService& service, const ResourceOrganization& organization);

// What the town's staff type on the forms. Written into the record's document (WriteOrganizationForm,
// WriteServiceForm): the fields Kasane edits are replaced, every other field of the document kept.
struct OrganizationForm {
    std::string name;
    std::string description;
    std::string email;
    std::string website;
    HostSector sector = HostSector::kOther;
    CooperatingHost cooperating = CooperatingHost::kNo;
};
struct ServiceForm {
    std::string name;
    std::string description;
    std::string status = "active";
    std::vector<ResourceKind> kinds;
    std::vector<std::string> areas_served;
    std::optional<ResourceSchedule> schedule;  // the first schedule (replaced; the others kept)
    std::string eligibility;
    std::optional<int> minimum_age;
    std::optional<int> maximum_age;
    std::optional<int> capacity;
    std::string location_name;
    std::string address;
    std::string accessibility;
    std::string contact_name;
    std::string phone;
    std::string email;
    std::string url;
};

// kInvalidArgument naming the field: a name of 1..200 characters, a description up to 2,000, a status of HSDS, at
// least one kind, ages 0..120 with the minimum not above the maximum, a capacity of 1..10,000, days of BYDAY codes,
// times as HH:MM.
Status ValidateOrganizationForm(const OrganizationForm& form);
Status ValidateServiceForm(const ServiceForm& form);

// New HSDS ids (UUID v4) for the records and their parts Kasane creates; injected so that tests are repeatable.
using UuidSource = std::function<std::string()>;

// Writes the form into the document (creating its id from `uuids` when the document has none) and reads the record
// back from it.
ResourceOrganization WriteOrganizationForm(const OrganizationForm& form, Json document, const UuidSource& uuids);
ResourceService WriteServiceForm(const ServiceForm& form, Json document, const UuidSource& uuids);
// The form of a record, to edit it.
OrganizationForm FormOf(const ResourceOrganization& organization);
ServiceForm FormOf(const ResourceService& service);

// The search: by area served, kind, day and a part of the name. Empty criteria match everything. Only active (or
// temporarily closed) services are public (IsPublic).
struct ResourceSearch {
    std::optional<std::string> area;  // a name of service_areas
    std::optional<ResourceKind> kind;
    std::optional<std::string> day;  // "MO" …
    std::string text;                // a part of the name or description
};
bool IsPublic(const ResourceService& service);
bool Matches(const ResourceService& service, const ResourceSearch& search);

}  // namespace kasane::domain
