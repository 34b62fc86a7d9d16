#include "domain/sharing.hpp"

#include <array>
#include <tuple>

namespace kasane::domain {

namespace {

struct BasisRow {
    LegalBasis basis;
    std::string_view code;
    std::string_view label;
    bool shares_without_consent;
};

// sharing-rules.md: 支援会議 (社会福祉法第106条の6), 生活困窮者自立支援法第9条の支援会議, 要保護児童対策地域協議会 and
// 生活保護法第27条の3 may share without consent; 重層的支援会議 only with consent; the 孤独・孤立対策地域協議会 has
// consent as the rule (a body may be switched by the town where its guideline allows); others by consent.
constexpr std::array<BasisRow, 9> kBases = {{
    {LegalBasis::kArticle106_6, "article_106_6", "社会福祉法第106条の6（支援会議）", true},
    {LegalBasis::kMultilayerMeeting, "multilayer_meeting", "重層的支援体制整備事業実施要綱（重層的支援会議）", false},
    {LegalBasis::kIsolationCouncil, "isolation_council", "孤独・孤立対策推進法第15条（孤独・孤立対策地域協議会）", false},
    {LegalBasis::kPovertySupport, "poverty_support", "生活困窮者自立支援法第9条（支援会議）", true},
    {LegalBasis::kChildProtection, "child_protection", "児童福祉法第25条の2（要保護児童対策地域協議会）", true},
    {LegalBasis::kCommunityCareMeeting, "community_care_meeting", "介護保険法第115条の48（地域ケア会議）", false},
    {LegalBasis::kDisabilityCouncil, "disability_council", "障害者総合支援法第89条の3（協議会）", false},
    {LegalBasis::kPublicAssistance, "public_assistance", "生活保護法第27条の3（調整会議）", true},
    {LegalBasis::kOther, "other", "その他（本人同意による）", false},
}};

}  // namespace

std::string_view LegalBasisCode(LegalBasis basis) {
    for (const BasisRow& row : kBases) {
        if (row.basis == basis) return row.code;
    }
    return "other";
}

std::string_view LegalBasisLabel(LegalBasis basis) {
    for (const BasisRow& row : kBases) {
        if (row.basis == basis) return row.label;
    }
    return "その他";
}

std::optional<LegalBasis> ParseLegalBasis(std::string_view code) {
    for (const BasisRow& row : kBases) {
        if (row.code == code) return row.basis;
    }
    return std::nullopt;
}

bool SharesWithoutConsentByDefault(LegalBasis basis) {
    for (const BasisRow& row : kBases) {
        if (row.basis == basis) return row.shares_without_consent;
    }
    return false;
}

std::string_view ConsentMethodCode(ConsentMethod method) { return method == ConsentMethod::kWritten ? "written" : "oral"; }

std::optional<ConsentMethod> ParseConsentMethod(std::string_view code) {
    if (code == "written") return ConsentMethod::kWritten;
    if (code == "oral") return ConsentMethod::kOral;
    return std::nullopt;
}

bool Consent::ActiveOn(Date day, Instant now) const {
    if (withdrawn_at.has_value() && *withdrawn_at <= now) return false;
    if (std::chrono::sys_days{given_on} > std::chrono::sys_days{day}) return false;
    return !expires_on.has_value() || std::chrono::sys_days{*expires_on} >= std::chrono::sys_days{day};
}

}  // namespace kasane::domain
