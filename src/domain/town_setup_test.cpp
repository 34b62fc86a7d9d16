// SPDX-License-Identifier: Apache-2.0
#include "domain/town_setup.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kasane::domain {
namespace {

TownSetupRequest Hokuei() {
    return TownSetupRequest{
        .code = "313726",
        .name = "北栄町",
        .prefecture_name = "鳥取県",
        .figures = {{.fiscal_year = 2024, .population = 14500, .households = 5400, .aging_rate_permille = 358},
                    {.fiscal_year = 2025, .population = 14300, .households = 5420, .aging_rate_permille = 362}},
        .organization_name = "福祉課",
        .admin_username = "hokuei-admin",
        .admin_display_name = "北栄 太郎",
        .admin_password = "correct horse battery"};
}

std::vector<std::string> FieldsOf(const std::vector<Error>& errors) {
    std::vector<std::string> fields;
    for (const Error& error : errors) fields.push_back(error.field);
    return fields;
}

bool Names(const std::vector<Error>& errors, std::string_view field) {
    return std::any_of(errors.begin(), errors.end(), [&](const Error& e) { return e.field == field; });
}

TEST(TownSetupValidation, AcceptsRealTownsWithTheirPrefectures) {
    EXPECT_TRUE(ValidateTownSetup(Hokuei()).empty());
    // 総務省's check digit (first five digits weighted 6,5,4,3,2, sum mod 11, (11 - r) mod 10) on real codes.
    for (const auto& [code, name, prefecture] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{"131016", "千代田区", "東京都"},
                                                                        {"011002", "札幌市", "北海道"},
                                                                        {"472018", "那覇市", "沖縄県"},
                                                                        {"312011", "鳥取市", "鳥取県"}}) {
        TownSetupRequest request = Hokuei();
        request.code = code;
        request.name = name;
        request.prefecture_name = prefecture;
        EXPECT_TRUE(ValidateTownSetup(request).empty()) << code;
    }
}

TEST(TownSetupValidation, RefusesAWrongCheckDigitAPrefectureCodeAndTheWrongPrefecture) {
    TownSetupRequest request = Hokuei();
    for (const char* wrong : {"313727", "313720", "31372", "3137266", "31372a", "483726", "000000"}) {
        request.code = wrong;
        const auto errors = ValidateTownSetup(request);
        ASSERT_FALSE(errors.empty()) << wrong;
        EXPECT_EQ(errors.front().field, "code") << wrong;
    }
    request.code = "310000";  // 鳥取県 itself: a prefecture's code, valid check digit
    EXPECT_EQ(FieldsOf(ValidateTownSetup(request)), std::vector<std::string>{"code"});
    request = Hokuei();
    request.prefecture_name = "島根県";
    const auto errors = ValidateTownSetup(request);
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors.front().field, "prefecture_name");
    EXPECT_NE(errors.front().message.find("鳥取県"), std::string::npos);
}

TEST(TownSetupValidation, NamesEveryWrongFieldInTheOrderOfTheForm) {
    TownSetupRequest request = Hokuei();
    request.name = "";
    request.figures[0].households = 20000;  // more households than people
    request.figures[1].fiscal_year = 2024;  // twice
    request.figures[1].aging_rate_permille = 1001;
    request.organization_name = "";
    request.admin_username = "A";
    request.admin_display_name = "";
    request.admin_password = "short";
    EXPECT_EQ(
        FieldsOf(ValidateTownSetup(request)),
        (std::vector<std::string>{"name", "figures[0].households", "figures[1].fiscal_year", "figures[1].aging_rate",
                                  "organization_name", "admin_username", "admin_display_name", "admin_password"}));
    request = Hokuei();
    request.figures.clear();
    EXPECT_TRUE(Names(ValidateTownSetup(request), "figures"));
    request = Hokuei();
    request.figures[0].population = 0;
    EXPECT_TRUE(Names(ValidateTownSetup(request), "figures[0].population"));
}

