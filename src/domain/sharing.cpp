// SPDX-License-Identifier: Apache-2.0
#include "domain/sharing.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/code_table.hpp"

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
// The 消費者安全確保地域協議会 (消費者安全法 第11条の3, 第11条の4) and the 支援調整会議 of
// 困難な問題を抱える女性への支援 に関する法律 (第15条) are, like the 要保護児童対策地域協議会, bodies whose members may
// be asked to provide information (資料又は情報の提供、意見の開陳その他必要な協力) and are bound by a statutory secrecy
// with a penalty (消費者安全法 第11条の5; 同法 第16条:
// 「支援調整会議の事務に従事する者又は従事していた者は、正当な理由がなく、
// 支援調整会議の事務に関して知り得た秘密を漏らしてはならない」): members may share without consent by default.
// Verify against e-Gov before quoting to users; each body may still be made stricter by the town.
constexpr std::array<BasisRow, 13> kBases = {{
    {LegalBasis::kArticle106_6, "article_106_6", "社会福祉法第106条の6（支援会議）", true},
    {LegalBasis::kMultilayerMeeting, "multilayer_meeting", "重層的支援体制整備事業実施要綱（重層的支援会議）", false},
    {LegalBasis::kIsolationCouncil, "isolation_council", "孤独・孤立対策推進法第15条（孤独・孤立対策地域協議会）",
     false},
    {LegalBasis::kPovertySupport, "poverty_support", "生活困窮者自立支援法第9条（支援会議）", true},
    {LegalBasis::kChildProtection, "child_protection", "児童福祉法第25条の2（要保護児童対策地域協議会）", true},
    {LegalBasis::kCommunityCareMeeting, "community_care_meeting", "介護保険法第115条の48（地域ケア会議）", false},
    {LegalBasis::kDisabilityCouncil, "disability_council", "障害者総合支援法第89条の3（協議会）", false},
    {LegalBasis::kPublicAssistance, "public_assistance", "生活保護法第27条の3（調整会議）", true},
    {LegalBasis::kConsumerSafetyCouncil, "consumer_safety_council", "消費者安全法第11条の3（消費者安全確保地域協議会）",
     true},
    {LegalBasis::kWomenSupportCouncil, "women_support_council",
     "困難な問題を抱える女性への支援に関する法律第15条（支援調整会議）", true},
    // 支え愛連絡会: residents (自治会長, 近隣住民) are not bound by a statutory secrecy duty, so nothing is shared
    // without the person's consent, and a pledge is no ground (docs/mutual_aid_liaison.md).
    {LegalBasis::kMutualAidLiaison, "mutual_aid_liaison", "支え愛連絡会（自治会ごと・本人同意のみ）", false},
    // 庁内の連携会議 with no statute: nothing personal is recorded, so nothing is shared (sharing_service.cpp).
    {LegalBasis::kInternalLiaison, "internal_liaison", "法定外の庁内連携会議（個人情報を扱わない）", false},
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

bool TakesPersonalData(LegalBasis basis) { return basis != LegalBasis::kInternalLiaison; }

namespace {

constexpr CodeTable<ConsentMethod, 2> kConsentMethods{
    {{{ConsentMethod::kWritten, "written", "書面"}, {ConsentMethod::kOral, "oral", "口頭"}}}};

constexpr CodeTable<ConsentState, 3> kConsentStates{{{{ConsentState::kInForce, "active", "有効"},
                                                      {ConsentState::kWithdrawn, "withdrawn", "撤回済み"},
                                                      {ConsentState::kNotInForce, "inactive", "期限切れ・未発効"}}}};

constexpr CodeTable<AttendeeKind, 3> kAttendeeKinds{{{{AttendeeKind::kStaff, "staff", "関係機関の職員"},
                                                      {AttendeeKind::kPerson, "person", "本人"},
                                                      {AttendeeKind::kFamily, "family", "家族"}}}};

constexpr CodeTable<DecisionKind, 8> kDecisionKinds{
    {{{DecisionKind::kPlanApproved, "plan_approved", "プラン承認"},
      {DecisionKind::kPlanChanged, "plan_changed", "プラン修正"},
      {DecisionKind::kRolesAssigned, "roles_assigned", "役割分担"},
      {DecisionKind::kSupportDecided, "support_decided", "支援決定"},
      {DecisionKind::kClosed, "closed", "終結"},
      {DecisionKind::kSuspended, "suspended", "中断"},
      {DecisionKind::kResourceMissing, "resource_missing", "不足する社会資源"},
      {DecisionKind::kOther, "other", "その他"}}}};

}  // namespace

std::string_view DecisionKindCode(DecisionKind kind) { return kDecisionKinds.Code(kind); }
std::string_view DecisionKindLabel(DecisionKind kind) { return kDecisionKinds.Label(kind); }
std::optional<DecisionKind> ParseDecisionKind(std::string_view code) { return kDecisionKinds.Parse(code); }
std::vector<std::string_view> DecisionKindCodes() {
    std::vector<std::string_view> codes;
    for (const DecisionKind kind : kAllDecisionKinds) codes.push_back(DecisionKindCode(kind));
    return codes;
}

std::string_view AttendeeKindCode(AttendeeKind kind) { return kAttendeeKinds.Code(kind); }
std::string_view AttendeeKindLabel(AttendeeKind kind) { return kAttendeeKinds.Label(kind); }
std::optional<AttendeeKind> ParseAttendeeKind(std::string_view code) { return kAttendeeKinds.Parse(code); }
std::vector<std::string_view> AttendeeKindCodes() {
    std::vector<std::string_view> codes;
    for (const AttendeeKind kind : kAllAttendeeKinds) codes.push_back(AttendeeKindCode(kind));
    return codes;
}

std::string_view ConsentMethodCode(ConsentMethod method) { return kConsentMethods.Code(method); }
std::string_view ConsentMethodLabel(ConsentMethod method) { return kConsentMethods.Label(method); }
std::optional<ConsentMethod> ParseConsentMethod(std::string_view code) { return kConsentMethods.Parse(code); }

std::string_view ConsentStateCode(ConsentState state) { return kConsentStates.Code(state); }
std::string_view ConsentStateLabel(ConsentState state) { return kConsentStates.Label(state); }

bool ConsentInForce(Date given_on, const std::optional<Date>& expires_on, const std::optional<Instant>& withdrawn_at,
                    Instant now) {
    const std::chrono::sys_days today{JstDate(now)};
    if (withdrawn_at.has_value() && *withdrawn_at <= now) return false;
    if (std::chrono::sys_days{given_on} > today) return false;
    return !expires_on.has_value() || std::chrono::sys_days{*expires_on} >= today;
}

Status ValidateEmergencyReason(std::string_view reason) {
    std::u32string letters;
    for (std::size_t i = 0; i < reason.size();) {
        const auto byte = static_cast<unsigned char>(reason[i]);
        const std::size_t width = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        char32_t c = width == 1 ? byte : byte & (0xFF >> (width + 1));
        for (std::size_t k = 1; k < width && i + k < reason.size(); ++k) {
            c = (c << 6) | (static_cast<unsigned char>(reason[i + k]) & 0x3F);
        }
        i += width;
        if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u3000') continue;
        letters.push_back(c);
    }
    std::u32string distinct = letters;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (letters.size() < 10 || distinct.size() < 3) {
        return Fail(
            Error::InvalidArgument("緊急に閲覧する理由を具体的に（空白を除いて10文字以上）入力してください", "reason"));
    }
    return {};
}

bool Consent::InForce(Instant now) const { return ConsentInForce(given_on, expires_on, withdrawn_at, now); }

ConsentState ConsentStateAt(const Consent& consent, Instant now) {
    if (consent.withdrawn_at.has_value()) return ConsentState::kWithdrawn;
    return consent.InForce(now) ? ConsentState::kInForce : ConsentState::kNotInForce;
}

bool ConsentExpiringSoon(const Consent& consent, Instant now, int within_days) {
    if (!consent.expires_on || ConsentStateAt(consent, now) != ConsentState::kInForce) return false;
    const auto today = std::chrono::sys_days{JstDate(now)};
    const auto expires = std::chrono::sys_days{*consent.expires_on};
    return today <= expires && expires <= today + std::chrono::days{within_days};
}

bool MeetingHeld(Date held_on, Instant now) {
    return std::chrono::sys_days{held_on} <= std::chrono::sys_days{JstDate(now)};
}

}  // namespace kasane::domain
