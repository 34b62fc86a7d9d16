// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of アウトリーチ (outreach.hpp). Same conventions as repositories.hpp: every method acts within the
// TenantStore's municipality; a record of another municipality is kNotFound.

#include <optional>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/outreach.hpp"

namespace kasane::domain {

// The caseload's filter, applied in storage (the policy is applied again to every row by the service).
struct OutreachListFilter {
    std::optional<UserId> worker_id;
    std::optional<OrganizationId> organization_id;  // the responsible organisation
    std::optional<OutreachStage> stage;
    std::optional<PersonId> person_id;
};

// The 年度集計's outreach figures over [from, to).
struct OutreachCounts {
    // Records opened before `to` by their stage at the end of the period (the last change on a day before `to` in
    // Japan), in kAllOutreachStages order, zeros included.
    std::vector<std::pair<OutreachStage, long long>> by_stage;
    long long visits = 0;   // 訪問件数: attempts of method 訪問 in the period
    long long persons = 0;  // 実人数: distinct persons with an attempt (any method) in the period
};

class OutreachRepository {
public:
    virtual ~OutreachRepository() = default;
    // Stores a new record with its first stage change (record.stage_changes, if any); the id is ignored.
    // kInvalidArgument naming the field for a person, household, worker or organisation not of this municipality.
    virtual Result<OutreachRecord> Add(const OutreachRecord& record) = 0;
    // The record with its stage changes and attempts.
    virtual Result<OutreachRecord> Get(OutreachId id) = 0;
    // The records matching the filter, with their stage changes and attempts, by next visit (none last) then id.
    virtual Result<std::vector<OutreachRecord>> List(const OutreachListFilter& filter) = 0;
    // Appends an attempt (id ignored) and sets the record's next visit (nullopt leaves it as it is).
    virtual Result<OutreachAttempt> AddAttempt(const OutreachAttempt& attempt, std::optional<Date> next_visit_on) = 0;
    // Records a stage change and sets the record's stage to change.to.
    virtual Status ChangeStage(OutreachId id, const OutreachStageChange& change) = 0;
    // Links an attempt to the consultation it became. kNotFound for an attempt of another record.
    virtual Status LinkConsultation(OutreachId id, OutreachAttemptId attempt_id, ConsultationId consultation_id) = 0;
    // The counts of the 年度集計 over [from, to).
    virtual Result<OutreachCounts> Count(Instant from, Instant to) = 0;
};

}  // namespace kasane::domain
