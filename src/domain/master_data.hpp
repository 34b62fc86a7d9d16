#pragma once

// Tenancy and master data: the municipality (the tenant), its organisations and its area masters.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"

namespace kasane::domain {

struct Municipality {
    MunicipalityId id = 0;
    std::string code;             // 全国地方公共団体コード: 6 digits with check digit, e.g. "313726"
    std::string name;             // 北栄町
    std::string prefecture_name;  // 鳥取県
    bool fictional = false;       // demo data; the UI says so on every page
};

// Validates a 全国地方公共団体コード (JIS X 0401 + 0402, 6 digits with the check digit of 総務省's rule).
Status ValidateLocalGovernmentCode(std::string_view code);

enum class OrganizationKind {
    kMunicipalDivision,        // 市町村の課 (福祉課 …)
    kCommunityCareCenter,      // 地域包括支援センター
    kSocialWelfareCouncil,     // 社会福祉協議会
    kSocialWelfareCorporation, // 社会福祉法人
    kNpo,                      // NPO法人
    kSchool,                   // 学校
    kMedicalInstitution,       // 医療機関
    kOther,                    // その他
};
inline constexpr OrganizationKind kAllOrganizationKinds[] = {
    OrganizationKind::kMunicipalDivision, OrganizationKind::kCommunityCareCenter,
    OrganizationKind::kSocialWelfareCouncil, OrganizationKind::kSocialWelfareCorporation,
    OrganizationKind::kNpo, OrganizationKind::kSchool, OrganizationKind::kMedicalInstitution,
    OrganizationKind::kOther};
std::string_view OrganizationKindCode(OrganizationKind kind);   // "community_care_center"
std::string_view OrganizationKindLabel(OrganizationKind kind);  // "地域包括支援センター"
std::optional<OrganizationKind> ParseOrganizationKind(std::string_view code);

struct Organization {
    OrganizationId id = 0;
    MunicipalityId municipality_id = 0;
    OrganizationKind kind = OrganizationKind::kOther;
    std::string name;
};

enum class AreaKind {
    kNeighborhood,              // 自治会
    kElementarySchoolDistrict,  // 小学校区
    kJuniorHighSchoolDistrict,  // 中学校区
    kWelfareVolunteerDistrict,  // 民生委員区
};
inline constexpr AreaKind kAllAreaKinds[] = {AreaKind::kNeighborhood, AreaKind::kElementarySchoolDistrict,
                                             AreaKind::kJuniorHighSchoolDistrict,
                                             AreaKind::kWelfareVolunteerDistrict};
std::string_view AreaKindCode(AreaKind kind);   // "neighborhood"
std::string_view AreaKindLabel(AreaKind kind);  // "自治会"
std::optional<AreaKind> ParseAreaKind(std::string_view code);

struct Area {
    AreaId id = 0;
    MunicipalityId municipality_id = 0;
    AreaKind kind = AreaKind::kNeighborhood;
    std::string name;
};

}  // namespace kasane::domain
