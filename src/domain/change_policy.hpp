// SPDX-License-Identifier: Apache-2.0
#pragma once

// Who may CHANGE a person's record, the counterpart of the read policy (access_policy.hpp). Pure functions of the
// viewer and the facts storage gathers about the person, so that every write route decides from one place and the
// permission matrix can be generated.
//
// The rule (issue 11, item 2): identity, address, contact, household and a case's status and closure belong to the
// organisation holding the person's primary record — the one that created it, or the municipality's division after
// 名寄せ, until it is handed over — and to the case lead. A partner that accepted a referral or joins a case team
// works on its part (its own notes, the actions assigned to it) and reads identity without changing it.
// DV protection (item 3): any professional may set it; removing it needs a named DV staff member or a municipal
// administrator, with a reason.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/access.hpp"
#include "domain/access_policy.hpp"

namespace kasane::domain {

enum class ChangeKind {
    kIdentity,           // name, kana, reading, birth date, sex
    kAddressAndContact,  // address, phone, contact notes, areas, 住登外
    kHousehold,          // household membership, its name and notes
    kDvProtectionOn,     // DV等支援措置: set the flag
    kDvProtectionOff,    // DV等支援措置: remove the flag
    kCaseStatus,         // a case's or one programme's status (other than closing the case)
    kCaseClosure,        // 終結 of a case
    kNotes,              // progress notes (a new one, or one the organisation wrote)
    kAssignedActions,    // plan actions assigned to the organisation
};
std::string_view ChangeKindCode(ChangeKind kind);  // "identity", "address_and_contact", ...

// What a change to a case's records is about, when it is one.
struct ChangeTarget {
    OrganizationId case_lead_organization_id{};      // the case's 主担当
    std::optional<UserId> case_coordinator_user_id;  // the 推進員 coordinating the case
    OrganizationId owner_organization_id{};          // the note's author or the action's assignee
};

struct ChangeDecision {
    enum class Outcome {
        kAllowed,
        kRefused,  // the viewer may read the record but not make this change: 403 with `reason`
        kHidden,   // the viewer may not read the record: exactly "not found"
    };
    Outcome outcome = Outcome::kHidden;
    std::string reason;  // Japanese, for a refusal
    std::string basis;   // for an allowed change, what allowed it: "holder", "case_lead", "dv_named_staff", ...

    bool Allowed() const { return outcome == Outcome::kAllowed; }
    // Success, or the error a route answers (kNotFound for kHidden, kPermissionDenied with the reason).
    Status AsStatus() const;
};

// The organisation that holds the person's primary record (PersonAccessFacts::holder_organization_id).
bool HoldsPrimaryRecord(const Viewer& viewer, const PersonAccessFacts& facts);

// May this viewer make a change of `kind` to the person (or the person's case named by `target`)? `access` is the
// viewer's read decision for the same facts (DecideAccess): a record the viewer may not read is kHidden.
ChangeDecision DecideChange(const Viewer& viewer, const PersonAccessFacts& facts, const AccessDecision& access,
                            ChangeKind kind, const ChangeTarget& target = {});
// The same, deciding the read from the facts first.
ChangeDecision DecideChange(const Viewer& viewer, const PersonAccessFacts& facts, ChangeKind kind, Instant now,
                            const ChangeTarget& target = {});

// --- the records of a support case ------------------------------------------------------------------------------

// Whether the user works on the case: a coordinator of the municipality, or a caseworker whose organisation leads the
// case or is on its team today. (Changes to a case's records need this, and more for a partner: DecideCaseWork.)
bool WorksOnCase(const Principal& principal, const SupportCase& support_case, Date today);

// A change to a case's own records (issue 11, item 2).
enum class CaseWork {
    kCaseRecord,    // the case's title, household, lead, coordinator, categories, and its team and roles
    kPlan,          // a new draft plan, or a draft's goals and every one of its actions
    kPlanAction,    // one action of a plan (CaseWorkTarget::action)
    kAssessment,    // a new assessment
    kEcoMap,        // a new entry of the eco-map
    kEcoMapEntry,   // an existing entry of the eco-map (removing it)
    kProgressNote,  // a new progress note, written by the viewer's organisation
};
std::string_view CaseWorkCode(CaseWork work);  // "case_record", "plan", ...

struct CaseWorkTarget {
    // kPlanAction: the action as stored, and the organisation the change would make responsible for it.
    const PlanAction* action = nullptr;
    OrganizationId new_responsible_organization_id{};
};

// May this viewer make `work` on the case? `decision` is the viewer's read decision for the case's person: the case
// is shown only to a full view (a lesser one is kHidden). A partner (DecideCasePart: not the whole case) changes only
// what it reads and works on — the actions assigned to it, its own notes, the assessment and eco-map when its role
// was agreed at a meeting — and never rewrites what it cannot see: a plan's other actions, the team, the lead. A thing
// the viewer may not read (another organisation's action, an eco-map withheld from it) is kHidden, answered exactly
// like one that does not exist; a thing it reads but may not change is kRefused with the reason.
ChangeDecision DecideCaseWork(const Viewer& viewer, const AccessDecision& decision, const SupportCase& support_case,
                              CaseWork work, Date today, const CaseWorkTarget& target = {});

// --- a consultation's thread -------------------------------------------------------------------------------------

// A change to a consultation (issue 13, item 1), by a viewer who may read it (ConsultationService::Get asked).
enum class ConsultationWork {
    kAddContact,     // a follow-up contact
    kOutcome,        // 対応結果, with its referral or case
    kCloseOrReopen,  // 終了 / 再開 with a reason
    kNextContact,    // 次回連絡予定
    kCancel,         // 取消 of the whole consultation
    kCancelContact,  // 取消 of one contact (the contact is named)
    kJoinPerson,     // an anonymous consultation joins the person once identified
};
std::string_view ConsultationWorkCode(ConsultationWork work);  // "add_contact", "outcome", ...

// The roles that record consultations (相談支援員, 推進員, 民生委員) work on them; the receiving window (or a 推進員)
// decides the thread — its outcome, close and reopen, next contact, 取消 — and any window that may read it adds the
// contacts it takes; a contact is cancelled by the window that took it. 民生委員 change their own entries only
// (sharing-rules.md, as for a person's record in DecideChange): the consultations they received, the contacts they
// took.
ChangeDecision DecideConsultationWork(const Principal& principal, const Consultation& consultation,
                                      ConsultationWork work, const Contact* contact = nullptr);

// A reason for removing DV protection: at least this many characters after trimming.
inline constexpr int kDvRemovalReasonMinimum = 10;
// kInvalidArgument (field "reason") when the reason is blank or too short.
Status ValidateDvRemovalReason(std::string_view reason);

// 「秘匿」: what is shown where a protected address, phone or contact would be.
inline constexpr std::string_view kConcealed = "秘匿";

}  // namespace kasane::domain
