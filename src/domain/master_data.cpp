#include "domain/master_data.hpp"

#include <algorithm>

namespace kasane::domain {

// 全国地方公共団体コード: five digits (JIS X 0401 prefecture + JIS X 0402 municipality) and a check digit.
// 総務省「全国地方公共団体コード」: multiply the five digits by 6, 5, 4, 3, 2, sum, take the remainder by 11;
// the check digit is 11 minus the remainder, with 10 written as 0 and 11 as 1.
Status ValidateLocalGovernmentCode(std::string_view code) {
    if (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Fail(Error::InvalidArgument("全国地方公共団体コードは6桁の数字で入力してください", "code"));
    }
    // The first two digits are the prefecture (JIS X 0401): 01 北海道 … 47 沖縄県.
    const int prefecture = (code[0] - '0') * 10 + (code[1] - '0');
    if (prefecture < 1 || prefecture > 47) {
        return Fail(Error::InvalidArgument("全国地方公共団体コードの上2桁（都道府県コード）は01〜47です", "code"));
    }
    static constexpr int kWeights[] = {6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 5; ++i) sum += (code[static_cast<std::size_t>(i)] - '0') * kWeights[i];
    const int check = (11 - sum % 11) % 10;
    if (code[5] - '0' != check) {
        return Fail(Error::InvalidArgument("全国地方公共団体コードの検査数字が正しくありません", "code"));
    }
    return {};
}

std::string_view OrganizationKindCode(OrganizationKind kind) {
    switch (kind) {
        case OrganizationKind::kMunicipalDivision: return "municipal_division";
        case OrganizationKind::kCommunityCareCenter: return "community_care_center";
        case OrganizationKind::kSocialWelfareCouncil: return "social_welfare_council";
        case OrganizationKind::kSocialWelfareCorporation: return "social_welfare_corporation";
        case OrganizationKind::kNpo: return "npo";
        case OrganizationKind::kSchool: return "school";
        case OrganizationKind::kMedicalInstitution: return "medical_institution";
        case OrganizationKind::kOther: return "other";
    }
    return "other";
}

std::string_view OrganizationKindLabel(OrganizationKind kind) {
    switch (kind) {
        case OrganizationKind::kMunicipalDivision: return "市町村担当課";
        case OrganizationKind::kCommunityCareCenter: return "地域包括支援センター";
        case OrganizationKind::kSocialWelfareCouncil: return "社会福祉協議会";
        case OrganizationKind::kSocialWelfareCorporation: return "社会福祉法人";
        case OrganizationKind::kNpo: return "NPO法人";
        case OrganizationKind::kSchool: return "学校";
        case OrganizationKind::kMedicalInstitution: return "医療機関";
        case OrganizationKind::kOther: return "その他";
    }
    return "その他";
}

std::optional<OrganizationKind> ParseOrganizationKind(std::string_view code) {
    for (const OrganizationKind kind : kAllOrganizationKinds) {
        if (OrganizationKindCode(kind) == code) return kind;
    }
    return std::nullopt;
}

std::string_view AreaKindCode(AreaKind kind) {
    switch (kind) {
        case AreaKind::kNeighborhood: return "neighborhood";
        case AreaKind::kElementarySchoolDistrict: return "elementary_school_district";
        case AreaKind::kJuniorHighSchoolDistrict: return "junior_high_school_district";
        case AreaKind::kWelfareVolunteerDistrict: return "welfare_volunteer_district";
    }
    return "neighborhood";
}

std::string_view AreaKindLabel(AreaKind kind) {
    switch (kind) {
        case AreaKind::kNeighborhood: return "自治会";
        case AreaKind::kElementarySchoolDistrict: return "小学校区";
        case AreaKind::kJuniorHighSchoolDistrict: return "中学校区";
        case AreaKind::kWelfareVolunteerDistrict: return "民生委員区";
    }
    return "自治会";
}

std::optional<AreaKind> ParseAreaKind(std::string_view code) {
    for (const AreaKind kind : kAllAreaKinds) {
        if (AreaKindCode(kind) == code) return kind;
    }
    return std::nullopt;
}

}  // namespace kasane::domain
