// SPDX-License-Identifier: Apache-2.0
#pragma once

// Who may see a person's record, and on which basis. The policy itself (access_policy.cpp) is one pure
// function over facts the storage layer gathers about the person; it quotes the rules it implements.
// Every read of personal data records the basis it used in the audit trail (audit.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

// The ground on which a user's organisation sees a record (個人情報保護法: a use or provision outside the original
// purpose needs a ground, and the ground is recorded for every such provision).
enum class AccessBasis {
    kOwnRecord,  // the organisation recorded the person or took a consultation about them
    kCaseTeam,   // the organisation is on the person's case team (多機関協働)
    kConsent,    // a consent of the person (or proxy) covering the organisation and purpose
    kMeeting,    // a statutory meeting with the person on its agenda, whose legal basis allows sharing
    kReferral,   // a referral to the organisation: the sheet while pending, the record once accepted
    kEmergency,  // 本人の生命・身体の保護 (個人情報保護法 第69条第2項第4号), time-boxed, administrators alerted
    kIdentityMatch,  // 名寄せ: identity only, for the municipality's own staff (第69条第2項第2号, internal use)
};
std::string_view AccessBasisCode(AccessBasis basis);   // "own_record", "case_team", ...
std::string_view AccessBasisLabel(AccessBasis basis);  // "自機関の記録", ...

// How much of the record the decision opens.
enum class ViewLevel {
    kNone,           // looks exactly like "not found"
    kIdentity,       // name, kana, birth date, sex, and which organisations know the person
    kReferralSheet,  // the sheet of a pending referral and nothing else
    kMeetingShared,  // identity and what was shared for a statutory meeting, for the period the town sets
    kFull,           // the record, minus the field rules below
};

struct AccessDecision {
    ViewLevel level = ViewLevel::kNone;
    AccessBasis basis = AccessBasis::kOwnRecord;  // meaningful when level != kNone
    std::string basis_detail;                     // e.g. "referral:12", "consent:3", "meeting:7"
    bool sensitive_fields = false;  // 要配慮個人情報 (health, disability, abuse, crime): professional roles only
    bool address_and_contact = false;  // false for DV-protected persons unless the user is named staff
    // The viewer's organisation holds the person's primary record or recorded the person (own record): it keeps the
    // whole of a case about the person (DecideCasePart).
    bool holds_record = false;

    bool Allowed() const { return level != ViewLevel::kNone; }
};

struct ReferralFact {
    ReferralId referral_id{};
    OrganizationId from_organization_id{};
    OrganizationId to_organization_id{};
    std::optional<UserId> to_user_id;  // addressed to one person by name (a 民生委員, say)
    ReferralStatus status = ReferralStatus::kSent;
};

struct ConsentFact {
    ConsentId consent_id{};
    std::vector<OrganizationId> organizations;
    std::vector<MeetingBodyId> bodies;
    Date given_on{};
    std::optional<Date> expires_on;
    std::optional<Instant> withdrawn_at;

    bool InForce(Instant now) const { return ConsentInForce(given_on, expires_on, withdrawn_at, now); }
};

// The second body of a meeting held jointly by two.
struct JointBodyFact {
    MeetingBodyId body_id{};
    bool shares_without_consent = false;
    int sharing_days = 0;
    std::vector<NamedMember> named_members;
};

// A meeting, as far as the policy needs it: who convened it, who attended in person, and who pledged for its body.
struct MeetingFact {
    MeetingId meeting_id{};
    MeetingBodyId body_id{};
    LegalBasis legal_basis = LegalBasis::kOther;
    bool shares_without_consent = false;
    int sharing_days = 0;
    Date held_on{};
    UserId convenor_user_id{};
    std::vector<UserId> attendee_user_ids;   // attendees who are users of the municipality
    std::vector<NamedMember> named_members;  // of the body
    std::optional<JointBodyFact> joint;      // the second body of a meeting held jointly
};
// The fact of a meeting of a body (and of its joint body, for a meeting held jointly), for the policy's rules.
MeetingFact MeetingFactOf(const MeetingBody& body, const MeetingBody* joint_body, const Meeting& meeting);

struct EmergencyFact {
    EmergencyAccessId id = 0;
    UserId user_id{};
    Instant expires_at{};
};

// 多機関協働: an organisation on the case team (or leading it) of a case about the person or the person's household.
struct CaseTeamFact {
    CaseId case_id{};
    OrganizationId organization_id{};
    bool active = true;                           // the case is open and the member has not left the team
    bool lead = false;                            // the case's lead organisation (主担当), not a team member row
    std::optional<MeetingBodyId> agreed_body_id;  // the body of the meeting that agreed the role, when one did
};

// What storage knows about a person that bears on access. Filled by PersonRepository::AccessFacts.
struct PersonAccessFacts {
    PersonId person_id{};
    bool dv_protected = false;
    std::vector<UserId> dv_named_staff;                   // users who may see a DV-protected address and contact
    std::vector<OrganizationId> recording_organizations;  // created the person or took one of its consultations
    // The organisation holding the primary record of the person's identity group (change_policy.hpp): the one that
    // created the surviving record, or the municipal division that merged records into it (名寄せ), or the one it
    // was handed over to last.
    OrganizationId holder_organization_id{};
    std::vector<UserId> recording_users;  // users who entered any of its records (民生委員 rule)
    std::vector<ReferralFact> referrals;
    std::vector<ConsentFact> consents;
    std::vector<MeetingFact> meetings;  // meetings with the person on the agenda
    std::vector<EmergencyFact> emergencies;
    std::vector<CaseTeamFact> case_teams;
};

}  // namespace kasane::domain
