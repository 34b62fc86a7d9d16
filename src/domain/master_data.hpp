// SPDX-License-Identifier: Apache-2.0
#pragma once

// Tenancy and master data: the municipality (the tenant), its organisations and its area masters.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

struct Municipality {
    MunicipalityId id{};
    std::string code;             // 全国地方公共団体コード: 6 digits with check digit, e.g. "313726"
    std::string name;             // 北栄町
    std::string prefecture_name;  // 鳥取県
    bool fictional = false;       // demo data; the UI says so on every page
};

// Validates a 全国地方公共団体コード (JIS X 0401 + 0402, 6 digits with the check digit of 総務省's rule).
Status ValidateLocalGovernmentCode(std::string_view code);

// A prefecture (都道府県), registered by the operator. A municipality's 全国地方公共団体コード begins with its
// prefecture's code; once any prefecture is registered, a municipality can only be added in a registered one.
struct Prefecture {
    std::string code;  // 都道府県コード (JIS X 0401), 2 digits "01".."47", e.g. "31"
    std::string name;  // 鳥取県
    Instant created_at{};
};

// The 2-digit 都道府県コード of `code`, given either as those 2 digits ("31") or as the prefecture's own 6-digit
// 全国地方公共団体コード ("310000": the 2 digits, "000" and the check digit). kInvalidArgument, field "code",
// for anything else: a municipality's code, a wrong check digit, a prefecture outside 01..47.
Result<std::string> ParsePrefectureCode(std::string_view code);
// The prefecture's 6-digit 全国地方公共団体コード: "31" → "310000".
std::string PrefectureLocalGovernmentCode(std::string_view prefecture_code);
// The name JIS X 0401 gives the 2-digit code ("31" → "鳥取県"); empty for an unknown code.
std::string_view PrefectureNameOf(std::string_view prefecture_code);
// Checks a prefecture to be registered: the code (2 or 6 digits, normalised to 2 in the result) and a name that
// is the one JIS X 0401 gives that code (field "name" otherwise).
Result<Prefecture> ValidatePrefecture(std::string_view code, std::string_view name);

enum class OrganizationKind {
    kMunicipalDivision,         // 市町村の課 (福祉課 …)
    kCommunityCareCenter,       // 地域包括支援センター
    kSocialWelfareCouncil,      // 社会福祉協議会
    kSocialWelfareCorporation,  // 社会福祉法人
    kNpo,                       // NPO法人
    kSchool,                    // 学校
    kMedicalInstitution,        // 医療機関
    kOther,                     // その他
    kCompany,                   // 企業 (a 参加支援 host, a 配食 business …; migration 16)
    kNeighborhoodAssociation,  // 自治会・町内会 as an organisation (the 自治会 area is an Area; migration 16)
};
// In the order forms offer them; その他 last.
inline constexpr OrganizationKind kAllOrganizationKinds[] = {OrganizationKind::kMunicipalDivision,
                                                             OrganizationKind::kCommunityCareCenter,
                                                             OrganizationKind::kSocialWelfareCouncil,
                                                             OrganizationKind::kSocialWelfareCorporation,
                                                             OrganizationKind::kNpo,
                                                             OrganizationKind::kSchool,
                                                             OrganizationKind::kMedicalInstitution,
                                                             OrganizationKind::kCompany,
                                                             OrganizationKind::kNeighborhoodAssociation,
                                                             OrganizationKind::kOther};
std::string_view OrganizationKindCode(OrganizationKind kind);   // "community_care_center"
std::string_view OrganizationKindLabel(OrganizationKind kind);  // "地域包括支援センター"
std::optional<OrganizationKind> ParseOrganizationKind(std::string_view code);

struct Organization {
    OrganizationId id{};
    MunicipalityId municipality_id{};
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
                                             AreaKind::kJuniorHighSchoolDistrict, AreaKind::kWelfareVolunteerDistrict};
std::string_view AreaKindCode(AreaKind kind);   // "neighborhood"
std::string_view AreaKindLabel(AreaKind kind);  // "自治会"
std::optional<AreaKind> ParseAreaKind(std::string_view code);

struct Area {
    AreaId id = 0;
    MunicipalityId municipality_id{};
    AreaKind kind = AreaKind::kNeighborhood;
    std::string name;
};

}  // namespace kasane::domain
