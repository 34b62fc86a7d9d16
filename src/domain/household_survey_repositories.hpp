// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of 世帯訪問調査 (household_survey.hpp). Same conventions as repositories.hpp: every method acts within the
// TenantStore's municipality; a record of another municipality is kNotFound.

#include <optional>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/household_survey.hpp"
#include "domain/survey_offline_sync.hpp"

namespace kasane::domain {

class HouseholdSurveyRepository {
public:
    virtual ~HouseholdSurveyRepository() = default;

    // Stores a new campaign with its form as version 1 (id and form_version ignored).
    virtual Result<SurveyCampaign> CreateCampaign(const SurveyCampaign& campaign) = 0;
    // Stores `items` as the next version of the form and makes it the one in use; returns the campaign.
    virtual Result<SurveyCampaign> ReviseForm(SurveyCampaignId id, const std::vector<SurveyFormItem>& items) = 0;
    // The campaign with the items of the version in use.
    virtual Result<SurveyCampaign> GetCampaign(SurveyCampaignId id) = 0;
    // Every campaign, newest period first (items left empty).
    virtual Result<std::vector<SurveyCampaign>> Campaigns() = 0;
    // The items of one version of a campaign's form (kNotFound for a version never stored).
    virtual Result<std::vector<SurveyFormItem>> FormItems(SurveyCampaignId id, int version) = 0;

    // Assigns an area (a 自治会) to a body, replacing the body assigned before. kInvalidArgument ("area_id",
    // "organization_id", "volunteer_user_id") for an area, organisation or user not of this municipality.
    virtual Status Assign(const SurveyAssignment& assignment) = 0;
    virtual Result<std::vector<SurveyAssignment>> Assignments(SurveyCampaignId id) = 0;

    virtual Result<SurveyHousehold> AddHousehold(const SurveyHousehold& household) = 0;
    virtual Result<SurveyHousehold> GetHousehold(SurveyHouseholdId id) = 0;
    // The households of a campaign (of one area, or of all), by area then id.
    virtual Result<std::vector<SurveyHousehold>> Households(SurveyCampaignId id, std::optional<AreaId> area) = 0;

    virtual Result<SurveyHearingNote> AddHearingNote(const SurveyHearingNote& note) = 0;
    // The hearing notes on the households of a campaign (of one area, or of all), by household then id.
    virtual Result<std::vector<SurveyHearingNote>> HearingNotes(SurveyCampaignId id, std::optional<AreaId> area) = 0;

    // Stores a visit with its answers (id ignored).
    virtual Result<SurveyVisit> AddVisit(const SurveyVisit& visit) = 0;
    virtual Result<SurveyVisit> GetVisit(SurveyVisitId id) = 0;
    // The visits of a campaign (of one area, or of all), by household then date then id.
    virtual Result<std::vector<SurveyVisit>> Visits(SurveyCampaignId id, std::optional<AreaId> area) = 0;
    // Links the consultation 「つなぐ」 opened. kConflict (field "consultation_id") when the visit has one already.
    virtual Status LinkConsultation(SurveyVisitId id, ConsultationId consultation_id) = 0;

    // Changes a visit's date, visitors, outcome, 気づき and answers when it is still at `base_version`, raising its
    // version by one; returns the visit as stored. kConflict (field "version") when it has moved on.
    virtual Result<SurveyVisit> UpdateVisit(const SurveyVisit& visit, int base_version) = 0;
    // The record of an offline visit's idempotency key, if it was synced (migration 25).
    virtual Result<std::optional<SyncedVisit>> FindSyncedVisit(std::string_view idempotency_key) = 0;
    // Keeps an idempotency key once its visit is stored. kConflict (field "idempotency_key") when the key is kept
    // already (a resend racing the first send): the caller's transaction then rolls back.
    virtual Status RecordSyncedVisit(const SyncedVisit& synced, UserId synced_by, Instant synced_at) = 0;

    // Progress of every area assigned or with households, in one query (AreaProgress), by area.
    virtual Result<std::vector<AreaProgress>> Progress(SurveyCampaignId id) = 0;
};

}  // namespace kasane::domain
