// SPDX-License-Identifier: Apache-2.0
#pragma once

// Lawful sharing: consent records, statutory meeting bodies and their meetings, and emergency access. These
// are the facts from which the access policy decides who may see a person's record beyond its own recorders.
// The rules, with their sources, are in ../shared/docs/sharing-rules.md; the code that applies them quotes them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

using ConsentId = Id<struct ConsentTag>;
using MeetingBodyId = Id<struct MeetingBodyTag>;
using MeetingId = Id<struct MeetingTag>;
using CaseId = Id<struct CaseTag>;  // as in support_case.hpp
using EmergencyAccessId = std::int64_t;

// The legal basis of a meeting body: a fixed code, so towns can name their bodies as they like (綾川町 calls its
// 106条の6 meeting 「包括的支援会議」) while the rule that applies stays the same. New bodies are data.
enum class LegalBasis {
    kArticle106_6,  // 社会福祉法 第106条の6 支援会議: sharing without consent; secrecy binds former members
    kMultilayerMeeting,  // 重層的支援会議 (実施要綱): only persons who consented
    kIsolationCouncil,  // 孤独・孤立対策推進法 第15条 孤独・孤立対策地域協議会: consent is the rule, some without
    kPovertySupport,   // 生活困窮者自立支援法 第9条 支援会議: sharing without consent
    kChildProtection,  // 児童福祉法 第25条の2 要保護児童対策地域協議会: sharing without consent
    kCommunityCareMeeting,  // 介護保険法 第115条の48 地域ケア会議
    kDisabilityCouncil,     // 障害者総合支援法 第89条の3 (自立支援)協議会
    kPublicAssistance,      // 生活保護法 第27条の3 調整会議 (from 2025-04-01)
    kConsumerSafetyCouncil,  // 消費者安全法 第11条の3 消費者安全確保地域協議会 (secrecy: 第11条の5)
    kWomenSupportCouncil,  // 困難な問題を抱える女性への支援に関する法律 第15条 支援調整会議 (secrecy: 第16条)
    // 支え愛連絡会 (鳥取県 支え愛, per 自治会): no statute behind it, residents attend without a secrecy duty; consent
    // only, never by a pledge (docs/mutual_aid_liaison.md). Its meetings are recorded in mutual_aid_liaison.hpp.
    kMutualAidLiaison,
    // A meeting inside the town's administration with no statute behind it (連携責任者連絡会 of the section chiefs,
    // 担当者連絡会, つながる会議): recorded and counted apart from the statutory meetings, and without personal data —
    // no person or case on its agenda, never shared without consent, never held jointly with a statutory body.
    kInternalLiaison,
    kOther,  // any other body: consent only
};
// Every basis, in the order forms offer them (the API's enum, the 会議体 form); kOther last.
inline constexpr LegalBasis kAllLegalBases[] = {LegalBasis::kArticle106_6,
                                                LegalBasis::kMultilayerMeeting,
                                                LegalBasis::kIsolationCouncil,
                                                LegalBasis::kPovertySupport,
                                                LegalBasis::kChildProtection,
                                                LegalBasis::kCommunityCareMeeting,
                                                LegalBasis::kDisabilityCouncil,
                                                LegalBasis::kPublicAssistance,
                                                LegalBasis::kConsumerSafetyCouncil,
                                                LegalBasis::kWomenSupportCouncil,
                                                LegalBasis::kMutualAidLiaison,
                                                LegalBasis::kInternalLiaison,
                                                LegalBasis::kOther};
std::string_view LegalBasisCode(LegalBasis basis);   // "article_106_6", "multilayer_meeting", "isolation_council", ...
std::string_view LegalBasisLabel(LegalBasis basis);  // 「社会福祉法第106条の6（支援会議）」 ...
std::optional<LegalBasis> ParseLegalBasis(std::string_view code);
// The default of "members may share without the person's consent" for a basis (a body may be stricter).
bool SharesWithoutConsentByDefault(LegalBasis basis);
// Whether a body of the basis may have persons and cases on its meetings' agendas: every basis but the internal
// meetings with no statute (kInternalLiaison), which are recorded without personal data.
bool TakesPersonalData(LegalBasis basis);

struct BodyMember {
    OrganizationId organization_id{};
    std::optional<Date> pledge_signed_on;  // 守秘義務の誓約; a member without a pledge gets nothing through the body
    std::optional<Date> left_on;           // former members keep the duty of secrecy, but see nothing new
};

// A person named as their organisation's member of the body, with their own confidentiality pledge. 社会福祉法
// 第106条の6第2項 binds 「支援会議の事務に従事する者又は従事していた者」: the persons who take part, not their
// organisations, so what a meeting shared is read by persons who pledged, never by everyone in a member
// organisation. The organisation is the post the person pledged under (a member organisation of the body).
struct NamedMember {
    UserId user_id{};
    OrganizationId organization_id{};
    Date pledge_signed_on{};
    std::optional<Date> left_on;  // former members keep the duty of secrecy, but read nothing more
};

