// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of アウトリーチ (outreach.hpp): the caseload as the policy lets the viewer read it (OutreachAccess:
// the town's professional staff every record, a partner's only the records its organisation is responsible for or
// went on), opening a record for a person the viewer may see, logging an attempt (with the next planned visit),
// changing the stage, and turning an attempt that found trouble into a consultation. Every read names the person in
// the audit trail with its basis; every change is audited in its transaction.

#include <optional>
#include <string>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/outreach.hpp"
#include "domain/outreach_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct OutreachRow {
    OutreachRecord record;
    std::string person_name;
    bool overdue = false;  // IsVisitOverdue today
    std::string basis;     // OutreachAccess's basis
};

enum class OverdueOnly { kNo, kYes };

struct OutreachFilter {
    std::optional<UserId> worker_id;
    std::optional<OrganizationId> organization_id;
    std::optional<OutreachStage> stage;
    OverdueOnly overdue_only = OverdueOnly::kNo;
};

// What opens a record (OutreachRecord without ids, stage changes or attempts).
struct OutreachOpening {
    PersonId person_id{};
    std::optional<HouseholdId> household_id;
    OutreachKind kind = OutreachKind::kGeneral;
    std::string reason;
    UserId worker_id{};                                // 0: the actor
    OrganizationId organization_id{};                  // 0: the actor's organisation
    OutreachStage stage = OutreachStage::kIdentified;  // 把握 or 接触試行 at the start
    Date opened_on{};
    std::optional<Date> next_visit_on;
};

class OutreachService {
public:
    OutreachService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons,
                    ConsultationService& consultations);

    // The caseload: the records the viewer may read that match the filter, overdue ones marked. kPermissionDenied
    // for a role without outreach work (MayWorkOutreach).
    Result<std::vector<OutreachRow>> Caseload(const Actor& actor, const OutreachFilter& filter);
    // One record with its attempts and stage history. kNotFound when missing or refused (the same).
    Result<OutreachRow> Get(const Actor& actor, OutreachId id);
    // The records about a person the viewer may read (the person page).
    Result<std::vector<OutreachRow>> OfPerson(const Actor& actor, PersonId person_id);
    // Opens a record for a person the actor may see (PersonService::Authorize), MayOpenOutreach,
    // ValidateOutreachRecord; the worker must be an active user of the town. The first stage is recorded as a stage
    // change.
    Result<OutreachRecord> Open(const Actor& actor, OutreachOpening opening);
    // Logs an attempt (ValidateAttempt); a partner's staff log only their own organisation's visits. The record's
    // next planned visit is set to `next_visit_on` (not before the attempt's day) when given.
    Result<OutreachAttempt> LogAttempt(const Actor& actor, OutreachId id, OutreachAttempt attempt,
                                       std::optional<Date> next_visit_on);
    // Changes the stage (ValidateStageChange), on a day in Japan.
    Result<OutreachRecord> ChangeStage(const Actor& actor, OutreachId id, OutreachStage to, Date on,
                                       std::string_view reason);
    // An attempt that found trouble becomes a consultation about the person, recorded by the consultation use case
    // (ConsultationService::Record: its rules and audit), at the attempt's time, channel 訪問 (or 電話 for a call),
    // source 関係機関 when the visiting organisation is not the actor's own, with `chief_complaint`; the attempt is
    // linked to it in the consultation's own transaction (IntakeRequest::within_transaction): both, or neither.
    // kConflict (field "consultation_id") when the attempt already became one.
    Result<ConsultationId> TurnIntoConsultation(const Actor& actor, OutreachId id, OutreachAttemptId attempt_id,
                                                std::string_view chief_complaint);
    // The home page's count: the actor's own records (as responsible worker) whose next visit is overdue.
    Result<int> OverdueOfMine(const Actor& actor);

private:
    Result<OutreachRow> Readable(const Actor& actor, OrganizationKind kind, OutreachRecord record, Date today);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
    ConsultationService& consultations_;
};

}  // namespace kasane::domain
