// SPDX-License-Identifier: Apache-2.0
#include "domain/access_policy.hpp"

#include "domain/community_development.hpp"
#include "domain/participation_match.hpp"
#include "domain/person_search_reach.hpp"
#include "domain/resource_directory.hpp"

#include <algorithm>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"

namespace kasane::domain {

namespace {

template <class T>
bool Contains(const std::vector<T>& values, const T& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

// A pending referral's sheet ranks below identity: the sheet is read through the referral itself
// (MayReadReferral), so a sheet arriving at a municipal division must not take away the identity 名寄せ gives it
// (its staff would lose the person in search, on the person's page and on a meeting's agenda while it waits).
int Rank(ViewLevel level) {
    switch (level) {
        case ViewLevel::kNone: return 0;
        case ViewLevel::kReferralSheet: return 1;
        case ViewLevel::kIdentity: return 2;
        case ViewLevel::kMeetingShared: return 3;
        case ViewLevel::kFull: return 4;
    }
    return 0;
}

void Consider(AccessDecision& best, ViewLevel level, AccessBasis basis, std::string detail) {
    if (Rank(level) > Rank(best.level)) {
        best.level = level;
        best.basis = basis;
        best.basis_detail = std::move(detail);
    }
}

bool ReferralGivesRecord(ReferralStatus status) {
    return status == ReferralStatus::kAccepted || status == ReferralStatus::kInProgress ||
           status == ReferralStatus::kCompleted;
}

}  // namespace

MeetingFact MeetingFactOf(const MeetingBody& body, const MeetingBody* joint_body, const Meeting& meeting) {
    MeetingFact fact{.meeting_id = meeting.id,
                     .body_id = body.id,
                     .legal_basis = body.legal_basis,
                     .shares_without_consent = body.shares_without_consent,
                     .sharing_days = body.sharing_days,
                     .held_on = meeting.held_on,
                     .convenor_user_id = meeting.convenor_user_id,
                     .attendee_user_ids = {},
                     .named_members = body.named_members};
    for (const Attendee& attendee : meeting.attendees) {
        if (attendee.user_id) fact.attendee_user_ids.push_back(*attendee.user_id);
    }
    if (joint_body != nullptr) {
        fact.joint = JointBodyFact{.body_id = joint_body->id,
                                   .shares_without_consent = joint_body->shares_without_consent,
                                   .sharing_days = joint_body->sharing_days,
                                   .named_members = joint_body->named_members};
    }
    return fact;
}

bool IsVolunteerOnly(const Principal& principal) {
    return principal.HasRole(Role::kWelfareVolunteer) && !IsProfessional(principal);
}

bool ConsentCoversBody(const PersonAccessFacts& facts, MeetingBodyId body_id, Instant now) {
    return std::any_of(facts.consents.begin(), facts.consents.end(), [&](const ConsentFact& consent) {
        return consent.InForce(now) && Contains(consent.bodies, body_id);
    });
}

BodyConsentRule ConsentRuleOf(bool shares_without_consent) {
    return shares_without_consent ? BodyConsentRule::kSharesWithoutConsent : BodyConsentRule::kConsentRequired;
}

bool MayBeOnAgenda(BodyConsentRule rule, MeetingBodyId body_id, const PersonAccessFacts& facts, Instant now) {
    return rule == BodyConsentRule::kSharesWithoutConsent || ConsentCoversBody(facts, body_id, now);
}

bool SharesOnlyWithConsent(const MeetingFact& meeting) {
    return !meeting.shares_without_consent || (meeting.joint && !meeting.joint->shares_without_consent);
}

bool MayBeOnAgenda(const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now) {
    if (!MayBeOnAgenda(ConsentRuleOf(meeting.shares_without_consent), meeting.body_id, facts, now)) return false;
    return !meeting.joint ||
           MayBeOnAgenda(ConsentRuleOf(meeting.joint->shares_without_consent), meeting.joint->body_id, facts, now);
}

bool WithinSharingPeriod(const MeetingFact& meeting, Instant now) {
    // Held jointly: the shorter of the two periods.
    const int days = meeting.joint ? std::min(meeting.sharing_days, meeting.joint->sharing_days) : meeting.sharing_days;
    return std::chrono::sys_days{JstDate(now)} <= std::chrono::sys_days{meeting.held_on} + std::chrono::days{days};
}

MeetingReader MeetingReaderOf(const Principal& principal, const MeetingFact& meeting, Instant now) {
    const UserId user_id = principal.user.id;
    if (meeting.convenor_user_id == user_id) return MeetingReader::kConvenor;
    // Aggregate, administrative and audit roles read no case content, through meetings either.
    if (!IsProfessional(principal) && !principal.HasRole(Role::kWelfareVolunteer)) return MeetingReader::kNone;
    if (!WithinSharingPeriod(meeting, now)) return MeetingReader::kNone;
    const auto today = std::chrono::sys_days{JstDate(now)};
    const auto held_on = std::chrono::sys_days{meeting.held_on};
    // A 民生委員 is given what a meeting shared only by attending it in person.
    if (IsVolunteerOnly(principal) && !Contains(meeting.attendee_user_ids, user_id)) return MeetingReader::kNone;
    const auto pledged = [&](const std::vector<NamedMember>& members) {
        return std::any_of(members.begin(), members.end(), [&](const NamedMember& member) {
            // The pledge was in force on the meeting date: signed by then, and the member had not left by then.
            // Former members keep the duty of secrecy, but read nothing more.
            return member.user_id == user_id && std::chrono::sys_days{member.pledge_signed_on} <= held_on &&
                   !(member.left_on.has_value() && std::chrono::sys_days{*member.left_on} <= std::max(held_on, today));
        });
    };
    // Held jointly: a pledge for each body.
    if (!pledged(meeting.named_members) || (meeting.joint && !pledged(meeting.joint->named_members))) {
        return MeetingReader::kNone;
    }
    return MeetingReader::kMember;
}

bool MayReadReferral(const Principal& principal, OrganizationId from_organization_id, OrganizationId to_organization_id,
                     std::optional<UserId> to_user_id, std::optional<UserId> sent_by_user_id, ReferralStatus status) {
    const OrganizationId organization_id = principal.user.organization_id;
    if (IsVolunteerOnly(principal)) {
        // 民生委員: only what was given to them by name, and what they sent themselves.
        if (sent_by_user_id == principal.user.id) return true;
        return to_user_id == principal.user.id && status != ReferralStatus::kDeclined;
    }
    if (!IsProfessional(principal)) return false;
    if (from_organization_id == organization_id) return true;
    return to_organization_id == organization_id && status != ReferralStatus::kDeclined;
}

AccessDecision DecideAccess(const Viewer& viewer, const PersonAccessFacts& facts, Instant now) {
    const Principal& principal = viewer.principal;
    const OrganizationId organization_id = principal.user.organization_id;
    AccessDecision decision;

    // The prefecture sees aggregates only (architecture decision 4); auditors see the trail, not the records;
    // administrators manage accounts and masters, not cases.
    const bool works_cases = IsProfessional(principal) || principal.HasRole(Role::kWelfareVolunteer);
    if (!works_cases) return decision;
    // The operator of the installation sees no person, whatever other role the account holds (issue 14, item 3).
    if (IsOperator(principal)) return decision;

    const bool volunteer_only = IsVolunteerOnly(principal);
    if (volunteer_only) {
        // 民生委員 see only what they entered themselves and what a referral or meeting gave them; provision to
        // them rests on 個人情報保護法 第69条第2項第2号・第3号 and is recorded each time.
        if (Contains(facts.recording_users, principal.user.id)) {
            Consider(decision, ViewLevel::kFull, AccessBasis::kOwnRecord, "entered_by_user");
        }
    } else {
        // The organisation's own record: it recorded the person or took one of the person's consultations.
        if (Contains(facts.recording_organizations, organization_id)) {
            Consider(decision, ViewLevel::kFull, AccessBasis::kOwnRecord, {});
        }
        // 名寄せ inside the municipality: its own divisions may learn that a person is already known, and to whom
        // (internal use for the duties of 包括的相談支援事業, 個人情報保護法 第69条第2項第2号), but not the record.
        if (viewer.organization_kind == OrganizationKind::kMunicipalDivision) {
            Consider(decision, ViewLevel::kIdentity, AccessBasis::kIdentityMatch, {});
        }
    }

    // A referral to the viewer's organisation (to a 民生委員: addressed to them by name): the sheet while it waits for
    // an answer, the record once accepted. A declined referral opens nothing.
    for (const ReferralFact& referral : facts.referrals) {
        const bool addressed =
            volunteer_only ? referral.to_user_id == principal.user.id : referral.to_organization_id == organization_id;
        if (!addressed) continue;
        const std::string detail = "referral:" + std::to_string(referral.referral_id);
        switch (referral.status) {
            case ReferralStatus::kSent:
                Consider(decision, ViewLevel::kReferralSheet, AccessBasis::kReferral, detail);
                break;
            case ReferralStatus::kAccepted:
            case ReferralStatus::kInProgress:
            case ReferralStatus::kCompleted:
                Consider(decision, ViewLevel::kFull, AccessBasis::kReferral, detail);
                break;
            case ReferralStatus::kDeclined: break;
        }
    }

    if (!volunteer_only) {
        // 多機関協働: an organisation on the person's case team (or leading it). A team role is agreed at the
        // 重層的支援会議, and 「重層的支援会議は、本人の同意を得た事例について取り扱う」
        // (重層的支援体制整備事業実施要綱): the team sees the record only while the person has an active consent naming
        // the organisation or the body of the meeting that agreed the role. Without it the team member sees nothing
        // through the team (a 支援会議 under 社会福祉法第106条の6 may still share through the meeting basis below).
        for (const CaseTeamFact& team : facts.case_teams) {
            if (!team.active || team.organization_id != organization_id) continue;
            const bool consented = std::any_of(facts.consents.begin(), facts.consents.end(), [&](const ConsentFact& c) {
                if (!c.InForce(now)) return false;
                return Contains(c.organizations, organization_id) ||
                       (team.agreed_body_id.has_value() && Contains(c.bodies, *team.agreed_body_id));
            });
            if (consented) {
                Consider(decision, ViewLevel::kFull, AccessBasis::kCaseTeam, "case:" + std::to_string(team.case_id));
            }
        }
        // 個人情報保護法 第69条第2項第1号「本人の同意があるとき」: a consent that names this organisation. A withdrawn
        // or expired consent opens nothing new; what was seen before stays in the audit trail.
        for (const ConsentFact& consent : facts.consents) {
            if (consent.InForce(now) && Contains(consent.organizations, organization_id)) {
                Consider(decision, ViewLevel::kFull, AccessBasis::kConsent,
                         "consent:" + std::to_string(consent.consent_id));
            }
        }
    }

    // Statutory meetings. 社会福祉法 第106条の6: the municipality's 支援会議 may ask its members for information about
    // a person without the person's consent, and 「支援会議の事務に従事する者又は従事していた者は、正当な理由がなく、
    // 支援会議の事務に関して知り得た秘密を漏らしてはならない」. 重層的支援会議 (実施要綱) handles only persons who
    // consented. 孤独・孤立対策推進法 第15条以下: consent is the rule. The body's data says which applies; a person who
    // took part under a pledge in force on the meeting date sees what was shared for it, for the period the town set.
    for (const MeetingFact& meeting : facts.meetings) {
        if (MeetingOpensTo(viewer, meeting, facts, now)) {
            Consider(decision, ViewLevel::kMeetingShared, AccessBasis::kMeeting,
                     "meeting:" + std::to_string(meeting.meeting_id));
        }
    }

    // 本人の生命・身体の保護 (個人情報保護法 第69条第2項第4号): a time-boxed access the user asked for with a reason.
    for (const EmergencyFact& emergency : facts.emergencies) {
        if (emergency.user_id == principal.user.id && now < emergency.expires_at) {
            Consider(decision, ViewLevel::kFull, AccessBasis::kEmergency, "emergency:" + std::to_string(emergency.id));
        }
    }

    if (!decision.Allowed()) return decision;
    decision.sensitive_fields = IsProfessional(principal);
    decision.holds_record =
        !volunteer_only && (Contains(facts.recording_organizations, organization_id) ||
                            (facts.holder_organization_id != 0 && facts.holder_organization_id == organization_id));
    // DV等支援措置: the address and contact of a protected person are withheld from everyone but named staff.
    // Below a full view the address and contact are never shown (MaskPerson), whatever the DV flag.
    decision.address_and_contact = decision.level == ViewLevel::kFull &&
                                   (!facts.dv_protected || Contains(facts.dv_named_staff, principal.user.id));
    return decision;
}

bool PersonSearchReach::Has(Tie tie) const { return std::find(ties.begin(), ties.end(), tie) != ties.end(); }

// Whom a search may find: DecideAccess's bases above, one by one, without one person's facts. A search shows a
// person at identity level or more (a pending referral's sheet is read through the referral, not found), so:
PersonSearchReach PersonSearchReachOf(const Viewer& viewer) {
    const Principal& principal = viewer.principal;
    using Tie = PersonSearchReach::Tie;
    PersonSearchReach reach{.kind = PersonSearchReach::Kind::kNobody,
                            .ties = {},
                            .organization_id = principal.user.organization_id,
                            .user_id = principal.user.id};
    // No basis at all for roles that do not work cases, nor for the operator (the first two returns of DecideAccess).
    const bool works_cases = IsProfessional(principal) || principal.HasRole(Role::kWelfareVolunteer);
    if (!works_cases || IsOperator(principal)) return reach;
    // 名寄せ: a municipal division's staff see every person of the town at identity level (第69条第2項第2号), so
    // their search is the town's postings alone.
    if (!IsVolunteerOnly(principal) && viewer.organization_kind == OrganizationKind::kMunicipalDivision) {
        reach.kind = PersonSearchReach::Kind::kTown;
        return reach;
    }
    reach.kind = PersonSearchReach::Kind::kTied;
    if (IsVolunteerOnly(principal)) {
        // 民生委員: what they entered, referrals addressed to them by name, meetings they attended, their emergencies.
        reach.ties = {Tie::kUserEntries, Tie::kReferralsToUser, Tie::kMeetingsOfUser, Tie::kEmergencyAccessesOfUser};
    } else {
        // A partner: its own records, referrals to it, its case teams, consents naming it, and the user's meetings
        // and emergencies.
        reach.ties = {Tie::kOrganizationRecords,    Tie::kReferralsToOrganization, Tie::kCaseTeams,
                      Tie::kConsentsToOrganization, Tie::kMeetingsOfUser,          Tie::kEmergencyAccessesOfUser};
    }
    return reach;
}

bool WithinReach(const PersonSearchReach& reach, const PersonAccessFacts& facts) {
    using Tie = PersonSearchReach::Tie;
    switch (reach.kind) {
        case PersonSearchReach::Kind::kNobody: return false;
        case PersonSearchReach::Kind::kTown: return true;
        case PersonSearchReach::Kind::kTied: break;
    }
    const OrganizationId organization_id = reach.organization_id;
    const UserId user_id = reach.user_id;
    if (reach.Has(Tie::kOrganizationRecords) &&
        (Contains(facts.recording_organizations, organization_id) || facts.holder_organization_id == organization_id)) {
        return true;
    }
    if (reach.Has(Tie::kUserEntries) && Contains(facts.recording_users, user_id)) return true;
    for (const ReferralFact& referral : facts.referrals) {
        if (!ReferralGivesRecord(referral.status)) continue;
        if (reach.Has(Tie::kReferralsToOrganization) && referral.to_organization_id == organization_id) return true;
        if (reach.Has(Tie::kReferralsToUser) && referral.to_user_id == user_id) return true;
    }
    if (reach.Has(Tie::kCaseTeams)) {
        for (const CaseTeamFact& team : facts.case_teams) {
            if (team.organization_id == organization_id) return true;
        }
    }
    if (reach.Has(Tie::kConsentsToOrganization)) {
        for (const ConsentFact& consent : facts.consents) {
            if (!consent.withdrawn_at && Contains(consent.organizations, organization_id)) return true;
        }
    }
    if (reach.Has(Tie::kMeetingsOfUser)) {
        for (const MeetingFact& meeting : facts.meetings) {
            const auto names_user = [&](const std::vector<NamedMember>& members) {
                return std::any_of(members.begin(), members.end(),
                                   [&](const NamedMember& member) { return member.user_id == user_id; });
            };
            if (meeting.convenor_user_id == user_id || Contains(meeting.attendee_user_ids, user_id) ||
                names_user(meeting.named_members) || (meeting.joint && names_user(meeting.joint->named_members))) {
                return true;
            }
        }
    }
    if (reach.Has(Tie::kEmergencyAccessesOfUser)) {
        for (const EmergencyFact& emergency : facts.emergencies) {
            if (emergency.user_id == user_id) return true;
        }
    }
    return false;
}

bool MeetingOpensTo(const Viewer& viewer, const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now) {
    // The convenor keeps the meeting's record, but the person's data opens through it only within the period.
    if (!WithinSharingPeriod(meeting, now)) return false;
    if (MeetingReaderOf(viewer.principal, meeting, now) == MeetingReader::kNone) return false;
    // sharing-rules.md: "the stage before consent is handled in the 支援会議 and the stage after consent in the
    // 重層的支援会議: a case moves between the two regimes when consent is obtained." Once the person has consented
    // after a without-consent meeting, that meeting no longer opens anything by itself; a later withdrawal does not
    // bring the old regime back (that takes a new 支援会議).
    // Held jointly: without consent only when both bodies share without it, else a consent covering each body.
    bool lawful = meeting.shares_without_consent && (!meeting.joint || meeting.joint->shares_without_consent);
    for (const ConsentFact& consent : facts.consents) {
        if (std::chrono::sys_days{consent.given_on} >= std::chrono::sys_days{meeting.held_on}) lawful = false;
    }
    return lawful || (ConsentCoversBody(facts, meeting.body_id, now) &&
                      (!meeting.joint || ConsentCoversBody(facts, meeting.joint->body_id, now)));
}

bool MayReadConsultation(const Viewer& viewer, const AccessDecision& decision, const Consultation& consultation,
                         const std::vector<Referral>& referrals) {
    if (decision.level != ViewLevel::kFull) return false;
    const Principal& principal = viewer.principal;
    const OrganizationId organization_id = principal.user.organization_id;
    if (IsVolunteerOnly(principal)) return consultation.received_by_user_id == principal.user.id;
    if (consultation.receiving_organization_id == organization_id) return true;
    for (const Contact& contact : consultation.contacts) {
        if (contact.organization_id == organization_id) return true;
    }
    switch (decision.basis) {
        case AccessBasis::kCaseTeam:
        case AccessBasis::kConsent:
        case AccessBasis::kMeeting:
        case AccessBasis::kEmergency: return true;
        default: break;
    }
    for (const Referral& referral : referrals) {
        if (ReferralGivesRecord(referral.status) && referral.to_organization_id == organization_id &&
            referral.consultation_id == consultation.id) {
            return true;
        }
    }
    return false;
}

BookScope BookScopeOf(const Principal& principal) {
    if (IsVolunteerOnly(principal)) {
        return BookScope{.kind = BookScope::Kind::kEnteredBy, .user_id = principal.user.id, .organization_id = {}};
    }
    if (!IsProfessional(principal)) return BookScope{};
    return BookScope{.kind = BookScope::Kind::kOrganization,
                     .user_id = principal.user.id,
                     .organization_id = principal.user.organization_id};
}

bool MayReadAnonymousConsultation(const Principal& principal, const Consultation& consultation) {
    const BookScope scope = BookScopeOf(principal);
    switch (scope.kind) {
        case BookScope::Kind::kEnteredBy: return consultation.received_by_user_id == scope.user_id;
        case BookScope::Kind::kOrganization:
            if (consultation.receiving_organization_id == scope.organization_id) return true;
            return std::any_of(consultation.contacts.begin(), consultation.contacts.end(), [&](const Contact& contact) {
                return contact.organization_id == scope.organization_id;
            });
        case BookScope::Kind::kNone: return false;
    }
    return false;
}

Person MaskPerson(Person person, const AccessDecision& decision) {
    PersonData& data = person.data;
    if (decision.level != ViewLevel::kFull) {
        data.phone.clear();
        data.contact_notes.clear();
        data.address = {};
        data.neighborhood_id.reset();
        data.elementary_school_district_id.reset();
        data.junior_high_school_district_id.reset();
        data.welfare_volunteer_district_id.reset();
        data.unknown_reasons.clear();
    }
    if (!decision.address_and_contact) {
        data.phone.clear();
        data.contact_notes.clear();
        data.address = {};
    }
    return person;
}

CasePart DecideCasePart(const Viewer& viewer, const AccessDecision& decision, const SupportCase& support_case,
                        Date today) {
    const Principal& principal = viewer.principal;
    const OrganizationId organization_id = principal.user.organization_id;
    auto whole = [](std::string basis) {
        return CasePart{.whole = true, .basis = std::move(basis), .organization_id = {}, .assessment = true};
    };
    if (decision.holds_record || decision.basis == AccessBasis::kOwnRecord) return whole("holder");
    if (support_case.lead_organization_id == organization_id) return whole("case_lead");
    if ((support_case.coordinator_user_id && *support_case.coordinator_user_id == principal.user.id) ||
        principal.HasRole(Role::kCoordinator)) {
        return whole("coordinator");
    }
    if (decision.basis == AccessBasis::kEmergency) return whole("emergency");
    CasePart part{.whole = false, .basis = "partner", .organization_id = organization_id, .assessment = false};
    const auto today_days = std::chrono::sys_days{today};
    for (const TeamMember& member : support_case.team) {
        if (member.organization_id != organization_id) continue;
        if (member.left_on && std::chrono::sys_days{*member.left_on} <= today_days) continue;
        if (member.agreed_at_meeting_id) part.assessment = true;
    }
    return part;
}

int WithholdActions(SupportPlan& plan, const CasePart& part) {
    if (part.whole) return 0;
    const auto removed =
        std::erase_if(plan.actions, [&](const PlanAction& action) { return !part.ShowsAction(action); });
    plan.actions_withheld += static_cast<int>(removed);
    return static_cast<int>(removed);
}

// --- 民生委員の活動記録 --------------------------------------------------------------------------------------

namespace {

bool IsStaffInCharge(const Principal& principal, const CommissionerCouncil* council) {
    return council != nullptr && council->staff_user_id == principal.user.id && IsProfessional(principal);
}

bool IsTownAdministrator(const Principal& principal) { return principal.HasRole(Role::kMunicipalAdministrator); }

}  // namespace

bool IsOperator(const Principal& principal) { return principal.HasRole(Role::kSystemAdministrator); }

bool MayReadPrefectureRollup(const Principal& principal, std::optional<MunicipalityId> prefecture_office) {
    return principal.HasRole(Role::kPrefectureAnalyst) && prefecture_office && *prefecture_office == principal.Tenant();
}

ActivityAccess CommissionerMonthAccess(const Principal& principal, UserId commissioner,
                                       const CommissionerCouncil* council) {
    if (principal.user.id == commissioner && principal.HasRole(Role::kWelfareVolunteer)) {
        return {.allowed = true, .basis = "own_entry"};
    }
    if (IsStaffInCharge(principal, council)) return {.allowed = true, .basis = "council_staff"};
    return {};
}

ActivityAccess CommissionerNotesAccess(const Principal& principal, UserId commissioner,
                                       const CommissionerCouncil* council) {
    // The same two as the month, and no one else: an administrator's role gives no reading of a person's note.
    return CommissionerMonthAccess(principal, commissioner, council);
}

ActivityAccess CouncilRollUpAccess(const Principal& principal, const CommissionerCouncil& council,
                                   const std::optional<Commissioner>& self) {
    if (IsStaffInCharge(principal, &council)) return {.allowed = true, .basis = "council_staff"};
    if (IsTownAdministrator(principal)) return {.allowed = true, .basis = "municipal_administrator"};
    if (self && self->council_id == council.id && principal.HasRole(Role::kWelfareVolunteer)) {
        return {.allowed = true, .basis = "council_member"};
    }
    return {};
}

ActivityAccess MunicipalActivityTotalAccess(const Principal& principal,
                                            const std::vector<CommissionerCouncil>& councils) {
    for (const CommissionerCouncil& council : councils) {
        if (IsStaffInCharge(principal, &council)) return {.allowed = true, .basis = "council_staff"};
    }
    if (IsTownAdministrator(principal)) return {.allowed = true, .basis = "municipal_administrator"};
    return {};
}

bool MayKeepWatchList(const Principal& principal, OrganizationKind organization_kind) {
    return IsProfessional(principal) && organization_kind == OrganizationKind::kMunicipalDivision;
}

ActivityAccess WatchListAccess(const Principal& principal, OrganizationKind organization_kind, AreaId district,
                               const std::optional<Commissioner>& self) {
    if (MayKeepWatchList(principal, organization_kind)) return {.allowed = true, .basis = "municipal_staff"};
    if (principal.HasRole(Role::kWelfareVolunteer) && self && self->user_id == principal.user.id &&
        self->district_area_id == district) {
        return {.allowed = true, .basis = "own_district"};
    }
    return {};
}

bool MayKeepLiaison(const Principal& principal, OrganizationKind organization_kind) {
    return IsProfessional(principal) && organization_kind == OrganizationKind::kMunicipalDivision;
}

ActivityAccess LiaisonMeetingAccess(const Principal& principal, const std::vector<UserId>& attendee_users,
                                    UserId recorded_by) {
    if (!IsProfessional(principal) && !principal.HasRole(Role::kWelfareVolunteer)) return {};
    if (Contains(attendee_users, principal.user.id)) return {.allowed = true, .basis = "liaison_attendee"};
    if (principal.user.id == recorded_by) return {.allowed = true, .basis = "liaison_recorder"};
    return {};
}

bool MayEditResourceDirectory(const Principal& principal, OrganizationKind organization_kind) {
    if (IsTownAdministrator(principal)) return true;
    return IsProfessional(principal) && (organization_kind == OrganizationKind::kMunicipalDivision ||
                                         organization_kind == OrganizationKind::kSocialWelfareCouncil);
}

bool MayReadResourceDirectory(const Principal& principal) {
    return RecordsConsultations(principal) || IsTownAdministrator(principal);
}

// 地域づくり is recorded by whoever keeps the resource directory: the 社協 runs 生活支援体制整備事業 and the 協議体,
// the town's divisions the other 分野別 事業 (community_development.hpp).
bool MayEditCommunityDevelopment(const Principal& principal, OrganizationKind organization_kind) {
    return MayEditResourceDirectory(principal, organization_kind);
}

// The register names no one (the linked consultations are only counted on it), but it records needs found in casework:
// it is for the roles that work with people and the town's administrators, as the resource directory is.
bool MayReadCommunityIssues(const Principal& principal) { return MayReadResourceDirectory(principal); }
// 人材育成 is the town's own programme: its divisions' professional staff and its administrators keep it.
bool MayRecordTraining(const Principal& principal, OrganizationKind organization_kind) {
    if (IsTownAdministrator(principal)) return true;
    return IsProfessional(principal) && organization_kind == OrganizationKind::kMunicipalDivision;
}

bool MayReadTrainingTotals(const Principal& principal, OrganizationKind organization_kind) {
    return MayRecordTraining(principal, organization_kind) || IsTownAdministrator(principal);
}

bool MayKeepEvaluationPlan(const Principal& principal, OrganizationKind organization_kind) {
    if (IsTownAdministrator(principal)) return true;
    return principal.HasRole(Role::kCoordinator) && organization_kind == OrganizationKind::kMunicipalDivision;
}

bool MayReadEvaluationPlan(const Principal& principal, OrganizationKind organization_kind) {
    if (MayKeepEvaluationPlan(principal, organization_kind)) return true;
    return principal.HasRole(Role::kCaseworker) && organization_kind == OrganizationKind::kMunicipalDivision;
}

bool MayWorkParticipation(const Principal& principal, OrganizationKind organization_kind) {
    return IsProfessional(principal) && (organization_kind == OrganizationKind::kMunicipalDivision ||
                                         organization_kind == OrganizationKind::kSocialWelfareCouncil);
}

ActivityAccess ParticipationMatchAccess(const Principal& principal, OrganizationKind organization_kind,
                                        OrganizationId match_organization) {
    if (!IsProfessional(principal)) return {};
    if (principal.user.organization_id == match_organization) return {.allowed = true, .basis = "match_organization"};
    if (organization_kind == OrganizationKind::kMunicipalDivision) return {.allowed = true, .basis = "municipal_staff"};
    return {};
}

bool MayRunSurvey(const Principal& principal, OrganizationKind organization_kind) {
    return IsProfessional(principal) && organization_kind == OrganizationKind::kMunicipalDivision;
}

std::optional<VisitingBody> AssignedBodyOf(const Principal& principal, const SurveyAssignment& assignment) {
    if (assignment.body.organization_id && IsProfessional(principal) &&
        *assignment.body.organization_id == principal.user.organization_id) {
        return assignment.body;
    }
    if (assignment.body.volunteer_user_id && principal.HasRole(Role::kWelfareVolunteer) &&
        *assignment.body.volunteer_user_id == principal.user.id) {
        return assignment.body;
    }
    return std::nullopt;
}

ActivityAccess SurveyAreaAccess(const Principal& principal, OrganizationKind organization_kind,
                                const std::optional<SurveyAssignment>& assignment) {
    if (MayRunSurvey(principal, organization_kind)) return {.allowed = true, .basis = "survey_office"};
    if (!assignment || !AssignedBodyOf(principal, *assignment)) return {};
    return {.allowed = true,
            .basis = assignment->body.organization_id ? "assigned_organization" : "assigned_commissioner"};
}

bool SeesDvProtectedSurveyHousehold(const Principal& principal, OrganizationKind organization_kind) {
    return MayRunSurvey(principal, organization_kind);
}

ActivityAccess OutreachAccess(const Principal& principal, OrganizationKind organization_kind,
                              const std::vector<OrganizationId>& involved_organizations) {
    if (!IsProfessional(principal)) return {};
    if (organization_kind == OrganizationKind::kMunicipalDivision) return {.allowed = true, .basis = "municipal_staff"};
    if (Contains(involved_organizations, principal.user.organization_id)) {
        return {.allowed = true, .basis = "outreach_organization"};
    }
    return {};
}

bool MayOpenOutreach(const Principal& principal, OrganizationKind organization_kind,
                     OrganizationId responsible_organization) {
    if (!IsProfessional(principal)) return false;
    return organization_kind == OrganizationKind::kMunicipalDivision ||
           principal.user.organization_id == responsible_organization;
}

bool MayWorkOutreach(const Principal& principal) { return IsProfessional(principal); }

// 孤独感の測定 (issue 17, item 7): individual scores for the professional staff only.
bool MayWorkLonelinessScores(const Principal& principal) {
    if (principal.HasRole(Role::kPrefectureAnalyst)) return false;
    return IsProfessional(principal);
}

bool MayManagePartnershipPlatform(const Principal& principal, OrganizationKind organization_kind) {
    if (IsTownAdministrator(principal)) return true;
    return principal.HasRole(Role::kCoordinator) && (organization_kind == OrganizationKind::kMunicipalDivision ||
                                                     organization_kind == OrganizationKind::kSocialWelfareCouncil);
}

bool MayReadPartnershipPlatform(const Principal& principal) { return MayReadResourceDirectory(principal); }

}  // namespace kasane::domain