TEST(TownSetupValidation, AgingRateIsAPercentWithOneDecimal) {
    EXPECT_EQ(ParseAgingRate("35.2", "f").value(), 352);
    EXPECT_EQ(ParseAgingRate("35", "f").value(), 350);
    EXPECT_EQ(ParseAgingRate(" 35.2% ", "f").value(), 352);
    EXPECT_EQ(ParseAgingRate("100", "f").value(), 1000);
    EXPECT_EQ(ParseAgingRate("0.0", "f").value(), 0);
    for (const char* bad : {"", "35.25", "100.1", "-1", "abc", "35.", ".5", "1e2"}) {
        auto parsed = ParseAgingRate(bad, "figures[0].aging_rate");
        ASSERT_FALSE(parsed.has_value()) << bad;
        EXPECT_EQ(parsed.error().field, "figures[0].aging_rate");
    }
    EXPECT_EQ(FormatAgingRate(352), "35.2");
    EXPECT_EQ(FormatAgingRate(1000), "100.0");
}

TEST(StatutoryBodyTemplates, EachBasisOnceWithTheConsentRuleOfItsLaw) {
    const auto& templates = StatutoryBodyTemplates();
    std::vector<LegalBasis> bases;
    for (const StatutoryBodyTemplate& t : templates) {
        EXPECT_EQ(LegalBasisCode(t.basis), t.code);
        EXPECT_FALSE(t.display_name.empty());
        EXPECT_FALSE(t.secrecy.empty());
        bases.push_back(t.basis);
    }
    std::sort(bases.begin(), bases.end());
    EXPECT_EQ(std::adjacent_find(bases.begin(), bases.end()), bases.end());
    // The 重層 pair: the 支援会議 of 社会福祉法第106条の6 shares without consent; the 重層的支援会議 never does.
    EXPECT_TRUE(std::find(bases.begin(), bases.end(), LegalBasis::kArticle106_6) != bases.end());
    EXPECT_TRUE(std::find(bases.begin(), bases.end(), LegalBasis::kMultilayerMeeting) != bases.end());
    EXPECT_TRUE(std::find(bases.begin(), bases.end(), LegalBasis::kIsolationCouncil) != bases.end());
    EXPECT_TRUE(SharesWithoutConsentByDefault(LegalBasis::kArticle106_6));
    EXPECT_FALSE(SharesWithoutConsentByDefault(LegalBasis::kMultilayerMeeting));
}

// Every statutory basis but kOther, the 支え愛連絡会 (no statute; set up per 自治会) and the internal meetings (no
// statute) has its template: 消費者安全法
// 第11条の3 and 困難女性支援法 第15条 included, each quoting its own secrecy article, sharing without consent by
// default, and a code the API parses back.
TEST(StatutoryBodyTemplates, EveryStatutoryBasisHasATemplate) {
    const auto& templates = StatutoryBodyTemplates();
    for (const LegalBasis basis : kAllLegalBases) {
        const auto found = std::find_if(templates.begin(), templates.end(),
                                        [basis](const StatutoryBodyTemplate& t) { return t.basis == basis; });
        if (basis == LegalBasis::kOther || basis == LegalBasis::kMutualAidLiaison ||
            basis == LegalBasis::kInternalLiaison) {
            EXPECT_EQ(found, templates.end());
            continue;
        }
        ASSERT_NE(found, templates.end()) << LegalBasisCode(basis);
        EXPECT_EQ(ParseLegalBasis(LegalBasisCode(basis)), basis);
    }
    auto secrecy_of = [&](LegalBasis basis) {
        return std::find_if(templates.begin(), templates.end(),
                            [basis](const StatutoryBodyTemplate& t) { return t.basis == basis; })
            ->secrecy;
    };
    EXPECT_NE(secrecy_of(LegalBasis::kConsumerSafetyCouncil).find("消費者安全法第11条の5"), std::string_view::npos);
    EXPECT_NE(secrecy_of(LegalBasis::kWomenSupportCouncil).find("第16条"), std::string_view::npos);
    EXPECT_EQ(LegalBasisCode(LegalBasis::kConsumerSafetyCouncil), "consumer_safety_council");
    EXPECT_EQ(LegalBasisCode(LegalBasis::kWomenSupportCouncil), "women_support_council");
    EXPECT_TRUE(SharesWithoutConsentByDefault(LegalBasis::kConsumerSafetyCouncil));
    EXPECT_TRUE(SharesWithoutConsentByDefault(LegalBasis::kWomenSupportCouncil));
}

}  // namespace
}  // namespace kasane::domain