struct MeetingBody {
    MeetingBodyId id{};
    MunicipalityId municipality_id{};
    LegalBasis legal_basis = LegalBasis::kOther;
    std::string display_name;  // the town's own name for it
    bool shares_without_consent = false;
    int sharing_days = 90;  // how long after a meeting its members may still see what was shared for it
    std::optional<OrganizationId> coordinating_organization_id;  // 調整機関 (協議会)
    std::vector<BodyMember> members;
    std::vector<NamedMember> named_members;  // the persons of the member organisations, each with a pledge
    Instant created_at{};
    int version = 1;
};

// Who attended a meeting: staff of the town or of a member organisation, or — at the meetings that invite them — the
// person discussed (本人) or their family. 本人 and family are never users; their organisation is the one that
// invited them (the 事務局, the convenor's organisation when none is named). A meeting with no legal basis takes
// neither (TakesPersonalData).
enum class AttendeeKind { kStaff, kPerson, kFamily };
inline constexpr AttendeeKind kAllAttendeeKinds[] = {AttendeeKind::kStaff, AttendeeKind::kPerson,
                                                     AttendeeKind::kFamily};
std::string_view AttendeeKindCode(AttendeeKind kind);   // "staff", "person", "family"
std::string_view AttendeeKindLabel(AttendeeKind kind);  // 「関係機関の職員」「本人」「家族」
std::optional<AttendeeKind> ParseAttendeeKind(std::string_view code);
std::vector<std::string_view> AttendeeKindCodes();  // every code, in the table's order (for the API schema)

struct Attendee {
    std::optional<UserId> user_id;
    std::string name;
    OrganizationId organization_id{};
    AttendeeKind kind = AttendeeKind::kStaff;
};

// A person (and optionally the household) on a meeting's agenda, with what was shared about them for it: the
// members see this, and nothing more, through the meeting.
struct AgendaItem {
    std::int64_t id = 0;
    PersonId person_id{};
    std::optional<HouseholdId> household_id;
    std::string shared_summary;     // the paper shared for this meeting
    std::optional<CaseId> case_id;  // the support case discussed (多機関協働), when there is one
};

// What a meeting decided, in the order of the case decision form (forms.md: プラン承認・修正, 役割分担, 支援決定,
// 終結・中断, 不足する社会資源). One code table (sharing.cpp) serves the API's parsing and schema, the pages' labels
// and choices, and the stored `Decision::kind` code.
enum class DecisionKind {
    kPlanApproved,     // プラン承認
    kPlanChanged,      // プラン修正
    kRolesAssigned,    // 役割分担
    kSupportDecided,   // 支援決定
    kClosed,           // 終結
    kSuspended,        // 中断
    kResourceMissing,  // 不足する社会資源
    kOther,            // その他
};
inline constexpr DecisionKind kAllDecisionKinds[] = {DecisionKind::kPlanApproved,    DecisionKind::kPlanChanged,
                                                     DecisionKind::kRolesAssigned,   DecisionKind::kSupportDecided,
                                                     DecisionKind::kClosed,          DecisionKind::kSuspended,
                                                     DecisionKind::kResourceMissing, DecisionKind::kOther};
std::string_view DecisionKindCode(DecisionKind kind);  // "plan_approved", "plan_changed", "roles_assigned", ...
std::string_view DecisionKindLabel(DecisionKind kind);  // 「プラン承認」「プラン修正」「役割分担」 ...
std::optional<DecisionKind> ParseDecisionKind(std::string_view code);
std::vector<std::string_view> DecisionKindCodes();  // every code, in the table's order (for the API schema)

struct Decision {
    DecisionKind kind = DecisionKind::kOther;
    std::string text;
    std::optional<CaseId> case_id;  // the support case it concerns; its effect is recorded on the case too
};

struct Meeting {
    MeetingId id{};
    MunicipalityId municipality_id{};
    MeetingBodyId body_id{};
    Date held_on{};
    UserId convenor_user_id{};
    // A meeting held jointly by two bodies (a 支援会議 together with a 地域協議会): read under the stricter of their
    // rules — consent where either needs it, the shorter sharing period, a pledge for each body.
    std::optional<MeetingBodyId> joint_body_id;
    std::vector<Attendee> attendees;
    std::vector<AgendaItem> agenda;
    std::string minutes;
    std::vector<Decision> decisions;
    Instant created_at{};
    int version = 1;
};

