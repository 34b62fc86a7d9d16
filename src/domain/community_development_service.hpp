// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 地域づくり and the 地域課題 register (community_development.hpp). Places, sessions and the month's
// counts hold no personal data: every signed-in member of the town reads them. The register is read by
// MayReadCommunityIssues; each linked consultation is read through ConsultationService::Get, which asks the access
// policy (MayReadConsultation) and audits the read, so a reader sees how many consultations are linked and opens only
// those they may read. Every change is made in one transaction with its audit entry (appended in the transaction,
// so no AuditRecorder of its own: the reads of personal data are ConsultationService's, audited there).

#include <chrono>
#include <optional>
#include <vector>

#include "base/time.hpp"
#include "domain/aggregate_reads.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/case_service.hpp"
#include "domain/community_development.hpp"
#include "domain/community_development_repositories.hpp"
#include "domain/intake.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct CommunityOverview {
    std::vector<CommunityPlace> places;
    std::vector<CommunitySession> sessions;  // of the places shown, by date
    std::vector<CommunityWorkshop> workshops;
    CommunityMonthCounts counts;
    bool may_edit = false;
};

struct IssueRow {
    CommunityIssue issue;
    std::vector<CommunityAction> actions;
    long long linked_consultations = 0;      // shown to every reader of the register
    long long linked_missing_resources = 0;  // likewise
};

struct IssueView {
    IssueRow row;
    std::optional<CommunityWorkshop> workshop;
    std::vector<Consultation> consultations;  // those of the links the reader may read
    long long hidden_consultations = 0;       // linked, not readable by this reader
    // The 不足する社会資源 linked, as CaseService::MissingResources shows them to this reader (empty, and only counted
    // in the row, for a reader who may not list them).
    std::vector<MissingResource> missing_resources;
    bool may_edit = false;
};

struct CommunityRegister {
    std::vector<IssueRow> issues;
    bool may_edit = false;
};

class CommunityDevelopmentService {
public:
    CommunityDevelopmentService(Store& store, CommunityRepositories repositories, const Clock& clock,
                                ConsultationService& consultations, CaseService& cases);
    // PublicCounts read where `aggregates` says (aggregate_reads.hpp: a hot standby when configured); everything
    // else on `store`, the primary.
    CommunityDevelopmentService(Store& store, AggregateReads aggregates, CommunityRepositories repositories,
                                const Clock& clock, ConsultationService& consultations, CaseService& cases);

    // The places (of one area when given), their sessions, the workshops and the month's counts
    // (CountCommunityMonth). Any signed-in member of the town.
    // The month defaults to the current one (in Japan).
    Result<CommunityOverview> Overview(const Actor& actor, std::optional<std::chrono::year_month> month,
                                       std::optional<AreaId> area_id);
    Result<CommunityPlace> GetPlace(const Actor& actor, CommunityPlaceId id);
    // The counts the town publishes (CountCommunityPublic) of a month or a 年度, over all its places: nothing
    // personal, so any signed-in member of the town (as Overview) writes them out for the public.
    // ValidatePublicCountsPeriod's kInvalidArgument for a period not understood.
    Result<CommunityPublicCounts> PublicCounts(const Actor& actor, const PublicCountsPeriod& period);

    // MayEditCommunityDevelopment. A place of no id is added; ValidateSessionCounts, ValidateWorkshop.
    Result<CommunityPlace> SavePlace(const Actor& actor, const CommunityPlace& place);
    Result<CommunitySession> AddSession(const Actor& actor, const CommunitySession& session);
    Result<CommunityWorkshop> AddWorkshop(const Actor& actor, const CommunityWorkshop& workshop);

    // The register (MayReadCommunityIssues), of one district when given, newest first.
    Result<CommunityRegister> Register(const Actor& actor, std::optional<AreaId> area_id);
    // One issue with its actions, its workshop and the linked consultations the reader may read (each read audited).
    Result<IssueView> GetIssue(const Actor& actor, CommunityIssueId id);
    // Files an issue with the consultations whose unmet need it records: each one must be readable by the actor
    // (else kNotFound naming "consultation_ids", as a consultation that does not exist); and with the 不足する社会資源
    // of case meetings it gathers (each one on the actor's list, CaseService::MissingResources, else kNotFound).
    Result<CommunityIssue> AddIssue(const Actor& actor, const CommunityIssue& issue,
                                    const std::vector<ConsultationId>& consultation_ids,
                                    const std::vector<std::int64_t>& missing_resource_ids = {});
    Status LinkConsultation(const Actor& actor, CommunityIssueId issue_id, ConsultationId consultation_id);
    // An action on an issue (ValidateAction); ActionEffect::kResolves closes the issue in the same transaction.
    Result<CommunityAction> AddAction(const Actor& actor, const CommunityAction& action);

private:
    Status CheckEditor(const Actor& actor);
    Status CheckRegisterReader(const Actor& actor);
    Status CheckConsultationsReadable(const Actor& actor, const std::vector<ConsultationId>& ids);

    Store& store_;
    AggregateReads aggregates_;
    CommunityRepositories repositories_;
    const Clock& clock_;
    ConsultationService& consultations_;
    CaseService& cases_;
};

}  // namespace kasane::domain
