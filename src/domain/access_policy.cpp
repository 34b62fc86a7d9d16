#include "domain/access_policy.hpp"

#include <algorithm>

namespace kasane::domain {

namespace {

template <class T>
bool Contains(const std::vector<T>& values, const T& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

// Roles whose work is casework (専門職). 要配慮個人情報 (個人情報保護法 第2条第3項: 病歴, 障害, 犯罪の経歴, 犯罪により害を
// 被った事実 …) is shown only to them.
bool IsProfessional(const Principal& principal) {
    return principal.HasRole(Role::kCaseworker) || principal.HasRole(Role::kCoordinator);
}

int Rank(ViewLevel level) {
    switch (level) {
        case ViewLevel::kNone: return 0;
        case ViewLevel::kIdentity: return 1;
        case ViewLevel::kReferralSheet: return 2;
        case ViewLevel::kFull: return 3;
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

}  // namespace

AccessDecision DecideAccess(const Viewer& viewer, const PersonAccessFacts& facts, Instant /*now*/) {
    const Principal& principal = viewer.principal;
    const OrganizationId organization_id = principal.user.organization_id;
    AccessDecision decision;

    // The prefecture sees aggregates only (architecture decision 4); auditors see the trail, not the records;
    // administrators manage accounts and masters, not cases.
    const bool works_cases = IsProfessional(principal) || principal.HasRole(Role::kWelfareVolunteer);
    if (!works_cases) return decision;

    if (principal.HasRole(Role::kWelfareVolunteer) && !IsProfessional(principal)) {
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

    // A referral to the viewer's organisation: the sheet while it waits for an answer, the record once accepted.
    for (const ReferralFact& referral : facts.referrals) {
        if (referral.to_organization_id != organization_id) continue;
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

    if (!decision.Allowed()) return decision;
    decision.sensitive_fields = IsProfessional(principal);
    // DV等支援措置: the address and contact of a protected person are withheld from everyone but named staff.
    decision.address_and_contact = !facts.dv_protected || Contains(facts.dv_named_staff, principal.user.id);
    return decision;
}

bool MayReadConsultation(const Viewer& viewer, const AccessDecision& decision, const Consultation& consultation,
                         const std::vector<Referral>& referrals) {
    if (decision.level != ViewLevel::kFull) return false;
    const Principal& principal = viewer.principal;
    const OrganizationId organization_id = principal.user.organization_id;
    if (principal.HasRole(Role::kWelfareVolunteer) && !IsProfessional(principal)) {
        return consultation.received_by_user_id == principal.user.id;
    }
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
        const bool accepted = referral.status == ReferralStatus::kAccepted ||
                              referral.status == ReferralStatus::kInProgress ||
                              referral.status == ReferralStatus::kCompleted;
        if (accepted && referral.to_organization_id == organization_id &&
            referral.consultation_id == consultation.id) {
            return true;
        }
    }
    return false;
}

Person MaskPerson(Person person, const AccessDecision& decision) {
    PersonData& data = person.data;
    if (decision.level == ViewLevel::kIdentity || decision.level == ViewLevel::kReferralSheet) {
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

}  // namespace kasane::domain