enum class ConsentMethod { kWritten, kOral };               // 書面 / 口頭 (with a witness)
std::string_view ConsentMethodCode(ConsentMethod method);   // "written", "oral"
std::string_view ConsentMethodLabel(ConsentMethod method);  // "書面", "口頭"
std::optional<ConsentMethod> ParseConsentMethod(std::string_view code);

// Where a consent stands on a day: in force, withdrawn, or not in force (expired, or dated after today). Derived by
// the domain (ConsentStateAt) with its clock whenever it hands out a consent; pages and the API print it.
enum class ConsentState { kInForce, kWithdrawn, kNotInForce };
std::string_view ConsentStateCode(ConsentState state);   // "active", "withdrawn", "inactive"
std::string_view ConsentStateLabel(ConsentState state);  // "有効", "撤回済み", "期限切れ・未発効"

struct Consent {
    ConsentId id{};
    MunicipalityId municipality_id{};
    PersonId person_id{};
    // Given by the person, or by a proxy recorded as such (成年後見人, 保佐人, 親権者 …).
    bool by_proxy = false;
    std::string proxy_name;
    std::string proxy_relationship;
    std::vector<OrganizationId> organizations;  // organisations the person agreed may see the record
    std::vector<MeetingBodyId> bodies;          // meeting bodies whose members may see it
    std::string purpose;                        // for what (支援のための情報共有 …)
    Date given_on{};
    ConsentMethod method = ConsentMethod::kWritten;
    std::string witness;              // for oral consent
    std::string explanation_version;  // the version of the explanation shown (説明文書 v2 …)
    std::optional<Date> expires_on;
    std::optional<Instant> withdrawn_at;  // withdrawal stops new access at once; past access stays logged
    UserId recorded_by{};
    Instant recorded_at{};
    // Derived, never stored: where the consent stands today, set by SharingService (ConsentStateAt with its clock)
    // on every consent it returns, so that no page or JSON writer decides validity again.
    ConsentState state = ConsentState::kNotInForce;

    bool InForce(Instant now) const;
};

// Whether a consent is in force at `now`: given on or before today in Japan, not past its expiry date, not
// withdrawn. The one rule of consent validity; Consent and the policy's ConsentFact both ask it.
bool ConsentInForce(Date given_on, const std::optional<Date>& expires_on, const std::optional<Instant>& withdrawn_at,
                    Instant now);
// A withdrawn consent is kWithdrawn (whatever its dates); otherwise kInForce when ConsentInForce holds at `now`.
ConsentState ConsentStateAt(const Consent& consent, Instant now);
// A consent about to expire (the home page's reminder, issue 13): in force at `now` (ConsentStateAt) with an expiry
// date within `within_days` days in Japan, today included — today <= expires_on <= today + within_days — so that
// the worker can ask for a renewal before sharing stops. within_days is the town's setting
// (TownSetting::kConsentExpiringWithinDays, town_settings.hpp), by default kConsentExpiringWithinDays.
inline constexpr int kConsentExpiringWithinDays = 30;
bool ConsentExpiringSoon(const Consent& consent, Instant now, int within_days);

// 本人の生命・身体の保護 needs a stated reason a reviewer can judge: at least 10 characters that are not white space
// (ASCII or 全角), and not one character repeated. kInvalidArgument naming "reason" otherwise.
Status ValidateEmergencyReason(std::string_view reason);

// A meeting dated in the future has not been held: it cannot hold decisions or approve a plan.
bool MeetingHeld(Date held_on, Instant now);

// 本人の生命・身体の保護: a user states a reason and sees a record for a short time; administrators are alerted.
struct EmergencyAccess {
    EmergencyAccessId id = 0;
    MunicipalityId municipality_id{};
    PersonId person_id{};
    UserId user_id{};
    OrganizationId organization_id{};
    std::string reason;
    Instant granted_at{};
    Instant expires_at{};
    std::optional<UserId> acknowledged_by;  // an administrator who reviewed it
};

// The administrators' alerts that a person must look at (issue 11): an emergency access (本人の生命・身体の保護, the
// subject is the EmergencyAccess id) and a removal of DV protection (the subject is the audit entry's sequence).
// Both are acknowledged the same way: one row per alert naming the administrator who reviewed it, first one wins.
enum class AlertKind { kEmergencyAccess, kDvProtectionRemoved };
// Which alerts a list holds: all, or only those no administrator has acknowledged yet.
enum class AlertListing { kAll, kUnacknowledgedOnly };
inline constexpr AlertKind kAllAlertKinds[] = {AlertKind::kEmergencyAccess, AlertKind::kDvProtectionRemoved};
constexpr std::string_view AlertKindCode(AlertKind kind) {
    return kind == AlertKind::kEmergencyAccess ? "emergency_access" : "dv_protection_removed";
}

}  // namespace kasane::domain
