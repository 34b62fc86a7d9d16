// SPDX-License-Identifier: Apache-2.0
#include "domain/master_data.hpp"

#include <algorithm>
#include <string>

namespace kasane::domain {

namespace {

// JIS X 0401 都道府県コード 01..47, in code order.
constexpr std::string_view kPrefectureNames[] = {
    "北海道", "青森県", "岩手県", "宮城県",   "秋田県", "山形県",   "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",   "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県",   "滋賀県", "京都府",   "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県",   "山口県", "徳島県",   "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県",   "宮崎県", "鹿児島県", "沖縄県"};

bool AllDigits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The check digit of five digits (総務省's rule, below).
char CheckDigit(std::string_view five_digits) {
    static constexpr int kWeights[] = {6, 5, 4, 3, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 5; ++i) sum += (five_digits[i] - '0') * kWeights[i];
    return static_cast<char>('0' + (11 - sum % 11) % 10);
}

}  // namespace

// 全国地方公共団体コード: five digits (JIS X 0401 prefecture + JIS X 0402 municipality) and a check digit.
// 総務省「全国地方公共団体コード」: multiply the five digits by 6, 5, 4, 3, 2, sum, take the remainder by 11;
// the check digit is 11 minus the remainder, with 10 written as 0 and 11 as 1.
Status ValidateLocalGovernmentCode(std::string_view code) {
    if (code.size() != 6 || !AllDigits(code)) {
        return Fail(Error::InvalidArgument("全国地方公共団体コードは6桁の数字で入力してください", "code"));
    }
    // The first two digits are the prefecture (JIS X 0401): 01 北海道 … 47 沖縄県.
    const int prefecture = (code[0] - '0') * 10 + (code[1] - '0');
    if (prefecture < 1 || prefecture > 47) {
        return Fail(Error::InvalidArgument("全国地方公共団体コードの上2桁（都道府県コード）は01〜47です", "code"));
    }
    if (code[5] != CheckDigit(code.substr(0, 5))) {
        return Fail(Error::InvalidArgument("全国地方公共団体コードの検査数字が正しくありません", "code"));
    }
    return {};
}

std::string_view PrefectureNameOf(std::string_view prefecture_code) {
    if (prefecture_code.size() != 2 || !AllDigits(prefecture_code)) return {};
    const int number = (prefecture_code[0] - '0') * 10 + (prefecture_code[1] - '0');
    if (number < 1 || number > 47) return {};
    return kPrefectureNames[number - 1];
}

std::string PrefectureLocalGovernmentCode(std::string_view prefecture_code) {
    std::string five = std::string(prefecture_code) + "000";
    return five + CheckDigit(five);
}

Result<std::string> ParsePrefectureCode(std::string_view code) {
    // 都道府県の団体コード: the prefecture's 2 digits, "000" for the prefecture itself, the check digit (鳥取県
    // 310000).
    if (code.size() == 6) {
        if (auto valid = ValidateLocalGovernmentCode(code); !valid) return Fail(valid.error());
        if (code.substr(2, 3) != "000") {
            return Fail(Error::InvalidArgument(
                "市区町村のコードです。都道府県のコード（2桁、または 310000 のような6桁）を入力してください", "code"));
        }
        return std::string(code.substr(0, 2));
    }
    if (code.size() != 2 || !AllDigits(code)) {
        return Fail(
            Error::InvalidArgument("都道府県コードは2桁（01〜47）か、6桁の団体コードで入力してください", "code"));
    }
    if (PrefectureNameOf(code).empty()) {
        return Fail(Error::InvalidArgument("都道府県コードは01〜47です", "code"));
    }
    return std::string(code);
}

Result<Prefecture> ValidatePrefecture(std::string_view code, std::string_view name) {
    auto parsed = ParsePrefectureCode(code);
    if (!parsed) return Fail(parsed.error());
    const std::string_view expected = PrefectureNameOf(*parsed);
    if (name.empty()) return Fail(Error::InvalidArgument("都道府県名を入力してください", "name"));
    if (name != expected) {
        return Fail(Error::InvalidArgument(
            "都道府県コード" + *parsed + "の都道府県名は「" + std::string(expected) + "」です", "name"));
    }
    return Prefecture{.code = std::move(*parsed), .name = std::string(name), .created_at = {}};
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
        case OrganizationKind::kCompany: return "company";
        case OrganizationKind::kNeighborhoodAssociation: return "neighborhood_association";
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
        case OrganizationKind::kCompany: return "企業";
        case OrganizationKind::kNeighborhoodAssociation: return "自治会・町内会";
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
        case AreaKind::kNeighborhoodGroup: return "neighborhood_group";
        case AreaKind::kDistrict: return "district";
    }
    return "neighborhood";
}

std::string_view AreaKindLabel(AreaKind kind) {
    switch (kind) {
        case AreaKind::kNeighborhood: return "自治会";
        case AreaKind::kElementarySchoolDistrict: return "小学校区";
        case AreaKind::kJuniorHighSchoolDistrict: return "中学校区";
        case AreaKind::kWelfareVolunteerDistrict: return "民生委員区";
        case AreaKind::kNeighborhoodGroup: return "班";
        case AreaKind::kDistrict: return "地区";
    }
    return "自治会";
}

Status ValidateHouseholds(std::optional<int> households, std::optional<int> households_year, int this_year) {
    if (households.has_value() && (*households < 0 || *households > kMaxAreaHouseholds)) {
        return Fail(Error::InvalidArgument(
            "世帯数は0から" + std::to_string(kMaxAreaHouseholds) + "までの整数で入力してください", "households"));
    }
    if (households_year.has_value()) {
        if (!households.has_value()) {
            return Fail(Error::InvalidArgument("年を入れるときは世帯数も入力してください", "households"));
        }
        if (*households_year < kFirstHouseholdsYear || *households_year > this_year) {
            return Fail(Error::InvalidArgument("世帯数の時点（年）は" + std::to_string(kFirstHouseholdsYear) +
                                                   "年から" + std::to_string(this_year) + "年までで入力してください",
                                               "households_year"));
        }
    }
    return {};
}

std::optional<AreaKind> ParseAreaKind(std::string_view code) {
    for (const AreaKind kind : kAllAreaKinds) {
        if (AreaKindCode(kind) == code) return kind;
    }
    return std::nullopt;
}

}  // namespace kasane::domain
